namespace Hls4ml.Tests.Layers.Convolution;

/// <summary>C-simulation behaviours beyond plain accuracy: parallelization, accumulator widening, depth multipliers.</summary>
[TestCategory("Cxx")]   // may run g++ (C simulation); excluded by --filter "TestCategory!=Cxx"
[TestClass]
public sealed class CnnSimulationTests
{
    public TestContext TestContext { get; set; } = null!;

    /// <summary>Computing several output pixels per pipeline iteration changes the schedule, never the numbers.</summary>
    [TestMethod]
    public void ParallelizationFactorIsBitIdentical()
    {
        var one = CnnFixtures.Simulate("cnn_mixed", CnnFixtures.DefaultPrecision);
        var many = CnnFixtures.Simulate("cnn_mixed", CnnFixtures.DefaultPrecision, c =>
        {
            c.LayerNames["conv2d"] = CnnFixtures.Settings(("ParallelizationFactor", "10"));
            c.LayerNames["conv2d_1"] = CnnFixtures.Settings(("ParallelizationFactor", "9"));
        });
        Assert.AreEqual(0.0, CSimHarness.MaxAbsError(one.Predictions, many.Predictions));
        StringAssert.Contains(File.ReadAllText(Path.Combine(many.ProjectDir, "firmware", "parameters.h")), "n_partitions = 10;");
    }

    /// <summary>
    /// Global average pooling of 64 values in [0.25, 2] at ap_fixed&lt;16,6&gt;: the sums (16..128) overflow the layer
    /// precision. With hls4ml's accumulator (the layer precision) the sum wraps and outputs are wrong by whole units;
    /// the inferred accumulator (6 more integer bits) keeps the error at the result's resolution.
    /// </summary>
    [TestMethod]
    public void GlobalAverageAccumulatorDoesNotWrapAtTheDefaultPrecision()
    {
        var expected = CnnFixtures.Expected("global_avg2d");
        var ours = CSimHarness.MaxAbsError(CnnFixtures.Simulate("global_avg2d", CnnFixtures.DefaultPrecision).Predictions, expected);
        var hls4mlLike = CSimHarness.MaxAbsError(CnnFixtures.Simulate("global_avg2d", CnnFixtures.DefaultPrecision,
            c => c.LayerTypes["GlobalPooling2D"] = CnnFixtures.Settings(("AccumPrecision", "fixed(16,6)"))).Predictions, expected);
        TestContext.WriteLine($"inferred accumulator: max |err| {ours:G3}; layer-precision accumulator (hls4ml): {hls4mlLike:G3}");
        Assert.IsLessThan(2.0 / 1024, ours);
        Assert.IsGreaterThan(1.0, hls4mlLike);
    }

    /// <summary>depth_multiplier &gt; 1 (hls4ml asserts at run time) simulates exactly like the float model at wide precision.</summary>
    [TestMethod]
    public void DepthMultiplierAboveOneWorks()
    {
        foreach (var name in new[] { "depthwise2d_multiplier", "depthwise1d_multiplier", "sepconv2d" })
        {
            var run = CnnFixtures.Simulate(name, CnnFixtures.WidePrecision);
            Assert.IsLessThan(CnnLayerAccuracyTests.WideTolerance, CSimHarness.MaxAbsError(run.Predictions, CnnFixtures.Expected(name)), name);
        }
    }

    /// <summary>The CNN templates serve Vitis too (no Vitis-specific override is needed): same C simulation.</summary>
    [TestMethod]
    public void VitisBackendSimulatesIdentically()
    {
        var vivado = CnnFixtures.Simulate("cnn_mixed", CnnFixtures.DefaultPrecision);
        var vitis = CnnFixtures.Simulate("cnn_mixed", CnnFixtures.DefaultPrecision, c => c.Backend = "Vitis");
        Assert.AreEqual(0.0, CSimHarness.MaxAbsError(vivado.Predictions, vitis.Predictions));
        StringAssert.Contains(File.ReadAllText(Path.Combine(vitis.ProjectDir, "build_prj.tcl")), "vitis", StringComparison.OrdinalIgnoreCase);
    }
}
