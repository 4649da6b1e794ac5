using System.Globalization;
using Hls4ml.Diagnostics;
using Hls4ml.Extensibility;
using Hls4ml.Ir;
using Hls4ml.Passes.Costs;
using Newtonsoft.Json;
using Newtonsoft.Json.Linq;

namespace Hls4ml.Passes;

/// <summary>
/// What one layer is expected to cost, read from the generated code's structure (no synthesis): multipliers the
/// ALLOCATION pragma allows, the largest completely partitioned array, the largest fully unrolled loop and the cycles
/// the layer needs per inference (its pipeline interval, pipeline depth not included).
/// </summary>
/// <param name="Layer">Layer name.</param>
/// <param name="Type">IR layer type.</param>
/// <param name="Strategy">Latency, Resource or Unrolled; null for layers without a reuse factor (no strategy to choose).</param>
/// <param name="ReuseFactor">The layer's reuse factor (1 for layers without one).</param>
/// <param name="Multipliers">Multipliers instantiated: ceil(n_in·n_out/RF) minus zero weights/RF, per pixel computed in parallel.</param>
/// <param name="LargestPartition">Elements of the largest array held in registers (0 when every array is a FIFO or memory).</param>
/// <param name="LargestPartitionArray">Which array that is: a weight name, or "output".</param>
/// <param name="LargestUnroll">Trip count of the largest fully unrolled loop nest (per pipeline iteration).</param>
/// <param name="UnrolledMultiplications">Multiplications that unrolled loop nest writes out (0 for layers without products).</param>
/// <param name="IntervalCycles">Clock cycles between two inferences the layer accepts.</param>
/// <param name="FifoBits">io_stream: bits of the FIFOs carrying the layer's output (depth x word width, clones included);
/// what the FIFO depths cost in memory (0 in io_parallel and for model outputs, which are ports).</param>
public sealed record LayerEstimate(
    string Layer, string Type, string? Strategy, int ReuseFactor, long Multipliers,
    long LargestPartition, string? LargestPartitionArray, long LargestUnroll, long UnrolledMultiplications, long IntervalCycles,
    long FifoBits = 0);

/// <summary>The per-layer estimates of one model under one configuration (written as hls4ml-estimates.json).</summary>
public sealed record ResourceEstimate(string IOType, int MaximumPartitionSize, int UnrollWarningThreshold, IReadOnlyList<LayerEstimate> Layers)
{
    /// <summary>DSP/LUT/FF/BRAM, latency and interval per layer (same order as <see cref="Layers"/>), for the tool generation of <see cref="Total"/>.</summary>
    public IReadOnlyList<LayerCost> Costs { get; init; } = Array.Empty<LayerCost>();

    /// <summary>The model's totals under the tool generation of the backend; null when no cost estimate was made.</summary>
    public ModelCost? Total { get; init; }

    public long TotalMultipliers => Layers.Sum(l => l.Multipliers);

    /// <summary>Sum of the layers' intervals: a lower bound on the latency in cycles (pipeline depths come on top).</summary>
    public long LatencyCycles => Layers.Sum(l => l.IntervalCycles);

    public long TotalFifoBits => Layers.Sum(l => l.FifoBits);

