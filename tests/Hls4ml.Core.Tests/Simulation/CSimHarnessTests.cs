namespace Hls4ml.Tests.Simulation;

/// <summary>The harness itself, on a committed fixture with a PyTorch oracle: wide precision is tight.</summary>
[TestClass]
public sealed class CSimHarnessTests
{
    [TestMethod]
    public void WidePrecisionMatchesTheOracleTightly()
    {
        var dir = Path.Combine(TestPaths.Fixtures, "keras");
        var run = CSimHarness.Simulate(Path.Combine(dir, "dense_act_layers.json"), Path.Combine(dir, "dense_act_layers_weights.h5"),
            Path.Combine(dir, "dense_act_layers.input.dat"), "ap_fixed<32,16>",
            c =>
            {
                // Fine tables: at 16384 entries the lookup steps are far below the tolerance.
                c.LayerTypes["Softmax"] = Settings(("TableSize", "16384"), ("InpNormPrecision", "ufixed(19,5,TRN,SAT)"),
                    ("ExpTablePrecision", "fixed(32,8,RND,SAT)"), ("InvTablePrecision", "fixed(32,16,RND,SAT)"), ("InvInpPrecision", "fixed(24,8,RND,SAT)"),
                    ("AccumPrecision", "fixed(32,8)"));
                c.LayerTypes["Activation"] = Settings(("TableSize", "16384"), ("TablePrecision", "fixed(32,8,RND,SAT)"));
            });
        var expected = CSimHarness.ReadRows(Path.Combine(dir, "dense_act_layers.expected.dat"));
        var err = CSimHarness.MaxAbsError(run.Predictions, expected);
        Assert.IsLessThan(0.01, err, $"max |error| {err}");
        Assert.IsLessThan(1e-9, CSimHarness.MaxAbsError(run.FloatReference, expected), "float reference equals the oracle");
    }

    private static Config.LayerSettings Settings(params (string Key, string Value)[] values)
    {
        var s = new Config.LayerSettings();
        foreach (var (k, v) in values) s.Values[k] = v;
        return s;
    }
}
