using Hls4ml.Config;
using Hls4ml.Diagnostics;
using Hls4ml.Extensibility;
using Hls4ml.Ir;
using Hls4ml.Ir.Layers.Activations;
using Hls4ml.Passes;
using Newtonsoft.Json.Linq;

namespace Hls4ml.Tests.Layers.Activations;

/// <summary>
/// Keras activations to IR: every activation name (Activation layer and fused activation=), the advanced activation
/// layers and their parameters, registration through the extension API, per-layer settings and the generated C++.
/// </summary>
[TestClass]
public sealed class ActivationFrontendTests
{
    private static readonly HlsPipeline Pipeline = HlsPipeline.CreateDefault(TestPaths.Templates);

    private static ModelGraph Convert(string fixture) => Pipeline.Convert(ActivationFixtures.Json(fixture), ActivationFixtures.Weights(fixture));

    /// <summary>A copy of a fixture's JSON edited by 'edit' (weights unchanged).</summary>
    private static string Edited(string fixture, Action<JObject> edit)
    {
        var root = JObject.Parse(File.ReadAllText(ActivationFixtures.Json(fixture)));
        edit(root);
        var path = Path.Combine(TestPaths.NewTempDir("act"), fixture + ".json");
        File.WriteAllText(path, root.ToString());
        return path;
    }

    private static JObject LayerConfig(JObject root, string name) =>
        (JObject)((JArray)root["config"]!["layers"]!).First(l => (string)l["config"]!["name"]! == name)["config"]!;

    private static HlsException Fails(string json, string fixture, string code)
    {
        var e = Assert.ThrowsExactly<HlsException>(() => Pipeline.Convert(json, ActivationFixtures.Weights(fixture)));
        Assert.AreEqual(code, e.Diagnostic.Code, e.Message);
        return e;
    }

    [TestMethod]
    public void RegisteredThroughTheExtensionApi()
    {
        var r = HlsRegistry.CreateDefault();
        foreach (var cls in new[] { "Activation", "ReLU", "LeakyReLU", "ThresholdedReLU", "ELU", "PReLU", "Softmax", "BatchNormalization" })
            Assert.IsNotNull(r.KerasHandler(cls), cls);
        foreach (var type in new[] { "Activation", "Softmax", "LeakyReLU", "ThresholdedReLU", "ELU", "ReLU", "PReLU", "BatchNormalization" })
        {
            Assert.IsNotNull(r.Layer(type), type);
            foreach (var backend in new[] { "Vivado", "Vitis" })
                Assert.IsNotNull(r.Template(backend, "io_parallel", type), $"{backend} {type}");
        }
    }

    [TestMethod]
    public void ActivationLayersMapToIrTypesAndParameters()
    {
        var g = Convert("activations_tfjs");
        var byName = g.Layers.ToDictionary(l => l.Name);
        foreach (var a in new[] { "relu", "sigmoid", "tanh", "softplus", "softsign", "elu", "selu", "hard_sigmoid", "swish" })
        {
            Assert.AreEqual("Activation", byName[$"act_{a}"].Type, a);
            Assert.AreEqual(a, byName[$"act_{a}"].Get<string>("activation"));
        }
        Assert.AreEqual("Softmax", byName["act_softmax"].Type);
        Assert.AreEqual("Softmax", byName["softmax_layer"].Type);
        Assert.AreEqual(("LeakyReLU", 0.1), (byName["leaky_relu"].Type, byName["leaky_relu"].Get<double>("activ_param")));
        Assert.AreEqual(("ThresholdedReLU", 0.5), (byName["thresholded_relu"].Type, byName["thresholded_relu"].Get<double>("activ_param")));
        Assert.AreEqual(("ELU", 1.0), (byName["elu_layer"].Type, byName["elu_layer"].Get<double>("activ_param")));
        Assert.AreEqual("PReLU", byName["prelu"].Type);
        Assert.AreEqual("ReLU", byName["relu_max"].Type);
        Assert.AreEqual(2.5, byName["relu_max"].Get<double>("max_value"));
        Assert.AreEqual((0.2, 0.5), (byName["act_hard_sigmoid"].Get<double>("slope"), byName["act_hard_sigmoid"].Get<double>("shift")));
    }

