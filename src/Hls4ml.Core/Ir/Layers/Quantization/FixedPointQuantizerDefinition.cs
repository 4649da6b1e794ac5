using Hls4ml.Diagnostics;
using Hls4ml.Extensibility;
using Hls4ml.Passes.Quantization;
using Hls4ml.Types;

namespace Hls4ml.Ir.Layers.Quantization;

/// <summary>Names shared by the quantizer layers and the precision inference.</summary>
public static class QuantizerTypes
{
    /// <summary>IR type of a per-element fixed-point quantizer (HGQ's FixedPointQuantizer with heterogeneous bit widths).</summary>
    public const string FixedPointQuantizer = "FixedPointQuantizer";

    /// <summary>Fractional bits a model input keeps beyond its per-element quantizer's finest element (non-floor roundings).</summary>
    public const int InputGuardBits = 12;

    /// <summary>The type a model input read by this quantizer gets (see ExactPrecisions.InferInput).</summary>
    public static Precision InputType(Layer quantizer)
    {
        var union = quantizer.ModelTypes["result"];
        if (union is not FixedPrecision f) return union;
        // Truncating to one fractional bit more than any element keeps the floor-based roundings (TRN, RND) of the
        // elements exact for any input. The others (ties to even/zero/away, TRN_ZERO) depend on bits below that, so
        // the input keeps InputGuardBits more: exact for inputs given with that many more fractional bits.
        var rounding = quantizer.Get("rounding", "TRN");
        int extra = rounding is "TRN" or "RND" ? 1 : InputGuardBits;
        var overflow = Enum.TryParse<OverflowMode>(quantizer.Get("overflow", "WRAP").Replace("_", ""), true, out var o) ? o : OverflowMode.Wrap;
        return new FixedPrecision(Math.Min(f.TotalWidth + extra, Passes.Quantization.FixedRange.MaxWidth), f.Integer, f.Signed, QuantizationMode.Trn, overflow);
    }
}

/// <summary>
/// Quantizes every element into its own fixed-point type: element k becomes
/// (keep_negative[k] ? ap_fixed : ap_ufixed)&lt;bits[k], integers[k], rounding, overflow&gt;, or 0 when bits[k] = 0
/// (HGQ's pruned elements). The result tensor has a type holding all of them (the model fixes it). The generated code
/// converts the elements of each distinct type in one loop over their indices.
/// </summary>
public sealed class FixedPointQuantizerDefinition : LayerDefinition
{
    public override string TypeName => QuantizerTypes.FixedPointQuantizer;

    public override int[] InferShape(Layer layer, IReadOnlyList<int[]> inputShapes)
    {
        int n = inputShapes[0].Aggregate(1, (a, b) => a * b);
        foreach (var key in new[] { "keep_negative", "bits", "integers" })
            if (layer.Get<int[]>(key).Length != n)
                throw new HlsException(DiagnosticCodes.MalformedQuantizer,
                    $"quantizer '{key}' has {layer.Get<int[]>(key).Length} values for an input of {n} elements.", layer: layer.Name);
        layer.Attributes["n_in"] = n;
        return inputShapes[0];
    }

    /// <summary>The type of element k, or null for a pruned (always 0) element.</summary>
    public static FixedPrecision? ElementType(Layer layer, int k)
    {
        int bits = layer.Get<int[]>("bits")[k];
        if (bits <= 0) return null;
        var q = Enum.Parse<QuantizationMode>(layer.Get<string>("rounding").Replace("_", ""), true);
        var o = Enum.Parse<OverflowMode>(layer.Get<string>("overflow").Replace("_", ""), true);
        return new FixedPrecision(bits, layer.Get<int[]>("integers")[k], layer.Get<int[]>("keep_negative")[k] != 0, q, o);
    }

    /// <summary>
    /// One group per distinct element type (few, even for thousands of elements): its C++ type ("" = pruned, always 0)
    /// and the element indices, so the generated code is one short loop per type.
    /// </summary>
    public override void AddTemplateVariables(Layer layer, IDictionary<string, object?> variables)
    {
        int n = layer.Get<int>("n_in");
        var groups = new Dictionary<string, List<int>>(StringComparer.Ordinal);
        var order = new List<string>();
        for (int k = 0; k < n; k++)
        {
            var type = ElementType(layer, k)?.ToCpp() ?? "";
            if (!groups.TryGetValue(type, out var list)) { groups[type] = list = new List<int>(); order.Add(type); }
            list.Add(k);
        }
        variables["group_type"] = order.ToArray();
        variables["group_size"] = order.Select(t => groups[t].Count).ToArray();
        variables["group_indices"] = order.Select(t => string.Join(",", groups[t])).ToArray();
        variables["group_count"] = order.Count;
    }

    /// <summary>The float model: the quantizer is the identity (the accuracy report compares with the unquantized model).</summary>
    public override double[] Evaluate(Layer layer, IReadOnlyList<double[]> inputs) => inputs[0];

    /// <summary>The union type of the elements (TRN/WRAP: every element's value fits it exactly).</summary>
    public static FixedPrecision? UnionType(int[] keepNegative, int[] bits, int[] integers)
    {
        FixedRange? hull = null;
        for (int k = 0; k < bits.Length; k++)
        {
            if (bits[k] <= 0) continue;
            var r = FixedRange.Of(new FixedPrecision(bits[k], integers[k], keepNegative[k] != 0))!;
            hull = hull is null ? r : hull.Hull(r);
        }
        return (hull ?? FixedRange.Zero).ToPrecision();
    }
}
