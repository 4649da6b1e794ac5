using Hls4ml.Diagnostics;
using Hls4ml.Extensibility;

namespace Hls4ml.Ir.Layers;

/// <summary>
/// Batch normalization at inference: y = x * scale[c] + bias[c] for the channel c of each element along 'axis'
/// (the last feature axis for Keras' default axis=-1). Weights <c>scale</c> = gamma / sqrt(var + eps) and
/// <c>bias</c> = beta - mean * scale are computed by the converter (float32, as hls4ml does); types scale_t/bias_t
/// default to the model precision. The FuseBatchNorm pass folds it into a preceding Dense/Conv when that is safe.
/// </summary>
public sealed class BatchNormalizationDefinition : LayerDefinition
{
    public override string TypeName => "BatchNormalization";

    public override IReadOnlyList<TypeSlot> TypeSlots { get; } = new[]
    {
        new TypeSlot("result"), new TypeSlot("scale"), new TypeSlot("bias"),
    };

    public override int[] InferShape(Layer layer, IReadOnlyList<int[]> inputShapes)
    {
        var shape = inputShapes[0];
        int axis = layer.Get("axis", shape.Length - 1);
        if (axis < 0 || axis >= shape.Length)
            throw new HlsException(DiagnosticCodes.ShapeMismatch,
                $"BatchNormalization axis {axis} is not a feature axis of an input of shape [{string.Join(",", shape)}].", layer: layer.Name);
        int channels = shape[axis];
        foreach (var name in new[] { "scale", "bias" })
            if (!layer.Weights.TryGetValue(name, out var w) || w.Data.Length != channels)
                throw new HlsException(DiagnosticCodes.WeightShapeMismatch,
                    $"BatchNormalization {name} must hold one value per channel ({channels}); got {(w is null ? "none" : w.Data.Length.ToString(System.Globalization.CultureInfo.InvariantCulture))}.", layer: layer.Name);
        layer.Attributes["axis"] = axis;
        layer.Attributes["n_in"] = shape.Aggregate(1, (a, b) => a * b);
        layer.Attributes["n_filt"] = channels;
        layer.Attributes["n_scale_bias"] = channels;
        layer.Attributes["n_inner"] = shape.Skip(axis + 1).Aggregate(1, (a, b) => a * b);
        return shape;
    }

    /// <summary>hls4ml's multiplier limit: ceil(n_in / reuse_factor).</summary>
    public override void InferPrecisions(Layer layer, PrecisionContext context)
    {
        int rf = Math.Max(layer.Get("reuse_factor", 1), 1);
        layer.Attributes["multiplier_limit"] = (layer.Get<int>("n_in") + rf - 1) / rf;
    }

    public override double[] Evaluate(Layer layer, IReadOnlyList<double[]> inputs)
    {
        var scale = layer.Weights["scale"].Data;
        var bias = layer.Weights["bias"].Data;
        int channels = layer.Get<int>("n_filt"), inner = layer.Get<int>("n_inner");
        var x = inputs[0];
        var y = new double[x.Length];
        for (int i = 0; i < x.Length; i++)
        {
            int c = i / inner % channels;
            y[i] = x[i] * scale[c] + bias[c];
        }
        return y;
    }

    /// <summary>
    /// scale = gamma / sqrt(variance + epsilon), bias = beta - mean * scale, in float32 like hls4ml (numpy float32);
    /// gamma defaults to ones and beta to zeros when the layer has scale=False / center=False.
    /// </summary>
    public static (float[] Scale, float[] Bias) Fold(float[]? gamma, float[]? beta, float[] mean, float[] variance, double epsilon)
    {
        var scale = new float[mean.Length];
        var bias = new float[mean.Length];
        float eps = (float)epsilon;
        for (int c = 0; c < mean.Length; c++)
        {
            float g = gamma?[c] ?? 1f, b = beta?[c] ?? 0f;
            scale[c] = g / MathF.Sqrt(variance[c] + eps);
            bias[c] = b - scale[c] * mean[c];
        }
        return (scale, bias);
    }
}
