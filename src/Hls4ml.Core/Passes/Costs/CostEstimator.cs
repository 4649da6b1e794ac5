using Hls4ml.Extensibility;
using Hls4ml.Ir;

namespace Hls4ml.Passes.Costs;

/// <summary>
/// Runs each layer's cost model and schedules the critical paths. io_parallel: the top function is one pipeline, so
/// logic chains across layers into clock cycles of <see cref="EstimateTarget.CycleBudgetNs"/>; a register goes in
/// wherever the next step would overflow the cycle (its flip-flops are the bits alive there) and at forced stages (table
/// reads, time-multiplexing). A layer's latency is the registers placed in it; the model's latency is the arrival
/// cycle of its outputs, its interval the largest layer interval. io_stream: each layer is its own process; the
/// latency is the largest interval plus the layers' pipeline depths (not checked against reports: printed as a range).
/// Unvalidated layers get the schedule repeated with every delay 15% shorter and longer as their latency range.
/// </summary>
public static class CostEstimator
{
    private const double DelaySpread = 0.15;

    public static IReadOnlyList<LayerCost> Estimate(ModelGraph graph, HlsRegistry registry, EstimateTarget target, out ModelCost total)
    {
        var resources = graph.Layers.Select(layer =>
        {
            var definition = registry.RequireLayer(layer.Type, layer.Name);
            var model = definition.CostModel;
            return (layer, model, estimate: model?.Estimate(new LayerCostContext(graph, layer, definition, target, registry)));
        }).ToList();

        var point = Schedule(graph, resources.Select(r => r.estimate).ToList(), target.CycleBudgetNs, 1.0, target.Rules.MinimisesRegisterBits);
        var fast = Schedule(graph, resources.Select(r => r.estimate).ToList(), target.CycleBudgetNs, 1 - DelaySpread, target.Rules.MinimisesRegisterBits);
        var slow = Schedule(graph, resources.Select(r => r.estimate).ToList(), target.CycleBudgetNs, 1 + DelaySpread, target.Rules.MinimisesRegisterBits);
        bool parallel = target.IOType == "io_parallel";

        var costs = new List<LayerCost>();
        for (int i = 0; i < resources.Count; i++)
        {
            var (layer, model, r) = resources[i];
            if (r is null)
            {
                costs.Add(new LayerCost(layer.Name, CostRange.Zero, CostRange.Zero, CostRange.Zero, CostRange.Zero, CostRange.Zero, 1, Modelled: false));
                continue;
            }
            bool exact = r.Validated && parallel;
            var latency = exact ? CostRange.Exact(point.Latency[i]) : Unchecked(point.Latency[i], fast.Latency[i], slow.Latency[i]);
            var ff = CostRange.Exact(point.FlipFlops[i] + r.ExtraFlipFlops);
            costs.Add(new LayerCost(layer.Name, r.Dsp, r.Lut, ff, r.Bram18, latency, r.IntervalCycles, Modelled: true));
        }

        bool allValidated = parallel && resources.All(r => r.estimate is null || r.estimate.Validated);
        long interval = costs.Select(c => c.IntervalCycles).DefaultIfEmpty(1).Max();
        CostRange totalLatency, totalInterval;
        if (parallel)
        {
            totalLatency = allValidated ? CostRange.Exact(point.Total) : Unchecked(point.Total, fast.Total, slow.Total);
            totalInterval = CostRange.Exact(interval);
        }
        else
        {
            // Dataflow: the slowest process sets the interval; a few cycles of handshake on top are common.
            long depths = costs.Sum(c => c.LatencyCycles.Point);
            totalLatency = CostRange.Of(interval + depths, interval + costs.Sum(c => c.LatencyCycles.Low), interval + costs.Sum(c => c.LatencyCycles.High) + costs.Count);
            totalInterval = new CostRange(interval, interval, interval + costs.Count);
        }
        CostRange Sum(Func<LayerCost, CostRange> f) => costs.Aggregate(CostRange.Zero, (a, c) => a + f(c));
        total = new ModelCost(target.Rules.Generation, Sum(c => c.Dsp), Sum(c => c.Lut), Sum(c => c.FlipFlops), Sum(c => c.Bram18),
            totalLatency, totalInterval, costs.All(c => c.Modelled));
        return costs;
    }

