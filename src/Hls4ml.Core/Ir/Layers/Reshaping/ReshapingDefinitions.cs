using Hls4ml.Diagnostics;
using Hls4ml.Extensibility;

namespace Hls4ml.Ir.Layers;

/// <summary>
/// Base of the layers that only move values (padding, cropping, up-sampling, transposition): their result keeps the
/// input's type unless set explicitly, so nothing is re-quantized on the way through.
/// </summary>
public abstract class DataMovementDefinition : LayerDefinition
{
    public override void InferPrecisions(Layer layer, PrecisionContext context)
    {
        if (!context.ExplicitSlots.Contains("result")) layer.Types["result"] = context.InputPrecision(layer);
    }

    /// <summary>Sets in_height/in_width/n_chan from a [width, chan] or [height, width, chan] input.</summary>
    protected static void SetInput(Layer layer, int[] input, int rank, string type)
    {
        SpatialGeometry.RequireRank(input, rank, type, layer.Name);
        layer.Attributes["in_height"] = rank == 2 ? input[0] : 1;
        layer.Attributes["in_width"] = input[rank - 1];
        layer.Attributes["n_chan"] = input[^1];
    }

    protected static int[] Shape(int rank, int h, int w, int c) => rank == 1 ? new[] { w, c } : new[] { h, w, c };

    /// <summary>Border amounts from int[2·rank] attribute 'key': [left, right] (1-D) or [top, bottom, left, right] (2-D).</summary>
    protected static (int Top, int Bottom, int Left, int Right) Borders(Layer layer, string key, int rank)
    {
        var b = SpatialGeometry.Ints(layer, key, 2 * rank);
        if (b.Any(v => v < 0)) throw new HlsException(DiagnosticCodes.ShapeMismatch, $"{key} must not be negative.", layer: layer.Name);
        return (rank == 2 ? b[0] : 0, rank == 2 ? b[1] : 0, b[^2], b[^1]);
    }
}

/// <summary>
/// Keras ZeroPadding1D/2D: zeros around the spatial axes. Attribute <c>padding</c> int[2·rank]:
/// [left, right] (1-D) or [top, bottom, left, right] (2-D).
/// </summary>
public abstract class ZeroPaddingDefinitionBase : DataMovementDefinition
{
    public abstract int Rank { get; }
    public override int SpatialRank => Rank;

    public override int[] InferShape(Layer layer, IReadOnlyList<int[]> inputShapes)
    {
        var input = inputShapes[0];
        SetInput(layer, input, Rank, TypeName);
        var (top, bottom, left, right) = Borders(layer, "padding", Rank);
        var a = layer.Attributes;
        a["pad_top"] = top; a["pad_bottom"] = bottom; a["pad_left"] = left; a["pad_right"] = right;
        int oh = layer.Get<int>("in_height") + top + bottom, ow = layer.Get<int>("in_width") + left + right;
        a["out_height"] = oh; a["out_width"] = ow;
        return Shape(Rank, oh, ow, input[^1]);
    }

    public override double[] Evaluate(Layer layer, IReadOnlyList<double[]> inputs)
    {
        int ih = layer.Get<int>("in_height"), iw = layer.Get<int>("in_width"), nc = layer.Get<int>("n_chan");
        int ow = layer.Get<int>("out_width"), oh = layer.Get<int>("out_height");
        int top = layer.Get<int>("pad_top"), left = layer.Get<int>("pad_left");
        var y = new double[oh * ow * nc];
        for (int r = 0; r < ih; r++)
            Array.Copy(inputs[0], r * iw * nc, y, ((r + top) * ow + left) * nc, iw * nc);
        return y;
    }
}

public sealed class ZeroPadding1DDefinition : ZeroPaddingDefinitionBase
{
    public override string TypeName => "ZeroPadding1D";
    public override int Rank => 1;
}

public sealed class ZeroPadding2DDefinition : ZeroPaddingDefinitionBase
{
    public override string TypeName => "ZeroPadding2D";
    public override int Rank => 2;
}

/// <summary>
/// Keras Cropping1D/2D: drops rows/columns at the borders. Attribute <c>cropping</c> int[2·rank]:
/// [left, right] (1-D) or [top, bottom, left, right] (2-D).
/// </summary>
public abstract class CroppingDefinitionBase : DataMovementDefinition
{
    public abstract int Rank { get; }
    public override int SpatialRank => Rank;

