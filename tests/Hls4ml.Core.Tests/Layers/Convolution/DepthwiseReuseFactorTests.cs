using Hls4ml.Config;
using Hls4ml.Diagnostics;

namespace Hls4ml.Tests.Layers.Convolution;

/// <summary>
/// A depthwise convolution accepts exactly the reuse factors hls4ml accepts (its rule sees n_in = kernel·n_chan inputs
/// into n_chan·depth_multiplier outputs), while multiplier_limit counts the real products (kernel·n_filt), and the
/// result does not depend on the reuse factor.
/// </summary>
[TestClass]
public sealed class DepthwiseReuseFactorTests
{
    private static readonly string Dir = Path.Combine(TestPaths.Fixtures, "layers", "cnn");
    private static string Fixture(string file) => Path.Combine(Dir, file);

    [TestMethod]
    public void ReuseFactorsFollowHls4mlsDepthwiseRule()
    {
        // 3×2 kernel, 3 channels, depth_multiplier 2: hls4ml checks (n_in 18, n_out 6) and accepts 9 and 54 but not 12.
        var pipeline = HlsPipeline.CreateDefault(TestPaths.Templates);
        HlsConfig Config(int rf) { var c = new HlsConfig(); c.LayerTypes["DepthwiseConv2D"] = LayerSettings.Of(("ReuseFactor", rf.ToString())); return c; }
        foreach (var (rf, limit) in new[] { (9, 4), (54, 1), (18, 2) })
        {
            var graph = pipeline.Convert(Fixture("depthwise2d_multiplier.json"), Fixture("depthwise2d_multiplier_weights.h5"));
            pipeline.Generate(graph, Config(rf), TestPaths.NewTempDir("dw-rf"));
            var layer = graph.Layers.Single(l => l.Type == "DepthwiseConv2D");
            // 6 taps × 6 output channels = 36 real products per pixel.
            Assert.AreEqual(limit, layer.Get<int>("multiplier_limit"), $"RF {rf}");
        }
        var refused = pipeline.Convert(Fixture("depthwise2d_multiplier.json"), Fixture("depthwise2d_multiplier_weights.h5"));
        var e = Assert.ThrowsExactly<HlsException>(() => pipeline.Generate(refused, Config(12), TestPaths.NewTempDir("dw-rf")));
        Assert.AreEqual("HLS0008", e.Diagnostic.Code);
        StringAssert.Contains(e.Message, "n_in=18, n_out=6");
        StringAssert.Contains(e.Message, "9");
    }

    [TestMethod]
    public void PredictionsDoNotDependOnTheReuseFactor()
    {
        var baseline = CSimHarness.Simulate(Fixture("depthwise2d_multiplier.json"), Fixture("depthwise2d_multiplier_weights.h5"),
            Fixture("depthwise2d_multiplier.input.dat"), verifyVariants: false);
        var reused = CSimHarness.Simulate(Fixture("depthwise2d_multiplier.json"), Fixture("depthwise2d_multiplier_weights.h5"),
            Fixture("depthwise2d_multiplier.input.dat"), verifyVariants: false,
            configure: c => c.LayerTypes["DepthwiseConv2D"] = LayerSettings.Of(("ReuseFactor", "9")));
        StringAssert.Contains(File.ReadAllText(Path.Combine(reused.ProjectDir, "firmware", "parameters.h")), "reuse_factor = 9;");
        Assert.HasCount(baseline.Predictions.Count, reused.Predictions);
        for (var i = 0; i < baseline.Predictions.Count; i++)
            CollectionAssert.AreEqual(baseline.Predictions[i], reused.Predictions[i], $"row {i + 1}");
    }
}
