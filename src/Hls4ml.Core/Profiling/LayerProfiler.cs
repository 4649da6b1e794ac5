using Hls4ml.Diagnostics;
using Hls4ml.Extensibility;
using Hls4ml.Ir;
using Hls4ml.Simulation;
using Hls4ml.Types;

namespace Hls4ml.Profiling;

/// <summary>
/// Turns a C simulation trace into per-layer numbers: distributions against each type's range and resolution, error
/// against the float model, overflows, and each layer's contribution to the output error. The graph must have been
/// through the backend flow (every layer has its types). Works without MSBuild.
/// </summary>
public sealed class LayerProfiler(ModelGraph graph, HlsRegistry registry)
{
    /// <summary>Rows used to attribute the output error to layers (one float pass per layer and row).</summary>
    public int MaxAttributionRows { get; init; } = 200;

    public ProfileReport Analyze(string project, IReadOnlyList<double[]> inputs, LayerTrace trace, IReadOnlyList<double[]> predictions)
    {
        if (trace.Rows != inputs.Count)
            throw new HlsException(DiagnosticCodes.SimulationFailed, $"the layer trace holds {trace.Rows} rows, the test data {inputs.Count}.");
        var reference = new FloatReference(graph, registry);
        var floats = inputs.Select(reference.PredictTensors).ToList();
        var traced = graph.Layers.Where(trace.Contains).ToList();

        // A layer's unsaturated output: computed in double from what the simulation fed it (the traced outputs of the
        // layers before it), so an overflow is charged to the layer where it happens, not to the layers after it.
        var unsaturated = new Dictionary<int, List<double[]>>();
        for (int r = 0; r < inputs.Count; r++)
        {
            var simulatedInputs = SimulatedTensors(trace, r, floats[r]);
            foreach (var layer in traced)
            {
                if (!unsaturated.TryGetValue(layer.Index, out var list)) unsaturated[layer.Index] = list = new List<double[]>();
                list.Add(layer.Type == "Input" ? floats[r][layer.Outputs[0]] : reference.Evaluate(layer, simulatedInputs));
            }
        }

        var contributions = Attribute(reference, traced, trace, unsaturated, floats);
        var ranks = contributions.OrderByDescending(c => c.Value).Select((c, i) => (c.Key, Rank: i + 1)).ToDictionary(x => x.Key, x => x.Rank);
        var layers = traced.Select(layer => Profile(layer, trace.Of(layer), unsaturated[layer.Index],
            floats.Select(f => f[layer.Outputs[0]]).ToList(), contributions[layer.Index], ranks[layer.Index])).ToList();
        var floatOutputs = floats.Select(f => graph.Outputs.SelectMany(o => f[o]).ToArray()).ToList();
        return new ProfileReport(project, graph.SourceFile is null ? graph.Name : Path.GetFileName(graph.SourceFile), inputs.Count,
            Math.Min(inputs.Count, MaxAttributionRows), Comparison.Compute("float reference", predictions, floatOutputs), layers);
    }

    /// <summary>The simulation's value of every traced tensor on row r (untraced tensors keep their float value).</summary>
    private Dictionary<string, double[]> SimulatedTensors(LayerTrace trace, int r, Dictionary<string, double[]> floats)
    {
        var values = new Dictionary<string, double[]>(floats, StringComparer.Ordinal);
        foreach (var layer in graph.Layers.Where(trace.Contains)) values[layer.Outputs[0]] = trace.Of(layer)[r];
        return values;
    }

    /// <summary>
    /// For each layer: the mean |output error| of the float model when only this layer's own rounding error (simulated
    /// minus unsaturated value, given the simulated inputs) is added to its output and propagated in double.
    /// </summary>
    private Dictionary<int, double> Attribute(FloatReference reference, List<Layer> traced, LayerTrace trace,
        Dictionary<int, List<double[]>> unsaturated, List<Dictionary<string, double[]>> floats)
    {
        int rows = Math.Min(floats.Count, MaxAttributionRows);
        var result = traced.ToDictionary(l => l.Index, _ => 0.0);
        var order = graph.Layers;
        foreach (var layer in traced)
        {
            int position = order.IndexOf(layer);
            double sum = 0; long n = 0;
            for (int r = 0; r < rows; r++)
            {
                var values = new Dictionary<string, double[]>(floats[r], StringComparer.Ordinal);
                var own = trace.Of(layer)[r];
                var local = unsaturated[layer.Index][r];
                var baseValue = floats[r][layer.Outputs[0]];
                var injected = new double[baseValue.Length];
                for (int i = 0; i < injected.Length; i++) injected[i] = baseValue[i] + (own[i] - local[i]);
                values[layer.Outputs[0]] = injected;
                for (int k = position + 1; k < order.Count; k++)
                    if (order[k].Type != "Input") values[order[k].Outputs[0]] = reference.Evaluate(order[k], values);
                foreach (var o in graph.Outputs)
                {
                    var a = values[o]; var b = floats[r][o];
                    for (int i = 0; i < a.Length; i++) { sum += Math.Abs(a[i] - b[i]); n++; }
                }
            }
            result[layer.Index] = n == 0 ? 0 : sum / n;
        }
        return result;
    }

