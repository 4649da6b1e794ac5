using Hls4ml.Extensibility;
using Hls4ml.Ir;

namespace Hls4ml.Simulation;

/// <summary>Evaluates the IR in double precision with each layer's registered reference implementation.</summary>
public sealed class FloatReference(ModelGraph graph, HlsRegistry registry)
{
    public double[] Predict(double[] input)
    {
        var values = PredictTensors(input);
        return graph.Outputs.SelectMany(o => values[o]).ToArray();
    }

    public List<double[]> Predict(IEnumerable<double[]> rows) => rows.Select(Predict).ToList();

    /// <summary>Every tensor's value for one input row (model inputs and each layer's output), by tensor name.</summary>
    public Dictionary<string, double[]> PredictTensors(double[] input)
    {
        var values = new Dictionary<string, double[]>(StringComparer.Ordinal);
        int offset = 0;
        foreach (var name in graph.Inputs)
        {
            var size = graph.Tensor(name).Size;
            values[name] = input.AsSpan(offset, size).ToArray();
            offset += size;
        }
        foreach (var layer in graph.Layers) values[layer.Outputs[0]] = Evaluate(layer, values);
        return values;
    }

    /// <summary>
    /// One layer's output from the values of its inputs in <paramref name="values"/> (a model input layer passes its
    /// tensor's value through).
    /// </summary>
    public double[] Evaluate(Layer layer, IReadOnlyDictionary<string, double[]> values)
    {
        var definition = registry.RequireLayer(layer.Type, layer.Name);
        var inputs = layer.Type == "Input" ? new[] { values[layer.Outputs[0]] } : layer.Inputs.Select(i => values[i]).ToArray();
        return definition.Evaluate(layer, inputs);
    }
}
