using Hls4ml.Types;

namespace Hls4ml.Ir;

/// <summary>
/// Precisions a frontend derives from the model's own quantizers (QKeras kernel/bias/activation quantizers), kept as
/// layer attributes <c>quantizer_&lt;slot&gt;</c> (the type) and <c>quantizer_&lt;slot&gt;_source</c> (the quantizer,
/// for messages) so they survive the IR file. Precision inference uses them for unset slots and warns where an
/// explicit setting drops bits they guarantee.
/// </summary>
public static class QuantizedTypes
{
    private const string Prefix = "quantizer_";

    public static void Set(Layer layer, string slot, Precision precision, string source)
    {
        layer.Attributes[Prefix + slot] = precision.ToHls4mlString();
        layer.Attributes[Prefix + slot + "_source"] = source;
    }

    public static bool TryGet(Layer layer, string slot, out Precision precision, out string source)
    {
        precision = null!;
        source = "";
        if (!layer.Attributes.TryGetValue(Prefix + slot, out var v) || v is not string text) return false;
        precision = Precision.Parse(text);
        source = layer.Get(Prefix + slot + "_source", "quantizer");
        return true;
    }

    /// <summary>Whether any layer carries a quantizer-derived type (the model is quantization-aware).</summary>
    public static bool IsQuantized(ModelGraph graph) =>
        graph.Layers.Any(l => l.Attributes.Keys.Any(k => k.StartsWith(Prefix, StringComparison.Ordinal)));
}
