using Hls4ml.Diagnostics;
using Hls4ml.Extensibility;
using Hls4ml.Ir;
using Hls4ml.Ir.Layers.Quantization;
using Hls4ml.Types;

namespace Hls4ml.Passes.Quantization;

/// <summary>
/// Precision inference for quantization-aware models (QONNX, HGQ): a model whose file fixes some types (the
/// quantizers', <see cref="Layer.ModelTypes"/>) is exact by construction, so every other slot gets the narrowest
/// fixed-point type that holds its values without rounding or overflow — weights and biases from their (quantized)
/// values, accumulators and results by interval arithmetic over the input types. The quantizers then round exactly
/// where the trained model rounds, and the firmware reproduces it bit for bit. Slots set in the project
/// (HlsLayerConfig) always win; a layer whose values no fixed type holds exactly keeps the default and is reported
/// (HLS0142).
/// </summary>
public static class ExactPrecisions
{
    /// <summary>A graph is quantization-aware when its model file fixed at least one type.</summary>
    public static bool IsQuantized(ModelGraph graph) => graph.Layers.Any(l => l.ModelTypes.Count > 0);

    /// <summary>Whether a layer is a quantizer: it only re-quantizes its input into the type the model fixes.</summary>
    public static bool IsQuantizer(Layer layer) => layer.ModelTypes.ContainsKey("result")
        && (layer.Type == QuantizerTypes.FixedPointQuantizer || (layer.Type == "Activation" && layer.Get("activation", "") == "linear"));

