using Hls4ml.Config;
using Hls4ml.Diagnostics;
using Hls4ml.Extensibility;
using Hls4ml.Ir;
using Hls4ml.Passes;
using Hls4ml.Types;

namespace Hls4ml.Tests.Layers.Convolution;

/// <summary>Precision inference, configuration and backend checks of the CNN family on hand-built graphs.</summary>
[TestClass]
public sealed class CnnPassTests
{
    private static readonly HlsRegistry Registry = HlsRegistry.CreateDefault();

    private static string Conv2D(GraphBuilder b, string name, string input, int k, int filters, string padding = "same", int stride = 1)
    {
        int cin = b.Graph.Tensor(input).Shape[^1];
        return b.Add("Conv2D", name, new[] { input },
            new Dictionary<string, object?> { ["kernel_size"] = new[] { k, k }, ["strides"] = new[] { stride, stride }, ["padding"] = padding },
            new Dictionary<string, WeightVariable>
            {
                ["weight"] = new() { Name = "weight", Shape = new[] { k, k, cin, filters }, Data = b.RandomValues(k * k * cin * filters) },
                ["bias"] = new() { Name = "bias", Shape = new[] { filters }, Data = b.RandomValues(filters) },
            });
    }

    private static string Pool(GraphBuilder b, string type, string name, string input, string op, int size = 3) =>
        b.Add(type, name, new[] { input }, type.StartsWith("Global")
            ? new Dictionary<string, object?> { ["pool_op"] = op }
            : new Dictionary<string, object?> { ["pool_op"] = op, ["pool_size"] = new[] { size, size }, ["strides"] = new[] { 1, 1 }, ["padding"] = "same" });

    private static PassContext Run(ModelGraph g, HlsConfig? config = null)
    {
        var context = new PassContext { Registry = Registry, Config = config ?? new HlsConfig() };
        context.Registry.Flow(PassFlow.BackendFlow).Run(g, context);
        return context;
    }

    [TestMethod]
    public void ConvPrecisionsDefaultToTheModelPrecisionLikeDense()
    {
        var b = new GraphBuilder(Registry, "cnn");
        var x = Conv2D(b, "conv", b.Input("in", 6, 6, 2), 3, 4);
        var g = b.Output(x);
        Run(g);
        var conv = g.FindLayer("conv")!;
        foreach (var slot in new[] { "result", "accum", "weight", "bias" })
            Assert.AreEqual(new FixedPrecision(16, 6), conv.Types[slot], slot);
    }

    [TestMethod]
    public void AveragePoolingWidensItsAccumulatorAndKeepsTheInputType()
    {
        var b = new GraphBuilder(Registry, "pool");
        var x = b.Input("in", 8, 8, 2);
        var avg = Pool(b, "Pooling2D", "avg", x, "Average");
        var max = Pool(b, "Pooling2D", "max", avg, "Max");
        var gap = Pool(b, "GlobalPooling2D", "gap", max, "Average");
        var g = b.Output(gap);
        Run(g, new HlsConfig { DefaultPrecision = new FixedPrecision(18, 8) });
        // 3x3 window: ceil(log2 9) = 4 more integer bits; 8x8: 6 more. Results keep the input type.
        Assert.AreEqual(new FixedPrecision(22, 12), g.FindLayer("avg")!.Types["accum"]);
        Assert.AreEqual(new FixedPrecision(18, 8), g.FindLayer("max")!.Types["accum"]);
        Assert.AreEqual(new FixedPrecision(24, 14), g.FindLayer("gap")!.Types["accum"]);
        Assert.AreEqual(new FixedPrecision(18, 8), g.Tensor("gap").Precision);
    }

    [TestMethod]
    public void ExplicitPoolingPrecisionsWin()
    {
        var b = new GraphBuilder(Registry, "pool");
        var g = b.Output(Pool(b, "GlobalPooling2D", "gap", b.Input("in", 4, 4, 2), "Average"));
        var config = new HlsConfig();
        config.LayerNames["gap"] = CnnFixtures.Settings(("AccumPrecision", "fixed(16,6)"), ("ResultPrecision", "fixed(12,4)"));
        Run(g, config);
        Assert.AreEqual(new FixedPrecision(16, 6), g.FindLayer("gap")!.Types["accum"]);
        Assert.AreEqual(new FixedPrecision(12, 4), g.FindLayer("gap")!.Types["result"]);
    }

    [TestMethod]
    public void LayerTypeConfigReachesConvolutionsAndUnknownKeysListParallelizationFactor()
    {
        var b = new GraphBuilder(Registry, "cnn");
        var g = b.Output(Conv2D(b, "conv", b.Input("in", 4, 4, 1), 3, 2));
        var config = new HlsConfig();
        config.LayerTypes["Conv2D"] = CnnFixtures.Settings(("AccumPrecision", "fixed(24,10)"), ("ParallelizationFactor", "4"));
        Run(g, config);
        Assert.AreEqual(new FixedPrecision(24, 10), g.FindLayer("conv")!.Types["accum"]);
        Assert.AreEqual(4, g.FindLayer("conv")!.Get<int>("n_partitions"));

        var b2 = new GraphBuilder(Registry, "cnn");
        var g2 = b2.Output(Conv2D(b2, "conv", b2.Input("in", 4, 4, 1), 3, 2));
        var bad = new HlsConfig();
        bad.LayerNames["conv"] = CnnFixtures.Settings(("Parallelisation", "2"));
        var e = Assert.ThrowsExactly<HlsException>(() => Run(g2, bad));
        Assert.AreEqual(DiagnosticCodes.UnknownLayerConfigKey.Code, e.Diagnostic.Code);
        StringAssert.Contains(e.Diagnostic.Message, "ParallelizationFactor");
    }

