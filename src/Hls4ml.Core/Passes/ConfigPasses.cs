using System.Globalization;
using Hls4ml.Config;
using Hls4ml.Diagnostics;
using Hls4ml.Extensibility;
using Hls4ml.Ir;
using Hls4ml.Types;

namespace Hls4ml.Passes;

/// <summary>
/// Applies HlsLayerConfig (by name) over HlsLayerTypeConfig (by type) over the model defaults, validating every
/// setting against what the layer declares. Explicit precisions are recorded for <see cref="InferPrecisions"/>.
/// </summary>
public sealed class ApplyLayerConfig : IPass
{
    public string Name => "apply_layer_config";

    public IReadOnlyList<ComputedAttribute> Computes { get; } = new ComputedAttribute[]
    {
        new("reuse_factor", typeof(int), "every layer"),
        new("strategy", typeof(string), "every layer"),
        new("fifo_depth", typeof(int), "layers with a FifoDepth setting"),
    };

    public void Run(ModelGraph graph, PassContext context)
    {
        var config = context.Config;
        foreach (var (name, settings) in config.LayerNames)
            if (graph.FindLayer(name) is null)
                throw new HlsException(new HlsDiagnostic(DiagnosticCodes.UnknownLayerConfigTarget,
                    $"HlsLayerConfig '{name}' matches no layer. Layers: {string.Join(", ", graph.Layers.Select(l => l.Name))}.",
                    settings.File ?? config.ProjectFile, settings.Line));
        foreach (var (type, settings) in config.LayerTypes)
            if (!graph.Layers.Any(l => l.Type == type))
                context.Diagnostics.Add(new HlsDiagnostic(DiagnosticCodes.UnknownLayerTypeConfigTarget,
                    $"HlsLayerTypeConfig '{type}' matches no layer (types in this model: {string.Join(", ", graph.Layers.Select(l => l.Type).Distinct())}).",
                    settings.File ?? config.ProjectFile, settings.Line));

        foreach (var layer in graph.Layers)
        {
            var definition = context.Registry.RequireLayer(layer.Type, layer.Name);
            layer.Attributes["reuse_factor"] = config.ReuseFactor;
            // The project-wide strategy applies where the layer implements it (HlsStrategy=Resource leaves a depthwise
            // convolution at Latency); a per-layer Strategy the layer lacks is an error (HLS0306).
            layer.Attributes["strategy"] = definition.Strategies.Contains(config.Strategy) ? config.Strategy : "Latency";
            foreach (var spec in definition.Attributes)
                if (!layer.Attributes.ContainsKey(spec.Name)) layer.Attributes[spec.Name] = spec.Default;
            layer.ExplicitTypes.Clear();
            if (config.LayerTypes.TryGetValue(layer.Type, out var byType)) Apply(layer, definition, byType, layer.ExplicitTypes, config);
            if (config.LayerNames.TryGetValue(layer.Name, out var byName)) Apply(layer, definition, byName, layer.ExplicitTypes, config);
        }
    }