    [TestMethod]
    public void AliasesAndKerasDefaults()
    {
        var g = Convert("activations_torch");
        var byName = g.Layers.ToDictionary(l => l.Name);
        Assert.AreEqual("swish", byName["act_silu"].Get<string>("activation"), "silu is swish");
        Assert.AreEqual("relu6", byName["act_relu6"].Get<string>("activation"));
        Assert.AreEqual(0.3, byName["leaky_default"].Get<double>("activ_param"), "Keras 2 LeakyReLU default alpha");
        var all = byName["relu_all"];
        Assert.AreEqual((-0.75, 0.2, 3.0, true), (all.Get<double>("threshold"), all.Get<double>("negative_slope"), all.Get<double>("max_value"), all.Get<bool>("has_max")));
        var slope = byName["relu_slope"];
        Assert.IsFalse(slope.Get<bool>("has_max"));
    }

    [TestMethod]
    public void ReLUWithoutOptionsIsThePlainActivation()
    {
        var json = Edited("activations_torch", r =>
        {
            var c = LayerConfig(r, "relu_all");
            c["max_value"] = null;
            c["negative_slope"] = 0.0;
            c["threshold"] = 0.0;
        });
        var relu = Pipeline.Convert(json, ActivationFixtures.Weights("activations_torch")).FindLayer("relu_all")!;
        Assert.AreEqual(("Activation", "relu"), (relu.Type, relu.Get<string>("activation")));
    }

    [TestMethod]
    public void KerasThreeLeakyReLUUsesNegativeSlope()
    {
        var json = Edited("activations_torch", r =>
        {
            var c = LayerConfig(r, "leaky_default");
            c.Remove("alpha");
            c["negative_slope"] = 0.25;
        });
        Assert.AreEqual(0.25, Pipeline.Convert(json, ActivationFixtures.Weights("activations_torch")).FindLayer("leaky_default")!.Get<double>("activ_param"));
    }

    [TestMethod]
    public void FusedActivationsAreSplitLikeHls4ml()
    {
        var g = Convert("fused_dense");
        foreach (var a in new[] { "elu", "selu", "swish", "softplus", "softsign", "hard_sigmoid", "tanh", "sigmoid" })
        {
            var act = g.FindLayer($"fc_{a}_{a}") ?? throw new AssertFailedException($"no fc_{a}_{a}");
            Assert.AreEqual(("Activation", a), (act.Type, act.Get<string>("activation")));
        }
        Assert.AreEqual("Softmax", g.FindLayer("fc_softmax_softmax")!.Type);
    }

    [TestMethod]
    public void UnsupportedActivationListsTheSupportedOnes()
    {
        var json = Edited("fused_dense", r => LayerConfig(r, "fc_elu")["activation"] = "gelu");
        var e = Fails(json, "fused_dense", "HLS0105");
        Assert.AreEqual("fc_elu", e.Diagnostic.Layer);
        StringAssert.Contains(e.Message, "'gelu'");
        StringAssert.Contains(e.Message, "binary_sign, binary_step, binary_tanh, bipolar_sign, elu, exponential, hard_sigmoid, linear, relu, relu1, relu6, selu, sigmoid, silu, softmax, softplus, softsign, swish, tanh, ternary_tanh, ternary_threshold");
        Assert.IsNull(Pipeline.Registry.Layer("gelu"));
    }

    [TestMethod]
    public void PReLUSharedAxesAreBroadcast()
    {
        var g = Convert("multidim");
        var prelu = g.FindLayer("prelu_shared")!;
        CollectionAssert.AreEqual(new[] { 1 }, prelu.Get<int[]>("shared_axes"));
        var alpha = prelu.Weights["param"];
        CollectionAssert.AreEqual(new[] { 4, 6 }, alpha.Shape);
        for (int row = 1; row < 4; row++)
            CollectionAssert.AreEqual(alpha.Data.Take(6).ToArray(), alpha.Data.Skip(6 * row).Take(6).ToArray(), $"row {row} shares row 0's alphas");
        Assert.AreNotEqual(alpha.Data[0], alpha.Data[1]);
    }

