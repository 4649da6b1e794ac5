using Hls4ml.Diagnostics;
using Hls4ml.Extensibility;
using Hls4ml.Ir;
using Hls4ml.Types;

namespace Hls4ml.Passes;

/// <summary>A fixed-point format as (signed, integer bits incl. sign, fractional bits); integers are F = 0.</summary>
public readonly record struct FixedFormat(bool Signed, int Integer, int Fractional)
{
    public int Width => Integer + Fractional;

    public static FixedFormat? Of(Precision p) => p switch
    {
        FixedPrecision f => new FixedFormat(f.Signed, f.Integer, f.Fractional),
        IntegerPrecision i => new FixedFormat(i.Signed, i.TotalWidth, 0),
        _ => null,
    };

    /// <summary>Integer bits this format would need as a signed format (an unsigned one gains a sign bit).</summary>
    public int SignedInteger => Signed ? Integer : Integer + 1;

    /// <summary>Every product of a value of this format and one of 'other', exactly.</summary>
    public FixedFormat Times(FixedFormat other) => new(Signed || other.Signed, Integer + other.Integer, Fractional + other.Fractional);

    /// <summary>The sum of 'terms' values of this format, exactly.</summary>
    public FixedFormat SumOf(int terms) => this with { Integer = Integer + CeilLog2(terms) };

    /// <summary>This plus one value of 'other', exactly.</summary>
    public FixedFormat Plus(FixedFormat other)
    {
        bool signed = Signed || other.Signed;
        int a = signed ? SignedInteger : Integer, b = signed ? other.SignedInteger : other.Integer;
        return new FixedFormat(signed, Math.Max(a, b) + 1, Math.Max(Fractional, other.Fractional));
    }

    public Precision ToPrecision() => Fractional == 0 && Integer > 0
        ? new IntegerPrecision(Integer, Signed)
        : new FixedPrecision(Width, Integer, Signed);

    public static int CeilLog2(int n)
    {
        int bits = 0;
        while ((1L << bits) < n) bits++;
        return bits;
    }
}

/// <summary>
/// The "auto" precision rules (hls4ml's infer_precision_types, made exact): a multiply-accumulate layer's
/// accumulator holds every sum of its products and bias without rounding or overflow (input width + weight width +
/// ceil(log2(terms)), then one more bit for the bias), and its result keeps the accumulator; element-wise layers that
/// never leave their input's range (linear, relu, reshaping) keep the input's type; binary/ternary activations give
/// int&lt;2&gt; (uint&lt;1&gt; for 0/1). Anything else is not inferable (null): a batch normalization's parameters
/// are real numbers, so its result is not exact by construction and stays at the model default unless set.
/// </summary>
public static class AutoPrecisionRules
{
    public static Precision? Infer(Layer layer, string slot, LayerDefinition definition, PrecisionContext context)
    {
        var input = layer.Inputs.Count > 0 ? context.InputPrecision(layer) : null;
        if (input is null or AutoPrecision) return null;

        // Multiply-accumulate layers: those with an accumulator and a weight matrix (Dense, Conv, Depthwise, ...).
        if (definition.TypeSlots.Any(s => s.Name == "accum") && layer.Weights.TryGetValue("weight", out var weight)
            && layer.Weights.TryGetValue("bias", out var bias) && bias.Data.Length > 0 && slot is "accum" or "result")
        {
            if (FixedFormat.Of(input) is not { } x || FixedFormat.Of(layer.Types["weight"]) is not { } w
                || FixedFormat.Of(layer.Types["bias"]) is not { } b) return null;
            int terms = Math.Max(1, weight.Data.Length / bias.Data.Length);
            var accum = x.Times(w).SumOf(terms);
            if (bias.Data.Any(v => v != 0)) accum = accum.Plus(b);
            return accum.ToPrecision();
        }

        if (slot != "result") return null;
        switch (layer.Type)
        {
            case "Activation" when layer.Get("activation", "") is "linear" or "relu" or "relu1":
                return Strip(input);
            case "Activation" when layer.Get("activation", "") is "binary_tanh" or "ternary_tanh" or "binary_sign" or "ternary_threshold":
                return new IntegerPrecision(2, true);
            case "Activation" when layer.Get("activation", "") is "binary_step":
                return new IntegerPrecision(1, false);
            case "Flatten" or "Reshape" or "Transpose" or "ZeroPadding1D" or "ZeroPadding2D" or "Cropping1D" or "Cropping2D"
                or "UpSampling1D" or "UpSampling2D" or "Dropout":
                return input;
        }
        return null;
    }

