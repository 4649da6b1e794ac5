using Newtonsoft.Json.Linq;

namespace Hls4ml.Tests.Layers.Convolution;

/// <summary>The committed CNN-family fixtures (tests/fixtures/layers/cnn, made by generate.py) and how to simulate them.</summary>
public static class CnnFixtures
{
    public const string WidePrecision = "ap_fixed<32,16>";
    public const string DefaultPrecision = "ap_fixed<16,6>";

    public static string Dir => Path.Combine(TestPaths.Fixtures, "layers", "cnn");

    public static JObject Manifest => JObject.Parse(File.ReadAllText(Path.Combine(Dir, "fixtures.json")));

    public static IEnumerable<object[]> Names() => Manifest.Properties().Select(p => new object[] { p.Name });

    public static string Oracle(string name) => (string)Manifest[name]!["oracle"]!;

    public static CSimHarness.Run Simulate(string name, string precision, Action<Config.HlsConfig>? configure = null) =>
        CSimHarness.Simulate(Path.Combine(Dir, name + ".json"), Path.Combine(Dir, name + "_weights.h5"),
            Path.Combine(Dir, name + ".input.dat"), precision, c =>
            {
                if (precision == WidePrecision)
                    // Fine softmax tables, as the other wide-precision tests use, so the softmax does not dominate.
                    c.LayerTypes["Softmax"] = Settings(("TableSize", "16384"), ("InpNormPrecision", "ufixed(19,5,TRN,SAT)"),
                        ("ExpTablePrecision", "fixed(32,8,RND,SAT)"), ("InvTablePrecision", "fixed(32,16,RND,SAT)"),
                        ("InvInpPrecision", "fixed(24,8,RND,SAT)"), ("AccumPrecision", "fixed(32,8)"));
                configure?.Invoke(c);
            });

    public static List<double[]> Expected(string name) => CSimHarness.ReadRows(Path.Combine(Dir, name + ".expected.dat"));

    public static Config.LayerSettings Settings(params (string Key, string Value)[] values)
    {
        var s = new Config.LayerSettings();
        foreach (var (k, v) in values) s.Values[k] = v;
        return s;
    }
}