    public static void Infer(Layer layer, LayerDefinition definition, PrecisionContext context, PassContext pass)
    {
        bool Free(string slot) => layer.Types.ContainsKey(slot) && !context.ExplicitSlots.Contains(slot);
        var warnings = new List<string>();

        // Weights: the narrowest type holding the stored (already quantized) values.
        foreach (var (name, weight) in layer.Weights)
        {
            if (!Free(name)) continue;
            if (FixedRange.OfValues(weight.Data)?.ToPrecision() is { } exact) layer.Types[name] = exact;
            else warnings.Add($"weight '{name}' holds values that are not short binary fractions");
        }

        FixedRange? Input(int i) => i < layer.Inputs.Count ? FixedRange.Of(context.InputPrecision(layer, i)) : null;
        FixedRange? Range(string slot) => layer.Types.TryGetValue(slot, out var p) ? FixedRange.Of(p) : null;

        FixedRange? result = null;
        bool handled = true;
        switch (layer.Type)
        {
            case "Input":
                InferInput(layer, context);
                return;
            case "Dense" or "Conv1D" or "Conv2D" or "DepthwiseConv1D" or "DepthwiseConv2D" or "PointwiseConv1D" or "PointwiseConv2D":
            {
                if (Input(0) is not { } x || Range("weight") is null) { handled = false; break; }
                var accum = Accumulator(layer, x);
                if (accum is null) { handled = false; break; }
                if (Free("accum")) Set(layer, "accum", accum, warnings);
                // The result holds whatever the accumulator holds (its type when the project sets it).
                result = FixedRange.Of(layer.Types["accum"]) ?? accum;
                break;
            }
            case "BatchNormalization":
            {
                if (Input(0) is not { } x || !layer.Weights.TryGetValue("scale", out var scale) || !layer.Weights.TryGetValue("bias", out var bias)
                    || FixedRange.OfValues(scale.Data) is not { } s || FixedRange.OfValues(bias.Data) is not { } b) { handled = false; break; }
                FixedRange? hull = null;
                for (int c = 0; c < scale.Data.Length; c++)
                {
                    var sc = new FixedRange(scale.Data[c], scale.Data[c], s.Fractional);
                    var bc = new FixedRange(bias.Data[c], bias.Data[c], b.Fractional);
                    var y = x.Multiply(sc).Add(bc);
                    hull = hull is null ? y : hull.Hull(y);
                }
                result = hull ?? x;
                break;
            }
            case "Activation":
            {
                var act = layer.Get("activation", "");
                if (Input(0) is not { } x) { handled = false; break; }
                if (act == "linear") result = x;
                else if (act == "relu") result = new FixedRange(0, Math.Max(x.Max, 0), x.Fractional);
                else handled = false;
                break;
            }
            case "ReLU":
            {
                // threshold/negative_slope/max_value: exact only in the plain form (the others multiply or compare by constants).
                if (Input(0) is not { } x || layer.Get("negative_slope", 0.0) != 0 || layer.Get("threshold", 0.0) != 0) { handled = false; break; }
                var max = layer.Attributes.TryGetValue("max_value", out var m) && m is not null ? Convert.ToDouble(m, System.Globalization.CultureInfo.InvariantCulture) : double.PositiveInfinity;
                result = new FixedRange(0, Math.Max(Math.Min(x.Max, max), 0), x.Fractional);
                break;
            }
            case "LeakyReLU":
            {
                var alpha = layer.Get("activ_param", 0.3);
                if (Input(0) is not { } x || FixedRange.OfValues(new[] { (float)alpha }) is not { } a || (float)alpha != alpha) { handled = false; break; }
                if (Free("param") && a.ToPrecision() is { } p) layer.Types["param"] = p;
                var negative = new FixedRange(Math.Min(x.Min, 0), 0, x.Fractional).Multiply(new FixedRange(alpha, alpha, a.Fractional));
                result = new FixedRange(0, Math.Max(x.Max, 0), x.Fractional).Hull(negative);
                break;
            }
            case "Merge":
            {
                var inputs = layer.Inputs.Select((_, i) => Input(i)).ToList();
                if (inputs.Any(r => r is null)) { handled = false; break; }
                var op = layer.Get("op", "");
                result = op switch
                {
                    "add" => inputs.Skip(1).Aggregate(inputs[0]!, (acc, r) => acc.Add(r!)),
                    "subtract" => inputs[0]!.Subtract(inputs[1]!),
                    "multiply" => inputs.Skip(1).Aggregate(inputs[0]!, (acc, r) => acc.Multiply(r!)),
                    "maximum" or "minimum" => inputs.Skip(1).Aggregate(inputs[0]!, (acc, r) => acc.Hull(r!)),
                    _ => null,
                };
                handled = result is not null;
                break;
            }
            case "Concatenate":
            {
                var inputs = layer.Inputs.Select((_, i) => Input(i)).ToList();
                if (inputs.Any(r => r is null)) { handled = false; break; }
                result = inputs.Skip(1).Aggregate(inputs[0]!, (acc, r) => acc.Hull(r!));
                break;
            }
            case "Pooling1D" or "Pooling2D" or "GlobalPooling1D" or "GlobalPooling2D":
                // A maximum keeps the input's type (inferred by the layer itself); an average divides by the window.
                handled = layer.Get("pool_op", "Max") == "Max";
                break;
            default:
                // Layers that only move values keep the input's type through their own inference.
                handled = definition is Ir.Layers.DataMovementDefinition || layer.Type is "Flatten" or "Reshape" or "Dropout"
                    || layer.Type == QuantizerTypes.FixedPointQuantizer;
                break;
        }

        if (result is not null && Free("result")) Set(layer, "result", result, warnings);
        if (!handled && Free("result"))
            warnings.Add($"{layer.Type}{(layer.Attributes.TryGetValue("activation", out var a2) ? $" '{a2}'" : "")} has no exact fixed-point result for its input type {context.InputPrecision(layer)}");
        foreach (var w in warnings)
            pass.Diagnostics.Add(new HlsDiagnostic(DiagnosticCodes.QuantizedLayerNotExact,
                $"layer '{layer.Name}' in a quantization-aware model: {w}; it uses {layer.Types.GetValueOrDefault("result")} (not bit-exact).",
                pass.Config.ProjectFile, 0, layer.Name));
    }

