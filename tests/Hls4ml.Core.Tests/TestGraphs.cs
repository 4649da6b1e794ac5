using Hls4ml.Extensibility;
using Hls4ml.Ir;

namespace Hls4ml.Tests;

/// <summary>
/// Graphs built by hand the way the Keras frontend builds them (tensor name = layer name, weights 'weight'/'bias',
/// attributes 'shape'/'activation', shapes from the registered definitions), so pass/writer/simulation tests do not
/// depend on any model file.
/// </summary>
public sealed class GraphBuilder
{
    private readonly HlsRegistry _registry;
    private readonly Random _random;

    public ModelGraph Graph { get; }

    public GraphBuilder(HlsRegistry registry, string name = "mlp", int seed = 1234)
    {
        _registry = registry;
        _random = new Random(seed);
        Graph = new ModelGraph { Name = name };
    }

    public string Input(string name, params int[] shape)
    {
        var tensor = Add("Input", name, Array.Empty<string>(), new Dictionary<string, object?> { ["shape"] = shape });
        Graph.Inputs.Add(tensor);
        return tensor;
    }

    /// <summary>Dense with random nonzero weights in (-1, 1) (kernel [n_in, n_out] row-major, as Keras stores it).</summary>
    public string Dense(string name, string input, int nOut)
    {
        int nIn = Graph.Tensor(input).Size;
        return Dense(name, input, RandomValues(nIn * nOut), RandomValues(nOut), nIn, nOut);
    }

    public string Dense(string name, string input, float[] kernel, float[] bias, int nIn, int nOut) =>
        Add("Dense", name, new[] { input }, null, new Dictionary<string, WeightVariable>
        {
            ["weight"] = new() { Name = "weight", Shape = new[] { nIn, nOut }, Data = kernel },
            ["bias"] = new() { Name = "bias", Shape = new[] { nOut }, Data = bias },
        });

    public string Activation(string name, string input, string activation) =>
        Add("Activation", name, new[] { input }, new Dictionary<string, object?> { ["activation"] = activation });

    public string Softmax(string name, string input) =>
        Add("Softmax", name, new[] { input }, new Dictionary<string, object?> { ["axis"] = -1 });

    public string Dropout(string name, string input) =>
        Add("Dropout", name, new[] { input }, new Dictionary<string, object?> { ["rate"] = 0.25 });

    public string Flatten(string name, string input) => Add("Flatten", name, new[] { input });

    public ModelGraph Output(string tensor)
    {
        Graph.Outputs.Add(tensor);
        Graph.Renumber();
        return Graph;
    }

    public string Add(string type, string name, IReadOnlyList<string> inputs,
        IDictionary<string, object?>? attributes = null, IDictionary<string, WeightVariable>? weights = null)
    {
        var layer = new Layer { Name = name, Type = type, SourceClass = type, Inputs = inputs.ToList() };
        layer.Outputs.Add(name);
        if (attributes is not null) foreach (var (k, v) in attributes) layer.Attributes[k] = v;
        if (weights is not null) foreach (var (k, v) in weights) layer.Weights[k] = v;
        var shape = _registry.RequireLayer(type, name).InferShape(layer, inputs.Select(i => Graph.Tensor(i).Shape).ToArray());
        Graph.Tensors[name] = new TensorVariable { Name = name, Shape = shape };
        Graph.Layers.Add(layer);
        return name;
    }

    /// <summary>Values in (-1, 1) on a 2^-8 grid, never exactly zero (so n_zeros is 0).</summary>
    public float[] RandomValues(int n)
    {
        var v = new float[n];
        for (int i = 0; i < n; i++)
        {
            int k;
            do k = _random.Next(-255, 256); while (k == 0);
            v[i] = k / 256f;
        }
        return v;
    }
}

public static class TestGraphs
{
    /// <summary>input1 (8) → d1 Dense 8x4 → relu1 (relu) → d2 Dense 4x3 → softmax.</summary>
    public static ModelGraph Mlp(HlsRegistry registry, int seed = 1234)
    {
        var b = new GraphBuilder(registry, "mlp", seed);
        var x = b.Input("input1", 8);
        x = b.Dense("d1", x, 4);
        x = b.Activation("relu1", x, "relu");
        x = b.Dense("d2", x, 3);
        x = b.Softmax("softmax", x);
        return b.Output(x);
    }

    public static string[] LayerNames(ModelGraph graph) => graph.Layers.Select(l => l.Name).ToArray();
}
