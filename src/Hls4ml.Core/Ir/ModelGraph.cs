using Hls4ml.Types;

namespace Hls4ml.Ir;

/// <summary>A tensor flowing between layers: name, shape (without batch), and its type once precisions are inferred.</summary>
public sealed class TensorVariable
{
    public required string Name { get; init; }
    public required int[] Shape { get; set; }
    public Precision? Precision { get; set; }
    public int Size => Shape.Aggregate(1, (a, b) => a * b);
}

/// <summary>A constant array of a layer (kernel, bias, ...), kept as the float32 values the model file holds.</summary>
public sealed class WeightVariable
{
    public required string Name { get; init; }
    public required int[] Shape { get; init; }
    public required float[] Data { get; set; }
    public Precision? Precision { get; set; }
}

/// <summary>
/// One node of the graph. Attributes are plain values (int, long, double, string, bool, int[]) so that they
/// serialise to JSON and feed Scriban templates directly. Types maps precision slots (result, accum, weight, ...)
/// to their resolved precision.
/// </summary>
public sealed class Layer
{
    public required string Name { get; set; }
    /// <summary>IR layer type (registry key), e.g. Dense, Activation, Softmax.</summary>
    public required string Type { get; init; }
    /// <summary>Framework class the layer came from (e.g. Keras 'Dense'), for messages.</summary>
    public string? SourceClass { get; set; }
    public int Index { get; set; }
    public List<string> Inputs { get; set; } = new();
    public List<string> Outputs { get; set; } = new();
    public Dictionary<string, object?> Attributes { get; init; } = new(StringComparer.Ordinal);
    public Dictionary<string, WeightVariable> Weights { get; init; } = new(StringComparer.Ordinal);
    public Dictionary<string, Precision> Types { get; init; } = new(StringComparer.Ordinal);
    /// <summary>
    /// Precision slots the project sets for this layer (HlsLayerConfig over HlsLayerTypeConfig), parsed once when the
    /// settings are applied; precision inference keeps them and derives the rest.
    /// </summary>
    public Dictionary<string, Precision> ExplicitTypes { get; init; } = new(StringComparer.Ordinal);
    /// <summary>The layer's MaximumPrecision setting (HlsLayerConfig over HlsLayerTypeConfig): caps its inferred 'auto' types.</summary>
    public Precision? MaximumPrecision { get; set; }
    /// <summary>Attributes the project sets for this layer (by their IR names), so derivations leave them alone.</summary>
    public HashSet<string> ExplicitAttributes { get; init; } = new(StringComparer.Ordinal);
    /// <summary>
    /// Precision slots the model file itself fixes (quantization-aware models: the quantizer's type). They rank below
    /// the project's explicit settings and above every default; precision inference keeps them.
    /// </summary>
    public Dictionary<string, Precision> ModelTypes { get; init; } = new(StringComparer.Ordinal);

    public T Get<T>(string key, T fallback)
    {
        if (!Attributes.TryGetValue(key, out var v) || v is null) return fallback;
        if (v is T t) return t;
        return (T)Convert.ChangeType(v, typeof(T), System.Globalization.CultureInfo.InvariantCulture);
    }

    public T Get<T>(string key) => Attributes.TryGetValue(key, out var v) && v is not null
        ? (v is T t ? t : (T)Convert.ChangeType(v, typeof(T), System.Globalization.CultureInfo.InvariantCulture))
        : throw new KeyNotFoundException($"Layer '{Name}' has no attribute '{key}'.");

    public override string ToString() => $"{Name} ({Type})";
}

/// <summary>The model as a typed graph: layers in topological order plus the tensors they exchange.</summary>
public sealed class ModelGraph
{
    public string Name { get; set; } = "model";
    public List<Layer> Layers { get; } = new();
    public Dictionary<string, TensorVariable> Tensors { get; } = new(StringComparer.Ordinal);
    public List<string> Inputs { get; } = new();
    public List<string> Outputs { get; } = new();
    /// <summary>Where the graph came from (model file path), for diagnostics.</summary>
    public string? SourceFile { get; set; }

    public Layer? FindLayer(string name) => Layers.FirstOrDefault(l => l.Name == name);

    public TensorVariable Tensor(string name) => Tensors.TryGetValue(name, out var t)
        ? t : throw new KeyNotFoundException($"Tensor '{name}' is not in the graph.");

    public Layer? Producer(string tensor) => Layers.FirstOrDefault(l => l.Outputs.Contains(tensor));

    public IEnumerable<Layer> Consumers(string tensor) => Layers.Where(l => l.Inputs.Contains(tensor));

    /// <summary>Removes a single-input, single-output layer, wiring its consumers (and model outputs) to its input.</summary>
    public void Bypass(Layer layer)
    {
        if (layer.Inputs.Count != 1 || layer.Outputs.Count != 1)
            throw new InvalidOperationException($"Layer {layer} must have one input and one output to be bypassed.");
        string input = layer.Inputs[0], output = layer.Outputs[0];
        foreach (var consumer in Consumers(output).ToList())
            for (int i = 0; i < consumer.Inputs.Count; i++)
                if (consumer.Inputs[i] == output) consumer.Inputs[i] = input;
        for (int i = 0; i < Outputs.Count; i++)
            if (Outputs[i] == output) Outputs[i] = input;
        Layers.Remove(layer);
        Tensors.Remove(output);
    }

    /// <summary>Inserts a layer right after 'after', consuming its output; the new layer's output replaces it downstream.</summary>
    public void InsertAfter(Layer after, Layer layer, TensorVariable newOutput)
    {
        var old = after.Outputs[0];
        foreach (var consumer in Consumers(old).ToList())
            for (int i = 0; i < consumer.Inputs.Count; i++)
                if (consumer.Inputs[i] == old) consumer.Inputs[i] = newOutput.Name;
        for (int i = 0; i < Outputs.Count; i++)
            if (Outputs[i] == old) Outputs[i] = newOutput.Name;
        layer.Inputs = new List<string> { old };
        layer.Outputs = new List<string> { newOutput.Name };
        Tensors[newOutput.Name] = newOutput;
        Layers.Insert(Layers.IndexOf(after) + 1, layer);
    }

    /// <summary>Numbers layers 1..N in order; generated C++ names (layerN_out, wN) derive from it.</summary>
    public void Renumber()
    {
        for (int i = 0; i < Layers.Count; i++) Layers[i].Index = i + 1;
    }
}
