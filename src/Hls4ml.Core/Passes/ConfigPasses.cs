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
            {
                // hls4ml ignores LayerName sections for layers its conversion removed (Dropout, ...): a warning for files.
                var message = $"HlsLayerConfig '{name}' matches no layer. Layers: {string.Join(", ", graph.Layers.Select(l => l.Name))}.";
                if (settings.FromConfigFileOnly)
                    context.Diagnostics.Add(new HlsDiagnostic(DiagnosticCodes.ConfigLayerNotInModel,
                        $"LayerName '{name}' matches no layer. Layers: {string.Join(", ", graph.Layers.Select(l => l.Name))}.", settings.ConfigFile, settings.Line));
                else
                    throw new HlsException(new HlsDiagnostic(DiagnosticCodes.UnknownLayerConfigTarget, message, settings.File ?? config.ProjectFile, settings.Line));
            }
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
            layer.ExplicitAttributes.Clear();
            layer.MaximumPrecision = null;
            if (config.LayerTypes.TryGetValue(layer.Type, out var byType)) Apply(layer, definition, byType, layer.ExplicitTypes, config, context.Diagnostics);
            if (config.LayerNames.TryGetValue(layer.Name, out var byName)) Apply(layer, definition, byName, layer.ExplicitTypes, config, context.Diagnostics);
        }
    }

    private static void Apply(Layer layer, LayerDefinition definition, LayerSettings settings, Dictionary<string, Precision> explicitTypes, HlsConfig config, DiagnosticBag diagnostics)
    {
        string key = "";
        // A setting read from an hls4ml configuration file is reported at its line there.
        HlsDiagnostic At(DiagnosticDescriptor d, string message) => settings.ConfigFileKeys.TryGetValue(key, out var line)
            ? new HlsDiagnostic(d, message, settings.ConfigFile, line, layer.Name)
            : new HlsDiagnostic(d, message, settings.File ?? config.ProjectFile, settings.Line, layer.Name);
        HlsException Error(DiagnosticDescriptor d, string message) => new(At(d, message));

        // Precision (every slot) first, so a slot's own setting refines it whatever the order of the metadata.
        foreach (var (settingKey, value) in settings.Values.OrderBy(kv => kv.Key.Equals("Precision", StringComparison.OrdinalIgnoreCase) ? 0 : 1))
        {
            key = settingKey;
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
            else if (key.Equals("MaximumPrecision", StringComparison.OrdinalIgnoreCase))
            {
                var maximum = ParsePrecision(value, key);
                layer.MaximumPrecision = maximum is FixedPrecision or IntegerPrecision ? maximum
                    : throw Error(DiagnosticCodes.InvalidPrecision, $"MaximumPrecision '{value}' of layer '{layer.Name}' must be a fixed-point or integer type (it caps inferred widths).");
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
                layer.ExplicitAttributes.Add(spec.Name);
            }
            else
            {
                var knownKeys = new[] { "Precision", "MaximumPrecision", "ReuseFactor", "Strategy", "FifoDepth" }
                    .Concat(definition.TypeSlots.Select(s => s.ConfigKey)).Concat(definition.Attributes.Select(a => a.ConfigKey));
                var message = $"setting '{key}' is not known for {layer.Type} layers; known settings: {string.Join(", ", knownKeys)}.";
                // hls4ml ignores settings a layer does not have: from a configuration file that is a warning, not an error.
                if (settings.ConfigFileKeys.ContainsKey(key)) diagnostics.Add(At(DiagnosticCodes.ConfigKeyNotUnderstood, message));
                else throw Error(DiagnosticCodes.UnknownLayerConfigKey, message);
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

/// <summary>
/// Resolves every precision slot: an explicit setting; else the type of the model's own quantizer for that slot
/// (QKeras weights, biases, activations); else, where the slot is "auto" (set so, the model default is auto, or an
/// accumulator/result of a quantization-aware model left unset), the exact type <see cref="AutoPrecisionRules"/>
/// infers; else the slot's own default or the model default. An explicit setting that drops bits a quantizer
/// guarantees is kept but warned about (HLS0210); an auto slot nothing can infer is HLS0211.
/// </summary>
public sealed class InferPrecisions(string name = "infer_precisions") : IPass
{
    public string Name { get; } = name;

    public void Run(ModelGraph graph, PassContext context)
    {
        var modelDefault = context.Config.DefaultPrecision;
        bool autoDefault = modelDefault is AutoPrecision;
        bool quantized = QuantizedTypes.IsQuantized(graph);
        // QONNX/HGQ models fix types per layer (Layer.ModelTypes); their other slots get exact types after inference.
        bool modelQuantized = Quantization.ExactPrecisions.IsQuantized(graph);
        bool warn = Name == "infer_precisions";
        foreach (var layer in graph.Layers)
        {
            var definition = context.Registry.RequireLayer(layer.Type, layer.Name);
            var explicitSlots = new HashSet<string>(StringComparer.Ordinal);
            var autoSlots = new List<string>();
            var precisionContext = new PrecisionContext
            {
                Graph = graph, ModelDefault = modelDefault, ExplicitSlots = explicitSlots,
                ExplicitAttributes = layer.ExplicitAttributes, Numerics = context.Config.Numerics,
            };
            foreach (var slot in definition.TypeSlots)
            {
                bool hasQuantizer = QuantizedTypes.TryGet(layer, slot.Name, out var fromQuantizer, out var source);
                if (layer.ExplicitTypes.TryGetValue(slot.Name, out var configured) && configured is not AutoPrecision)
                {
                    layer.Types[slot.Name] = configured;
                    explicitSlots.Add(slot.Name);
                    if (warn && hasQuantizer && AutoPrecisionRules.LostBits(configured, fromQuantizer) is { } lost)
                        context.Diagnostics.Add(new HlsDiagnostic(DiagnosticCodes.QuantizerPrecisionLost,
                            $"{slot.ConfigKey} {configured.ToHls4mlString()} of layer '{layer.Name}' drops {lost} of {fromQuantizer.ToHls4mlString()}, the type its quantizer {source} produces exactly.",
                            context.Config.ProjectFile, 0, layer.Name));
                }
                else if (hasQuantizer)
                {
                    layer.Types[slot.Name] = fromQuantizer;
                    explicitSlots.Add(slot.Name);
                }
                else if (layer.ModelTypes.TryGetValue(slot.Name, out var fromModel))
                {
                    layer.Types[slot.Name] = fromModel;
                    explicitSlots.Add(slot.Name);
                }
                else if (configured is AutoPrecision || (slot.DefaultPrecision is null && (autoDefault || (quantized && slot.Name is "accum" or "result"))))
                {
                    autoSlots.Add(slot.Name);
                    layer.Types[slot.Name] = autoDefault || configured is AutoPrecision ? AutoPrecision.Instance : modelDefault;
                }
                else
                    layer.Types[slot.Name] = slot.DefaultPrecision ?? modelDefault;
            }
            // Accumulators first: a result inferred as "the accumulator" reads it.
            foreach (var slotName in autoSlots.OrderBy(s => s == "result" ? 1 : 0))
                if (AutoPrecisionRules.Infer(layer, slotName, definition, precisionContext) is { } exact)
                {
                    var inferred = AutoPrecisionRules.Cap(exact, layer.MaximumPrecision ?? context.Config.MaximumPrecision);
                    AutoPrecisionRules.CheckWidth(layer, slotName, inferred, context.Config.ProjectFile);
                    layer.Types[slotName] = inferred;
                    explicitSlots.Add(slotName);
                }
            definition.InferPrecisions(layer, precisionContext);
            if (modelQuantized) Quantization.ExactPrecisions.Infer(layer, definition, precisionContext, context);
            foreach (var (slotName, p) in layer.Types)
                if (p is AutoPrecision)
                    throw new HlsException(DiagnosticCodes.AutoPrecisionUnresolved,
                        $"the {slotName} type of {layer.Type} layer '{layer.Name}' is 'auto', but {Needs(layer, slotName)}; set {definition.TypeSlots.FirstOrDefault(s => s.Name == slotName)?.ConfigKey ?? slotName} explicitly on HlsLayerConfig '{layer.Name}'.",
                        context.Config.ProjectFile, layer.Name);
            foreach (var (slotName, weight) in layer.Weights)
                weight.Precision = layer.Types.TryGetValue(slotName, out var p) ? p : modelDefault is AutoPrecision ? new FixedPrecision(16, 6) : modelDefault;
            foreach (var output in layer.Outputs) graph.Tensor(output).Precision = layer.Types["result"];
        }
    }

    private static string Needs(Layer layer, string slot) => slot switch
    {
        _ when layer.Type == "Input" => "an input's type cannot be derived (no quantizer reads the raw input)",
        "weight" or "bias" or "scale" or "param" => "no quantizer defines it (auto weights need a kernel/bias quantizer)",
        "accum" or "result" => $"auto is inferred only from a known input type for multiply-accumulate, pass-through and normalization layers, not for {layer.Type}",
        _ => "nothing in the model defines it",
    };
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
        // Every invalid layer is named in one error, so a model is fixed in one round rather than one layer per build.
        var invalid = new List<(string Layer, string Problem)>();
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
            var (ruleIn, ruleOut) = definition.ReuseFactorShape(layer);
            if (strategy == "Unrolled" && rf == 1)
            {
                invalid.Add((layer.Name, $"the Unrolled strategy writes out ReuseFactor cycles and needs ReuseFactor > 1 (smallest valid values for n_in={ruleIn}, n_out={ruleOut}: {string.Join(", ", ValidValues(ruleIn, ruleOut).Where(v => v > 1).Take(4))}); at ReuseFactor 1 use Latency."));
                continue;
            }
            if (!IsValid(ruleIn, ruleOut, rf))
            {
                var valid = ValidValues(ruleIn, ruleOut);
                var nearest = valid.OrderBy(v => Math.Abs(v - rf)).ThenBy(v => v).Take(4).Order();
                invalid.Add((layer.Name, $"ReuseFactor {rf} is not valid for n_in={ruleIn}, n_out={ruleOut}; nearest valid values: {string.Join(", ", nearest)}."));
                continue;
            }
            int zeros = layer.Weights.TryGetValue("weight", out var w) ? w.Data.Count(x => x == 0) : 0;
            layer.Attributes["n_zeros"] = zeros;
            layer.Attributes["multiplier_limit"] = (int)Math.Ceiling(nIn * (double)nOut / rf) - zeros / rf;
        }
        if (invalid.Count == 1)
            throw new HlsException(DiagnosticCodes.InvalidReuseFactor, invalid[0].Problem, context.Config.ProjectFile, invalid[0].Layer);
        if (invalid.Count > 1)
            throw new HlsException(DiagnosticCodes.InvalidReuseFactor,
                $"{invalid.Count} layers have an invalid reuse factor: {string.Join(" ", invalid.Select(i => $"layer '{i.Layer}': {i.Problem}"))}",
                context.Config.ProjectFile);
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

/// <summary>
/// HlsCompatibility=hls4ml: reports where reproducing hls4ml is not the whole story: a merge of more than two inputs
/// (hls4ml's converter rejects it; HLS0230) and a softmax whose sum of exps wraps in hls4ml's accumulator (HLS0231).
/// </summary>
public sealed class ReportHls4mlCompatibility : IPass
{
    public string Name => "report_hls4ml_compatibility";

    public void Run(ModelGraph graph, PassContext context)
    {
        if (context.Config.Compatibility != HlsCompatibility.Hls4ml) return;
        foreach (var layer in graph.Layers)
        {
            if (layer.Type == "Merge" && layer.Get("n_inputs", 2) > 2)
                context.Diagnostics.Add(new HlsDiagnostic(DiagnosticCodes.Hls4mlHasNoCounterpart,
                    $"{layer.Get("op", "merge")} of {layer.Get("n_inputs", 2)} inputs: hls4ml merges two; computed as a chain of two-input merges, each result in {layer.Types["result"].ToCpp()}.",
                    context.Config.ProjectFile, 0, layer.Name));
            if (layer.Type == "Softmax" && layer.Types.GetValueOrDefault("accum") is FixedPrecision accum
                && layer.Get("implementation", "stable") == "stable" && layer.Get("n_slice", 1) >= accum.MaxValue + accum.Lsb)
                context.Diagnostics.Add(new HlsDiagnostic(DiagnosticCodes.Hls4mlSoftmaxSumWraps,
                    $"a sum of {layer.Get("n_slice", 1)} exps reaches {layer.Get("n_slice", 1)}, beyond accum_t {accum.ToCpp()} (at most {accum.MaxValue}): it wraps, as in hls4ml.",
                    context.Config.ProjectFile, 0, layer.Name));
        }
    }
}
