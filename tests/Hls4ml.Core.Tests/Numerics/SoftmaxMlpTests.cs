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
        TestContext.WriteLine($"{name} at ap_fixed<32,16>: max |p - p_float| = {err:G4}");
        Assert.IsLessThan(0.01, err);
    }
}
