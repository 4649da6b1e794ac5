using Hls4ml.Diagnostics;
using Hls4ml.Ir;
using Hls4ml.Types;

namespace Hls4ml.Passes;

/// <summary>
/// Folds a BatchNormalization into the layer before it (hls4ml's fuse_batchnorm): W'[..., c] = W[..., c] * scale[c],
/// b'[c] = b[c] * scale[c] + bias[c], in float32 as hls4ml computes it. Applies to layers that accept a folded
/// BatchNormalization (Dense, Conv1D, Conv2D: a 'weight' kernel with the output channel as its last axis, Keras layout,
/// and a 'bias' per channel) when it is
/// safe: the BatchNormalization normalizes the last axis, has no explicitly configured precision, the producer's output
/// feeds nothing else and is not a model output, and the folded values fit the producer's weight/bias types (hls4ml
/// folds regardless and can overflow them). Otherwise the BatchNormalization stays a layer of its own (HLS0204, info).
/// Runs after precision inference and linear-activation removal; precisions are inferred again afterwards.
/// </summary>
public sealed class FuseBatchNorm : IPass
{
    public string Name => "fuse_batchnorm";

    public void Run(ModelGraph graph, PassContext context)
    {
        // hls4ml keeps every BatchNormalization whose producer has a configured output type, which a config always
        // gives it: HlsCompatibility=hls4ml keeps them all.
        if (!context.Config.Numerics.FoldBatchNorm) return;
        foreach (var bn in graph.Layers.Where(l => l.Type == "BatchNormalization").ToList())
        {
            var producer = graph.Producer(bn.Inputs[0]);
            if (producer is null || context.Registry.Layer(producer.Type) is not { AcceptsFoldedBatchNorm: true }) continue;
            var why = WhyNot(graph, bn, producer, out var weight, out var bias);
            if (why is not null)
            {
                context.Diagnostics.Add(new HlsDiagnostic(DiagnosticCodes.BatchNormNotFolded,
                    $"BatchNormalization '{bn.Name}' is not folded into {producer.Type} '{producer.Name}': {why}.", context.Config.ProjectFile, 0, bn.Name));
                continue;
            }
            producer.Weights["weight"].Data = weight!;
            producer.Weights["bias"].Data = bias!;
            graph.Bypass(bn);
        }
    }

    private static string? WhyNot(ModelGraph graph, Layer bn, Layer producer, out float[]? weight, out float[]? bias)
    {
        (weight, bias) = (null, null);
        if (QuantizedTypes.TryGet(producer, "weight", out _, out var quantizer))
            return $"the weights of '{producer.Name}' are quantized by {quantizer} (folding would move them off its grid)";
        if (bn.ExplicitTypes.Count > 0)
            return $"its precision is configured ({string.Join(", ", bn.ExplicitTypes.Keys)})";
        if (bn.Get("n_inner", 1) != 1) return "it normalizes an axis other than the last";
        var tensor = bn.Inputs[0];
        if (producer.Outputs.Count != 1 || graph.Consumers(tensor).Count() != 1 || graph.Outputs.Contains(tensor))
            return $"the output of '{producer.Name}' is also used elsewhere";
        int channels = bn.Get<int>("n_filt");
        if (!producer.Weights.TryGetValue("weight", out var w) || w.Shape.Length == 0 || w.Shape[^1] != channels)
            return "the producer's kernel does not have the channels as its last axis";
        if (!producer.Weights.TryGetValue("bias", out var b) || b.Data.Length != channels)
            return "the producer has no bias per channel";

        var scale = bn.Weights["scale"].Data;
        var shift = bn.Weights["bias"].Data;
        weight = new float[w.Data.Length];
        for (int i = 0; i < weight.Length; i++) weight[i] = scale[i % channels] * w.Data[i];
        bias = new float[channels];
        for (int c = 0; c < channels; c++) bias[c] = scale[c] * b.Data[c] + shift[c];

        if (Overflows(weight, producer.Types.GetValueOrDefault("weight")) is { } wv)
            return $"a folded weight ({wv:R}) would overflow its type {producer.Types["weight"].ToCpp()}";
        if (Overflows(bias, producer.Types.GetValueOrDefault("bias")) is { } bv)
            return $"a folded bias ({bv:R}) would overflow its type {producer.Types["bias"].ToCpp()}";
        return null;
    }

    private static float? Overflows(float[] values, Precision? precision)
    {
        if (precision is not FixedPrecision f) return null;
        // Beyond the representable range (a value that truncates to the largest one still fits).
        foreach (var v in values)
            if (v >= f.MaxValue + f.Lsb || v < f.MinValue) return v;
        return null;
    }
}
