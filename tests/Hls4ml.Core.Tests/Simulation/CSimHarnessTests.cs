namespace Hls4ml.Tests.Simulation;

/// <summary>The harness itself, on a committed fixture with a PyTorch oracle: wide precision is tight.</summary>
[TestCategory("Cxx")]   // may run g++ (C simulation); excluded by --filter "TestCategory!=Cxx"
[TestClass]
public sealed class CSimHarnessTests
{
    [TestMethod]
    public void WidePrecisionMatchesTheOracleTightly()
    {
        var dir = Path.Combine(TestPaths.Fixtures, "keras");
        var run = CSimHarness.Simulate(Path.Combine(dir, "dense_act_layers.json"), Path.Combine(dir, "dense_act_layers_weights.h5"),
            Path.Combine(dir, "dense_act_layers.input.dat"), "ap_fixed<32,16>",
            CSimHarness.FineTables);
        var expected = CSimHarness.ReadRows(Path.Combine(dir, "dense_act_layers.expected.dat"));
        var err = CSimHarness.MaxAbsError(run.Predictions, expected);
        Assert.IsLessThan(0.01, err, $"max |error| {err}");
        Assert.IsLessThan(1e-9, CSimHarness.MaxAbsError(run.FloatReference, expected), "float reference equals the oracle");
    }
}
