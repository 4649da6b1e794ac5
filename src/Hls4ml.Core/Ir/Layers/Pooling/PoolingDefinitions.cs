using Hls4ml.Diagnostics;
using Hls4ml.Extensibility;
using Hls4ml.Types;

namespace Hls4ml.Ir.Layers;

/// <summary>Precision rules shared by the pooling layers.</summary>
public static class PoolingPrecisions
{
    public static readonly IReadOnlyList<string> Ops = new[] { "Max", "Average" };

    /// <summary>
    /// Unless set explicitly: the result keeps the input's type (a maximum or a mean never leaves the input's range,
    /// so no value is lost), and an average accumulates in the input's type widened by ceil(log2(window)) integer
    /// bits, so the sum cannot wrap (hls4ml leaves it at the layer precision, and its global average pooling wraps).
    /// </summary>
    public static void Infer(Layer layer, PrecisionContext context, int window)
    {
        var input = context.InputPrecision(layer);
        if (!context.ExplicitSlots.Contains("result")) layer.Types["result"] = input;
        if (context.ExplicitSlots.Contains("accum")) return;
        int extra = layer.Get("pool_op", "Max") == "Average" ? CeilLog2(window) : 0;
        layer.Types["accum"] = input switch
        {
            FixedPrecision f => f with { TotalWidth = f.TotalWidth + extra, Integer = f.Integer + extra },
            IntegerPrecision i => i with { TotalWidth = i.TotalWidth + extra },
            _ => input,
        };
    }

    public static int CeilLog2(int n)
    {
        int bits = 0;
        while ((1L << bits) < n) bits++;
        return bits;
    }

    public static string RequireOp(Layer layer)
    {
        var op = layer.Get("pool_op", "");
        if (!Ops.Contains(op))
            throw new HlsException(DiagnosticCodes.ShapeMismatch, $"pool_op '{op}' is not one of {string.Join(", ", Ops)}.", layer: layer.Name);
        return op;
    }
}

/// <summary>
/// Max or average pooling over a window (Keras MaxPooling1D/2D, AveragePooling1D/2D), channels last. Attributes:
/// <c>pool_op</c> (Max, Average), <c>pool_size</c>, <c>strides</c> (int[rank]), <c>padding</c> (valid, same).
/// Padding never takes part: a maximum ignores it and an average divides by the number of real pixels (Keras).
/// </summary>
public abstract class PoolingDefinitionBase : LayerDefinition
{
    public abstract int Rank { get; }
    public override int SpatialRank => Rank;

    public override IReadOnlyList<TypeSlot> TypeSlots { get; } = new[] { new TypeSlot("result"), new TypeSlot("accum") };

    public override IReadOnlyList<AttributeSpec> Attributes { get; } = new[] { SpatialGeometry.ConvImplementation };

    public override int[] InferShape(Layer layer, IReadOnlyList<int[]> inputShapes)
    {
        var input = inputShapes[0];
        SpatialGeometry.RequireRank(input, Rank, TypeName, layer.Name);
        PoolingPrecisions.RequireOp(layer);
        var pool = SpatialGeometry.Ints(layer, "pool_size", Rank);
        var strides = SpatialGeometry.Ints(layer, "strides", Rank);
        var padding = layer.Get("padding", "valid");
        if (padding == "causal")
            throw new HlsException(DiagnosticCodes.ShapeMismatch, "pooling supports padding 'valid' and 'same'.", layer: layer.Name);
        var (h, w) = SpatialGeometry.SetWindowAttributes(layer, input, Rank, pool, strides, padding, "pool");
        layer.Attributes["n_filt"] = input[^1];
        return Rank == 1 ? new[] { w.Out, input[^1] } : new[] { h.Out, w.Out, input[^1] };
    }

    public override void InferPrecisions(Layer layer, PrecisionContext context) =>
        PoolingPrecisions.Infer(layer, context, layer.Get<int>("pool_height") * layer.Get<int>("pool_width"));

