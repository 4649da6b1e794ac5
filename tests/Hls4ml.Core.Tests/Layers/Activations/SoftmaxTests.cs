using Hls4ml.Config;
using Hls4ml.Diagnostics;
using Hls4ml.Extensibility;
using Hls4ml.Ir;
using Hls4ml.Ir.Layers;
using Hls4ml.Passes;
using Hls4ml.Types;

namespace Hls4ml.Tests.Layers.Activations;

/// <summary>
/// Softmax: hls4ml's types at its default precision (bit-identical tables), table addressing derived from the input's
/// range at wide precision (where hls4ml's top-bit addressing makes the output nearly uniform), the implementations,
/// and the axis.
/// </summary>
[TestCategory("Cxx")]   // may run g++ (C simulation); excluded by --filter "TestCategory!=Cxx"
[TestClass]
public sealed class SoftmaxTests
{
    public TestContext TestContext { get; set; } = null!;

    private static readonly HlsRegistry Registry = HlsRegistry.CreateDefault();

    private static Layer SoftmaxAfterBackend(string precision, string implementation = "stable", params (string Key, string Value)[] settings)
    {
        var b = new GraphBuilder(Registry);
        var x = b.Input("in", 10);
        x = b.Add("Softmax", "sm", new[] { x }, new Dictionary<string, object?> { ["axis"] = -1 });
        var g = b.Output(x);
        var config = new HlsConfig { DefaultPrecision = Precision.Parse(precision) };
        config.LayerTypes["Softmax"] = ActivationFixtures.Settings(settings.Append(("Implementation", implementation)).ToArray());
        Registry.Flow(PassFlow.BackendFlow).Run(g, new PassContext { Registry = Registry, Config = config });
        return g.FindLayer("sm")!;
    }

    [TestMethod]
    public void DefaultPrecisionKeepsHls4mlTypes()
    {
        var stable = SoftmaxAfterBackend("ap_fixed<16,6>");
        Assert.AreEqual("ap_ufixed<15,5,AP_TRN,AP_SAT,0>", stable.Types["inp_norm"].ToCpp());
        Assert.AreEqual("ap_fixed<18,8,AP_RND,AP_SAT,0>", stable.Types["inv_inp"].ToCpp());
        Assert.AreEqual("ap_fixed<22,12>", stable.Types["accum"].ToCpp(), "exp_table_t + ceil(log2 10) integer bits");
        Assert.AreEqual(1024, stable.Get<int>("exp_table_size"));
        Assert.AreEqual(1024, stable.Get<int>("inv_table_size"));
        // latency looks x up directly: at the default precision its address type is the input's own format.
        var latency = SoftmaxAfterBackend("ap_fixed<16,6>", "latency");
        Assert.AreEqual("ap_fixed<16,6,AP_TRN,AP_SAT,0>", latency.Types["inp_norm"].ToCpp());
    }

    [TestMethod]
    [DataRow("ap_fixed<32,16>", "stable", "ap_ufixed<21,5,AP_TRN,AP_SAT,0>")]
    [DataRow("ap_fixed<32,16>", "latency", "ap_fixed<22,6,AP_TRN,AP_SAT,0>")]
    [DataRow("ap_fixed<24,12>", "stable", "ap_ufixed<17,5,AP_TRN,AP_SAT,0>")]
    [DataRow("ap_fixed<8,3>", "stable", "ap_ufixed<8,3,AP_TRN,AP_SAT,0>")]
    [DataRow("ap_ufixed<16,6>", "stable", "ap_ufixed<15,5,AP_TRN,AP_SAT,0>")]
    [DataRow("ap_int<12>", "stable", "ap_ufixed<5,5,AP_TRN,AP_SAT,0>")]
    public void NormalizationTypeFollowsTheInputRange(string precision, string implementation, string expected) =>
        Assert.AreEqual(expected, SoftmaxAfterBackend(precision, implementation).Types["inp_norm"].ToCpp());

    /// <summary>
    /// hls4ml's own CSim of KERAS_3layer (../shared): at the default configuration identical wherever hls4ml's
    /// d = max - x does not wrap (ours saturates); HlsCompatibility=hls4ml reproduces every row
    /// (Numerics.Hls4mlCompatibilityTests).
    /// </summary>
    [TestMethod]
    public void Keras3LayerDiffersFromHls4mlCSimOnlyWhereItWraps()
    {
        var fixture = TestPaths.RequireShared("fixtures", "hls4ml-csim", "KERAS_3layer");
        var models = TestPaths.RequireShared("models", "example-models", "keras");
        var theirs = CSimHarness.ReadRows(Path.Combine(fixture, "hls4ml_pred.dat"));
        var byDefault = CSimHarness.Simulate(Path.Combine(models, "KERAS_3layer.json"), Path.Combine(models, "KERAS_3layer_weights.h5"),
            Path.Combine(fixture, "input.dat"), verifyVariants: false).Predictions;
        int differ = Enumerable.Range(0, theirs.Count).Count(i => !byDefault[i].SequenceEqual(theirs[i]));
        TestContext.WriteLine($"KERAS_3layer at the default configuration: {theirs.Count - differ} of {theirs.Count} rows bit-identical with hls4ml");
        Assert.IsLessThan(60, differ);
    }

