namespace Hls4ml.Tests.Layers.Recurrent;

/// <summary>
/// Every recurrent/embedding fixture through convert → generate → g++ CSim against the independent float64 oracle:
/// tight at ap_fixed&lt;32,16&gt; (with fine activation tables), a bound at hls4ml's default ap_fixed&lt;16,6&gt;
/// (error reported per output layer), and the IR's double reference equal to the oracle. Each io_parallel run is
/// repeated in io_stream with the Resource strategy (CSimHarness) and must be bit-identical.
/// </summary>
[TestClass]
public sealed class RecurrentAccuracyTests
{
    public TestContext TestContext { get; set; } = null!;

    /// <summary>16 fractional bits through up to 6 time steps of state feedback.</summary>
    public const double WideTolerance = 2e-3;

    /// <summary>10 fractional bits, default 1024-entry tables over [-8, 8) / [-4, 4).</summary>
    public const double DefaultTolerance = 0.08;

    public static IEnumerable<object[]> Names => new[]
    {
        new object[] { "keras2_recurrent" }, new object[] { "keras2_bidirectional" }, new object[] { "keras22_recurrent" },
        new object[] { "keras3_recurrent" }, new object[] { "keras2_embedding" }, new object[] { "keras2_states" }, new object[] { "keras2_timedistributed" }, new object[] { "keras3_timedistributed" }, new object[] { "keras2_qrecurrent" },
        new object[] { "onnx_recurrent" }, new object[] { "onnx_embedding" }, new object[] { "onnx_edited" }, new object[] { "onnx_states" }, new object[] { "onnx_stacked" },
    };

    [TestMethod]
    [DynamicData(nameof(Names))]
    public void WidePrecisionMatchesTheOracle(string name)
    {
        var expected = RecurrentFixtures.Expected(name);
        var run = RecurrentFixtures.Simulate(name, RecurrentFixtures.WidePrecision, RecurrentFixtures.FineTables);
        foreach (var (layer, error) in RecurrentFixtures.ErrorPerOutput(name, run.Predictions))
            TestContext.WriteLine($"{name}/{layer}: ap_fixed<32,16> max |err| {error:G3}");
        var err = CSimHarness.MaxAbsError(run.Predictions, expected);
        Assert.IsLessThan(WideTolerance, err, $"{name}: max |error| {err} at {RecurrentFixtures.WidePrecision} (project {run.ProjectDir})");
        var floatErr = CSimHarness.MaxAbsError(run.FloatReference, expected);
        Assert.IsLessThan(1e-5, floatErr, $"{name}: the IR's float reference differs from the oracle by {floatErr}");
    }

    [TestMethod]
    [DynamicData(nameof(Names))]
    public void DefaultPrecisionErrorPerLayer(string name)
    {
        var run = RecurrentFixtures.Simulate(name, RecurrentFixtures.DefaultPrecision, verifyVariants: false);
        double max = 0;
        foreach (var (layer, error) in RecurrentFixtures.ErrorPerOutput(name, run.Predictions))
        {
            TestContext.WriteLine($"{name}/{layer}: ap_fixed<16,6> max |err| {error:G3}");
            max = Math.Max(max, error);
        }
        Assert.IsLessThan(DefaultTolerance, max, $"{name}: max |error| {max} at {RecurrentFixtures.DefaultPrecision}");
    }
}