    private static void Set(Layer layer, string slot, FixedRange range, List<string> warnings)
    {
        if (range.ToPrecision() is { } p) layer.Types[slot] = p;
        else warnings.Add($"its {slot} needs more than {FixedRange.MaxWidth} bits");
    }

    /// <summary>
    /// The input of a model whose inputs go straight into quantizers takes the quantizer's type, so the testbench's
    /// conversion of the test data is the quantization itself. Several quantizers (or per-element ones) share a type
    /// that holds each of theirs, one fractional bit finer and truncating, so every rounding of the quantizers still
    /// sees the value it would have seen.
    /// </summary>
    private static void InferInput(Layer layer, PrecisionContext context)
    {
        if (context.ExplicitSlots.Contains("result")) return;
        var consumers = context.Graph.Consumers(layer.Outputs[0]).ToList();
        if (consumers.Count == 0 || !consumers.All(IsQuantizer)) return;
        var types = consumers.Select(c => c.Type == QuantizerTypes.FixedPointQuantizer
            ? QuantizerTypes.InputType(c) : c.ModelTypes["result"]).Distinct().ToList();
        Precision? chosen = types.Count == 1 ? types[0] : null;
        if (chosen is null)
        {
            FixedRange? hull = null;
            foreach (var t in types)
            {
                if (FixedRange.Of(t) is not { } r) return;
                hull = hull is null ? r : hull.Hull(r);
            }
            // Floor-based roundings stay exact after truncating one bit finer; the others need guard bits.
            bool floorBased = types.All(t => t is FixedPrecision { Quantization: QuantizationMode.Trn or QuantizationMode.Rnd } or IntegerPrecision);
            chosen = (hull! with { Fractional = hull!.Fractional + (floorBased ? 1 : QuantizerTypes.InputGuardBits) }).ToPrecision();
        }
        if (chosen is null) return;
        layer.Types["result"] = chosen;
        // Recorded as fixed by the model: once a quantizer of the same type is removed as a no-op, the input keeps it.
        layer.ModelTypes["result"] = chosen;
    }

    /// <summary>
    /// The accumulator range of a layer computing sum_i x_i·w[i, j] + b[j] per output j (Dense: weight [n_in, n_out];
    /// convolutions: every output channel sums over the kernel and, except depthwise, the input channels).
    /// Partial sums in any order, with or without the bias, stay inside it.
    /// </summary>
    private static FixedRange? Accumulator(Layer layer, FixedRange input)
    {
        var weight = layer.Weights["weight"];
        var w = FixedRange.OfValues(weight.Data);
        if (w is null) return null;
        int nOut = layer.Type.StartsWith("Depthwise", StringComparison.Ordinal) && weight.Shape.Length >= 2
            ? weight.Shape[^1] * weight.Shape[^2] : weight.Shape[^1];
        var x = input.WithZero();
        var lo = new double[nOut];
        var hi = new double[nOut];
        for (int k = 0; k < weight.Data.Length; k++)
        {
            double v = weight.Data[k];
            double a = v * x.Min, b = v * x.Max;
            lo[k % nOut] += Math.Min(a, b);
            hi[k % nOut] += Math.Max(a, b);
        }
        int fraction = input.Fractional + w.Fractional;
        float[]? bias = layer.Weights.TryGetValue("bias", out var bw) && bw.Data.Length == nOut ? bw.Data : null;
        if (bias is not null)
        {
            if (FixedRange.OfValues(bias) is not { } b) return null;
            fraction = Math.Max(fraction, b.Fractional);
        }
        double min = 0, max = 0;
        for (int j = 0; j < nOut; j++)
        {
            double bj = bias?[j] ?? 0;
            min = Math.Min(min, Math.Min(bj, 0) + lo[j]);
            max = Math.Max(max, Math.Max(bj, 0) + hi[j]);
        }
        return new FixedRange(min, max, fraction);
    }
}
