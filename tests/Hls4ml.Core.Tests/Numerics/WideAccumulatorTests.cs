using Hls4ml.Config;
using Hls4ml.Diagnostics;
using Hls4ml.Types;

namespace Hls4ml.Tests.Numerics;

/// <summary>
/// Types wider than 64 bits (up to AP_INT_MAX_W = 1024, as in the vendor library): tests/fixtures/wide/wide_dense has
/// 48-bit inputs and 24-bit weights whose exact sums need about 75 bits; with 'auto' accumulator and result types the
/// C simulation must print exactly the exact sum rounded once to a double (Python exact rationals, the fixture's oracle).
/// </summary>
[TestClass]
public sealed class WideAccumulatorTests
{
    public TestContext TestContext { get; set; } = null!;

    private static string Fixture(string suffix) => Path.Combine(TestPaths.Fixtures, "wide", "wide_dense" + suffix);

    private static CSimHarness.Run Simulate(string accum, string result) =>
        CSimHarness.Simulate(Fixture(".json"), Fixture("_weights.h5"), Fixture(".input.dat"), "ap_fixed<16,6>", c =>
        {
            c.LayerNames["x"] = LayerSettings.Of(("ResultPrecision", "ap_fixed<48,24>"));
            c.LayerNames["dense"] = LayerSettings.Of(("WeightPrecision", "ap_fixed<25,2>"), ("AccumPrecision", accum), ("ResultPrecision", result));
            // The linear activation hls4ml (and we) keep after a Dense: wide enough to pass the exact value on.
            c.LayerNames["dense_linear"] = LayerSettings.Of(("ResultPrecision", "ap_fixed<100,40>"));
        }, verifyVariants: false);

    [TestMethod]
    [TestCategory("Cxx")]
    public void AutoTypesWiderThan64BitsGiveTheExactSum()
    {
        var expected = CSimHarness.ReadRows(Fixture(".expected.dat"));
        var run = Simulate("auto", "auto");
        var parameters = File.ReadAllText(Path.Combine(run.ProjectDir, "firmware", "defines.h"));
        var widths = System.Text.RegularExpressions.Regex.Matches(parameters, @"ap_fixed<(\d+),").Select(m => int.Parse(m.Groups[1].Value)).ToList();
        TestContext.WriteLine($"widest type in defines.h: {widths.Max()} bits");
        Assert.IsGreaterThan(64, widths.Max(), "the exact result type is wider than 64 bits");
        for (int r = 0; r < expected.Count; r++)
            CollectionAssert.AreEqual(expected[r], run.Predictions[r], $"row {r + 1}: the exact sum rounded once (project {run.ProjectDir})");

        // A 64-bit accumulator (the old limit) cannot hold these sums: its results differ.
        var narrow = Simulate("ap_fixed<64,27>", "ap_fixed<64,27>");
        Assert.IsTrue(Enumerable.Range(0, expected.Count).Any(r => !expected[r].SequenceEqual(narrow.Predictions[r])));
    }

    [TestMethod]
    public void PrecisionStringsGoTo1024BitsAndInferenceStopsOneBitShort()
    {
        Assert.AreEqual(1024, Precision.Parse("ap_fixed<1024,512>").Width);
        Assert.AreEqual(1024, Precision.Parse("ap_uint<1024>").Width);
        var e = Assert.Throws<HlsException>(() => Precision.Parse("ap_fixed<1025,512>"));
        StringAssert.Contains(e.Diagnostic.Message, "between 1 and 1024 bits");
        Assert.AreEqual(1023, Hls4ml.Passes.AutoPrecisionRules.MaxWidth);
    }
}
