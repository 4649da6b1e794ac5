using Hls4ml.Config;

namespace Hls4ml.Tests.Numerics;

/// <summary>
/// Softmax MLPs (tests/fixtures/numerics, numpy float64 oracle): with no per-layer setting, the softmax tables follow
/// the model precision, so ap_fixed&lt;32,16&gt; is within 1% of the float model.
/// </summary>
[TestClass]
public sealed class SoftmaxMlpTests
{
    public TestContext TestContext { get; set; } = null!;

    internal static string Fixture(string name, string suffix) => Path.Combine(TestPaths.Fixtures, "numerics", name + suffix);

    internal static CSimHarness.Run Simulate(string name, string precision, Action<HlsConfig>? configure = null, bool verifyVariants = false) =>
        CSimHarness.Simulate(Fixture(name, ".json"), Fixture(name, "_weights.h5"), Fixture(name, ".input.dat"), precision, configure,
            verifyVariants: verifyVariants);

    [TestMethod]
    [DataRow("softmax_mlp")]
    [DataRow("jet_softmax")]
    public void WidePrecisionIsWithinOnePercentOfTheFloatModel(string name)
    {
        var expected = CSimHarness.ReadRows(Fixture(name, ".expected.dat"));
        var run = Simulate(name, "ap_fixed<32,16>", verifyVariants: true);
        double err = CSimHarness.MaxAbsError(run.Predictions, expected);
        // hls4ml's tables (HlsCompatibility=hls4ml) at the same precision, row by row: never more accurate.
        var hls4ml = Simulate(name, "ap_fixed<32,16>", c => c.Compatibility = HlsCompatibility.Hls4ml).Predictions;
        double theirs = CSimHarness.MaxAbsError(hls4ml, expected);
        static double RowError(double[] a, double[] b) => a.Zip(b).Max(p => Math.Abs(p.First - p.Second));
        int worse = Enumerable.Range(0, expected.Count).Count(i => RowError(run.Predictions[i], expected[i]) > RowError(hls4ml[i], expected[i]));
        TestContext.WriteLine($"{name} at ap_fixed<32,16>: max |p - p_float| = {err:G4} (hls4ml's tables: {theirs:G4}); rows where ours is worse: {worse}");
        Assert.IsLessThan(0.01, err);
        Assert.AreEqual(0, worse);
    }
}

/// <summary>The smaller deliberate differences from hls4ml, each measured against the oracle in both modes.</summary>
[TestClass]
public sealed class NumericsDifferenceTests
{
    public TestContext TestContext { get; set; } = null!;

    /// <summary>softplus beyond its table (inputs up to 20, tfjs oracle): x, where hls4ml clamps to softplus(8).</summary>
    [TestMethod]
    public void SoftplusBeyondItsTable()
    {
        var ours = Layers.Activations.ActivationFixtures.ErrorsByLayer("table_ranges",
            Layers.Activations.ActivationFixtures.Simulate("table_ranges").Predictions);
        // The io_stream variant of the default run is checked by ActivationAccuracyTests; one compile here.
        var hls4ml = Layers.Activations.ActivationFixtures.ErrorsByLayer("table_ranges", CSimHarness.Simulate(
            Layers.Activations.ActivationFixtures.Json("table_ranges"), Layers.Activations.ActivationFixtures.Weights("table_ranges"),
            Layers.Activations.ActivationFixtures.Input("table_ranges"), configure: c => c.Compatibility = HlsCompatibility.Hls4ml,
            verifyVariants: false).Predictions);
        TestContext.WriteLine($"table_ranges at ap_fixed<16,6>, max |error| ours / hls4ml: " +
            string.Join(", ", ours.Keys.Select(k => $"{k} {ours[k]:G3} / {hls4ml[k]:G3}")));
        Assert.IsLessThan(0.03, ours["act_softplus"]);
        Assert.IsGreaterThan(10, hls4ml["act_softplus"], "hls4ml: softplus(20) = softplus(8), 12 too low");
        foreach (var k in ours.Keys) Assert.IsLessThanOrEqualTo(hls4ml[k], ours[k], k);
    }

    /// <summary>
    /// 64 logits: the exps sum past ap_fixed&lt;16,6&gt;'s 32. The widened accumulator holds the sum; hls4ml's (the model
    /// default) wraps it.
    /// </summary>
    [TestMethod]
    public void SoftmaxAccumulatorForManyTerms()
    {
        var pipeline = HlsPipeline.CreateDefault(TestPaths.Templates);
        var dir = TestPaths.NewTempDir("sm64");
        var input = Path.Combine(dir, "in.dat");
        var rows = new[]
        {
            Enumerable.Repeat(0.5, 64).ToArray(),
            Enumerable.Range(0, 64).Select(i => i % 2 == 0 ? 1.0 : -3.0).ToArray(),
            Enumerable.Range(0, 64).Select(i => (i % 8) / 4.0 - 1).ToArray(),
        };
        File.WriteAllLines(input, rows.Select(r => string.Join(" ", r.Select(v => v.ToString(System.Globalization.CultureInfo.InvariantCulture)))));
        double Error(HlsCompatibility mode)
        {
            var b = new GraphBuilder(pipeline.Registry);
            var x = b.Input("in", 64);
            var g = b.Output(b.Add("Softmax", "sm", new[] { x }, new Dictionary<string, object?> { ["axis"] = -1 }));
            var prj = Path.Combine(dir, mode.ToString());
            pipeline.Generate(g, new HlsConfig { ProjectName = "myproject", Compatibility = mode }, prj);
            var sim = pipeline.Simulate(g, prj, "myproject", input, Path.Combine(dir, mode + ".dat"), Path.Combine(Path.GetTempPath(), "hls4ml-tests", "csim-cache"));
            double max = 0;
            for (int r = 0; r < rows.Length; r++)
            {
                var e = rows[r].Select(Math.Exp).ToArray();
                for (int j = 0; j < 64; j++) max = Math.Max(max, Math.Abs(sim.Predictions[r][j] - e[j] / e.Sum()));
            }
            return max;
        }
        double ours = Error(HlsCompatibility.Default), hls4ml = Error(HlsCompatibility.Hls4ml);
        TestContext.WriteLine($"softmax over 64 logits at ap_fixed<16,6>: max |error| ours {ours:G3}, hls4ml {hls4ml:G3}");
        Assert.IsLessThan(0.01, ours);
        Assert.IsGreaterThan(ours, hls4ml);
    }
}
