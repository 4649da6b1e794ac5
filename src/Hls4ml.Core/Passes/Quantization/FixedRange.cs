using Hls4ml.Types;

namespace Hls4ml.Passes.Quantization;

/// <summary>
/// The values a tensor can hold exactly: multiples of 2^-<see cref="Fractional"/> in [<see cref="Min"/>, <see cref="Max"/>].
/// Fractional may be negative (multiples of 4 have Fractional = -2). Used to give every layer of a quantization-aware
/// model the narrowest fixed-point type that holds its results without rounding or overflow.
/// </summary>
public sealed record FixedRange(double Min, double Max, int Fractional)
{
    /// <summary>Widest type inference may give a slot (see <see cref="FixedPrecision.MaxInferredWidth"/>).</summary>
    public const int MaxWidth = FixedPrecision.MaxInferredWidth;

    /// <summary>Finest step a constant may need before it is treated as not exactly representable.</summary>
    private const int MaxConstantFraction = 40;

    public static FixedRange Zero { get; } = new(0, 0, 0);

    public double Lsb => Math.Pow(2, -Fractional);

    /// <summary>The values of a fixed or integer type; null for floating point.</summary>
    public static FixedRange? Of(Precision precision) => precision switch
    {
        FixedPrecision f => new FixedRange(f.MinValue, f.MaxValue, f.Fractional),
        IntegerPrecision i => new FixedRange(i.Signed ? -Math.Pow(2, i.TotalWidth - 1) : 0,
            i.Signed ? Math.Pow(2, i.TotalWidth - 1) - 1 : Math.Pow(2, i.TotalWidth) - 1, 0),
        _ => null,
    };

    /// <summary>The exact range of constant values (weights), or null when one of them is not a short dyadic fraction.</summary>
    public static FixedRange? OfValues(IEnumerable<float> values)
    {
        double min = 0, max = 0;
        int fraction = int.MinValue;
        foreach (var f in values)
        {
            double v = f;
            if (double.IsNaN(v) || double.IsInfinity(v)) return null;
            if (v == 0) continue;
            var needed = FractionBits(v);
            if (needed is null) return null;
            fraction = Math.Max(fraction, needed.Value);
            min = Math.Min(min, v);
            max = Math.Max(max, v);
        }
        return new FixedRange(min, max, fraction == int.MinValue ? 0 : fraction);
    }

    /// <summary>Smallest F (possibly negative) with v·2^F an integer; null when more than 40 fractional bits are needed.</summary>
    public static int? FractionBits(double v)
    {
        if (v == 0) return null;
        for (int f = -60; f <= MaxConstantFraction; f++)
        {
            var scaled = Math.ScaleB(v, f);
            if (Math.Abs(scaled) < 1) continue;
            if (scaled == Math.Floor(scaled)) return f;
        }
        return null;
    }

    public FixedRange Hull(FixedRange other) =>
        new(Math.Min(Min, other.Min), Math.Max(Max, other.Max), Math.Max(Fractional, other.Fractional));

    public FixedRange WithZero() => new(Math.Min(Min, 0), Math.Max(Max, 0), Fractional);

    public FixedRange Add(FixedRange other) => new(Min + other.Min, Max + other.Max, Math.Max(Fractional, other.Fractional));

    public FixedRange Subtract(FixedRange other) => new(Min - other.Max, Max - other.Min, Math.Max(Fractional, other.Fractional));

    public FixedRange Multiply(FixedRange other)
    {
        var p = new[] { Min * other.Min, Min * other.Max, Max * other.Min, Max * other.Max };
        return new FixedRange(p.Min(), p.Max(), Fractional + other.Fractional);
    }

    /// <summary>
    /// The narrowest ap_fixed/ap_ufixed holding every value of the range (modes TRN/WRAP: nothing is ever rounded or
    /// wrapped); null when it would be wider than <see cref="MaxWidth"/> bits.
    /// </summary>
    public FixedPrecision? ToPrecision()
    {
        bool signed = Min < 0;
        double lsb = Lsb;
        // Integer bits (sign included when signed) such that Min and Max fit.
        int integer = signed ? 1 : 0;
        integer = Math.Max(integer, -Fractional + 1);
        while (!Fits(integer, signed, lsb)) integer++;
        // Trim integer bits while the range still fits (negative I for small ranges) but keep width >= 1.
        while (integer + Fractional > 1 && Fits(integer - 1, signed, lsb)) integer--;
        int width = integer + Fractional;
        if (width < 1) { integer += 1 - width; width = 1; }
        if (width > MaxWidth) return null;
        return new FixedPrecision(width, integer, signed);
    }

    /// <summary>
    /// Whether [Min, Max] fits I integer bits. Max lies on the lsb grid, so "Max &lt;= 2^(I-1) - lsb" is "Max &lt; 2^(I-1)",
    /// which stays exact in doubles for types wider than 53 bits, where subtracting the lsb would round away.
    /// </summary>
    private bool Fits(int integer, bool signed, double lsb)
    {
        double limit = signed ? Math.Pow(2, integer - 1) : Math.Pow(2, integer);
        double lo = signed ? -Math.Pow(2, integer - 1) : 0;
        return Min >= lo && Max < limit;
    }
}