    public string ToJson() => new JObject
    {
        ["io_type"] = IOType,
        ["maximum_partition_size"] = MaximumPartitionSize,
        ["unroll_warning_threshold"] = UnrollWarningThreshold,
        ["total_multipliers"] = TotalMultipliers,
        ["latency_cycles_lower_bound"] = LatencyCycles,
        ["total_fifo_bits"] = TotalFifoBits,
        ["tool_generation"] = Total?.Generation.ToString(),
        ["total"] = Total is { } t ? new JObject
        {
            ["dsp"] = Json(t.Dsp), ["lut"] = Json(t.Lut), ["ff"] = Json(t.FlipFlops), ["bram18"] = Json(t.Bram18),
            ["latency_cycles"] = Json(t.LatencyCycles), ["interval_cycles"] = Json(t.IntervalCycles),
            ["all_layers_estimated"] = t.AllLayersModelled,
        } : null,
        ["layers"] = new JArray(Layers.Select((l, i) =>
        {
            var row = new JObject
            {
                ["name"] = l.Layer, ["type"] = l.Type, ["strategy"] = l.Strategy, ["reuse_factor"] = l.ReuseFactor,
                ["multipliers"] = l.Multipliers, ["largest_partition"] = l.LargestPartition,
                ["largest_partition_array"] = l.LargestPartitionArray, ["largest_unroll"] = l.LargestUnroll,
                ["unrolled_multiplications"] = l.UnrolledMultiplications, ["interval_cycles"] = l.IntervalCycles,
                ["fifo_bits"] = l.FifoBits,
            };
            if (i < Costs.Count && Costs[i] is { } c)
            {
                row["estimated"] = c.Modelled;
                row["dsp"] = Json(c.Dsp); row["lut"] = Json(c.Lut); row["ff"] = Json(c.FlipFlops); row["bram18"] = Json(c.Bram18);
                row["latency_cycles"] = Json(c.LatencyCycles);
            }
            return row;
        })),
    }.ToString(Formatting.Indented);

    /// <summary>An estimate as {"value", "min", "max"} (min = max when the tool has no choice to make).</summary>
    private static JObject Json(CostRange r) => new() { ["value"] = r.Point, ["min"] = r.Low, ["max"] = r.High };

    /// <summary>A compact fixed-width table, one line per layer plus a header and a total line.</summary>
    public IReadOnlyList<string> FormatTable()
    {
        static string N(long v) => v.ToString(CultureInfo.InvariantCulture);
        bool stream = IOType == "io_stream";
        bool costs = Costs.Count == Layers.Count;
        var header = new[] { "layer", "type", "strategy", "RF", "mults", "partition", "unroll", "cycles" };
        if (stream) header = header.Append("fifo bits").ToArray();
        if (costs) header = header.Concat(new[] { "DSP", "LUT", "FF", "BRAM18", "latency" }).ToArray();
        var rows = new List<string[]> { header };
        rows.AddRange(Layers.Select((l, i) =>
        {
            var row = new[]
            {
                l.Layer, l.Type, l.Strategy ?? "-", N(l.ReuseFactor), N(l.Multipliers),
                l.LargestPartition == 0 ? "-" : $"{N(l.LargestPartition)} ({l.LargestPartitionArray})", N(l.LargestUnroll), N(l.IntervalCycles),
            };
            if (stream) row = row.Append(N(l.FifoBits)).ToArray();
            if (costs)
            {
                var c = Costs[i];
                row = row.Concat(c.Modelled
                    ? new[] { c.Dsp.ToString(), c.Lut.ToString(), c.FlipFlops.ToString(), c.Bram18.ToString(), c.LatencyCycles.ToString() }
                    : new[] { "?", "?", "?", "?", "?" }).ToArray();
            }
            return row;
        }));
        var widths = Enumerable.Range(0, rows[0].Length).Select(c => rows.Max(r => r[c].Length)).ToArray();
        var lines = rows.Select(r => string.Join("  ", r.Select((cell, c) => c < 3 ? cell.PadRight(widths[c]) : cell.PadLeft(widths[c]))).TrimEnd()).ToList();
        if (Total is { } t)
            lines.Add($"estimate ({t.Generation}): DSP {t.Dsp}, LUT {t.Lut}, FF {t.FlipFlops}, BRAM18 {t.Bram18}, latency {t.LatencyCycles} cycles, II {t.IntervalCycles}"
                + (t.AllLayersModelled ? "" : " (layers marked ? are not estimated)"));
        lines.Add($"total: {N(TotalMultipliers)} multipliers, >= {N(LatencyCycles)} cycles latency ({IOType})"
            + (stream ? $", {N(TotalFifoBits)} FIFO bits (~{N((TotalFifoBits + 18431) / 18432)} BRAM18 if none map to shift registers)" : ""));
        return lines;
    }
}

