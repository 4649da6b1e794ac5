using System.Globalization;
using System.Text;
using Hls4ml.Backends;
using Hls4ml.Extensibility;
using Hls4ml.Ir;
using Hls4ml.Simulation;
using Newtonsoft.Json.Linq;

namespace Hls4ml.Profiling;

/// <summary>
/// hls4ml's trace as files: for every layer, the C simulation's output on every row (<c>NN_name.csim.dat</c>) next to
/// the float model's (<c>NN_name.float.dat</c>), one row per line, and <c>layers.json</c> naming each layer, its type
/// and its files. File names are numbered; the model's layer names only contribute letters, digits and '_'.
/// </summary>
public static class TraceFiles
{
    public const string IndexFile = "layers.json";

    public static IReadOnlyList<string> Write(string directory, ModelGraph graph, HlsRegistry registry, LayerTrace trace, IReadOnlyList<double[]> inputs)
    {
        var reference = new FloatReference(graph, registry);
        var floats = inputs.Select(reference.PredictTensors).ToList();
        Directory.CreateDirectory(directory);
        // Files of an earlier trace (another model, renamed layers) would be mistaken for this one's.
        foreach (var old in Directory.EnumerateFiles(directory, "*.dat")) File.Delete(old);
        var index = new JArray();
        var written = new List<string>();
        foreach (var layer in graph.Layers.Where(trace.Contains))
        {
            var part = GeneratedText.IdentifierPart(layer.Name);
            var stem = $"{layer.Index:D2}_{(part.Length == 0 ? "layer" : part)}";
            if (stem.Length > 80) stem = stem[..80];
            var csim = stem + ".csim.dat";
            var fl = stem + ".float.dat";
            AtomicFile.WriteAllText(Path.Combine(directory, csim), Lines(trace.Of(layer)));
            AtomicFile.WriteAllText(Path.Combine(directory, fl), Lines(floats.Select(f => f[layer.Outputs[0]]).ToList()));
            written.Add(csim); written.Add(fl);
            index.Add(new JObject
            {
                ["index"] = layer.Index, ["name"] = layer.Name, ["type"] = layer.Type,
                ["precision"] = layer.Types.TryGetValue("result", out var p) ? p.ToCpp() : null,
                ["size"] = graph.Tensor(layer.Outputs[0]).Size, ["csim"] = csim, ["float"] = fl,
            });
        }
        AtomicFile.WriteAllText(Path.Combine(directory, IndexFile), new JObject { ["rows"] = trace.Rows, ["layers"] = index }.ToString());
        written.Add(IndexFile);
        return written;
    }

    private static string Lines(IReadOnlyList<double[]> rows)
    {
        var sb = new StringBuilder();
        foreach (var row in rows)
        {
            for (int i = 0; i < row.Length; i++)
            {
                if (i > 0) sb.Append(' ');
                sb.Append(row[i].ToString("R", CultureInfo.InvariantCulture));
            }
            sb.Append('\n');
        }
        return sb.ToString();
    }
}