    [TestMethod]
    public void PReLUWithAnAlphaOfTheWrongShapeIsHls0108()
    {
        var json = Edited("multidim", r => LayerConfig(r, "prelu_shared")["shared_axes"] = new JArray(2));
        var e = Fails(json, "multidim", "HLS0108");
        StringAssert.Contains(e.Message, "shared_axes [2]");
    }

    [TestMethod]
    public void SoftmaxOverSeveralAxesIsHls0103()
    {
        var json = Edited("multidim_torch", r => LayerConfig(r, "softmax_axis1")["axis"] = new JArray(1, 2));
        var e = Fails(json, "multidim_torch", "HLS0103");
        StringAssert.Contains(e.Message, "single axis");
        json = Edited("multidim_torch", r => LayerConfig(r, "softmax_axis1")["axis"] = 0);
        StringAssert.Contains(Fails(json, "multidim_torch", "HLS0103").Message, "batch");
    }

    [TestMethod]
    public void PerLayerTableSettingsReachTheGeneratedConfig()
    {
        var g = Convert("activations_tfjs");
        var config = new HlsConfig { ProjectName = "myproject" };
        config.LayerNames["act_sigmoid"] = ActivationFixtures.Settings(("TableSize", "4096"), ("TablePrecision", "fixed(24,4,RND,SAT)"));
        config.LayerNames["elu_layer"] = ActivationFixtures.Settings(("TableSize", "2048"), ("ParamPrecision", "fixed(8,3)"));
        config.LayerNames["leaky_relu"] = ActivationFixtures.Settings(("ParamPrecision", "ufixed(12,0)"));
        var dir = TestPaths.NewTempDir("act");
        Pipeline.Generate(g, config, dir);
        var parameters = File.ReadAllText(Path.Combine(dir, "firmware", "parameters.h"));
        var defines = File.ReadAllText(Path.Combine(dir, "firmware", "defines.h"));
        var cpp = File.ReadAllText(Path.Combine(dir, "firmware", "myproject.cpp"));
        int sig = g.FindLayer("act_sigmoid")!.Index, elu = g.FindLayer("elu_layer")!.Index, leaky = g.FindLayer("leaky_relu")!.Index;
        StringAssert.Contains(parameters, $"struct sigmoid_config{sig} : nnet::activ_config {{\n    static const unsigned n_in = 12;\n    static const unsigned table_size = 4096;");
        StringAssert.Contains(defines, $"typedef ap_fixed<24,4,AP_RND,AP_SAT,0> table{sig}_t;");
        StringAssert.Contains(parameters, $"struct elu_config{elu} : nnet::activ_config {{\n    static const unsigned n_in = 12;\n    static const unsigned table_size = 2048;");
        StringAssert.Contains(defines, $"typedef ap_fixed<8,3> param{elu}_t;");
        StringAssert.Matches(cpp, new System.Text.RegularExpressions.Regex($@"nnet::elu<input_t, param{elu}_t, \w+, elu_config{elu}>\(in1_x, 1\.0, layer{elu}_out\);"));
        StringAssert.Matches(cpp, new System.Text.RegularExpressions.Regex($@"nnet::leaky_relu<input_t, param{leaky}_t, \w+, leaky_relu_config{leaky}>\(in1_x, 0\.1, layer{leaky}_out\);"));
        StringAssert.Contains(defines, $"typedef ap_ufixed<12,0> param{leaky}_t;");
    }