/// <summary>
/// Estimates every layer's cost before generating (<see cref="LayerEstimate"/>, stored in
/// <see cref="PassContext.Estimate"/>) and warns where hls4ml users hit walls in synthesis:
/// HLS0308 when a layer fully unrolls more multiplications than <c>HlsUnrollWarningThreshold</c> (4096: Vivado HLS
/// stops unrolling there with XFORM 203-504), naming the smallest valid ReuseFactor that fixes it; HLS0309 once per
/// model when an io_parallel CNN keeps more feature-map elements in registers than HlsMaximumPartitionSize.
/// Oversized weight and tensor partitions are warned by <see cref="CheckPartitionSizes"/> (HLS0305) and
/// <see cref="CheckConvPartitionSizes"/> (HLS0307), which run before it; a layer already warned for its weights is not
/// warned again for the same multiplications.
/// </summary>
public sealed class EstimateResources : IPass
{
    public string Name => "estimate_resources";

    public void Run(ModelGraph graph, PassContext context)
    {
        var config = context.Config;
        bool parallel = config.IOType == "io_parallel";
        var estimates = new List<LayerEstimate>();
        foreach (var layer in graph.Layers)
        {
            var definition = context.Registry.RequireLayer(layer.Type, layer.Name);
            var estimate = Estimate(graph, layer, definition, parallel);
            estimates.Add(estimate);
            if (estimate.UnrolledMultiplications > config.UnrollWarningThreshold && !HasWeightPartitionWarning(context, layer))
                context.Diagnostics.Add(new HlsDiagnostic(DiagnosticCodes.LargeUnroll,
                    $"{layer.Type} ({estimate.Strategy}, ReuseFactor {estimate.ReuseFactor}) fully unrolls {estimate.UnrolledMultiplications} multiplications " +
                    $"per pipeline iteration (threshold {config.UnrollWarningThreshold}). {SuggestFix(layer, definition, config.UnrollWarningThreshold, parallel)}",
                    config.ProjectFile, 0, layer.Name));
        }
        if (parallel) WarnIfCnnShouldStream(graph, context);
        var target = EstimateTarget.From(config, BackendOf(context));
        var costs = CostEstimator.Estimate(graph, context.Registry, target, out var total);
        context.Estimate = new ResourceEstimate(config.IOType, config.MaximumPartitionSize, config.UnrollWarningThreshold, estimates)
        {
            Costs = costs, Total = total,
        };
    }

    public static LayerEstimate Estimate(ModelGraph graph, Layer layer, LayerDefinition definition, bool parallel)
    {
        if (definition.Estimate(graph, layer, parallel) is { } own)
            return parallel ? own : own with { FifoBits = FifoBits(graph, layer) };
        string? strategy = definition.HasReuseFactor ? layer.Get("strategy", "Latency") : null;
        int rf = definition.HasReuseFactor ? layer.Get("reuse_factor", 1) : 1;
        // Resource loops over ReuseFactor blocks; Unrolled writes the same blocks out (all products unrolled) but
        // also reshapes the kernel into ReuseFactor words.
        bool resource = strategy == "Resource", reshaped = strategy is "Resource" or "Unrolled";
        bool conv = definition.ComputesPixelsInParallel;
        // io_parallel convolutions compute ParallelizationFactor pixels per pipeline iteration; io_stream one pixel.
        int pixelsAtOnce = conv && parallel ? layer.Get("parallelization_factor", 1) : 1;
        var output = graph.Tensor(layer.Outputs[0]);

        long multipliers = layer.Get("multiplier_limit", 0) * (long)pixelsAtOnce;
        // ±1/0 weights (ap_int<2>: binary and ternary networks) select x, -x or 0: no multiplier.
        if (layer.Types.GetValueOrDefault("weight") is Types.IntegerPrecision { TotalWidth: <= 2 }) multipliers = 0;
        long unrolledMultiplications = 0;
        if (IsMatrixProduct(layer, definition))
        {
            long products = (long)layer.Get<int>("n_in") * layer.Get<int>("n_out");
            unrolledMultiplications = (resource ? CeilDiv(products, rf) : products) * pixelsAtOnce;
        }

        // io_parallel completes every loop over a tensor within one iteration; io_stream handles one pixel at a time.
        long elementwise = parallel
            ? layer.Inputs.Select(t => (long)graph.Tensor(t).Size).Append(output.Size).Max()
            : output.Shape[^1];
        long largestUnroll = Math.Max(unrolledMultiplications, elementwise);

        long largestPartition = 0;
        string? partitionArray = null;
        foreach (var w in layer.Weights.Values)
        {
            // Resource reshapes the kernel into ReuseFactor words of n_in·n_out/RF values; everything else is partitioned completely.
            long size = reshaped && w.Name == "weight" ? CeilDiv(w.Data.Length, rf) : w.Data.Length;
            if (size > largestPartition) (largestPartition, partitionArray) = (size, w.Name);
        }
        if (parallel && output.Size > largestPartition) (largestPartition, partitionArray) = (output.Size, "output");

        long pixels = output.Shape.Length > 1 ? output.Shape[..^1].Aggregate(1L, (a, b) => a * b) : 1;
        long interval = conv
            ? (parallel ? layer.Get("n_partitions", 1) * (long)rf : layer.Get<int>("in_height") * (long)layer.Get<int>("in_width") * rf)
            : definition.HasReuseFactor ? rf
            : parallel ? 1 : pixels;
        return new LayerEstimate(layer.Name, layer.Type, strategy, rf, multipliers, largestPartition, partitionArray,
            largestUnroll, unrolledMultiplications, interval, parallel ? 0 : FifoBits(graph, layer));
    }