    /// <summary>
    /// A latency outside the checked rules: what ±15% operator delays give, and never narrower than ±10% (at least one
    /// cycle more), since the tool may also pipeline differently.
    /// </summary>
    private static CostRange Unchecked(long point, long fast, long slow) =>
        CostRange.Of(point, Math.Min(fast, point - point / 10), Math.Max(slow, point + Math.Max(1, point / 10)));

    private sealed record ScheduleResult(long[] Latency, long[] FlipFlops, long Total);

    private readonly record struct Arrival(long Cycle, double Ns, long LiveBits) : IComparable<Arrival>
    {
        public int CompareTo(Arrival other) => Cycle != other.Cycle ? Cycle.CompareTo(other.Cycle) : Ns.CompareTo(other.Ns);
    }

    private static ScheduleResult Schedule(ModelGraph graph, IReadOnlyList<LayerResources?> estimates, double budget, double delayScale, bool minimiseRegisterBits)
    {
        var arrival = new Dictionary<string, Arrival>(StringComparer.Ordinal);
        var latency = new long[graph.Layers.Count];
        var flipFlops = new long[graph.Layers.Count];
        for (int i = 0; i < graph.Layers.Count; i++)
        {
            var layer = graph.Layers[i];
            var start = layer.Inputs.Select(t => arrival.GetValueOrDefault(t)).DefaultIfEmpty(default).Max();
            long liveIn = layer.Inputs.Sum(t => arrival.GetValueOrDefault(t).LiveBits);
            if (liveIn == 0) liveIn = layer.Inputs.Sum(t => graph.Tensor(t).Size * (long)(graph.Tensor(t).Precision?.Width ?? 16));
            var output = graph.Tensor(layer.Outputs[0]);
            long outBits = output.Size * (long)(output.Precision?.Width ?? 16);
            var path = estimates[i]?.Path ?? Array.Empty<PipelineStep>();
            long cycle = start.Cycle, ff = 0, live = liveIn;
            // The narrowest point of the logic chained since the last register: where a register-minimising scheduler
            // puts the next one.
            long narrowest = liveIn;
            double ns = start.Ns;
            long RegisterBits() => minimiseRegisterBits ? Math.Min(live, narrowest) : live;
            foreach (var step in path)
            {
                if (step.RegisterCycles > 0)
                {
                    ff += RegisterBits() * step.RegisterCycles;
                    cycle += step.RegisterCycles;
                    ns = 0;
                    narrowest = step.LiveBits;
                }
                else if (step.DelayNs > 0)
                {
                    double d = step.DelayNs * delayScale;
                    if (ns + d > budget + 1e-9)
                    {
                        ff += RegisterBits();
                        cycle++;
                        ns = 0;
                        narrowest = live;
                    }
                    ns += d;
                }
                live = step.LiveBits;
                narrowest = Math.Min(narrowest, live);
            }
            latency[i] = cycle - start.Cycle;
            flipFlops[i] = ff;
            foreach (var t in layer.Outputs) arrival[t] = new Arrival(cycle, ns, outBits);
        }
        long total = graph.Outputs.Select(t => arrival.GetValueOrDefault(t).Cycle).DefaultIfEmpty(0).Max();
        return new ScheduleResult(latency, flipFlops, total);
    }
}

/// <summary>Totals of a model: resources summed over layers, latency and interval of the whole design.</summary>
public sealed record ModelCost(HlsToolGeneration Generation, CostRange Dsp, CostRange Lut, CostRange FlipFlops, CostRange Bram18,
    CostRange LatencyCycles, CostRange IntervalCycles, bool AllLayersModelled);
