using Hls4ml.Diagnostics;
using Hls4ml.Extensibility;
using Hls4ml.Ir;
using Newtonsoft.Json.Linq;

namespace Hls4ml.Frontends.Keras;

/// <summary>
/// Shared state of one conversion: the graph being built, the registry, the weights, and the names reserved by Keras
/// layers (so a derived layer such as <c>fc1_relu</c> never takes a name a later Keras layer owns).
/// </summary>
internal sealed class KerasConversion
{
    public required ModelGraph Graph { get; init; }
    public required HlsRegistry Registry { get; init; }
    public required IKerasWeightSource? Weights { get; init; }
    public required string SourceFile { get; init; }
    public required IReadOnlySet<string> KerasLayerNames { get; init; }
    public HashSet<string> UsedNames { get; } = new(StringComparer.Ordinal);
}

/// <summary>What a handler sees for one Keras layer; emits IR layers into the graph with their shapes inferred.</summary>
internal sealed class KerasLayerContextImpl : KerasLayerContext
{
    private readonly KerasConversion _conversion;
    private readonly KerasLayerSpec _spec;
    private readonly IReadOnlyList<string> _inputs;
    private IReadOnlyDictionary<string, WeightVariable>? _weights;
    private bool _weightsLoaded;

    public KerasLayerContextImpl(KerasConversion conversion, KerasLayerSpec spec, IReadOnlyList<string> inputs)
    {
        _conversion = conversion;
        _spec = spec;
        _inputs = inputs;
        InputShapes = inputs.Select(i => conversion.Graph.Tensor(i).Shape).ToArray();
    }

    public override string LayerName => _spec.Name;
    public override HlsRegistry Registry => _conversion.Registry;
    public override string ClassName => _spec.ClassName;
    public override JObject Config => _spec.Config;
    public override IReadOnlyList<string> Inputs => _inputs;
    public override IReadOnlyList<int[]> InputShapes { get; }
    public override string SourceFile => _conversion.SourceFile;

    /// <summary>Output tensor of this Keras layer: set by SetOutput, else the last added layer's output.</summary>
    public string? Output { get; private set; }
    private bool _outputSet;

    /// <summary>IR layers this Keras layer produced.</summary>
    public List<Layer> Added { get; } = new();

    public override WeightVariable? Weight(string kerasName)
    {
        var weights = LayerWeights();
        if (weights is null) return null;
        if (weights.TryGetValue(kerasName, out var w)) return w;
        // Fall back to the last path segment ('lstm_cell/kernel' answers 'kernel') when that is unambiguous.
        var matches = weights.Where(kv => kv.Key.EndsWith("/" + kerasName, StringComparison.Ordinal)).ToList();
        return matches.Count == 1 ? matches[0].Value : null;
    }

    public override IReadOnlyCollection<string> WeightNames => LayerWeights()?.Keys.ToList() ?? (IReadOnlyCollection<string>)Array.Empty<string>();

    private IReadOnlyDictionary<string, WeightVariable>? LayerWeights()
    {
        if (!_weightsLoaded)
        {
            _weights = _conversion.Weights?.Layer(LayerName);
            _weightsLoaded = true;
        }
        return _weights;
    }

    /// <summary>Explains why Weight(name) returned null, for the HLS0104 message.</summary>
    public string DescribeMissingWeight(string kerasName)
    {
        var file = _conversion.Weights?.Path ?? SourceFile;
        var weights = LayerWeights();
        if (weights is null)
        {
            var held = _conversion.Weights?.LayerNames;
            var list = held is null ? "" : $" (its layers: {string.Join(", ", held)})";
            return $"the weights file '{file}' has no weights for layer '{LayerName}'{list}; it was probably saved from a different model.";
        }
        var have = weights.Count == 0 ? "none" : string.Join(", ", weights.Keys);
        return $"the weights file '{file}' has no '{kerasName}' weight for layer '{LayerName}' (it has: {have}).";
    }

    public override Layer? Producer(string tensor) => _conversion.Graph.Producer(tensor);

    public override string AddLayer(string irType, string name, IReadOnlyList<string> inputs,
        IDictionary<string, object?>? attributes = null, IDictionary<string, WeightVariable>? weights = null)
    {
        var graph = _conversion.Graph;
        foreach (var input in inputs)
            if (!graph.Tensors.ContainsKey(input))
                throw new InvalidOperationException($"the handler for '{ClassName}' added layer '{name}' reading tensor '{input}', which does not exist yet");
        var definition = _conversion.Registry.RequireLayer(irType, name);
        var layer = new Layer
        {
            Name = UniqueName(name),
            Type = irType,
            SourceClass = ClassName,
            Inputs = inputs.ToList(),
        };
        layer.Outputs.Add(layer.Name);
        if (attributes is not null)
            foreach (var (k, v) in attributes) layer.Attributes[k] = v;
        if (weights is not null)
            foreach (var (k, v) in weights) layer.Weights[k] = v;

        var shapes = inputs.Select(i => graph.Tensor(i).Shape).ToArray();
        var shape = definition.InferShape(layer, shapes);
        if (shape is null || shape.Any(d => d <= 0))
            throw new HlsException(DiagnosticCodes.ShapeMismatch,
                $"{irType} layer inferred an invalid output shape [{string.Join(",", shape ?? Array.Empty<int>())}] from input shape(s) {string.Join(" ", shapes.Select(s => "[" + string.Join(",", s) + "]"))}.",
                SourceFile, layer.Name);
        ModelFrontends.CheckTensorSize(shape, irType, SourceFile, layer.Name);

        _conversion.UsedNames.Add(layer.Name);
        graph.Tensors[layer.Name] = new TensorVariable { Name = layer.Name, Shape = shape };
        graph.Layers.Add(layer);
        Added.Add(layer);
        if (!_outputSet) Output = layer.Name;
        return layer.Name;
    }

    public override void SetOutput(string tensor)
    {
        if (!_conversion.Graph.Tensors.ContainsKey(tensor))
            throw new InvalidOperationException($"the handler for '{ClassName}' set output '{tensor}', which is not a tensor of the graph");
        Output = tensor;
        _outputSet = true;
    }

    /// <summary>
    /// The requested name unless another layer has it or another Keras layer owns it; then name_1, name_2, ...
    /// The Keras layer's own name is always available to it.
    /// </summary>
    private string UniqueName(string name)
    {
        bool Free(string n) => !_conversion.UsedNames.Contains(n) && (n == LayerName || !_conversion.KerasLayerNames.Contains(n));
        if (Free(name)) return name;
        for (int i = 1; ; i++)
            if (Free($"{name}_{i}")) return $"{name}_{i}";
    }
}