    /// <summary>The MSBuild flow stores the IR between Convert and Generate: every new attribute must survive it.</summary>
    [TestMethod]
    [DataRow("activations_tfjs")]
    [DataRow("activations_torch")]
    [DataRow("multidim")]
    [DataRow("multidim_torch")]
    [DataRow("batchnorm")]
    public void IrRoundTripGeneratesTheSameProject(string fixture)
    {
        string Generate(ModelGraph g)
        {
            var dir = TestPaths.NewTempDir("act");
            Pipeline.Generate(g, new HlsConfig { ProjectName = "myproject" }, dir);
            return string.Join("\n", new[] { "firmware/parameters.h", "firmware/defines.h", "firmware/myproject.cpp" }
                .Select(f => File.ReadAllText(Path.Combine(dir, f)))
                .Concat(Directory.EnumerateFiles(Path.Combine(dir, "firmware"), "*.txt", SearchOption.AllDirectories).Order().Select(File.ReadAllText)));
        }
        var original = Convert(fixture);
        var reloaded = IrSerializer.FromJson(IrSerializer.ToJson(original));
        Assert.AreEqual(Generate(original), Generate(reloaded));
    }

    [TestMethod]
    public void UnknownSettingListsTheLayersOwn()
    {
        var g = Convert("activations_tfjs");
        var config = new HlsConfig();
        config.LayerNames["prelu"] = ActivationFixtures.Settings(("TableSize", "64"));
        var e = Assert.ThrowsExactly<HlsException>(() => Pipeline.Registry.Flow(PassFlow.BackendFlow).Run(g, new PassContext { Registry = Pipeline.Registry, Config = config }));
        Assert.AreEqual("HLS0004", e.Diagnostic.Code);
        StringAssert.Contains(e.Message, "ParamPrecision");
    }

    [TestMethod]
    public void ExponentialTableTypeHoldsExpOfEight()
    {
        var g = Convert("exponential_torch");
        Pipeline.Registry.Flow(PassFlow.BackendFlow).Run(g, new PassContext { Registry = Pipeline.Registry, Config = new HlsConfig() });
        Assert.AreEqual("ap_ufixed<22,12>", g.FindLayer("act_exponential")!.Types["table"].ToCpp());
    }

    [TestMethod]
    public void CatalogReferencesAgreeWithKerasDefinitions()
    {
        var layer = new Layer { Name = "a", Type = "Activation" };
        var registry = Hls4ml.Extensibility.HlsRegistry.CreateDefault();
        double F(string name, double x) => registry.Activation(name)!.Reference(layer, x);
        Assert.AreEqual(0.7, F("hard_sigmoid", 1.0), 1e-15);
        Assert.AreEqual(1.0, F("hard_sigmoid", 3.0));
        Assert.AreEqual(0.0, F("hard_sigmoid", -2.5));
        Assert.AreEqual(2 / (1 + Math.Exp(-2)), F("swish", 2), 1e-15);
        Assert.AreEqual(-1.7580993408473766 * (1 - Math.Exp(-1)), F("selu", -1), 1e-12);
        Assert.AreEqual(40.0, F("softplus", 40.0), 1e-12);
        Assert.AreEqual(6.0, F("relu6", 7.5));
        Assert.AreEqual("swish", registry.CanonicalActivation("silu"));
        Assert.IsNull(registry.CanonicalActivation("gelu"));
        Assert.AreEqual("1.0", ActivationFunctions.CppLiteral(1));
        Assert.AreEqual("-0.75", ActivationFunctions.CppLiteral(-0.75));
        Assert.AreEqual("1E-05", ActivationFunctions.CppLiteral(1e-5));
    }

    [TestMethod]
    public void ReLUOptionsFollowKerasBackendRelu()
    {
        // keras.backend.relu: x > threshold keeps x (clipped to [0, max_value] when set), else slope * (x - threshold).
        Assert.AreEqual(0.0, ReLUOptionsDefinition.Apply(0.5, 0.5, 0, null), "x == threshold is not above it");
        Assert.AreEqual(-0.5, ReLUOptionsDefinition.Apply(-0.5, -0.75, 0, null), "negative values above a negative threshold pass");
        Assert.AreEqual(0.0, ReLUOptionsDefinition.Apply(-0.5, -0.75, 0, 3), "... unless max_value clips them to [0, max]");
        Assert.AreEqual(-0.2, ReLUOptionsDefinition.Apply(-1.75, -0.75, 0.2, 3), 1e-15);
        Assert.AreEqual(3.0, ReLUOptionsDefinition.Apply(7, -0.75, 0.2, 3));
    }
}