    [TestMethod]
    public void ParallelizationFactorMustDivideTheOutputPixels()
    {
        var b = new GraphBuilder(Registry, "cnn");
        var g = b.Output(Conv2D(b, "conv", b.Input("in", 6, 6, 1), 3, 2));
        var config = new HlsConfig();
        config.LayerNames["conv"] = CnnFixtures.Settings(("ParallelizationFactor", "5"));
        var e = Assert.ThrowsExactly<HlsException>(() => Run(g, config));
        Assert.AreEqual(DiagnosticCodes.InvalidProperty.Code, e.Diagnostic.Code);
        StringAssert.Contains(e.Diagnostic.Message, "valid values: 1, 2, 3, 4, 6, 9, 12, 18, 36");
    }

    [TestMethod]
    public void ConvReuseFactorFollowsTheDenseRulePerPixel()
    {
        var b = new GraphBuilder(Registry, "cnn");
        var g = b.Output(Conv2D(b, "conv", b.Input("in", 6, 6, 2), 3, 4));
        var config = new HlsConfig { ReuseFactor = 7 };
        var e = Assert.ThrowsExactly<HlsException>(() => Run(g, config));
        Assert.AreEqual(DiagnosticCodes.InvalidReuseFactor.Code, e.Diagnostic.Code);
        StringAssert.Contains(e.Diagnostic.Message, "n_in=18, n_out=4");
    }

    [TestMethod]
    public void LargeFeatureMapsWarnAboutPartitioning()
    {
        var b = new GraphBuilder(Registry, "big");
        var x = Conv2D(b, "conv", b.Input("in", 40, 40, 3), 3, 4);      // input 4800, output 40x40x4 = 6400 > 4096
        x = Pool(b, "Pooling2D", "pool", x, "Max", 2);
        var g = b.Output(x);
        var context = Run(g);
        var warnings = context.Diagnostics.Items.Where(d => d.Code == DiagnosticCodes.LargeTensorPartition.Code).ToList();
        // conv input, conv output (= pool input, reported once) and pool output
        Assert.HasCount(3, warnings, string.Join("\n", warnings));
        Assert.AreEqual(DiagnosticSeverity.Warning, warnings[0].Severity);
        StringAssert.Contains(warnings[0].Message, "4800 elements");
        StringAssert.Contains(warnings[1].Message, "6400 elements");

        var small = new GraphBuilder(Registry, "small");
        var gs = small.Output(Conv2D(small, "conv", small.Input("in", 8, 8, 3), 3, 4));
        Assert.IsFalse(Run(gs).Diagnostics.Items.Any(d => d.Code == DiagnosticCodes.LargeTensorPartition.Code));
    }

    [TestMethod]
    public void ReshapeIsAnAliasAndDataMovementKeepsTheInputType()
    {
        var b = new GraphBuilder(Registry, "shape");
        var x = b.Input("in", 12);
        x = b.Add("Reshape", "reshape", new[] { x }, new Dictionary<string, object?> { ["target_shape"] = new[] { -1, 3 } });
        CollectionAssert.AreEqual(new[] { 4, 3 }, b.Graph.Tensor(x).Shape);
        x = b.Add("ZeroPadding1D", "pad", new[] { x }, new Dictionary<string, object?> { ["padding"] = new[] { 1, 1 } });
        x = b.Add("Transpose", "t", new[] { x }, new Dictionary<string, object?> { ["perm"] = new[] { 1, 0 } });
        var g = b.Output(x);
        Run(g, new HlsConfig { DefaultPrecision = new FixedPrecision(20, 8) });
        Assert.IsNull(g.FindLayer("reshape"), "Reshape is aliased in io_parallel");
        Assert.AreEqual(new FixedPrecision(20, 8), g.Tensor("t").Precision);
    }

    [TestMethod]
    public void IrRoundTripKeepsEveryCnnAttribute()
    {
        var pipeline = HlsPipeline.CreateDefault(TestPaths.Templates);
        foreach (var name in new[] { "cnn_mixed", "sepconv1d", "zeropad2d", "cropping1d", "upsampling2d", "permute2d", "global_max2d_keepdims", "flatten_channels_first" })
        {
            var g = pipeline.Convert(Path.Combine(CnnFixtures.Dir, name + ".json"), Path.Combine(CnnFixtures.Dir, name + "_weights.h5"));
            var back = IrSerializer.FromJson(IrSerializer.ToJson(g));
            foreach (var (a, c) in g.Layers.Zip(back.Layers))
                foreach (var (key, value) in a.Attributes)
                    Assert.AreEqual(Newtonsoft.Json.JsonConvert.SerializeObject(value), Newtonsoft.Json.JsonConvert.SerializeObject(c.Attributes[key]), $"{name}/{a.Name}.{key}");
            // The reloaded graph evaluates identically.
            var input = Enumerable.Range(0, g.Tensor(g.Inputs[0]).Size).Select(i => Math.Sin(i)).ToArray();
            CollectionAssert.AreEqual(new Hls4ml.Simulation.FloatReference(g, Registry).Predict(input), new Hls4ml.Simulation.FloatReference(back, Registry).Predict(input), name);
        }
    }
}
