using Hls4ml.Diagnostics;
using Hls4ml.Extensibility;
using Hls4ml.Ir.Layers.Quantization;
using Hls4ml.Types;

namespace Hls4ml.Frontends.Keras.Hgq;

/// <summary>
/// HGQ's fixed-point quantizer (proxy models saved by HGQ: <c>FixedPointQuantizer</c> layers between plain Keras
/// layers). Per element k it computes x → sat(rnd(x · 2^f)) / 2^f with f = bits − integers, i.e. the conversion to
/// (keep_negative ? ap_fixed : ap_ufixed)&lt;bits, integers, RND, SAT&gt; (0 when bits = 0). A quantizer whose
/// elements share one type becomes a quantizing linear activation with that result type; a heterogeneous one a
/// per-element <see cref="QuantizerTypes.FixedPointQuantizer"/> layer. The embedded 'overrides' are not needed:
/// every other type follows exactly from the quantizers (ExactPrecisions).
/// </summary>
public sealed class FixedPointQuantizerHandler : IKerasLayerHandler
{
    public IReadOnlyList<string> ClassNames { get; } = new[] { "FixedPointQuantizer", "HGQ>FixedPointQuantizer" };

    public static readonly IReadOnlyDictionary<string, QuantizationMode> RoundingModes = new Dictionary<string, QuantizationMode>
    {
        ["TRN"] = QuantizationMode.Trn, ["RND"] = QuantizationMode.Rnd, ["RND_CONV"] = QuantizationMode.RndConv,
        ["TRN_ZERO"] = QuantizationMode.TrnZero, ["RND_ZERO"] = QuantizationMode.RndZero, ["RND_INF"] = QuantizationMode.RndInf,
        ["RND_MIN_INF"] = QuantizationMode.RndMinInf,
    };

    public static readonly IReadOnlyDictionary<string, OverflowMode> OverflowModes = new Dictionary<string, OverflowMode>
    {
        ["WRAP"] = OverflowMode.Wrap, ["SAT"] = OverflowMode.Sat, ["SAT_ZERO"] = OverflowMode.SatZero, ["SAT_SYM"] = OverflowMode.SatSym,
    };

    public void Parse(KerasLayerContext context)
    {
        var rnd = context.GetString("RND", "TRN").ToUpperInvariant();
        var sat = context.GetString("SAT", "WRAP").ToUpperInvariant();
        if (!RoundingModes.TryGetValue(rnd, out var quantization))
            throw context.Error(DiagnosticCodes.UnsupportedQuantizerSetting,
                $"FixedPointQuantizer '{context.LayerName}' has RND '{rnd}'; supported: {string.Join(", ", RoundingModes.Keys)}.");
        if (!OverflowModes.TryGetValue(sat, out var overflow))
            throw context.Error(DiagnosticCodes.UnsupportedQuantizerSetting,
                $"FixedPointQuantizer '{context.LayerName}' has SAT '{sat}'; supported: {string.Join(", ", OverflowModes.Keys)} (WRAP_SM has no ap_fixed overflow mode).");
        if (context.Inputs.Count != 1)
            throw context.Error(DiagnosticCodes.MalformedQuantizer, $"FixedPointQuantizer '{context.LayerName}' has {context.Inputs.Count} inputs; it quantizes exactly one tensor.");

        var shape = context.InputShapes[0];
        int[] Values(string name)
        {
            var w = context.Weight(name) ?? throw context.Error(DiagnosticCodes.MalformedQuantizer,
                $"FixedPointQuantizer '{context.LayerName}' has no '{name}' array in the weights file; save the proxy model with HGQ again.");
            if (w.Data.Any(v => v != Math.Floor(v) || v < -128 || v > 127))
                throw context.Error(DiagnosticCodes.MalformedQuantizer, $"FixedPointQuantizer '{context.LayerName}': '{name}' holds values that are not 8-bit integers.");
            return Broadcast(context, name, w.Shape, w.Data.Select(v => (int)v).ToArray(), shape);
        }
        var keep = Values("keep_negative");
        var bits = Values("bits");
        var integers = Values("integers");
        for (int k = 0; k < bits.Length; k++)
        {
            if (keep[k] is not (0 or 1) || bits[k] < 0 || bits[k] > 64)
                throw context.Error(DiagnosticCodes.MalformedQuantizer,
                    $"FixedPointQuantizer '{context.LayerName}': element {k} has keep_negative {keep[k]}, bits {bits[k]}; expected keep_negative 0/1 and 0 to 64 bits.");
        }

        var input = context.Inputs[0];
        bool homogeneous = bits.All(b => b == bits[0]) && integers.All(i => i == integers[0]) && keep.All(v => v == keep[0]) && bits[0] > 0;
        if (homogeneous)
        {
            var type = new FixedPrecision(bits[0], integers[0], keep[0] != 0, quantization, overflow);
            var y = context.AddLayer("Activation", context.LayerName, new[] { input }, new Dictionary<string, object?> { ["activation"] = "linear" });
            context.Producer(y)!.ModelTypes["result"] = type;
            return;
        }
        var union = FixedPointQuantizerDefinition.UnionType(keep, bits, integers)
            ?? throw context.Error(DiagnosticCodes.UnsupportedQuantizerSetting, $"FixedPointQuantizer '{context.LayerName}': its elements together need more than 64 bits.");
        var layer = context.AddLayer(QuantizerTypes.FixedPointQuantizer, context.LayerName, new[] { input }, new Dictionary<string, object?>
        {
            ["keep_negative"] = keep, ["bits"] = bits, ["integers"] = integers, ["rounding"] = rnd, ["overflow"] = sat,
        });
        context.Producer(layer)!.ModelTypes["result"] = union;
    }

