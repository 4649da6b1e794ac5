using Hls4ml.Config;
using Hls4ml.Diagnostics;

namespace Hls4ml.Tests.Layers.Dense;

/// <summary>Dense with the Resource strategy: time-multiplexed, and bit-identical to Latency for the same types.</summary>
[TestCategory("Cxx")]   // may run g++ (C simulation); excluded by --filter "TestCategory!=Cxx"
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
        }, verifyVariants: strategy == "Latency");
        if (strategy != "Latency")
            StringAssert.Contains(File.ReadAllText(Path.Combine(run.ProjectDir, "firmware", "parameters.h")),
                $"strategy = nnet::{Hls4ml.Backends.HlsWriter.StrategyCpp(strategy)};");
        return run.Predictions;
    }

    [TestMethod]
    [DataRow("Resource", 2, null)]
    [DataRow("Resource", 16, null)]
    [DataRow("Resource", 4, "fixed(14,5,RND,SAT)")]   // saturating accumulators make the addition order observable
    [DataRow("Unrolled", 2, null)]
    [DataRow("Unrolled", 4, "fixed(14,5,RND,SAT)")]
    public void ResourceAndUnrolledAreBitIdenticalToLatency(string strategy, int reuse, string? accum)
    {
        var latency = Run("Latency", reuse, accum);
        var resource = Run(strategy, reuse, accum);
        Assert.HasCount(latency.Count, resource);
        for (int i = 0; i < latency.Count; i++)
            CollectionAssert.AreEqual(latency[i], resource[i], $"row {i + 1}");
    }

    [TestMethod]
    public void LayerTypesWithoutResourceRejectItNamingWhatTheySupport()
    {
        var dir = Path.Combine(TestPaths.Fixtures, "layers", "cnn");
        var pipeline = HlsPipeline.CreateDefault(TestPaths.Templates);
        var graph = pipeline.Convert(Path.Combine(dir, "depthwise2d_multiplier.json"), Path.Combine(dir, "depthwise2d_multiplier_weights.h5"));
        var config = new HlsConfig();
        config.LayerTypes["DepthwiseConv2D"] = LayerSettings.Of(("Strategy", "Resource"));
        var e = Assert.ThrowsExactly<HlsException>(() => pipeline.Generate(graph, config, TestPaths.NewTempDir("res")));
        Assert.AreEqual("HLS0306", e.Diagnostic.Code);
        StringAssert.Contains(e.Message, "DepthwiseConv2D");
        StringAssert.Contains(e.Message, "Latency");
    }

    [TestMethod]
    public void StrategyOnALayerWithoutMultipliersIsAnErrorToo()
    {
        var pipeline = HlsPipeline.CreateDefault(TestPaths.Templates);
        var graph = pipeline.Convert(Sample("model.json"), Sample("model_weights.h5"));
        var config = new HlsConfig();
        config.LayerTypes["Softmax"] = LayerSettings.Of(("Strategy", "Resource"));
        var e = Assert.ThrowsExactly<HlsException>(() => pipeline.Generate(graph, config, TestPaths.NewTempDir("res")));
        Assert.AreEqual("HLS0306", e.Diagnostic.Code);
        StringAssert.Contains(e.Message, "Softmax");
    }

    [TestMethod]
    public void ProjectWideResourceLeavesLatencyOnlyLayersAtLatency()
    {
        var dir = Path.Combine(TestPaths.Fixtures, "layers", "cnn");
        var pipeline = HlsPipeline.CreateDefault(TestPaths.Templates);
        var graph = pipeline.Convert(Path.Combine(dir, "depthwise2d_multiplier.json"), Path.Combine(dir, "depthwise2d_multiplier_weights.h5"));
        pipeline.Generate(graph, new HlsConfig { Strategy = "Resource" }, TestPaths.NewTempDir("res"));
        Assert.AreEqual("Latency", graph.Layers.Single(l => l.Type == "DepthwiseConv2D").Get<string>("strategy"));
    }

    [TestMethod]
    public void UnrolledNeedsReuseFactorAboveOne()
    {
        var pipeline = HlsPipeline.CreateDefault(TestPaths.Templates);
        var graph = pipeline.Convert(Sample("model.json"), Sample("model_weights.h5"));
        var e = Assert.ThrowsExactly<HlsException>(() => pipeline.Generate(graph, new HlsConfig { Strategy = "resource_unrolled" }, TestPaths.NewTempDir("res")));
        Assert.AreEqual("HLS0008", e.Diagnostic.Code);
        StringAssert.Contains(e.Message, "Latency");
    }

    [TestMethod]
    [DataRow("Resource")]
    [DataRow("Unrolled")]
    public void ConvolutionStrategiesAreBitIdenticalToLatency(string strategy)
    {
        var dir = Path.Combine(TestPaths.Fixtures, "layers", "cnn");
        IReadOnlyList<double[]> Simulate(string s) => CSimHarness.Simulate(Path.Combine(dir, "cnn_mixed.json"), Path.Combine(dir, "cnn_mixed_weights.h5"),
            Path.Combine(dir, "cnn_mixed.input.dat"), configure: c =>
            {
                // Saturating accumulators make any change in the addition order visible.
                c.LayerTypes["Conv2D"] = LayerSettings.Of(("Strategy", s), ("ReuseFactor", s == "Latency" ? "1" : "3"), ("AccumPrecision", "fixed(12,4,RND,SAT)"));
            }, verifyVariants: s == "Latency").Predictions;
        var latency = Simulate("Latency");
        var other = Simulate(strategy);
        for (int i = 0; i < latency.Count; i++)
            CollectionAssert.AreEqual(latency[i], other[i], $"row {i + 1}");
    }
}
