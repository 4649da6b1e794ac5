using Hls4ml.Simulation;

namespace Hls4ml.Profiling;

/// <summary>What a precision can represent: its range and resolution (null bounds for float/double).</summary>
public sealed record TypeRange(string Type, double? Min, double? Max, double? Lsb, int Width, int? IntegerBits, string Overflow);

/// <summary>Summary statistics of a set of values.</summary>
public sealed record ValueStats(long Count, double Min, double Max, double MeanAbs, double Median, double P01, double P99)
{
    public static ValueStats Of(IReadOnlyList<double> values)
    {
        if (values.Count == 0) return new ValueStats(0, 0, 0, 0, 0, 0, 0);
        var sorted = values.ToArray();
        Array.Sort(sorted);
        double Q(double q) => sorted[(int)Math.Clamp(Math.Round(q * (sorted.Length - 1)), 0, sorted.Length - 1)];
        return new ValueStats(sorted.Length, sorted[0], sorted[^1], values.Average(Math.Abs), Q(0.5), Q(0.01), Q(0.99));
    }
}

/// <summary>
/// Distribution of log2|x| in one-bit bins: Counts[i] holds the values with floor(log2|x|) == LowBit + i (values
/// below the lowest bin are in the first, above the highest in the last); exact zeros are counted apart.
/// </summary>
public sealed record Log2Histogram(int LowBit, long[] Counts, long Zeros)
{
    public const int DefaultLowBit = -24, DefaultHighBit = 24;

    public static Log2Histogram Of(IEnumerable<double> values, int lowBit = DefaultLowBit, int highBit = DefaultHighBit)
    {
        var counts = new long[highBit - lowBit + 1];
        long zeros = 0;
        foreach (var v in values)
        {
            if (v == 0 || double.IsNaN(v)) { zeros++; continue; }
            var bit = (int)Math.Clamp(Math.Floor(Math.Log2(Math.Abs(v))), lowBit, highBit);
            counts[bit - lowBit]++;
        }
        return new Log2Histogram(lowBit, counts, zeros);
    }
}

/// <summary>
/// Values that left a type's range: which of the layer's types (Slot "result", or "accum" for layers whose accumulator
/// holds the output before its conversion), how many, where, and the smallest integer-bit change that holds them.
/// </summary>
/// <remarks>Behaviour: "wrapped" or "saturated" (what the type did to them).</remarks>
/// <remarks>ObservedMin: Smallest value the layer computed before the conversion to its type (all rows).</remarks>
/// <remarks>ExtraIntegerBits: Integer bits to add (fractional bits kept) so that every observed value fits.</remarks>
/// <remarks>SuggestedType: The type with those bits added, in the project-file spelling.</remarks>
public sealed record OverflowSummary(string Slot, string Type, long Values, long Elements, int Rows, int FirstRow, string Behaviour,
    double ObservedMin, double ObservedMax, int ExtraIntegerBits, string SuggestedType);

/// <summary>How far the simulated values are from the float model's.</summary>
/// <remarks>Relative: Max |error| divided by the largest |float value| of the layer.</remarks>
public sealed record ErrorStats(double MaxAbs, double MeanAbs, double Relative);

/// <summary>A weight array against its type.</summary>
public sealed record WeightProfile(string Slot, TypeRange Type, ValueStats Stats, Log2Histogram Histogram, long OutOfRange, int ExtraIntegerBits, string? SuggestedType);

/// <summary>One layer's numbers.</summary>
/// <remarks>Activations: The float model's values of the layer's output (what the type has to hold).</remarks>
/// <remarks>Unsaturated: The layer's output computed from the simulated inputs before conversion to its type.</remarks>
/// <remarks>Simulated: The C simulation's values.</remarks>
/// <remarks>OutputError: Mean |error| the model's outputs get from this layer's own rounding alone (the layer's
/// local error injected into the float model), over the attribution rows.</remarks>
/// <remarks>Rank: 1 = the layer that contributes most to the output error.</remarks>
public sealed record LayerProfile(
    int Index, string Name, string Type, TypeRange Result,
    ValueStats Activations, Log2Histogram ActivationHistogram, ValueStats Unsaturated, ValueStats Simulated,
    ErrorStats ErrorVsFloat, IReadOnlyList<OverflowSummary> Overflows, IReadOnlyList<WeightProfile> Weights,
    double OutputError, int Rank);

/// <summary>The profile of one model on one test set (hls-profile.json).</summary>
/// <remarks>AttributionRows: Rows used to rank the layers by output-error contribution.</remarks>
public sealed record ProfileReport(string Project, string Source, int Rows, int AttributionRows, Comparison OutputVsFloat, IReadOnlyList<LayerProfile> Layers)
{
    public IEnumerable<LayerProfile> Overflowing => Layers.Where(l => l.Overflows.Count > 0 || l.Weights.Any(w => w.OutOfRange > 0));
}