    /// <summary>
    /// The quantizer's arrays (shape with a leading batch axis of 1, numpy-broadcastable to the input) spread over the
    /// input's elements in row-major order.
    /// </summary>
    private static int[] Broadcast(KerasLayerContext context, string name, int[] arrayShape, int[] values, int[] input)
    {
        var shape = arrayShape.Length > input.Length && arrayShape[0] == 1 ? arrayShape[1..] : arrayShape;
        if (shape.Length > input.Length)
            throw context.Error(DiagnosticCodes.MalformedQuantizer,
                $"FixedPointQuantizer '{context.LayerName}': '{name}' has shape [{string.Join(",", arrayShape)}], which does not broadcast onto the input [{string.Join(",", input)}].");
        var padded = Enumerable.Repeat(1, input.Length - shape.Length).Concat(shape).ToArray();
        for (int a = 0; a < input.Length; a++)
            if (padded[a] != 1 && padded[a] != input[a])
                throw context.Error(DiagnosticCodes.MalformedQuantizer,
                    $"FixedPointQuantizer '{context.LayerName}': '{name}' has shape [{string.Join(",", arrayShape)}], which does not broadcast onto the input [{string.Join(",", input)}].");
        int n = input.Aggregate(1, (p, d) => p * d);
        var result = new int[n];
        var index = new int[input.Length];
        for (int k = 0; k < n; k++)
        {
            int source = 0;
            for (int a = 0; a < input.Length; a++) source = source * padded[a] + (padded[a] == 1 ? 0 : index[a]);
            result[k] = values[source];
            for (int a = input.Length - 1; a >= 0; a--)
            {
                if (++index[a] < input[a]) break;
                index[a] = 0;
            }
        }
        return result;
    }
}

/// <summary>
/// HGQ's trainable layers (HDense, HConv2D, HQuantize, ...) and its lookup-table activation: HGQ converts a trained
/// model into a proxy model (plain Keras layers + FixedPointQuantizer) for deployment; only that form is exact here.
/// </summary>
public sealed class HgqTrainingLayerHandler : IKerasLayerHandler
{
    public IReadOnlyList<string> ClassNames { get; } = new[]
    {
        "HQuantize", "HDense", "HDenseBatchNorm", "HConv1D", "HConv2D", "HConv1DBatchNorm", "HConv2DBatchNorm", "HActivation",
        "HAdd", "PMaxPooling1D", "PMaxPooling2D", "PAveragePooling1D", "PAveragePooling2D", "PFlatten", "PReshape", "PConcatenate",
        "Signature", "UnaryLUT", "HGQ>UnaryLUT",
    };

    public void Parse(KerasLayerContext context) =>
        throw context.Error(DiagnosticCodes.UnsupportedQuantizerSetting,
            context.ClassName.Contains("UnaryLUT", StringComparison.Ordinal)
                ? $"HGQ UnaryLUT layer '{context.LayerName}' (a lookup-table activation) is not supported; supported HGQ layers: FixedPointQuantizer between plain Keras layers (Dense, Conv1D/2D, Activation relu/linear, pooling, Flatten, Reshape)."
                : $"HGQ training layer {context.ClassName} '{context.LayerName}' is not supported; convert the model with HGQ's to_proxy_model (FixedPointQuantizer between plain Keras layers) and save that.");
}
