using Hls4ml.Config;
using Hls4ml.Extensibility;
using Hls4ml.Ir;
using Hls4ml.Passes;
using Hls4ml.Passes.Costs;

namespace Hls4ml.Tests.Passes;

/// <summary>
/// The estimate against published synthesis results of the 16→64→32→32→5 jet tagger (hls4ml-tutorial notebook outputs:
/// xcu250, 5 ns, ap_fixed&lt;16,6&gt;, Latency, io_parallel). The tutorial's trained weights are not available:
/// KERAS_3layer from the example models (../shared; same architecture, relu/softmax, trained on the same task) stands
/// in, and the 75%-pruned point prunes it here (per layer, the 75% smallest magnitudes set to zero). Goals: DSP within
/// 25%, LUT and FF within 2×, latency and II exact.
/// </summary>
[TestClass]
public sealed class PublishedResultsTests
{
    public TestContext TestContext { get; set; } = null!;

    public sealed record Published(string Name, string Backend, int ReuseFactor, bool Pruned, long Dsp, long Lut, long Ff, long Bram18, long Latency, long Interval);

    public static IEnumerable<object[]> Points() => new[]
    {
        new object[] { new Published("Vivado HLS 2019.2 RF1", "Vivado", 1, false, 3943, 78595, 26905, 4, 9, 1) },
        new object[] { new Published("Vivado HLS 2019.2 RF2", "Vivado", 2, false, 2133, 118230, 30198, 4, 15, 2) },
        new object[] { new Published("Vitis HLS 2024.1 RF1", "Vitis", 1, false, 1502, 101839, 9363, 8, 14, 1) },
        new object[] { new Published("Vitis HLS 2024.1 RF1 75% pruned", "Vitis", 1, true, 813, 34698, 5258, 8, 12, 1) },
    };

    internal static ResourceEstimate EstimateJetTagger(string backend, int reuseFactor, bool pruned)
    {
        var models = TestPaths.RequireShared("models", "example-models", "keras");
        var pipeline = HlsPipeline.CreateDefault(TestPaths.Templates);
        var graph = pipeline.Convert(Path.Combine(models, "KERAS_3layer.json"), Path.Combine(models, "KERAS_3layer_weights.h5"));
        if (pruned) PruneSmallest(graph, 0.75);
        var config = new HlsConfig { Backend = backend, Part = "xcu250-figd2104-2L-e", ReuseFactor = reuseFactor };
        var context = new PassContext { Registry = pipeline.Registry, Config = config };
        pipeline.Registry.Flow(PassFlow.BackendFlow).Run(graph, context);
        return context.Estimate!;
    }

    /// <summary>Magnitude pruning per layer, as tfmot's 75% sparsity schedule leaves the kernels.</summary>
    internal static void PruneSmallest(ModelGraph graph, double fraction)
    {
        foreach (var layer in graph.Layers)
        {
            if (!layer.Weights.TryGetValue("weight", out var kernel)) continue;
            var sorted = kernel.Data.Select(Math.Abs).Order().ToArray();
            int cut = (int)(sorted.Length * fraction);
            double threshold = sorted[Math.Min(cut, sorted.Length - 1)];
            for (int i = 0; i < kernel.Data.Length; i++) if (Math.Abs(kernel.Data[i]) < threshold) kernel.Data[i] = 0;
        }
    }

    [TestMethod]
    [DynamicData(nameof(Points))]
    public void EstimateMatchesThePublishedPoint(Published point)
    {
        var estimate = EstimateJetTagger(point.Backend, point.ReuseFactor, point.Pruned);
        foreach (var line in estimate.FormatTable()) TestContext.WriteLine(line);
        var t = estimate.Total!;
        TestContext.WriteLine($"{point.Name}: DSP {t.Dsp.Point} vs {point.Dsp} ({Ratio(t.Dsp.Point, point.Dsp)}), LUT {t.Lut.Point} vs {point.Lut} ({Ratio(t.Lut.Point, point.Lut)}), " +
            $"FF {t.FlipFlops.Point} vs {point.Ff} ({Ratio(t.FlipFlops.Point, point.Ff)}), BRAM18 {t.Bram18} vs {point.Bram18}, latency {t.LatencyCycles} vs {point.Latency}, II {t.IntervalCycles} vs {point.Interval}");
        Assert.IsTrue(t.AllLayersModelled);
        Assert.AreEqual(point.Latency, t.LatencyCycles.Point, "latency");
        Assert.IsTrue(t.LatencyCycles.IsExact, "the jet tagger lies inside the validated rules: no latency range");
        Assert.AreEqual(point.Interval, t.IntervalCycles.Point, "II");
        Assert.IsLessThanOrEqualTo(0.25, Math.Abs(t.Dsp.Point - point.Dsp) / (double)point.Dsp, "DSP within 25%");
        Assert.IsTrue(Within2x(t.Lut.Point, point.Lut), "LUT within 2x");
        Assert.IsTrue(Within2x(t.FlipFlops.Point, point.Ff), "FF within 2x");
    }

    /// <summary>
    /// Per layer at RF 1 in Vivado HLS 2019.2 the tutorial's DSPs are 938 of 1024 products (fc1), 1860 of 2048 (fc2),
    /// 980 of 1024 (fc3) and 160 of 160 (output): products whose weight quantizes to zero or a power of two take none.
    /// </summary>
    [TestMethod]
    public void PerLayerDspsMatchTheVivadoReport()
    {
        var estimate = EstimateJetTagger("Vivado", 1, pruned: false);
        foreach (var (layer, published) in new[] { ("fc1_relu", 938L), ("fc2_relu", 1860L), ("fc3_relu", 980L), ("output_softmax", 160L) })
        {
            long dsp = estimate.Costs.Single(c => c.Layer == layer).Dsp.Point;
            TestContext.WriteLine($"{layer}: DSP {dsp} vs {published}");
            Assert.IsLessThanOrEqualTo(0.25, Math.Abs(dsp - published) / (double)published, layer);
            Assert.IsLessThan(estimate.Layers.Single(l => l.Layer == layer).Multipliers + 1, dsp, "never more DSPs than products");
        }
    }

    private static bool Within2x(long estimate, long published) => estimate >= published / 2.0 && estimate <= published * 2.0;
    private static string Ratio(long estimate, long published) => (estimate / (double)published).ToString("0.00x", System.Globalization.CultureInfo.InvariantCulture);
}
