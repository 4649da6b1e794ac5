using System.Globalization;
using Hls4ml.Extensibility;
using Hls4ml.Ir;

namespace Hls4ml.Passes.Costs;

/// <summary>An estimated quantity: the most likely value and the range the tool's choices can move it in.</summary>
public readonly record struct CostRange(long Low, long Point, long High)
{
    public static CostRange Exact(long value) => new(value, value, value);
    public static readonly CostRange Zero = Exact(0);

    public bool IsExact => Low == High;

    public static CostRange operator +(CostRange a, CostRange b) => new(a.Low + b.Low, a.Point + b.Point, a.High + b.High);
    public CostRange Times(long factor) => new(Low * factor, Point * factor, High * factor);

    /// <summary>Ordered so Low &lt;= Point &lt;= High whatever order the alternatives came in.</summary>
    public static CostRange Of(long point, params long[] alternatives)
    {
        long low = alternatives.Append(point).Min(), high = alternatives.Append(point).Max();
        return new CostRange(low, point, high);
    }

    /// <summary>"938", or "938 (900-1004)" when the tool may choose otherwise.</summary>
    public override string ToString()
    {
        static string N(long v) => v.ToString(CultureInfo.InvariantCulture);
        return IsExact ? N(Point) : $"{N(Point)} ({N(Low)}-{N(High)})";
    }
}

/// <summary>
/// One step on the critical path through a layer: logic of <paramref name="DelayNs"/> that the scheduler chains into a
/// clock cycle, or <paramref name="RegisterCycles"/> forced register stages (a table read, time-multiplexing).
/// <paramref name="LiveBits"/> are the bits alive after the step: what a pipeline register placed right after it holds.
/// </summary>
public sealed record PipelineStep(string What, double DelayNs, int RegisterCycles, long LiveBits)
{
    public static PipelineStep Logic(string what, double ns, long liveBits) => new(what, ns, 0, liveBits);
    public static PipelineStep Registers(string what, int cycles, long liveBits) => new(what, 0, cycles, liveBits);
}

/// <summary>
/// What a layer's cost model says about one layer (before scheduling): DSP, LUT and block-RAM cost, the pipeline steps
/// of its critical path (scheduled by <see cref="CostEstimator"/> into latency and pipeline registers), the interval in
/// cycles and whether the layer lies inside what the rules were checked on (else the latency is printed as a range).
/// </summary>
public sealed record LayerResources(CostRange Dsp, CostRange Lut, CostRange Bram18, IReadOnlyList<PipelineStep> Path,
    long IntervalCycles, bool Validated, long ExtraFlipFlops = 0)
{
    public static LayerResources None(long interval = 1) => new(CostRange.Zero, CostRange.Zero, CostRange.Zero, Array.Empty<PipelineStep>(), interval, true);
}

/// <summary>The estimated implementation cost of one layer: resources, pipeline depth and interval.</summary>
/// <param name="Layer">Layer name.</param>
/// <param name="Dsp">DSP slices.</param>
/// <param name="Lut">LUTs (logic: adders, LUT multipliers, multiplexers, small tables).</param>
/// <param name="FlipFlops">Pipeline registers the schedule places in the layer.</param>
/// <param name="Bram18">18-Kbit block RAMs (tables, weight memories, FIFOs).</param>
/// <param name="LatencyCycles">Clock cycles the layer adds to the model's latency.</param>
/// <param name="IntervalCycles">Cycles between two inputs the layer accepts.</param>
/// <param name="Modelled">False when no cost model covers the layer type (its cost is not included).</param>
public sealed record LayerCost(string Layer, CostRange Dsp, CostRange Lut, CostRange FlipFlops, CostRange Bram18,
    CostRange LatencyCycles, long IntervalCycles, bool Modelled);

/// <summary>What a cost model may look at for one layer.</summary>
public sealed record LayerCostContext(ModelGraph Graph, Layer Layer, LayerDefinition Definition, EstimateTarget Target, HlsRegistry Registry)
{
    public ToolRules Rules => Target.Rules;
    public bool Parallel => Target.IOType == "io_parallel";
}

/// <summary>
/// A layer type's cost model (DSP/LUT/BRAM and pipeline path). Layer definitions name theirs with
/// <see cref="LayerDefinition.CostModel"/>; a layer type without one is reported as not estimated.
/// </summary>
public interface ILayerCostModel
{
    LayerResources Estimate(LayerCostContext context);
}
