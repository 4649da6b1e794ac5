using Hls4ml.Types;

namespace Hls4ml.Profiling;

/// <summary>
/// What a precision can hold and how a value converts to it (the quantization and overflow modes of ap_fixed), in
/// double arithmetic: exact for widths up to 52 bits, which is what profiling and precision search need.
/// </summary>
public static class FixedPointMath
{
    /// <summary>The type's grid: lsb, raw integer range, signedness (null for float/double, which hold everything).</summary>
    public readonly record struct Grid(double Lsb, double RawMin, double RawMax, QuantizationMode Quantization, OverflowMode Overflow, bool Signed, int Width)
    {
        public double Min => RawMin * Lsb;
        public double Max => RawMax * Lsb;
    }

    public static Grid? GridOf(Precision precision) => precision switch
    {
        FixedPrecision f => new Grid(Math.Pow(2, -f.Fractional), f.Signed ? -Math.Pow(2, f.TotalWidth - 1) : 0,
            f.Signed ? Math.Pow(2, f.TotalWidth - 1) - 1 : Math.Pow(2, f.TotalWidth) - 1, f.Quantization, f.Overflow, f.Signed, f.TotalWidth),
        IntegerPrecision i => new Grid(1, i.Signed ? -Math.Pow(2, i.TotalWidth - 1) : 0,
            i.Signed ? Math.Pow(2, i.TotalWidth - 1) - 1 : Math.Pow(2, i.TotalWidth) - 1, QuantizationMode.Trn, OverflowMode.Wrap, i.Signed, i.TotalWidth),
        _ => null,
    };

    /// <summary>The value on the type's grid before the overflow mode applies (quantization only), in lsb units.</summary>
    public static double RawQuantized(double x, Grid g)
    {
        var s = x / g.Lsb;
        return g.Quantization switch
        {
            QuantizationMode.Trn => Math.Floor(s),
            QuantizationMode.TrnZero => Math.Truncate(s),
            QuantizationMode.Rnd => Math.Floor(s + 0.5),
            QuantizationMode.RndZero => s >= 0 ? Math.Ceiling(s - 0.5) : Math.Floor(s + 0.5),
            QuantizationMode.RndInf => s >= 0 ? Math.Floor(s + 0.5) : Math.Ceiling(s - 0.5),
            QuantizationMode.RndMinInf => Math.Ceiling(s - 0.5),
            _ => Math.Round(s, MidpointRounding.ToEven),
        };
    }

    /// <summary>Whether the value converts to the type without overflow (after quantization).</summary>
    public static bool Fits(double x, Precision precision)
    {
        if (GridOf(precision) is not { } g) return true;
        var k = RawQuantized(x, g);
        return k >= g.RawMin && k <= g.RawMax;
    }

    /// <summary>The value the type holds after converting x: quantized, then wrapped or saturated.</summary>
    public static double Convert(double x, Precision precision)
    {
        if (precision is FloatPrecision fp) return fp.Double ? x : (float)x;
        if (GridOf(precision) is not { } g) return x;
        var k = RawQuantized(x, g);
        if (k < g.RawMin || k > g.RawMax)
        {
            k = g.Overflow switch
            {
                OverflowMode.Wrap => Wrap(k, g),
                OverflowMode.SatZero => 0,
                OverflowMode.SatSym when g.Signed => Math.Clamp(k, -g.RawMax, g.RawMax),
                _ => Math.Clamp(k, g.RawMin, g.RawMax),
            };
        }
        return k * g.Lsb;
    }

    private static double Wrap(double k, Grid g)
    {
        var span = Math.Pow(2, g.Width);
        var r = (k - g.RawMin) % span;
        if (r < 0) r += span;
        return r + g.RawMin;
    }

    /// <summary>
    /// The smallest number of integer bits to add to the type (keeping its fractional bits) so that every value in
    /// [lo, hi] converts without overflow; 0 if they already do. Null for non-fixed types.
    /// </summary>
    public static int? ExtraIntegerBits(Precision precision, double lo, double hi)
    {
        switch (precision)
        {
            case FixedPrecision f:
                for (int extra = 0; extra <= 64; extra++)
                {
                    var wider = f with { TotalWidth = f.TotalWidth + extra, Integer = f.Integer + extra };
                    if (Fits(lo, wider) && Fits(hi, wider)) return extra;
                }
                return null;
            case IntegerPrecision i:
                for (int extra = 0; extra <= 64; extra++)
                {
                    var wider = i with { TotalWidth = i.TotalWidth + extra };
                    if (Fits(lo, wider) && Fits(hi, wider)) return extra;
                }
                return null;
            default: return null;
        }
    }

    /// <summary>The type widened by <paramref name="extra"/> integer bits (fractional bits and modes kept).</summary>
    public static Precision Widen(Precision precision, int extra) => precision switch
    {
        FixedPrecision f => f with { TotalWidth = f.TotalWidth + extra, Integer = f.Integer + extra },
        IntegerPrecision i => i with { TotalWidth = i.TotalWidth + extra },
        _ => precision,
    };

    /// <summary>The XML-friendly spelling a project file takes, e.g. fixed(18,8) or fixed(16,6,RND,SAT,0).</summary>
    public static string ProjectSpelling(Precision precision) =>
        precision.ToHls4mlString().Replace('<', '(').Replace('>', ')');
}
