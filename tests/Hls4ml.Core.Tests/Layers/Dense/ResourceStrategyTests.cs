using Hls4ml.Config;
using Hls4ml.Diagnostics;

namespace Hls4ml.Tests.Layers.Dense;

/// <summary>Dense with the Resource strategy: time-multiplexed, and bit-identical to Latency for the same types.</summary>
[TestClass]
public sealed class ResourceStrategyTests
{
    private static string Sample(string file) => Path.Combine(TestPaths.RepoRoot, "samples", "jet_tagger", file);

    private static IReadOnlyList<double[]> Run(string strategy, int reuse, string? accum = null)
    {
        var run = CSimHarness.Simulate(Sample("model.json"), Sample("model_weights.h5"), Sample("input.dat"), configure: c =>
        {
            c.Strategy = strategy;
            c.ReuseFactor = reuse;
            if (accum is not null) c.LayerTypes["Dense"] = LayerSettings.Of(("AccumPrecision", accum));
        });
        if (strategy == "Resource")
            StringAssert.Contains(File.ReadAllText(Path.Combine(run.ProjectDir, "firmware", "parameters.h")), "strategy = nnet::resource");
        return run.Predictions;
    }

    [TestMethod]
    [DataRow(2, null)]
    [DataRow(16, null)]
    [DataRow(4, "fixed(14,5,RND,SAT)")]   // saturating accumulators make the addition order observable
    public void ResourceIsBitIdenticalToLatency(int reuse, string? accum)
    {
        var latency = Run("Latency", reuse, accum);
        var resource = Run("Resource", reuse, accum);
        Assert.HasCount(latency.Count, resource);
        for (int i = 0; i < latency.Count; i++)
            CollectionAssert.AreEqual(latency[i], resource[i], $"row {i + 1}");
    }

    [TestMethod]
    public void OtherLayerTypesRejectResourceNamingWhatTheySupport()
    {
        var dir = Path.Combine(TestPaths.Fixtures, "layers", "cnn");
        var pipeline = HlsPipeline.CreateDefault(TestPaths.Templates);
        var graph = pipeline.Convert(Path.Combine(dir, "cnn_mixed.json"), Path.Combine(dir, "cnn_mixed_weights.h5"));
        var config = new HlsConfig();
        config.LayerTypes["Conv2D"] = LayerSettings.Of(("Strategy", "Resource"));
        var e = Assert.ThrowsExactly<HlsException>(() => pipeline.Generate(graph, config, TestPaths.NewTempDir("res")));
        Assert.AreEqual("HLS0306", e.Diagnostic.Code);
        StringAssert.Contains(e.Message, "Conv2D");
        StringAssert.Contains(e.Message, "Latency");
    }
}