    private static LayerProfile Profile(Layer layer, IReadOnlyList<double[]> simulated, IReadOnlyList<double[]> unsaturated,
        IReadOnlyList<double[]> floats, double outputError, int rank)
    {
        var type = layer.Types["result"];
        var floatValues = floats.SelectMany(v => v).ToList();
        var unsaturatedValues = unsaturated.SelectMany(v => v).ToList();
        double maxAbs = 0, sumAbs = 0, maxFloat = 0; long n = 0;
        for (int r = 0; r < simulated.Count; r++)
            for (int i = 0; i < simulated[r].Length; i++)
            {
                var e = Math.Abs(simulated[r][i] - floats[r][i]);
                maxAbs = Math.Max(maxAbs, e); sumAbs += e; n++;
                maxFloat = Math.Max(maxFloat, Math.Abs(floats[r][i]));
            }
        return new LayerProfile(layer.Index, layer.Name, layer.Type, RangeOf(type),
            ValueStats.Of(floatValues), Log2Histogram.Of(floatValues), ValueStats.Of(unsaturatedValues), ValueStats.Of(simulated.SelectMany(v => v).ToList()),
            new ErrorStats(maxAbs, n == 0 ? 0 : sumAbs / n, maxFloat == 0 ? 0 : maxAbs / maxFloat),
            Overflows(layer, unsaturated), layer.Weights.Select(w => WeightProfileOf(w.Key, w.Value, layer)).ToList(), outputError, rank);
    }

    /// <summary>
    /// Layer types whose accumulator holds the output before its conversion to the result type (so the accumulator must
    /// hold the output's range too; partial sums of a wrapping accumulator may leave it, the final sum may not).
    /// </summary>
    public static readonly IReadOnlySet<string> AccumulatingTypes = new HashSet<string>(StringComparer.Ordinal)
        { "Dense", "Conv1D", "Conv2D", "DepthwiseConv1D", "DepthwiseConv2D", "Dot" };

    private static List<OverflowSummary> Overflows(Layer layer, IReadOnlyList<double[]> unsaturated)
    {
        var list = new List<OverflowSummary>();
        if (Overflow("result", layer.Types["result"], unsaturated) is { } result) list.Add(result);
        if (AccumulatingTypes.Contains(layer.Type) && layer.Types.TryGetValue("accum", out var accum) && Overflow("accum", accum, unsaturated) is { } acc)
            list.Add(acc);
        return list;
    }

    /// <summary>Values that did not fit the type (before it wrapped or saturated them), with the fix.</summary>
    private static OverflowSummary? Overflow(string slot, Precision type, IReadOnlyList<double[]> unsaturated)
    {
        if (FixedPointMath.GridOf(type) is not { } grid) return null;
        long count = 0, elements = 0; int rows = 0, first = -1;
        double lo = double.PositiveInfinity, hi = double.NegativeInfinity;
        for (int r = 0; r < unsaturated.Count; r++)
        {
            bool any = false;
            foreach (var v in unsaturated[r])
            {
                elements++;
                lo = Math.Min(lo, v); hi = Math.Max(hi, v);
                if (!FixedPointMath.Fits(v, type)) { count++; any = true; }
            }
            if (any) { rows++; if (first < 0) first = r; }
        }
        if (count == 0) return null;
        var extra = FixedPointMath.ExtraIntegerBits(type, lo, hi) ?? 0;
        return new OverflowSummary(slot, type.ToCpp(), count, elements, rows, first, grid.Overflow == OverflowMode.Wrap ? "wrapped" : "saturated",
            lo, hi, extra, FixedPointMath.ProjectSpelling(FixedPointMath.Widen(type, extra)));
    }

