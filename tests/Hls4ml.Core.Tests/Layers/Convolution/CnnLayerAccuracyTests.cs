namespace Hls4ml.Tests.Layers.Convolution;

/// <summary>
/// Every CNN-family fixture (one layer, or a layer with a small consumer) through convert → generate → g++ CSim,
/// against the independent oracle (TensorFlow.js, or torch where tfjs lacks the layer): tight at ap_fixed&lt;32,16&gt;,
/// a loose bound at the default ap_fixed&lt;16,6&gt;, and the IR's double reference equal to the oracle.
/// </summary>
[TestCategory("Cxx")]   // may run g++ (C simulation); excluded by --filter "TestCategory!=Cxx"
[TestClass]
public sealed class CnnLayerAccuracyTests
{
    public TestContext TestContext { get; set; } = null!;

    /// <summary>16 fractional bits: weight quantization and per-product truncation over up to ~50 taps (measured ≤ 7.2e-4).</summary>
    public const double WideTolerance = 1e-3;

    /// <summary>10 fractional bits at the default precision (measured ≤ 0.042, on cnn_mixed).</summary>
    public const double DefaultTolerance = 0.06;

    public static IEnumerable<object[]> Names => CnnFixtures.Names();

    [TestMethod]
    [DynamicData(nameof(Names))]
    public void WidePrecisionMatchesTheOracleTightly(string name)
    {
        var expected = CnnFixtures.Expected(name);
        var run = CnnFixtures.Simulate(name, CnnFixtures.WidePrecision);
        var err = CSimHarness.MaxAbsError(run.Predictions, expected);
        TestContext.WriteLine($"{name} ({CnnFixtures.Oracle(name)}): ap_fixed<32,16> max |err| {err:G3}");
        Assert.IsLessThan(WideTolerance, err, $"{name}: max |error| {err} at {CnnFixtures.WidePrecision}");
        // The IR's own double-precision evaluation is the oracle (float32 noise only).
        var floatErr = CSimHarness.MaxAbsError(run.FloatReference, expected);
        Assert.IsLessThan(1e-5, floatErr, $"{name}: float reference differs from the oracle by {floatErr}");
    }

    [TestMethod]
    [DynamicData(nameof(Names))]
    public void DefaultPrecisionStaysWithinALooseBound(string name)
    {
        var expected = CnnFixtures.Expected(name);
        var run = CnnFixtures.Simulate(name, CnnFixtures.DefaultPrecision);
        var err = CSimHarness.MaxAbsError(run.Predictions, expected);
        TestContext.WriteLine($"{name} ({CnnFixtures.Oracle(name)}): ap_fixed<16,6> max |err| {err:G3}");
        Assert.IsLessThan(DefaultTolerance, err, $"{name}: max |error| {err} at {CnnFixtures.DefaultPrecision}");
    }
}
