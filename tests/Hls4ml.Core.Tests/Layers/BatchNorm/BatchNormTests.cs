using Hls4ml.Config;
using Hls4ml.Diagnostics;
using Hls4ml.Extensibility;
using Hls4ml.Ir;
using Hls4ml.Ir.Layers;
using Hls4ml.Passes;
using Hls4ml.Tests.Layers.Activations;
using Hls4ml.Types;
using Newtonsoft.Json.Linq;

namespace Hls4ml.Tests.Layers.BatchNorm;

/// <summary>
/// BatchNormalization: scale/bias from gamma/beta/mean/variance/epsilon, standalone (nnet_batchnorm.h) and folded
/// into the preceding Dense/Conv when that is safe; both against the tfjs oracle.
/// </summary>
[TestCategory("Cxx")]   // may run g++ (C simulation); excluded by --filter "TestCategory!=Cxx"
[TestClass]
public sealed class BatchNormTests
{
    public TestContext TestContext { get; set; } = null!;

    private static readonly HlsPipeline Pipeline = HlsPipeline.CreateDefault(TestPaths.Templates);
    private const string Fixture = "batchnorm";

    private static string[] BatchNorms(ModelGraph g) => g.Layers.Where(l => l.Type == "BatchNormalization").Select(l => l.Name).ToArray();

    [TestMethod]
    public void ScaleAndBiasAreComputedInFloat32LikeHls4ml()
    {
        var g = Pipeline.Convert(ActivationFixtures.Json(Fixture), ActivationFixtures.Weights(Fixture));
        CollectionAssert.AreEqual(new[] { "bn_in", "bn1", "bn2", "bn3" }, BatchNorms(g));
        // bn2 has no beta (center=False), bn3 no gamma (scale=False): scale = gamma / sqrt(var + eps), bias = beta - mean * scale.
        var (scale, bias) = BatchNormalizationDefinition.Fold(new[] { 2f, 0.5f }, null, new[] { 1f, -2f }, new[] { 3f, 0.25f }, 1e-3);
        Assert.AreEqual(2f / MathF.Sqrt(3.001f), scale[0]);
        Assert.AreEqual(0.5f / MathF.Sqrt(0.251f), scale[1]);
        Assert.AreEqual(-scale[0], bias[0]);
        Assert.AreEqual(2 * scale[1], bias[1]);
        (scale, bias) = BatchNormalizationDefinition.Fold(null, new[] { 0.5f }, new[] { 1f }, new[] { 1f }, 0);
        Assert.AreEqual((1f, -0.5f), (scale[0], bias[0]));
        var bn2 = g.FindLayer("bn2")!;
        Assert.AreEqual(1e-5, bn2.Get<double>("epsilon"));
        Assert.AreEqual((8, 1, 0), (bn2.Get<int>("n_filt"), bn2.Get<int>("n_inner"), bn2.Get<int>("axis")));
    }

    [TestMethod]
    public void NotFoldedByDefault()
    {
        var g = Pipeline.Convert(ActivationFixtures.Json(Fixture), ActivationFixtures.Weights(Fixture));
        Pipeline.Generate(g, new HlsConfig { ProjectName = "myproject" }, TestPaths.NewTempDir("bn"));
        CollectionAssert.AreEqual(new[] { "bn_in", "bn1", "bn2", "bn3" }, BatchNorms(g));
    }

    [TestMethod]
    public void FoldedIntoDenseWhenAskedFor()
    {
        var g = Pipeline.Convert(ActivationFixtures.Json(Fixture), ActivationFixtures.Weights(Fixture));
        var original = g.FindLayer("fc1")!.Weights["weight"].Data.ToArray();
        var bn1 = g.FindLayer("bn1")!;
        var scale = bn1.Weights["scale"].Data.ToArray();
        var result = Pipeline.Generate(g, new HlsConfig { ProjectName = "myproject", FoldBatchNorm = true }, TestPaths.NewTempDir("bn"));
        // bn_in follows the input (nothing to fold into); bn1..bn3 follow Dense layers (fc1's linear activation removed first).
        CollectionAssert.AreEqual(new[] { "bn_in" }, BatchNorms(g));
        Assert.IsFalse(result.Diagnostics.Any(d => d.Descriptor == DiagnosticCodes.BatchNormNotFolded), string.Join("\n", result.Diagnostics));
        var folded = g.FindLayer("fc1")!.Weights["weight"].Data;
        for (int i = 0; i < folded.Length; i++) Assert.AreEqual(scale[i % 16] * original[i], folded[i]);
        Assert.AreEqual("relu1", g.Consumers("fc1").Single().Name);
    }

