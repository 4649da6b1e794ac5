using Hls4ml.Config;
using Newtonsoft.Json.Linq;

namespace Hls4ml.Tests.Layers.Recurrent;

/// <summary>
/// The recurrent/embedding fixtures of tests/fixtures/recurrent (written by its generate.py; expected outputs from the
/// float64 Keras cell equations, cross-checked against torch.nn where torch has the cell): paths and simulation.
/// </summary>
public static class RecurrentFixtures
{
    public static string Dir => Path.Combine(TestPaths.Fixtures, "recurrent");

    public const string WidePrecision = "ap_fixed<32,16>";
    public const string DefaultPrecision = "ap_fixed<16,6>";

    public static (string Model, string? Weights) ModelFiles(string name) =>
        File.Exists(Path.Combine(Dir, name + ".keras")) ? (Path.Combine(Dir, name + ".keras"), null)
        : File.Exists(Path.Combine(Dir, name + ".onnx")) ? (Path.Combine(Dir, name + ".onnx"), null)
        : (Path.Combine(Dir, name + ".json"), Path.Combine(Dir, name + "_weights.h5"));

    public static string Input(string name) => Path.Combine(Dir, name + ".input.dat");

    public static List<double[]> Expected(string name) => CSimHarness.ReadRows(Path.Combine(Dir, name + ".expected.dat"));

    /// <summary>(output layer, width) in output order.</summary>
    public static IReadOnlyList<(string Layer, int Width)> Outputs(string name)
    {
        var manifest = JObject.Parse(File.ReadAllText(Path.Combine(Dir, "manifest.json")));
        return manifest[name]!["outputs"]!.Select(o => ((string)o["layer"]!, (int)o["width"]!)).ToList();
    }

    /// <summary>Lookup tables fine enough that at a wide precision the remaining error is the fixed-point arithmetic's.</summary>
    public static void FineTables(HlsConfig config)
    {
        foreach (var type in new[] { "LSTM", "GRU", "SimpleRNN", "Activation" })
            config.LayerTypes[type] = LayerSettings.Of(("TableSize", "16384"), ("TablePrecision", "fixed(32,8,RND,SAT)"));
    }

    public static CSimHarness.Run Simulate(string name, string precision, Action<HlsConfig>? configure = null, string ioType = "io_parallel", bool verifyVariants = true)
    {
        var (model, weights) = ModelFiles(name);
        return CSimHarness.Simulate(model, weights, Input(name), precision, configure, ioType, verifyVariants);
    }

    /// <summary>Max |error| per output (layer name, error), splitting each row by the manifest's widths.</summary>
    public static IReadOnlyList<(string Layer, double Error)> ErrorPerOutput(string name, IReadOnlyList<double[]> actual)
    {
        var expected = Expected(name);
        var result = new List<(string, double)>();
        int offset = 0;
        foreach (var (layer, width) in Outputs(name))
        {
            double max = 0;
            for (int r = 0; r < expected.Count; r++)
                for (int j = offset; j < offset + width; j++) max = Math.Max(max, Math.Abs(actual[r][j] - expected[r][j]));
            result.Add((layer, max));
            offset += width;
        }
        return result;
    }
}