    /// <summary>A pass-through keeps the value set but not the rounding/overflow modes (those act only on conversions into the type).</summary>
    private static Precision Strip(Precision p) => p is FixedPrecision f ? f with { Quantization = QuantizationMode.Trn, Overflow = OverflowMode.Wrap, SaturationBits = 0 } : p;

    /// <summary>
    /// Bits 'configured' drops of 'guaranteed' (a quantizer's type): integer bits (range), fractional bits
    /// (resolution) and the sign; null when it holds every value of the quantizer's type.
    /// </summary>
    public static string? LostBits(Precision configured, Precision guaranteed)
    {
        if (configured is FloatPrecision) return null;
        if (FixedFormat.Of(configured) is not { } c || FixedFormat.Of(guaranteed) is not { } g) return null;
        var lost = new List<string>();
        if (g.Signed && !c.Signed) lost.Add("the sign (negative values clip to 0)");
        int needInteger = c.Signed ? g.SignedInteger : g.Integer;
        if (needInteger > c.Integer) lost.Add($"{needInteger - c.Integer} integer bit(s)");
        if (g.Fractional > c.Fractional) lost.Add($"{g.Fractional - c.Fractional} fractional bit(s)");
        return lost.Count == 0 ? null : string.Join(", ", lost);
    }

    public const int MaxWidth = FixedPrecision.MaxInferredWidth;

    /// <summary>
    /// hls4ml's Precision.maximum: an inferred type never gets more bits than the maximum's width, nor more integer
    /// bits than its integer part (the two limited separately). A capped type takes the maximum's rounding and
    /// overflow modes — it may now round or overflow, and the maximum says how; an uncapped one stays exact.
    /// </summary>
    public static Precision Cap(Precision inferred, Precision? maximum)
    {
        if (maximum is null || inferred is not (FixedPrecision or IntegerPrecision)) return inferred;
        var (width, integer, signed) = inferred switch
        {
            FixedPrecision f => (f.TotalWidth, f.Integer, f.Signed),
            IntegerPrecision i => (i.TotalWidth, i.TotalWidth, i.Signed),
            _ => throw new InvalidOperationException(),
        };
        var (maxWidth, maxInteger, q, o) = maximum switch
        {
            FixedPrecision f => (f.TotalWidth, f.Integer, f.Quantization, f.Overflow),
            IntegerPrecision i => (i.TotalWidth, i.TotalWidth, QuantizationMode.Trn, OverflowMode.Wrap),
            _ => (width, integer, QuantizationMode.Trn, OverflowMode.Wrap),
        };
        if (width <= maxWidth && integer <= maxInteger) return inferred;
        return new FixedPrecision(Math.Min(width, maxWidth), Math.Min(integer, maxInteger), signed, q, o);
    }

    public static void CheckWidth(Layer layer, string slot, Precision p, string? projectFile)
    {
        if (p.Width > MaxWidth)
            throw new HlsException(DiagnosticCodes.AutoPrecisionTooWide,
                $"the exact {slot} type of layer '{layer.Name}' would be {p.ToHls4mlString()} ({p.Width} bits, more than {MaxWidth}); set {char.ToUpperInvariant(slot[0])}{slot[1..]}Precision explicitly on HlsLayerConfig '{layer.Name}'.",
                projectFile, layer.Name);
    }
}