    private static void Apply(Layer layer, LayerDefinition definition, LayerSettings settings, Dictionary<string, Precision> explicitTypes, HlsConfig config)
    {
        HlsException Error(DiagnosticDescriptor d, string message) =>
            new(new HlsDiagnostic(d, message, settings.File ?? config.ProjectFile, settings.Line, layer.Name));

        foreach (var (key, value) in settings.Values)
        {
            var slot = definition.TypeSlots.FirstOrDefault(s => s.ConfigKey.Equals(key, StringComparison.OrdinalIgnoreCase));
            var spec = definition.Attributes.FirstOrDefault(a => a.ConfigKey.Equals(key, StringComparison.OrdinalIgnoreCase));
            if (key.Equals("Precision", StringComparison.OrdinalIgnoreCase))
            {
                var precision = ParsePrecision(value, key);
                foreach (var s in definition.TypeSlots) explicitTypes[s.Name] = precision;
            }
            else if (slot is not null)
            {
                explicitTypes[slot.Name] = ParsePrecision(value, key);
            }
            else if (key.Equals("ReuseFactor", StringComparison.OrdinalIgnoreCase))
            {
                if (!int.TryParse(value, NumberStyles.Integer, CultureInfo.InvariantCulture, out var rf) || rf < 1)
                    throw Error(DiagnosticCodes.InvalidReuseFactor, $"ReuseFactor '{value}' must be an integer >= 1.");
                layer.Attributes["reuse_factor"] = rf;
            }
            else if (key.Equals("Strategy", StringComparison.OrdinalIgnoreCase))
            {
                var known = HlsConfig.CanonicalStrategy(value)
                    ?? throw Error(DiagnosticCodes.InvalidProperty, $"Strategy '{value}' is not valid; use {string.Join(" or ", HlsConfig.Strategies)}.");
                layer.Attributes["strategy"] = known;
            }
            else if (key.Equals("FifoDepth", StringComparison.OrdinalIgnoreCase))
            {
                if (!int.TryParse(value, NumberStyles.Integer, CultureInfo.InvariantCulture, out var depth) || depth < 1)
                    throw Error(DiagnosticCodes.InvalidProperty, $"FifoDepth '{value}' must be an integer >= 1 (the depth of the layer's output FIFO in io_stream).");
                layer.Attributes["fifo_depth"] = depth;
            }
            else if (spec is not null)
            {
                layer.Attributes[spec.Name] = ParseAttribute(spec, value, Error);
            }
            else
            {
                var knownKeys = new[] { "Precision", "ReuseFactor", "Strategy", "FifoDepth" }
                    .Concat(definition.TypeSlots.Select(s => s.ConfigKey)).Concat(definition.Attributes.Select(a => a.ConfigKey));
                throw Error(DiagnosticCodes.UnknownLayerConfigKey,
                    $"setting '{key}' is not known for {layer.Type} layers; known settings: {string.Join(", ", knownKeys)}.");
            }
        }

        Precision ParsePrecision(string value, string key)
        {
            try { return Precision.Parse(value, $"{key} of layer '{layer.Name}'"); }
            catch (HlsException e) { throw Error(DiagnosticCodes.InvalidPrecision, e.Diagnostic.Message); }
        }
    }

    private static object ParseAttribute(AttributeSpec spec, string value, Func<DiagnosticDescriptor, string, HlsException> error)
    {
        if (spec.ValueType == typeof(int))
            return int.TryParse(value, NumberStyles.Integer, CultureInfo.InvariantCulture, out var i) && i > 0
                ? i : throw error(DiagnosticCodes.InvalidProperty, $"{spec.ConfigKey} '{value}' must be a positive integer.");
        if (spec.ValueType == typeof(bool))
            return bool.TryParse(value, out var b) ? b : throw error(DiagnosticCodes.InvalidProperty, $"{spec.ConfigKey} '{value}' must be true or false.");
        if (spec.Choices is { } choices)
            return choices.FirstOrDefault(c => c.Equals(value, StringComparison.OrdinalIgnoreCase))
                ?? throw error(DiagnosticCodes.InvalidProperty, $"{spec.ConfigKey} '{value}' is not valid; use one of {string.Join(", ", choices)}.");
        return value;
    }
}

/// <summary>Resolves every precision slot: explicit setting, else the slot's own default, else the model default.</summary>
public sealed class InferPrecisions(string name = "infer_precisions") : IPass
{
    public string Name { get; } = name;

    public void Run(ModelGraph graph, PassContext context)
    {
        var modelDefault = context.Config.DefaultPrecision;
        bool quantized = Quantization.ExactPrecisions.IsQuantized(graph);
        foreach (var layer in graph.Layers)
        {
            var definition = context.Registry.RequireLayer(layer.Type, layer.Name);
            foreach (var slot in definition.TypeSlots)
                layer.Types[slot.Name] = layer.ExplicitTypes.TryGetValue(slot.Name, out var configured) ? configured
                    : layer.ModelTypes.TryGetValue(slot.Name, out var fromModel) ? fromModel : slot.DefaultPrecision ?? modelDefault;
            // Slots the model fixes count as set for the layer's own inference (it must not replace them).
            var fixedSlots = layer.ExplicitTypes.Keys.Concat(layer.ModelTypes.Keys.Where(k => layer.Types.ContainsKey(k))).ToHashSet();
            var precisionContext = new PrecisionContext { Graph = graph, ModelDefault = modelDefault, ExplicitSlots = fixedSlots };
            definition.InferPrecisions(layer, precisionContext);
            // Quantization-aware models: every other slot gets the narrowest type that holds its values exactly.
            if (quantized) Quantization.ExactPrecisions.Infer(layer, definition, precisionContext, context);
            foreach (var (slotName, weight) in layer.Weights)
                weight.Precision = layer.Types.TryGetValue(slotName, out var p) ? p : modelDefault;
            foreach (var output in layer.Outputs) graph.Tensor(output).Precision = layer.Types["result"];
        }
    }
}