    private static WeightProfile WeightProfileOf(string slot, WeightVariable weight, Layer layer)
    {
        var type = weight.Precision ?? (layer.Types.TryGetValue(slot, out var t) ? t : new FloatPrecision(true));
        var values = weight.Data.Select(v => (double)v).ToList();
        long outside = values.Count(v => !FixedPointMath.Fits(v, type));
        int extra = 0; string? suggested = null;
        if (outside > 0 && values.Count > 0)
        {
            extra = FixedPointMath.ExtraIntegerBits(type, values.Min(), values.Max()) ?? 0;
            suggested = FixedPointMath.ProjectSpelling(FixedPointMath.Widen(type, extra));
        }
        return new WeightProfile(slot, RangeOf(type), ValueStats.Of(values), Log2Histogram.Of(values), outside, extra, suggested);
    }

    public static TypeRange RangeOf(Precision p) => FixedPointMath.GridOf(p) is { } g
        ? new TypeRange(p.ToCpp(), g.Min, g.Max, g.Lsb, p.Width, p is FixedPrecision f ? f.Integer : p.Width,
            g.Overflow == OverflowMode.Wrap ? "wrap" : "saturate")
        : new TypeRange(p.ToCpp(), null, null, null, p.Width, null, "none");

    /// <summary>
    /// The coded warnings for a profile: one HLS0410 per layer whose output left its type, one HLS0411 per weight
    /// array that does not fit its type, each naming the layer, the type, the observed range and the fix.
    /// </summary>
    public static IReadOnlyList<HlsDiagnostic> Diagnose(ProfileReport report, string? file = null)
    {
        var list = new List<HlsDiagnostic>();
        foreach (var l in report.Layers)
        {
            if (l.Overflows.Count > 0)
            {
                var o = l.Overflows[0];
                var types = string.Join(" and ", l.Overflows.Select(x => $"{(x.Slot == "result" ? "output" : x.Slot)} type {x.Type}"));
                var range = FixedPointMath.GridOf(Precision.Parse(o.Type)) is { } g ? $"[{Num(g.Min)}, {Num(g.Max)}]" : "";
                list.Add(new HlsDiagnostic(DiagnosticCodes.LayerOverflow,
                    $"{l.Type} {types} (range {range}) cannot hold the values the layer computed, [{Num(o.ObservedMin)}, {Num(o.ObservedMax)}]: " +
                    $"{o.Values} of {o.Elements} values on {o.Rows} of {report.Rows} rows (first row {o.FirstRow + 1}) were {o.Behaviour}. " +
                    $"Smallest fix: {string.Join(", ", l.Overflows.Select(x => $"{x.ExtraIntegerBits} more integer bit(s) for the {x.Slot}"))}: " +
                    $"<HlsLayerConfig Include=\"{XmlText(l.Name)}\" {string.Join(" ", l.Overflows.Select(x => $"{SlotKey(x.Slot)}=\"{x.SuggestedType}\""))} />.",
                    file, 0, l.Name));
            }
            foreach (var w in l.Weights.Where(w => w.OutOfRange > 0))
                list.Add(new HlsDiagnostic(DiagnosticCodes.WeightOverflow,
                    $"{w.OutOfRange} of {w.Stats.Count} '{w.Slot}' values lie in [{Num(w.Stats.Min)}, {Num(w.Stats.Max)}], outside {w.Type.Type} [{Num(w.Type.Min)}, {Num(w.Type.Max)}]. " +
                    $"Smallest fix: {w.ExtraIntegerBits} more integer bit(s), <HlsLayerConfig Include=\"{XmlText(l.Name)}\" {SlotKey(w.Slot)}=\"{w.SuggestedType}\" />.",
                    file, 0, l.Name));
        }
        return list;
    }

    /// <summary>The per-layer setting of a type slot: weight → WeightPrecision (as ConfigPasses reads them).</summary>
    public static string SlotKey(string slot) => string.Concat(slot.Split('_').Select(p => p.Length == 0 ? p : char.ToUpperInvariant(p[0]) + p[1..])) + "Precision";

    internal static string Num(double? v) => v is { } x ? x.ToString("G6", System.Globalization.CultureInfo.InvariantCulture) : "unbounded";

    /// <summary>A model-derived name as XML attribute text (the message shows an item to paste into the project).</summary>
    internal static string XmlText(string s) => System.Security.SecurityElement.Escape(s) ?? "";
}