    /// <summary>
    /// Bits of the FIFOs carrying a layer's output in io_stream: depth (FifoDepth, else the word count) x word width,
    /// times the streams the writer declares for it: its own (none for a model input, or an output read by nobody else:
    /// those are ports) plus, with
    /// k > 1 readers, one copy per reader that is not the output port and k - 2 forwarding streams of the clone chain.
    /// </summary>
    private static long FifoBits(ModelGraph graph, Layer layer)
    {
        var output = graph.Tensor(layer.Outputs[0]);
        if (output.Shape.Length == 0) return 0;
        int pack = output.Shape[^1];
        long words = output.Size / pack;
        long depth = layer.Get<int?>("fifo_depth", null) ?? words;
        int width = (output.Precision ?? layer.Types["result"]).Width;
        bool isOutput = graph.Outputs.Contains(output.Name);
        int readers = graph.Layers.Sum(l => l.Inputs.Count(t => t == output.Name)) + (isOutput ? 1 : 0);
        bool sourceIsPort = layer.Type == "Input" || (isOutput && readers == 1);
        int streams = (sourceIsPort ? 0 : 1) + (readers > 1 ? readers - (isOutput ? 1 : 0) + readers - 2 : 0);
        return streams * depth * pack * width;
    }


    /// <summary>
    /// The concrete change that brings the layer's unrolled block (and completely partitioned kernel) to at most
    /// <paramref name="limit"/> elements: the smallest valid ReuseFactor with Strategy Resource, else a smaller
    /// ParallelizationFactor for convolutions, else a smaller layer.
    /// </summary>
    public static string SuggestFix(Layer layer, LayerDefinition definition, int limit, bool parallel)
    {
        if (!IsMatrixProduct(layer, definition))
            return $"Make the layer smaller: {layer.Type} has no Resource strategy or ReuseFactor to split it.";
        int nIn = layer.Get<int>("n_in"), nOut = layer.Get<int>("n_out");
        long products = (long)nIn * nOut;
        bool conv = definition.ComputesPixelsInParallel;
        int pixelsAtOnce = conv && parallel ? layer.Get("parallelization_factor", 1) : 1;
        if (pixelsAtOnce > 1 && products <= limit)
        {
            int pixels = layer.Get<int>("n_pixels");
            int factor = Enumerable.Range(1, pixelsAtOnce).Last(f => pixels % f == 0 && f * products <= limit);
            return $"Suggested: <HlsLayerConfig Include=\"{layer.Name}\" ParallelizationFactor=\"{factor}\" /> ({factor} pixel(s) × {products} multiplications per iteration), or <HlsIOType>io_stream</HlsIOType>.";
        }
        if (!definition.Strategies.Contains("Resource"))
            return $"{layer.Type} has only the {string.Join("/", definition.Strategies)} strategy in this version: reduce its filters or channels ({products} multiplications per pixel).";
        // hls4ml's convolution Resource kernels need RF <= filt_h·filt_w·n_chan (hls4ml issue #817).
        var reuseFactor = SmallestResourceReuseFactor(nIn, nOut, limit / pixelsAtOnce, conv ? nIn : int.MaxValue);
        return reuseFactor is int rf
            ? $"Suggested: <HlsLayerConfig Include=\"{layer.Name}\" Strategy=\"Resource\" ReuseFactor=\"{rf}\" /> (the smallest valid ReuseFactor whose blocks of {products / rf} multiplications fit {limit}; latency about {rf} cycles)."
            : $"No valid ReuseFactor brings its {products} multiplications to blocks of {limit}: split or shrink the layer.";
    }