/// <summary>
/// Rejects reuse factors hls4ml would silently change, listing the nearest valid ones (hls4ml's validity rule).
/// </summary>
public sealed class ValidateReuseFactor : IPass
{
    public string Name => "validate_reuse_factor";

    public IReadOnlyList<ComputedAttribute> Computes { get; } = new ComputedAttribute[]
    {
        new("n_zeros", typeof(int), "layers with a reuse factor and a 'weight'"),
        new("multiplier_limit", typeof(int), "layers with a reuse factor and a 'weight'"),
    };

    public static bool IsValid(int nIn, int nOut, int rf)
    {
        int multFactor = Math.Min(nIn, rf);
        int multiplierLimit = (int)Math.Ceiling(nIn * (double)nOut / multFactor);
        return (multiplierLimit % nOut == 0 || rf >= nIn) && (rf % nIn == 0 || rf < nIn) && (nIn * nOut) % rf == 0;
    }

    public static IReadOnlyList<int> ValidValues(int nIn, int nOut) =>
        Enumerable.Range(1, nIn * nOut).Where(rf => IsValid(nIn, nOut, rf)).ToList();

    public void Run(ModelGraph graph, PassContext context)
    {
        foreach (var layer in graph.Layers)
        {
            var definition = context.Registry.RequireLayer(layer.Type, layer.Name);
            int rf = layer.Get("reuse_factor", 1);
            var strategy = layer.Get("strategy", "Latency");
            if (!definition.Strategies.Contains(strategy, StringComparer.OrdinalIgnoreCase))
                throw new HlsException(DiagnosticCodes.UnsupportedStrategy,
                    $"strategy '{strategy}' is not available for {layer.Type} layers in this version; use {string.Join(" or ", definition.Strategies)}.", context.Config.ProjectFile, layer.Name);
            if (!definition.HasReuseFactor) continue;
            int nIn = layer.Get<int>("n_in"), nOut = layer.Get<int>("n_out");
            if (strategy == "Unrolled" && rf == 1)
                throw new HlsException(DiagnosticCodes.InvalidReuseFactor,
                    $"the Unrolled strategy writes out ReuseFactor cycles and needs ReuseFactor > 1 (smallest valid values for n_in={nIn}, n_out={nOut}: {string.Join(", ", ValidValues(nIn, nOut).Where(v => v > 1).Take(4))}); at ReuseFactor 1 use Latency.",
                    context.Config.ProjectFile, layer.Name);
            if (!IsValid(nIn, nOut, rf))
            {
                var valid = ValidValues(nIn, nOut);
                var nearest = valid.OrderBy(v => Math.Abs(v - rf)).ThenBy(v => v).Take(4).Order();
                throw new HlsException(DiagnosticCodes.InvalidReuseFactor,
                    $"ReuseFactor {rf} is not valid for n_in={nIn}, n_out={nOut}; nearest valid values: {string.Join(", ", nearest)}.",
                    context.Config.ProjectFile, layer.Name);
            }
            int zeros = layer.Weights.TryGetValue("weight", out var w) ? w.Data.Count(x => x == 0) : 0;
            layer.Attributes["n_zeros"] = zeros;
            layer.Attributes["multiplier_limit"] = (int)Math.Ceiling(nIn * (double)nOut / rf) - zeros / rf;
        }
    }
}

/// <summary>Warns before synthesis where an io_parallel array partition exceeds the HLS partition limit.</summary>
public sealed class CheckPartitionSizes : IPass
{
    public string Name => "check_partition_sizes";

    public void Run(ModelGraph graph, PassContext context)
    {
        int limit = context.Config.MaximumPartitionSize;
        // The fix must also keep the Resource block (unrolled as one loop) under the unroll threshold.
        int fixLimit = Math.Min(limit, context.Config.UnrollWarningThreshold);
        bool parallel = context.Config.IOType == "io_parallel";
        foreach (var layer in graph.Layers)
            foreach (var w in layer.Weights.Values)
                if (w.Data.Length > limit && layer.Get("strategy", "Latency") == "Latency")
                    context.Diagnostics.Add(new HlsDiagnostic(DiagnosticCodes.LargePartition,
                        $"weight '{w.Name}' has {w.Data.Length} elements; Latency strategy partitions it completely (limit {limit}). " +
                        EstimateResources.SuggestFix(layer, context.Registry.RequireLayer(layer.Type, layer.Name), fixLimit, parallel),
                        context.Config.ProjectFile, 0, layer.Name));
    }
}
