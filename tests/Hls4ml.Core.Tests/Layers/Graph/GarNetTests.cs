using Hls4ml.Config;

namespace Hls4ml.Tests.Layers.Graph;

/// <summary>
/// The example models garnet_1layer (GarNet) and garnet_3layer (GarNetStack) from ../shared, converted, generated and
/// C-simulated against tests/fixtures/garnet (expected outputs from a numpy float64 implementation of the published
/// algorithm, which reproduces the Keras predictions shared with garnet_1layer to 7e-7): with the example configs'
/// precisions (io_parallel, then io_stream + Resource bit-identical), and at a wide precision.
/// </summary>
[TestClass]
public sealed class GarNetTests
{
    public TestContext TestContext { get; set; } = null!;

    private static string Fixture(string file) => Path.Combine(TestPaths.Fixtures, "garnet", file);

    /// <summary>
    /// The example config files' settings (config-files/garnet_*_config.yml) in project-setting form. In garnet_3layer
    /// the Dense results (fixed&lt;16,6,RND,SAT&gt;) and their relu layers (the model default fixed&lt;16,6&gt;, which wraps)
    /// overflow on large events (the first fixture event, all 128 vertices, reaches 47.9 in 'dense': error 0.78 with
    /// the config as it is, the same types hls4ml would use), so those get 2 more integer bits here; the GarNet
    /// settings are the config's.
    /// </summary>
    private static void ExampleConfig(HlsConfig c, string type, int reuseFactor, int countBits, string denseResult)
    {
        c.Strategy = "Resource";
        c.LayerTypes[type] = LayerSettings.Of(("WeightPrecision", "fixed(16,6,RND,SAT)"), ("BiasPrecision", "fixed(16,6,RND,SAT)"),
            ("ResultPrecision", "fixed(16,6)"), ("ReuseFactor", reuseFactor.ToString(System.Globalization.CultureInfo.InvariantCulture)));
        c.LayerTypes["Dense"] = LayerSettings.Of(("AccumPrecision", "fixed(18,8)"), ("ResultPrecision", denseResult), ("Strategy", "Latency"));
        if (denseResult != "fixed(16,6,RND,SAT)") c.LayerTypes["Activation"] = LayerSettings.Of(("ResultPrecision", denseResult));
        c.LayerNames["input_1"] = LayerSettings.Of(("ResultPrecision", "fixed(14,5,RND,SAT)"));
        c.LayerNames["input_2"] = LayerSettings.Of(("ResultPrecision", $"uint({countBits})"));
    }

    [TestMethod]
    [DataRow("garnet_1layer", "GarNet", 16, 8, "fixed(16,6,RND,SAT)")]
    [DataRow("garnet_3layer", "GarNet", 32, 10, "fixed(18,8,RND,SAT)")]
    public void ExampleModelMatchesTheOracle(string name, string type, int reuseFactor, int countBits, string denseResult)
    {
        var model = TestPaths.RequireShared("models", "example-models", "keras", name + ".json");
        var weights = TestPaths.RequireShared("models", "example-models", "keras", name + "_weights.h5");
        var expected = CSimHarness.ReadRows(Fixture(name + ".expected.dat"));

        var run = CSimHarness.Simulate(model, weights, Fixture(name + ".input.dat"), "ap_fixed<16,6>", c => ExampleConfig(c, type, reuseFactor, countBits, denseResult));
        var err = CSimHarness.MaxAbsError(run.Predictions, expected);
        TestContext.WriteLine($"{name}: example config max |err| {err:G3}");
        Assert.IsLessThan(0.05, err, $"{name}: max |error| {err} with the example config (project {run.ProjectDir})");
        var floatErr = CSimHarness.MaxAbsError(run.FloatReference, expected);
        Assert.IsLessThan(1e-5, floatErr, $"{name}: the IR's float reference differs from the oracle by {floatErr}");

        var wide = CSimHarness.Simulate(model, weights, Fixture(name + ".input.dat"), "ap_fixed<32,16>", c =>
        {
            CSimHarness.FineTables(c);
            c.LayerTypes[type] = LayerSettings.Of(("TableSize", "65536"), ("EdgePrecision", "ufixed(32,1,RND,SAT)"));
            c.LayerNames["input_2"] = LayerSettings.Of(("ResultPrecision", $"uint({countBits})"));
        }, verifyVariants: false);
        var wideErr = CSimHarness.MaxAbsError(wide.Predictions, expected);
        TestContext.WriteLine($"{name}: ap_fixed<32,16> max |err| {wideErr:G3}");
        Assert.IsLessThan(2e-3, wideErr, $"{name}: max |error| {wideErr} at ap_fixed<32,16> (project {wide.ProjectDir})");
    }
}

/// <summary>GarNet estimates and the coded errors of unsupported GarNet options (no compilation).</summary>
[TestClass]
public sealed class GarNetConversionTests
{
    private static (string Json, string Weights) Shared(string name) => (
        TestPaths.RequireShared("models", "example-models", "keras", name + ".json"),
        TestPaths.RequireShared("models", "example-models", "keras", name + "_weights.h5"));

    [TestMethod]
    public void EstimateCountsThePerVertexProductsOverTheReuseFactor()
    {
        var (json, weights) = Shared("garnet_1layer");
        var graph = HlsPipeline.CreateDefault(TestPaths.Templates).Convert(json, weights);
        var config = new HlsConfig();
        config.LayerTypes["GarNet"] = LayerSettings.Of(("ReuseFactor", "16"));
        var context = new Hls4ml.Passes.PassContext { Registry = Hls4ml.Extensibility.HlsRegistry.CreateDefault(), Config = config };
        context.Registry.Flow(Hls4ml.Passes.PassFlow.BackendFlow).Run(graph, context);
        var garnet = context.Estimate!.Layers.Single(l => l.Type == "GarNet");
        // Per vertex: FLR and S (4 x (4 + 4)), d² (4), e·f (16), e·a (16), Fout (16 x 4) = 132 products over 16 cycles.
        Assert.AreEqual(9, garnet.Multipliers);
        Assert.AreEqual(2 * 128 * 16, garnet.IntervalCycles);
        // The vertex count input is an integer wide enough for 0..128.
        Assert.AreEqual("ap_uint<8>", graph.Tensor(graph.Inputs[1]).Precision!.ToCpp());
    }

    [TestMethod]
    [DataRow("simplified", "false", "HLS0103", "simplified=True")]
    [DataRow("input_format", "\"x\"", "HLS0103", "'xn'")]
    [DataRow("output_activation", "\"gelu_custom\"", "HLS0105", "gelu_custom")]
    public void UnsupportedOptionsAreCodedErrorsNamingTheLayer(string key, string value, string code, string fix)
    {
        var (json, weights) = Shared("garnet_1layer");
        var model = Newtonsoft.Json.Linq.JObject.Parse(File.ReadAllText(json));
        var layer = ((Newtonsoft.Json.Linq.JArray)model["config"]!["layers"]!).Single(l => (string?)l["class_name"] == "GarNet");
        layer["config"]![key] = Newtonsoft.Json.Linq.JToken.Parse(value);
        var path = Path.Combine(TestPaths.NewTempDir("garnet-bad"), "garnet.json");
        File.WriteAllText(path, model.ToString());
        var e = Assert.Throws<Hls4ml.Diagnostics.HlsException>(() => HlsPipeline.CreateDefault(TestPaths.Templates).Convert(path, weights));
        Assert.AreEqual(code, e.Diagnostic.Code);
        Assert.AreEqual("gar_1", e.Diagnostic.Layer);
        StringAssert.Contains(e.Diagnostic.Message, fix);
    }
}