    public override int[] InferShape(Layer layer, IReadOnlyList<int[]> inputShapes)
    {
        var input = inputShapes[0];
        SetInput(layer, input, Rank, TypeName);
        var (top, bottom, left, right) = Borders(layer, "cropping", Rank);
        int oh = layer.Get<int>("in_height") - top - bottom, ow = layer.Get<int>("in_width") - left - right;
        if (oh <= 0 || ow <= 0)
            throw new HlsException(DiagnosticCodes.ShapeMismatch,
                $"cropping [{string.Join(",", SpatialGeometry.Ints(layer, "cropping", 2 * Rank))}] removes the whole input [{string.Join(",", input)}].", layer: layer.Name);
        var a = layer.Attributes;
        a["crop_top"] = top; a["crop_bottom"] = bottom; a["crop_left"] = left; a["crop_right"] = right;
        a["out_height"] = oh; a["out_width"] = ow;
        return Shape(Rank, oh, ow, input[^1]);
    }

    public override double[] Evaluate(Layer layer, IReadOnlyList<double[]> inputs)
    {
        int iw = layer.Get<int>("in_width"), nc = layer.Get<int>("n_chan");
        int ow = layer.Get<int>("out_width"), oh = layer.Get<int>("out_height");
        int top = layer.Get<int>("crop_top"), left = layer.Get<int>("crop_left");
        var y = new double[oh * ow * nc];
        for (int r = 0; r < oh; r++)
            Array.Copy(inputs[0], ((r + top) * iw + left) * nc, y, r * ow * nc, ow * nc);
        return y;
    }
}

public sealed class Cropping1DDefinition : CroppingDefinitionBase
{
    public override string TypeName => "Cropping1D";
    public override int Rank => 1;
}

public sealed class Cropping2DDefinition : CroppingDefinitionBase
{
    public override string TypeName => "Cropping2D";
    public override int Rank => 2;
}

/// <summary>
/// Keras UpSampling1D/2D with nearest-neighbour interpolation: every pixel repeated <c>size</c> times per axis.
/// Attribute <c>size</c> int[rank].
/// </summary>
public abstract class UpSamplingDefinitionBase : DataMovementDefinition
{
    public abstract int Rank { get; }
    public override int SpatialRank => Rank;

    public override int[] InferShape(Layer layer, IReadOnlyList<int[]> inputShapes)
    {
        var input = inputShapes[0];
        SetInput(layer, input, Rank, TypeName);
        var size = SpatialGeometry.Ints(layer, "size", Rank);
        if (size.Any(v => v < 1)) throw new HlsException(DiagnosticCodes.ShapeMismatch, "size must be positive.", layer: layer.Name);
        int fh = Rank == 2 ? size[0] : 1, fw = size[^1];
        var a = layer.Attributes;
        a["height_factor"] = fh; a["width_factor"] = fw;
        int oh = layer.Get<int>("in_height") * fh, ow = layer.Get<int>("in_width") * fw;
        a["out_height"] = oh; a["out_width"] = ow;
        return Shape(Rank, oh, ow, input[^1]);
    }

    public override double[] Evaluate(Layer layer, IReadOnlyList<double[]> inputs)
    {
        int iw = layer.Get<int>("in_width"), nc = layer.Get<int>("n_chan");
        int ow = layer.Get<int>("out_width"), oh = layer.Get<int>("out_height");
        int fh = layer.Get<int>("height_factor"), fw = layer.Get<int>("width_factor");
        var y = new double[oh * ow * nc];
        for (int r = 0; r < oh; r++)
            for (int c = 0; c < ow; c++)
                Array.Copy(inputs[0], ((r / fh) * iw + c / fw) * nc, y, (r * ow + c) * nc, nc);
        return y;
    }
}

public sealed class UpSampling1DDefinition : UpSamplingDefinitionBase
{
    public override string TypeName => "UpSampling1D";
    public override int Rank => 1;
}

public sealed class UpSampling2DDefinition : UpSamplingDefinitionBase
{
    public override string TypeName => "UpSampling2D";
    public override int Rank => 2;
}

/// <summary>
/// Axis permutation (Keras Permute, hls4ml's Transpose). Attribute <c>perm</c>: output axis i is input axis perm[i]
/// (0-based, batch excluded). The template sees the output dims and the input stride of each output axis, padded
/// to four axes with leading 1s.
/// </summary>
public sealed class TransposeDefinition : DataMovementDefinition
{
    public const int MaxRank = 4;
    public override string TypeName => "Transpose";
    // Permutes whole feature maps, which io_parallel partitions completely.
    public override bool HoldsFeatureMaps => true;

