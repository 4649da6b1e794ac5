using Hls4ml.Config;
using Newtonsoft.Json.Linq;

namespace Hls4ml.Tests.Layers.Activations;

/// <summary>
/// The fixtures of tests/fixtures/layers/activations (generate.py there): paths, the manifest (oracle and outputs per
/// model), the CSim run at a given configuration and the maximum error per output layer against the oracle.
/// </summary>
public static class ActivationFixtures
{
    public static string Dir => Path.Combine(TestPaths.Fixtures, "layers", "activations");

    public static string Json(string name) => Path.Combine(Dir, name + ".json");
    public static string Weights(string name) => Path.Combine(Dir, name + "_weights.h5");
    public static string Input(string name) => Path.Combine(Dir, name + ".input.dat");
    public static string Expected(string name) => Path.Combine(Dir, name + ".expected.dat");

    private static readonly Lazy<JObject> ManifestJson = new(() => JObject.Parse(File.ReadAllText(Path.Combine(Dir, "manifest.json"))));

    public static string Oracle(string name) => (string)ManifestJson.Value[name]!["oracle"]!;

    /// <summary>(output layer, first column, width) in testbench order.</summary>
    public static IReadOnlyList<(string Layer, int Offset, int Width)> Outputs(string name)
    {
        var list = new List<(string, int, int)>();
        int offset = 0;
        foreach (var o in (JArray)ManifestJson.Value[name]!["outputs"]!)
        {
            int w = (int)o["width"]!;
            list.Add(((string)o["layer"]!, offset, w));
            offset += w;
        }
        return list;
    }

    /// <summary>Wide precision with fine tables: what "matches the oracle tightly" is measured at.</summary>
    public const string WidePrecision = "ap_fixed<32,16>";

    public static void FineTables(HlsConfig c)
    {
        c.LayerTypes["Activation"] = Settings(("TableSize", "65536"), ("TablePrecision", "fixed(32,8,RND,SAT)"));
        c.LayerTypes["ELU"] = Settings(("TableSize", "65536"), ("TablePrecision", "fixed(32,8,RND,SAT)"));
        c.LayerTypes["Softmax"] = Settings(("TableSize", "65536"), ("ExpTablePrecision", "fixed(32,8,RND,SAT)"),
            ("InvTablePrecision", "fixed(32,8,RND,SAT)"), ("InvInpPrecision", "ufixed(24,5,RND,SAT)"), ("AccumPrecision", "fixed(32,8)"));
    }

    public static LayerSettings Settings(params (string Key, string Value)[] values) => LayerSettings.Of(values);

    public static CSimHarness.Run Simulate(string name, string precision = "ap_fixed<16,6>", Action<HlsConfig>? configure = null) =>
        CSimHarness.Simulate(Json(name), Weights(name), Input(name), precision, configure);

    /// <summary>Max |CSim - oracle| per output layer.</summary>
    public static Dictionary<string, double> ErrorsByLayer(string name, IReadOnlyList<double[]> predictions)
    {
        var expected = CSimHarness.ReadRows(Expected(name));
        Assert.HasCount(expected.Count, predictions);
        var errors = new Dictionary<string, double>(StringComparer.Ordinal);
        foreach (var (layer, offset, width) in Outputs(name))
        {
            double max = 0;
            for (int r = 0; r < expected.Count; r++)
            {
                Assert.HasCount(expected[r].Length, predictions[r], $"row {r + 1} width");
                for (int j = offset; j < offset + width; j++) max = Math.Max(max, Math.Abs(predictions[r][j] - expected[r][j]));
            }
            errors[layer] = max;
        }
        return errors;
    }

    public static string Format(Dictionary<string, double> errors) =>
        string.Join(", ", errors.Select(e => $"{e.Key} {e.Value:G3}"));
}
