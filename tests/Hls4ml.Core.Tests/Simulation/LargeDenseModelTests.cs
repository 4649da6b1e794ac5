using System.Diagnostics;
using Hls4ml.Config;
using Hls4ml.Passes;

namespace Hls4ml.Tests.Simulation;

/// <summary>
/// The large model: Dense 16→500→500→500→500→500→5 (made by tests/fixtures/large_dense/generate_large_dense.py
/// at test time; the 4 MB weights are not committed) converts, generates with Strategy Resource and valid reuse
/// factors, and its C simulation agrees with the float reference. Timings are measured by bench/bench.py, not here.
/// </summary>
[TestCategory("Cxx")]   // may run g++ (C simulation); excluded by --filter "TestCategory!=Cxx"
[TestClass]
public sealed class LargeDenseModelTests
{
    private const string Python = "/usr/bin/python3";

    /// <summary>Generates the model into a temp folder, or marks the test inconclusive without python3/numpy/h5py.</summary>
    private static string GenerateModel(int rows)
    {
        if (!File.Exists(Python)) Assert.Inconclusive($"{Python} is not installed; skipping.");
        var dir = TestPaths.NewTempDir("large-dense");
        var script = Path.Combine(TestPaths.Fixtures, "large_dense", "generate_large_dense.py");
        var start = new ProcessStartInfo(Python) { RedirectStandardError = true, RedirectStandardOutput = true };
        foreach (var a in new[] { script, dir, "--rows", rows.ToString() }) start.ArgumentList.Add(a);
        using var process = Process.Start(start)!;
        var stderr = process.StandardError.ReadToEnd();
        process.WaitForExit();
        if (process.ExitCode != 0 && stderr.Contains("ModuleNotFoundError")) Assert.Inconclusive($"python3 lacks numpy or h5py; skipping. {stderr}");
        Assert.AreEqual(0, process.ExitCode, stderr);
        return dir;
    }

    /// <summary>Resource everywhere; RF 500 fits the 500-wide layers and the 500→5 output, the 16→500 input layer needs RF 16.</summary>
    private static void ResourceStrategy(HlsConfig config)
    {
        config.Strategy = "Resource";
        config.ReuseFactor = 500;
        config.LayerNames["dense"] = LayerSettings.Of(("ReuseFactor", "16"));
    }

    [TestMethod]
    public void LargeDenseModelGeneratesWithResourceAndItsCSimMatchesTheFloatReference()
    {
        Assert.IsTrue(ValidateReuseFactor.IsValid(500, 500, 500));
        Assert.IsTrue(ValidateReuseFactor.IsValid(500, 5, 500));
        Assert.IsTrue(ValidateReuseFactor.IsValid(16, 500, 16));
        Assert.IsFalse(ValidateReuseFactor.IsValid(16, 500, 500), "the input layer cannot share the model's RF 500");

        var dir = GenerateModel(rows: 4);
        var run = CSimHarness.Simulate(Path.Combine(dir, "large_dense.json"), Path.Combine(dir, "large_dense_weights.h5"),
            Path.Combine(dir, "large_dense.input.dat"), "ap_fixed<32,12>", ResourceStrategy);

        Assert.HasCount(4, run.Predictions);
        Assert.HasCount(5, run.Predictions[0]);
        double scale = run.FloatReference.SelectMany(r => r).Max(Math.Abs);
        double error = CSimHarness.MaxAbsError(run.Predictions, run.FloatReference);
        Assert.IsGreaterThan(1.0, scale, "outputs are not trivially small");
        Assert.IsLessThan(1e-3 * scale, error, $"max |csim - float| = {error} at output scale {scale}");
    }

    [TestMethod]
    public void LargeDenseModelEstimatesFitTheLimitsWithoutWarnings()
    {
        var dir = GenerateModel(rows: 1);
        var pipeline = HlsPipeline.CreateDefault(TestPaths.Templates);
        var graph = pipeline.Convert(Path.Combine(dir, "large_dense.json"), Path.Combine(dir, "large_dense_weights.h5"));
        var config = new HlsConfig();
        ResourceStrategy(config);
        var result = pipeline.Generate(graph, config, Path.Combine(dir, "prj"));

        Assert.IsEmpty(result.Diagnostics, string.Join("\n", result.Diagnostics));
        var dense = result.Estimate.Layers.Where(l => l.Type == "Dense").ToList();
        Assert.HasCount(6, dense);
        // 16→500 at RF 16, four 500→500 at RF 500, 500→5 at RF 500: blocks (multipliers, kernel words) of 500, 500 x 4 and 5.
        CollectionAssert.AreEqual(new long[] { 500, 500, 500, 500, 500, 5 }, dense.Select(l => l.Multipliers).ToArray());
        CollectionAssert.AreEqual(new long[] { 500, 500, 500, 500, 500, 5 }, dense.Select(l => l.LargestPartition).ToArray());
        Assert.AreEqual(16 + 5 * 500, dense.Sum(l => l.IntervalCycles));

        // Latency everywhere would unroll 250000 multiplications per 500x500 layer: HLS0305 names the fix.
        graph = pipeline.Convert(Path.Combine(dir, "large_dense.json"), Path.Combine(dir, "large_dense_weights.h5"));
        var latency = pipeline.Generate(graph, new HlsConfig(), Path.Combine(dir, "prj-latency"));
        var warning = latency.Diagnostics.First(d => d.Layer == "dense_1");
        Assert.AreEqual("HLS0305", warning.Code);
        StringAssert.Contains(warning.Message, "Strategy=\"Resource\" ReuseFactor=\"");
    }
}