    public override double[] Evaluate(Layer layer, IReadOnlyList<double[]> inputs)
    {
        var x = inputs[0];
        int ih = layer.Get<int>("in_height"), iw = layer.Get<int>("in_width"), nc = layer.Get<int>("n_chan");
        int ph = layer.Get<int>("pool_height"), pw = layer.Get<int>("pool_width");
        int sh = layer.Get<int>("stride_height"), sw = layer.Get<int>("stride_width");
        int pt = layer.Get<int>("pad_top"), pl = layer.Get<int>("pad_left");
        int oh = layer.Get<int>("out_height"), ow = layer.Get<int>("out_width");
        bool max = layer.Get<string>("pool_op") == "Max";
        var y = new double[oh * ow * nc];
        for (int r = 0; r < oh; r++)
            for (int c = 0; c < ow; c++)
                for (int ch = 0; ch < nc; ch++)
                {
                    double acc = max ? double.NegativeInfinity : 0;
                    int n = 0;
                    for (int i = 0; i < ph; i++)
                        for (int j = 0; j < pw; j++)
                        {
                            int yy = r * sh + i - pt, xx = c * sw + j - pl;
                            if (yy < 0 || yy >= ih || xx < 0 || xx >= iw) continue;
                            double v = x[(yy * iw + xx) * nc + ch];
                            acc = max ? Math.Max(acc, v) : acc + v;
                            n++;
                        }
                    y[(r * ow + c) * nc + ch] = max ? acc : acc / n;
                }
        return y;
    }
}

public sealed class Pooling1DDefinition : PoolingDefinitionBase
{
    public override string TypeName => "Pooling1D";
    public override int Rank => 1;
}

public sealed class Pooling2DDefinition : PoolingDefinitionBase
{
    public override string TypeName => "Pooling2D";
    public override int Rank => 2;
}

/// <summary>
/// Max or average over every spatial position, per channel (Keras GlobalMax/GlobalAveragePooling1D/2D).
/// <c>keepdims</c> keeps the spatial axes as size 1 (the flat array is the same).
/// </summary>
public abstract class GlobalPoolingDefinitionBase : LayerDefinition
{
    public abstract int Rank { get; }
    public override int SpatialRank => Rank;

    public override IReadOnlyList<TypeSlot> TypeSlots { get; } = new[] { new TypeSlot("result"), new TypeSlot("accum") };

    public override int[] InferShape(Layer layer, IReadOnlyList<int[]> inputShapes)
    {
        var input = inputShapes[0];
        SpatialGeometry.RequireRank(input, Rank, TypeName, layer.Name);
        PoolingPrecisions.RequireOp(layer);
        layer.Attributes["in_height"] = Rank == 2 ? input[0] : 1;
        layer.Attributes["in_width"] = input[Rank - 1];
        layer.Attributes["n_chan"] = input[^1];
        layer.Attributes["n_filt"] = input[^1];
        int c = input[^1];
        return layer.Get("keepdims", false) ? (Rank == 1 ? new[] { 1, c } : new[] { 1, 1, c }) : new[] { c };
    }

    public override void InferPrecisions(Layer layer, PrecisionContext context) =>
        PoolingPrecisions.Infer(layer, context, layer.Get<int>("in_height") * layer.Get<int>("in_width"));

    public override double[] Evaluate(Layer layer, IReadOnlyList<double[]> inputs)
    {
        var x = inputs[0];
        int n = layer.Get<int>("in_height") * layer.Get<int>("in_width"), nc = layer.Get<int>("n_chan");
        bool max = layer.Get<string>("pool_op") == "Max";
        var y = new double[nc];
        for (int ch = 0; ch < nc; ch++)
        {
            double acc = max ? double.NegativeInfinity : 0;
            for (int p = 0; p < n; p++) acc = max ? Math.Max(acc, x[p * nc + ch]) : acc + x[p * nc + ch];
            y[ch] = max ? acc : acc / n;
        }
        return y;
    }
}

public sealed class GlobalPooling1DDefinition : GlobalPoolingDefinitionBase
{
    public override string TypeName => "GlobalPooling1D";
    public override int Rank => 1;
}

public sealed class GlobalPooling2DDefinition : GlobalPoolingDefinitionBase
{
    public override string TypeName => "GlobalPooling2D";
    public override int Rank => 2;
}
