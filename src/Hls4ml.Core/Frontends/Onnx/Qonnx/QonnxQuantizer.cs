using System.Globalization;
using Hls4ml.Types;

namespace Hls4ml.Frontends.Onnx.Qonnx;

/// <summary>
/// The QONNX integer quantizer (Quant, Trunc's output): y = (clamp(round(x / scale + zeropt), min, max) − zeropt) · scale
/// with min/max from bit width, signed and narrow. With a power-of-two scale 2^-F and zero-point 0 it is exactly the
/// conversion to ap_fixed&lt;bitwidth, bitwidth − F&gt; (ap_ufixed when unsigned) with the rounding mode's ap
/// quantization mode and saturation (symmetric when narrow) — the mapping documented in docs/quantization-qonnx-hgq.md.
/// </summary>
public sealed record QonnxQuantizer(int BitWidth, bool Signed, bool Narrow, string RoundingMode)
{
    /// <summary>QONNX rounding modes (upper case) and the ap quantization mode that rounds the same way; null = no ap mode does.</summary>
    public static readonly IReadOnlyDictionary<string, QuantizationMode?> RoundingModes = new Dictionary<string, QuantizationMode?>
    {
        ["ROUND"] = QuantizationMode.RndConv, ["HALF_EVEN"] = QuantizationMode.RndConv, ["FLOOR"] = QuantizationMode.Trn,
        ["DOWN"] = QuantizationMode.TrnZero, ["HALF_UP"] = QuantizationMode.RndInf, ["HALF_DOWN"] = QuantizationMode.RndZero,
        ["CEIL"] = null, ["UP"] = null,
    };

    public static string SupportedRoundingModes => string.Join(", ", RoundingModes.Where(m => m.Value is not null).Select(m => m.Key));

    public long MinInt => Signed ? (Narrow ? -(1L << (BitWidth - 1)) + 1 : -(1L << (BitWidth - 1))) : 0;
    public long MaxInt => Signed ? (1L << (BitWidth - 1)) - 1 : (Narrow ? (1L << BitWidth) - 2 : (1L << BitWidth) - 1);

    /// <summary>The QONNX reference semantics on one value (double precision; exact for power-of-two scales).</summary>
    public double Apply(double x, double scale, double zeropt)
    {
        double y = x / scale + zeropt;
        if (BitWidth == 1 && Signed) y = y >= 0 ? 1 : -1; // the reference implementation's bipolar special case
        else y = Round(Math.Clamp(y, MinInt, MaxInt), RoundingMode);
        return (y - zeropt) * scale;
    }

    public static double Round(double v, string mode) => mode switch
    {
        "ROUND" or "HALF_EVEN" => Math.Round(v, MidpointRounding.ToEven),
        "FLOOR" => Math.Floor(v),
        "CEIL" => Math.Ceiling(v),
        "DOWN" => Math.Truncate(v),
        "UP" => v < 0 ? Math.Floor(v) : Math.Ceiling(v),
        "HALF_UP" => Math.Round(v, MidpointRounding.AwayFromZero),
        "HALF_DOWN" => v - Math.Truncate(v) is 0.5 or -0.5 ? Math.Truncate(v) : Math.Round(v, MidpointRounding.ToEven),
        _ => throw new ArgumentException($"unknown rounding mode {mode}"),
    };

    /// <summary>
    /// The ap type this quantizer converts to with scale 2^-fractional (zero-point 0), or the reason it has none.
    /// </summary>
    public (FixedPrecision? Type, string? Problem) ToPrecision(int fractional)
    {
        if (!RoundingModes.TryGetValue(RoundingMode, out var q))
            return (null, $"rounding_mode '{RoundingMode}' is not a QONNX rounding mode (supported: {SupportedRoundingModes})");
        if (q is null)
            return (null, $"rounding_mode '{RoundingMode}' has no ap_fixed quantization mode (supported: {SupportedRoundingModes})");
        if (BitWidth < 1 || BitWidth > 64) return (null, $"bit width {BitWidth} (supported: 1 to 64)");
        if (BitWidth == 1 && Signed) return (null, "a 1-bit signed Quant is bipolar; export it as BipolarQuant");
        if (!Signed && Narrow) return (null, "narrow=1 with signed=0 (range [0, 2^b - 2]) has no ap_ufixed saturation mode (supported: narrow with signed=1, or narrow=0)");
        var overflow = Signed && Narrow ? OverflowMode.SatSym : OverflowMode.Sat;
        return (new FixedPrecision(BitWidth, BitWidth - fractional, Signed, q.Value, overflow), null);
    }

    /// <summary>F with scale = 2^-F, or null when the scale is not a power of two.</summary>
    public static int? PowerOfTwoFraction(double scale)
    {
        if (!(scale > 0) || double.IsInfinity(scale)) return null;
        var e = Math.Log2(scale);
        var k = (int)Math.Round(e);
        return Math.ScaleB(1.0, k) == scale ? -k : null;
    }

    public override string ToString() => string.Create(CultureInfo.InvariantCulture,
        $"{BitWidth}-bit {(Signed ? "signed" : "unsigned")}{(Narrow ? " narrow" : "")} {RoundingMode}");
}
