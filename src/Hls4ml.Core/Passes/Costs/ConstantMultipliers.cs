using System.Numerics;
using Hls4ml.Types;

namespace Hls4ml.Passes.Costs;

/// <summary>
/// A weight as the synthesis tool sees it: the integer the constant becomes in its fixed-point type (value / LSB),
/// and from it how a product with that constant is built.
/// </summary>
public readonly record struct QuantizedWeight(long Units)
{
    public bool IsZero => Units == 0;

    /// <summary>Bits of the odd part of |Units|: a constant 2^k·m costs what m costs (the 2^k is wiring).</summary>
    public int OddBits
    {
        get
        {
            if (Units == 0) return 0;
            ulong m = (ulong)Math.Abs(Units);
            m >>= BitOperations.TrailingZeroCount(m);
            return 64 - BitOperations.LeadingZeroCount(m);
        }
    }

    /// <summary>±2^k: a shift (and at most a sign flip), never a multiplier.</summary>
    public bool IsPowerOfTwo => OddBits == 1;

    /// <summary>Nonzero digits of the canonical signed-digit form: a LUT multiplier needs one adder fewer than this.</summary>
    public int SignedDigits
    {
        get
        {
            long n = Math.Abs(Units);
            int digits = 0;
            while (n != 0)
            {
                if ((n & 1) != 0)
                {
                    digits++;
                    n = (n & 3) == 3 ? n + 1 : n - 1;  // a run of ones becomes +2^k - 1
                }
                n >>= 1;
            }
            return digits;
        }
    }
}

/// <summary>Turns weight values into the constants the generated C++ holds (the weight type's quantization and overflow).</summary>
public static class WeightQuantizer
{
    /// <summary>Bits of the weight type (its width), or 0 for floating point (not a fixed-point constant).</summary>
    public static int Width(Precision precision) => precision.Width;

    public static QuantizedWeight Quantize(double value, Precision precision)
    {
        (int fractional, int width, bool signed, QuantizationMode q, OverflowMode o) = precision switch
        {
            FixedPrecision f => (f.Fractional, f.TotalWidth, f.Signed, f.Quantization, f.Overflow),
            IntegerPrecision i => (0, i.TotalWidth, i.Signed, QuantizationMode.Trn, OverflowMode.Wrap),
            // Floating point has no fixed grid: model it as a 24-bit significand constant.
            _ => (23 - (int)Math.Ceiling(Math.Log2(Math.Max(Math.Abs(value), 1e-30))), 25, true, QuantizationMode.Rnd, OverflowMode.Sat),
        };
        double scaled = Math.ScaleB(value, fractional);
        double rounded = q switch
        {
            QuantizationMode.Trn => Math.Floor(scaled),
            QuantizationMode.TrnZero => Math.Truncate(scaled),
            QuantizationMode.Rnd => Math.Floor(scaled + 0.5),
            QuantizationMode.RndZero => scaled >= 0 ? Math.Ceiling(scaled - 0.5) : Math.Floor(scaled + 0.5),
            QuantizationMode.RndInf => Math.Round(scaled, MidpointRounding.AwayFromZero),
            QuantizationMode.RndMinInf => Math.Ceiling(scaled - 0.5),
            _ => Math.Round(scaled, MidpointRounding.ToEven),
        };
        width = Math.Clamp(width, 1, 62);
        long min = signed ? -(1L << (width - 1)) : 0, max = signed ? (1L << (width - 1)) - 1 : (1L << width) - 1;
        if (double.IsNaN(rounded)) return new QuantizedWeight(0);
        if (o == OverflowMode.Wrap)
        {
            long modulus = 1L << width;
            double wrapped = rounded - Math.Floor((rounded - min) / modulus) * modulus;
            return new QuantizedWeight((long)wrapped);
        }
        return new QuantizedWeight((long)Math.Clamp(rounded, min, max));
    }
}