    [TestMethod]
    [DataRow(true)]
    [DataRow(false)]
    public void FoldedAndStandaloneMatchTheOracleAtWidePrecision(bool fold)
    {
        var run = ActivationFixtures.Simulate(Fixture, ActivationFixtures.WidePrecision, c =>
        {
            ActivationFixtures.FineTables(c);
            c.FoldBatchNorm = fold;
            if (!fold)
                foreach (var bn in new[] { "bn1", "bn2", "bn3" })
                    c.LayerNames[bn] = ActivationFixtures.Settings(("ScalePrecision", "fixed(32,16)"));
        });
        var parameters = File.ReadAllText(Path.Combine(run.ProjectDir, "firmware", "parameters.h"));
        Assert.AreEqual(fold ? 1 : 4, System.Text.RegularExpressions.Regex.Matches(parameters, "nnet::batchnorm_config").Count);
        var err = CSimHarness.MaxAbsError(run.Predictions, CSimHarness.ReadRows(ActivationFixtures.Expected(Fixture)));
        TestContext.WriteLine($"batchnorm {(fold ? "folded" : "standalone")} at {ActivationFixtures.WidePrecision}: max |error| {err:G3}");
        Assert.IsLessThan(1e-3, err);
    }

    [TestMethod]
    [DataRow(true)]
    [DataRow(false)]
    public void DefaultPrecisionErrorIsReported(bool fold)
    {
        var run = ActivationFixtures.Simulate(Fixture, configure: c =>
        {
            c.FoldBatchNorm = fold;
            if (!fold)
                foreach (var bn in new[] { "bn1", "bn2", "bn3" })
                    c.LayerNames[bn] = ActivationFixtures.Settings(("ResultPrecision", "fixed(16,6)"));
        });
        var err = CSimHarness.MaxAbsError(run.Predictions, CSimHarness.ReadRows(ActivationFixtures.Expected(Fixture)));
        TestContext.WriteLine($"batchnorm {(fold ? "folded" : "standalone")} at ap_fixed<16,6>: max |error| {err:G3}");
        Assert.IsLessThan(0.1, err);
    }

    [TestMethod]
    public void ExplicitPrecisionKeepsItSeparateWithAnInfo()
    {
        var g = Pipeline.Convert(ActivationFixtures.Json(Fixture), ActivationFixtures.Weights(Fixture));
        var config = new HlsConfig { FoldBatchNorm = true };
        config.LayerNames["bn2"] = ActivationFixtures.Settings(("BiasPrecision", "fixed(12,4)"));
        var context = new PassContext { Registry = Pipeline.Registry, Config = config };
        context.Registry.Flow(PassFlow.BackendFlow).Run(g, context);
        CollectionAssert.AreEqual(new[] { "bn_in", "bn2" }, BatchNorms(g));
        var info = context.Diagnostics.Items.Single(d => d.Descriptor == DiagnosticCodes.BatchNormNotFolded);
        Assert.AreEqual(DiagnosticSeverity.Info, info.Descriptor.Severity);
        Assert.AreEqual("bn2", info.Layer);
        StringAssert.Contains(info.Message, "its precision is configured (bias)");
    }

    private static ModelGraph DenseThenBatchNorm(float scale, bool secondConsumer = false)
    {
        var b = new GraphBuilder(Pipeline.Registry);
        var x = b.Input("in", 4);
        var d = b.Dense("fc", x, 3);
        var bn = b.Add("BatchNormalization", "bn", new[] { d }, null, new Dictionary<string, WeightVariable>
        {
            ["scale"] = new() { Name = "scale", Shape = new[] { 3 }, Data = new[] { scale, 0.5f, 2f } },
            ["bias"] = new() { Name = "bias", Shape = new[] { 3 }, Data = new[] { 0.25f, -1f, 0f } },
        });
        if (secondConsumer) b.Graph.Outputs.Add(d);
        return b.Output(bn);
    }

    [TestMethod]
    public void NotFoldedWhenTheFoldedWeightsWouldOverflow()
    {
        // |w| < 1 times 100 exceeds ap_fixed<16,6>'s [-32, 32): hls4ml folds anyway and the weights wrap.
        var g = DenseThenBatchNorm(100f);
        var context = new PassContext { Registry = Pipeline.Registry, Config = new HlsConfig { FoldBatchNorm = true } };
        context.Registry.Flow(PassFlow.BackendFlow).Run(g, context);
        CollectionAssert.AreEqual(new[] { "bn" }, BatchNorms(g));
        StringAssert.Contains(context.Diagnostics.Items.Single().Message, "would overflow its type ap_fixed<16,6>");
        // ... but at a precision that holds them it is folded.
        g = DenseThenBatchNorm(100f);
        Pipeline.Registry.Flow(PassFlow.BackendFlow).Run(g, new PassContext { Registry = Pipeline.Registry, Config = new HlsConfig { DefaultPrecision = Precision.Parse("fixed<24,10>"), FoldBatchNorm = true } });
        Assert.IsEmpty(BatchNorms(g));
    }