    /// <summary>Smallest reuse factor hls4ml accepts (<see cref="ValidateReuseFactor.IsValid"/>) whose Resource blocks of n_in·n_out/RF fit the limit.</summary>
    public static int? SmallestResourceReuseFactor(int nIn, int nOut, long limit, int maxReuseFactor = int.MaxValue)
    {
        long products = (long)nIn * nOut;
        foreach (var rf in ValidateReuseFactor.ValidValues(nIn, nOut))
        {
            if (rf > maxReuseFactor) break;
            if (products / rf <= limit) return rf;  // valid reuse factors divide n_in·n_out
        }
        return null;
    }

    /// <summary>
    /// io_parallel keeps every feature map of a CNN in registers; once they hold more elements together than one array
    /// may (HlsMaximumPartitionSize), io_stream (FIFOs and line buffers) is the fix. One warning per model, naming the
    /// largest maps; tensors above the limit on their own are also warned individually by HLS0307.
    /// </summary>
    private static void WarnIfCnnShouldStream(ModelGraph graph, PassContext context)
    {
        var cnnLayers = graph.Layers.Where(l => context.Registry.RequireLayer(l.Type, l.Name).HoldsFeatureMaps).ToList();
        if (cnnLayers.Count == 0) return;
        var maps = cnnLayers.SelectMany(l => l.Inputs.Concat(l.Outputs)).Distinct().Select(graph.Tensor).ToList();
        long total = maps.Sum(t => (long)t.Size);
        int limit = context.Config.MaximumPartitionSize;
        if (total <= limit) return;
        var largest = maps.OrderByDescending(t => t.Size).Take(3).Select(t => $"'{t.Name}' [{string.Join(",", t.Shape)}] {t.Size}");
        context.Diagnostics.Add(new HlsDiagnostic(DiagnosticCodes.CnnShouldStream,
            $"the CNN's {maps.Count} feature maps hold {total} elements in registers under io_parallel (more than HlsMaximumPartitionSize {limit}); largest: {string.Join(", ", largest)}. " +
            "Suggested: <HlsIOType>io_stream</HlsIOType>.",
            context.Config.ProjectFile, 0, cnnLayers[0].Name));
    }

    /// <summary>The configured backend; registries without it (tests, stripped-down hosts) estimate for Vivado HLS.</summary>
    private static Backends.BackendDefinition BackendOf(PassContext context) =>
        context.Registry.Backends.FirstOrDefault(b => string.Equals(b.Name, context.Config.Backend, StringComparison.OrdinalIgnoreCase))
        ?? Backends.BackendDefinition.Vivado;

    /// <summary>Dense and convolutions: n_in products summed into each of n_out outputs (per pixel) under a reuse factor.</summary>
    private static bool IsMatrixProduct(Layer layer, LayerDefinition definition) =>
        definition.HasReuseFactor && layer.Attributes.ContainsKey("n_in") && layer.Attributes.ContainsKey("n_out");

    private static bool HasWeightPartitionWarning(PassContext context, Layer layer) =>
        context.Diagnostics.Items.Any(d => d.Descriptor == DiagnosticCodes.LargePartition && d.Layer == layer.Name);

    private static long CeilDiv(long a, long b) => (a + b - 1) / b;
}
