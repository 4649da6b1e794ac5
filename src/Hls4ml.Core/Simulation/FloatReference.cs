using Hls4ml.Extensibility;
using Hls4ml.Ir;

namespace Hls4ml.Simulation;

/// <summary>Evaluates the IR in double precision with each layer's registered reference implementation.</summary>
public sealed class FloatReference(ModelGraph graph, HlsRegistry registry)
{
    public double[] Predict(double[] input)
    {
        var values = new Dictionary<string, double[]>(StringComparer.Ordinal);
        int offset = 0;
        foreach (var name in graph.Inputs)
        {
            var size = graph.Tensor(name).Size;
            values[name] = input.AsSpan(offset, size).ToArray();
            offset += size;
        }
        foreach (var layer in graph.Layers)
        {
            var definition = registry.RequireLayer(layer.Type, layer.Name);
            var inputs = layer.Type == "Input" ? new[] { values[layer.Outputs[0]] } : layer.Inputs.Select(i => values[i]).ToArray();
            values[layer.Outputs[0]] = definition.Evaluate(layer, inputs);
        }
        return graph.Outputs.SelectMany(o => values[o]).ToArray();
    }

    public List<double[]> Predict(IEnumerable<double[]> rows) => rows.Select(Predict).ToList();
}