    [TestMethod]
    public void NotFoldedWhenTheDenseOutputIsUsedElsewhere()
    {
        var g = DenseThenBatchNorm(1.5f, secondConsumer: true);
        var context = new PassContext { Registry = Pipeline.Registry, Config = new HlsConfig { FoldBatchNorm = true } };
        context.Registry.Flow(PassFlow.BackendFlow).Run(g, context);
        CollectionAssert.AreEqual(new[] { "bn" }, BatchNorms(g));
        StringAssert.Contains(context.Diagnostics.Items.Single().Message, "also used elsewhere");
    }

    [TestMethod]
    public void FoldedValuesAreFloat32ProductsAsInHls4ml()
    {
        var g = DenseThenBatchNorm(1.5f);
        var w = g.FindLayer("fc")!.Weights["weight"].Data.ToArray();
        var b = g.FindLayer("fc")!.Weights["bias"].Data.ToArray();
        Pipeline.Registry.Flow(PassFlow.BackendFlow).Run(g, new PassContext { Registry = Pipeline.Registry, Config = new HlsConfig { FoldBatchNorm = true } });
        var fc = g.FindLayer("fc")!;
        var scale = new[] { 1.5f, 0.5f, 2f };
        var shift = new[] { 0.25f, -1f, 0f };
        for (int i = 0; i < w.Length; i++) Assert.AreEqual(scale[i % 3] * w[i], fc.Weights["weight"].Data[i]);
        for (int c = 0; c < 3; c++) Assert.AreEqual(scale[c] * b[c] + shift[c], fc.Weights["bias"].Data[c]);
        CollectionAssert.AreEqual(new[] { "fc" }, g.Outputs);
    }

    [TestMethod]
    public void AxisOtherThanLastIsNormalizedButNotFolded()
    {
        var g = Pipeline.Convert(ActivationFixtures.Json("multidim_torch"), ActivationFixtures.Weights("multidim_torch"));
        var bn = g.FindLayer("bn_axis2")!;
        Assert.AreEqual((1, 4, 5, 3 * 4 * 5), (bn.Get<int>("axis"), bn.Get<int>("n_filt"), bn.Get<int>("n_inner"), bn.Get<int>("n_in")));
    }

    [TestMethod]
    public void SeveralAxesAreHls0103()
    {
        var root = JObject.Parse(File.ReadAllText(ActivationFixtures.Json("multidim_torch")));
        var cfg = ((JArray)root["config"]!["layers"]!).First(l => (string)l["config"]!["name"]! == "bn_axis2")["config"]!;
        cfg["axis"] = new JArray(1, 2);
        var json = Path.Combine(TestPaths.NewTempDir("bn"), "bn.json");
        File.WriteAllText(json, root.ToString());
        var e = Assert.ThrowsExactly<HlsException>(() => Pipeline.Convert(json, ActivationFixtures.Weights("multidim_torch")));
        Assert.AreEqual("HLS0103", e.Diagnostic.Code);
        Assert.AreEqual("bn_axis2", e.Diagnostic.Layer);
    }

    /// <summary>hls4ml's example model with four Dense→BatchNormalization pairs: all folded, simulated.</summary>
    [TestMethod]
    public void Keras3LayerBatchNormExampleFoldsAndSimulates()
    {
        var dir = TestPaths.RequireShared("models", "example-models", "keras");
        var json = Path.Combine(dir, "KERAS_3layer_batch_norm.json");
        var weights = Path.Combine(dir, "KERAS_3layer_batch_norm_weights.h5");
        var input = Path.Combine(TestPaths.NewTempDir("bn"), "input.dat");
        var rng = new Random(5);
        File.WriteAllLines(input, Enumerable.Range(0, 20).Select(_ => string.Join(" ", Enumerable.Range(0, 16)
            .Select(_ => (Math.Round((rng.NextDouble() * 2 - 1) * 1024) / 1024).ToString("R", System.Globalization.CultureInfo.InvariantCulture)))));
        var wide = CSimHarness.Simulate(json, weights, input, ActivationFixtures.WidePrecision, c => { ActivationFixtures.FineTables(c); c.FoldBatchNorm = true; });
        Assert.IsFalse(File.ReadAllText(Path.Combine(wide.ProjectDir, "firmware", "parameters.h")).Contains("batchnorm_config"), "all four folded");
        var errWide = CSimHarness.MaxAbsError(wide.Predictions, wide.FloatReference);
        var def = CSimHarness.Simulate(json, weights, input);
        var errDefault = CSimHarness.MaxAbsError(def.Predictions, def.FloatReference);
        TestContext.WriteLine($"KERAS_3layer_batch_norm vs float reference: {errWide:G3} at {ActivationFixtures.WidePrecision}, {errDefault:G3} at ap_fixed<16,6>");
        Assert.IsLessThan(2e-3, errWide);
        Assert.IsLessThan(0.5, errDefault);
    }
}