    /// <summary>64 equal logits: the exps sum to 64, beyond ap_fixed&lt;16,6&gt;; the widened accumulator holds it.</summary>
    [TestMethod]
    public void AccumulatorIsWidenedForTheNumberOfTerms()
    {
        var pipeline = HlsPipeline.CreateDefault(TestPaths.Templates);
        var b = new GraphBuilder(pipeline.Registry);
        var x = b.Input("in", 64);
        var g = b.Output(b.Add("Softmax", "sm", new[] { x }, new Dictionary<string, object?> { ["axis"] = -1 }));
        var dir = TestPaths.NewTempDir("sm");
        pipeline.Generate(g, new HlsConfig { ProjectName = "myproject" }, Path.Combine(dir, "prj"));
        Assert.AreEqual("ap_fixed<24,14>", g.FindLayer("sm")!.Types["accum"].ToCpp());
        var input = Path.Combine(dir, "in.dat");
        File.WriteAllLines(input, new[] { string.Join(" ", Enumerable.Repeat("0.5", 64)), string.Join(" ", Enumerable.Range(0, 64).Select(i => i % 2 == 0 ? "1" : "-3")) });
        var sim = pipeline.Simulate(g, Path.Combine(dir, "prj"), "myproject", input, Path.Combine(dir, "out.dat"), Path.Combine(dir, "cache"));
        // 1/64 is on the 1/sum table's grid for ap_fixed<18,8> (steps of 0.25 around 64): exact.
        Assert.IsTrue(sim.Predictions[0].All(v => Math.Abs(v - 1.0 / 64) < 1e-3), string.Join(" ", sim.Predictions[0]));
        double e4 = Math.Exp(-4);
        Assert.AreEqual(1 / (32 * (1 + e4)), sim.Predictions[1][0], 2e-3);
    }

    [TestMethod]
    public void ExplicitNormalizationTypeWins()
    {
        var sm = SoftmaxAfterBackend("ap_fixed<32,16>", "stable", ("InpNormPrecision", "ufixed(31,15)"));
        Assert.AreEqual("ap_ufixed<31,15>", sm.Types["inp_norm"].ToCpp());
    }

    [TestMethod]
    public void TableSizesAreClampedToTheAddressWidthAndMustBePowersOfTwo()
    {
        Assert.AreEqual(256, SoftmaxAfterBackend("ap_fixed<8,3>").Get<int>("exp_table_size"));
        var e = Assert.ThrowsExactly<HlsException>(() => SoftmaxAfterBackend("ap_fixed<16,6>", "stable", ("TableSize", "1000")));
        Assert.AreEqual("HLS0002", e.Diagnostic.Code);
        StringAssert.Contains(e.Message, "power of two");
    }

    /// <summary>
    /// fixed&lt;32,16&gt; with the tables derived from that precision (docs/numerics.md): addressed by the input's range,
    /// argmax always agrees with the oracle and the error is that of the tables; hls4ml's addressing (the top bits of the wide word, emulated
    /// with its normalization type) gives nearly uniform outputs.
    /// </summary>
    [TestMethod]
    public void WidePrecisionWithDefaultTablesIsAccurateWhereHls4mlIsNot()
    {
        const string name = "softmax_wide";
        var expected = CSimHarness.ReadRows(ActivationFixtures.Expected(name));
        var ours = ActivationFixtures.Simulate(name, "ap_fixed<32,16>").Predictions;
        var hls4ml = ActivationFixtures.Simulate(name, "ap_fixed<32,16>",
            c => c.LayerTypes["Softmax"] = ActivationFixtures.Settings(("InpNormPrecision", "ufixed(31,15,TRN,SAT)"))).Predictions;
        double oursErr = CSimHarness.MaxAbsError(ours, expected), theirsErr = CSimHarness.MaxAbsError(hls4ml, expected);
        double oursAgree = ArgmaxAgreement(ours, expected), theirsAgree = ArgmaxAgreement(hls4ml, expected);
        TestContext.WriteLine($"fixed<32,16>, derived tables: max |error| {oursErr:G3}, argmax agreement {oursAgree:P0}; " +
            $"with hls4ml's addressing: max |error| {theirsErr:G3}, argmax agreement {theirsAgree:P0}");
        Assert.AreEqual(1.0, oursAgree);
        Assert.IsLessThan(0.2, oursErr);
        Assert.IsGreaterThan(oursErr * 2, theirsErr);
    }

