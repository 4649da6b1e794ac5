using System.Globalization;
using Hls4ml.Diagnostics;
using Hls4ml.Ir;

namespace Hls4ml.Profiling;

/// <summary>
/// Every layer's output for every sample, as the C simulation computed it (the file nnet_trace.h writes: "# row"
/// before each sample, then "&lt;layer index&gt; values..." per layer). Values are the fixed-point results, exactly.
/// </summary>
public sealed class LayerTrace
{
    private readonly Dictionary<int, List<double[]>> _layers;

    private LayerTrace(int rows, Dictionary<int, List<double[]>> layers) => (Rows, _layers) = (rows, layers);

    public int Rows { get; }

    /// <summary>Indexes of the traced layers.</summary>
    public IEnumerable<int> LayerIndexes => _layers.Keys.Order();

    /// <summary>The layer's output on each row.</summary>
    public IReadOnlyList<double[]> Of(Layer layer) =>
        _layers.TryGetValue(layer.Index, out var rows) ? rows : throw new KeyNotFoundException($"layer {layer.Index} ({layer.Name}) was not traced");

    public bool Contains(Layer layer) => _layers.ContainsKey(layer.Index);

    /// <summary>Reads a trace and checks it against the graph: every traced layer has its tensor's size on every row.</summary>
    public static LayerTrace Read(string path, ModelGraph graph)
    {
        var sizes = graph.Layers.ToDictionary(l => l.Index, l => graph.Tensor(l.Outputs[0]).Size);
        var layers = new Dictionary<int, List<double[]>>();
        int rows = 0, lineNo = 0;
        HlsException Bad(string why) => new(new HlsDiagnostic(DiagnosticCodes.SimulationFailed,
            $"the C simulation's layer trace is malformed ({why}); regenerate the project with this SDK.", path, lineNo));
        foreach (var line in File.ReadLines(path))
        {
            lineNo++;
            if (line.Length == 0) continue;
            if (line[0] == '#') { rows++; continue; }
            var parts = line.Split(' ', StringSplitOptions.RemoveEmptyEntries);
            if (!int.TryParse(parts[0], NumberStyles.None, CultureInfo.InvariantCulture, out var index) || !sizes.TryGetValue(index, out var size))
                throw Bad($"unknown layer '{parts[0]}'");
            if (parts.Length - 1 != size) throw Bad($"layer {index} has {parts.Length - 1} values, its tensor {size}");
            var values = new double[size];
            for (int i = 0; i < size; i++)
                if (!double.TryParse(parts[i + 1], NumberStyles.Float, CultureInfo.InvariantCulture, out values[i])) throw Bad($"'{parts[i + 1]}' is not a number");
            if (!layers.TryGetValue(index, out var list)) layers[index] = list = new List<double[]>();
            if (list.Count != rows - 1) throw Bad($"layer {index} appears {list.Count + 1} times by row {rows}");
            list.Add(values);
        }
        foreach (var (index, list) in layers)
            if (list.Count != rows) throw Bad($"layer {index} is traced on {list.Count} of {rows} rows");
        return new LayerTrace(rows, layers);
    }
}