    public override int[] InferShape(Layer layer, IReadOnlyList<int[]> inputShapes)
    {
        var input = inputShapes[0];
        var perm = SpatialGeometry.Ints(layer, "perm", input.Length);
        if (!perm.Order().SequenceEqual(Enumerable.Range(0, input.Length)))
            throw new HlsException(DiagnosticCodes.ShapeMismatch,
                $"perm [{string.Join(",", perm)}] is not a permutation of the {input.Length} axes of [{string.Join(",", input)}].", layer: layer.Name);
        if (input.Length > MaxRank)
            throw new HlsException(DiagnosticCodes.ShapeMismatch, $"Transpose supports up to {MaxRank} axes (got {input.Length}).", layer: layer.Name);
        var inStride = new int[input.Length];
        for (int i = input.Length - 1, s = 1; i >= 0; s *= input[i], i--) inStride[i] = s;
        var output = perm.Select(p => input[p]).ToArray();
        int pad = MaxRank - input.Length;
        for (int i = 0; i < MaxRank; i++)
        {
            layer.Attributes[$"dim{i}"] = i < pad ? 1 : output[i - pad];
            layer.Attributes[$"stride{i}"] = i < pad ? 0 : inStride[perm[i - pad]];
        }
        layer.Attributes["n_in"] = SpatialGeometry.Size(input);
        return output;
    }

    public override double[] Evaluate(Layer layer, IReadOnlyList<double[]> inputs)
    {
        var d = Enumerable.Range(0, MaxRank).Select(i => layer.Get<int>($"dim{i}")).ToArray();
        var s = Enumerable.Range(0, MaxRank).Select(i => layer.Get<int>($"stride{i}")).ToArray();
        var y = new double[d.Aggregate(1, (a, b) => a * b)];
        int o = 0;
        for (int a = 0; a < d[0]; a++)
            for (int b = 0; b < d[1]; b++)
                for (int c = 0; c < d[2]; c++)
                    for (int e = 0; e < d[3]; e++)
                        y[o++] = inputs[0][a * s[0] + b * s[1] + c * s[2] + e * s[3]];
        return y;
    }
}

/// <summary>
/// Keras Reshape: attribute <c>target_shape</c> (one entry may be -1). Row-major order is unchanged, so in io_parallel
/// it is an alias of its input (AliasParallelReshapes).
/// </summary>
public sealed class ReshapeDefinition : LayerDefinition
{
    public override string TypeName => "Reshape";
    public override Passes.Costs.ILayerCostModel? CostModel => Passes.Costs.LayerCostModels.Wiring;

    public override int[] InferShape(Layer layer, IReadOnlyList<int[]> inputShapes)
    {
        int size = SpatialGeometry.Size(inputShapes[0]);
        var target = layer.Get<int[]>("target_shape").ToArray();
        int unknown = Array.FindIndex(target, v => v == -1);
        if (target.Count(v => v == -1) > 1 || target.Any(v => v == 0 || v < -1))
            throw new HlsException(DiagnosticCodes.ShapeMismatch, $"target_shape [{string.Join(",", target)}] is not valid.", layer: layer.Name);
        int known = target.Where(v => v != -1).Aggregate(1, (a, b) => a * b);
        if (unknown >= 0)
        {
            if (size % known != 0)
                throw new HlsException(DiagnosticCodes.ShapeMismatch,
                    $"cannot reshape [{string.Join(",", inputShapes[0])}] ({size} values) into [{string.Join(",", target)}].", layer: layer.Name);
            target[unknown] = size / known;
        }
        else if (known != size)
            throw new HlsException(DiagnosticCodes.ShapeMismatch,
                $"cannot reshape [{string.Join(",", inputShapes[0])}] ({size} values) into [{string.Join(",", target)}] ({known} values).", layer: layer.Name);
        layer.Attributes["target_shape"] = target;
        return target;
    }

    public override void InferPrecisions(Layer layer, PrecisionContext context)
    {
        if (!context.ExplicitSlots.Contains("result")) layer.Types["result"] = context.InputPrecision(layer);
    }

    public override double[] Evaluate(Layer layer, IReadOnlyList<double[]> inputs) => inputs[0];
}