    /// <summary>
    /// With hls4ml's tables the remaining error would be the 1/sum table's (the top 10 bits of ap_fixed&lt;18,8&gt;, steps of
    /// 0.25, hls4ml's at its default precision). An explicit unsigned inv_inp_t just wide enough for n terms and a larger table
    /// bring fixed&lt;32,16&gt; close to float.
    /// </summary>
    [TestMethod]
    public void WidePrecisionWithATightReciprocalInput()
    {
        var run = ActivationFixtures.Simulate("softmax_wide", "ap_fixed<32,16>", c => c.LayerTypes["Softmax"] = ActivationFixtures.Settings(
            ("TableSize", "4096"), ("InvInpPrecision", "ufixed(18,4,RND,SAT)")));
        var err = CSimHarness.MaxAbsError(run.Predictions, CSimHarness.ReadRows(ActivationFixtures.Expected("softmax_wide")));
        TestContext.WriteLine($"fixed<32,16>, TableSize 4096, InvInpPrecision ufixed<18,4>: max |error| {err:G3}");
        Assert.IsLessThan(0.02, err);
    }

    private static double ArgmaxAgreement(IReadOnlyList<double[]> a, IReadOnlyList<double[]> b) =>
        a.Zip(b).Count(p => Array.IndexOf(p.First, p.First.Max()) == Array.IndexOf(p.Second, p.Second.Max())) / (double)a.Count;

    /// <summary>
    /// latency tabulates exp(x) itself, so its tables must cover the inputs' range (here [-4, 4]: exp up to 55, sums
    /// of 6 up to 330); given such types it is accurate.
    /// </summary>
    [TestMethod]
    public void LatencyImplementationAtWidePrecision()
    {
        var run = ActivationFixtures.Simulate("multidim", "ap_fixed<32,16>", c => c.LayerTypes["Softmax"] = ActivationFixtures.Settings(
            ("Implementation", "latency"), ("TableSize", "65536"), ("ExpTablePrecision", "ufixed(32,7,RND,SAT)"),
            ("AccumPrecision", "ufixed(32,10)"), ("InvInpPrecision", "ufixed(24,9,RND,SAT)"), ("InvTablePrecision", "ufixed(32,8,RND,SAT)")));
        var errors = ActivationFixtures.ErrorsByLayer("multidim", run.Predictions);
        TestContext.WriteLine($"latency softmax at fixed<32,16>: softmax_last {errors["softmax_last"]:G3}, act_softmax {errors["act_softmax"]:G3}");
        Assert.IsLessThan(0.02, errors["softmax_last"]);
        Assert.IsLessThan(0.02, errors["act_softmax"]);
    }

    [TestMethod]
    [DataRow("ap_fixed<16,6>")]
    [DataRow("ap_fixed<32,16>")]
    public void ArgmaxImplementationIsTheOneHotOfTheOracle(string precision)
    {
        var run = ActivationFixtures.Simulate("softmax_wide", precision,
            c => c.LayerTypes["Softmax"] = ActivationFixtures.Settings(("Implementation", "argmax")));
        var expected = CSimHarness.ReadRows(ActivationFixtures.Expected("softmax_wide"));
        for (int r = 0; r < expected.Count; r++)
        {
            int best = Array.IndexOf(expected[r], expected[r].Max());
            CollectionAssert.AreEqual(Enumerable.Range(0, 10).Select(i => i == best ? 1.0 : 0.0).ToArray(), run.Predictions[r], $"row {r + 1}");
        }
    }

    [TestMethod]
    public void AxisSplitsTheTensorIntoOuterSliceInner()
    {
        var b = new GraphBuilder(Registry);
        var x = b.Input("in", 3, 4, 5);
        foreach (var (axis, outer, slice, inner) in new[] { (1, 1, 3, 20), (2, 3, 4, 5), (3, 12, 5, 1), (-1, 12, 5, 1), (-2, 3, 4, 5), (-3, 1, 3, 20) })
        {
            var name = b.Add("Softmax", $"sm{axis}".Replace('-', 'm'), new[] { x }, new Dictionary<string, object?> { ["axis"] = axis });
            var l = b.Graph.FindLayer(name)!;
            Assert.AreEqual((outer, slice, inner), (l.Get<int>("n_outer"), l.Get<int>("n_slice"), l.Get<int>("n_inner")), $"axis {axis}");
            Assert.AreEqual(60, l.Get<int>("n_in"));
        }
        foreach (var bad in new[] { 0, 4, -4 })
        {
            var e = Assert.ThrowsExactly<HlsException>(() => b.Add("Softmax", $"bad{bad}", new[] { x }, new Dictionary<string, object?> { ["axis"] = bad }));
            Assert.AreEqual("HLS0201", e.Diagnostic.Code);
        }
    }

    [TestMethod]
    public void SoftmaxLayerConfigStructIsTheOneItsFunctionUses()
    {
        // hls4ml declares Softmax_configN and calls softmax_configN for the standalone Keras Softmax layer.
        var run = ActivationFixtures.Simulate("multidim");
        var parameters = File.ReadAllText(Path.Combine(run.ProjectDir, "firmware", "parameters.h"));
        var cpp = File.ReadAllText(Path.Combine(run.ProjectDir, "firmware", "myproject.cpp"));
        foreach (System.Text.RegularExpressions.Match m in System.Text.RegularExpressions.Regex.Matches(cpp, @"nnet::softmax<[^>]*, (\w+)>"))
            StringAssert.Contains(parameters, $"struct {m.Groups[1].Value} ");
    }
}
