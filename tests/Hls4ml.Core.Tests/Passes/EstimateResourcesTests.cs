using Hls4ml.Config;
using Hls4ml.Diagnostics;
using Hls4ml.Extensibility;
using Hls4ml.Ir;
using Hls4ml.Passes;
using Newtonsoft.Json.Linq;

namespace Hls4ml.Tests.Passes;

[TestClass]
public sealed class EstimateResourcesTests
{
    private static readonly HlsRegistry Registry = HlsRegistry.CreateDefault();

    private static PassContext RunBackend(ModelGraph graph, HlsConfig? config = null)
    {
        var context = new PassContext { Registry = Registry, Config = config ?? new HlsConfig() };
        context.Registry.Flow(PassFlow.BackendFlow).Run(graph, context);
        return context;
    }

    private static LayerEstimate Row(PassContext context, string layer) => context.Estimate!.Layers.Single(l => l.Layer == layer);

    private static string[] Codes(PassContext context) => context.Diagnostics.Items.Select(d => d.Code).ToArray();

    private static string Conv2D(GraphBuilder b, string name, string input, int k, int filters)
    {
        int channels = b.Graph.Tensor(input).Shape[^1];
        return b.Add("Conv2D", name, new[] { input },
            new Dictionary<string, object?> { ["kernel_size"] = new[] { k, k }, ["strides"] = new[] { 1, 1 }, ["padding"] = "same" },
            new Dictionary<string, WeightVariable>
            {
                ["weight"] = new() { Name = "weight", Shape = new[] { k, k, channels, filters }, Data = b.RandomValues(k * k * channels * filters) },
                ["bias"] = new() { Name = "bias", Shape = new[] { filters }, Data = b.RandomValues(filters) },
            });
    }

    /// <summary>in (h, w, channels) → conv 3x3 'same' with the given filters.</summary>
    private static ModelGraph Cnn(int size, int channels, int filters)
    {
        var b = new GraphBuilder(Registry, "cnn");
        return b.Output(Conv2D(b, "conv", b.Input("in", size, size, channels), 3, filters));
    }

    private static ModelGraph DenseModel(int nIn, int nOut)
    {
        var b = new GraphBuilder(Registry, "dense");
        return b.Output(b.Dense("big", b.Input("in", nIn), nOut));
    }

    [TestMethod]
    public void SmallMlpLatencyEstimatesAreExact()
    {
        var context = RunBackend(TestGraphs.Mlp(Registry));
        var expected = new[]
        {
            // layer, type, multipliers, largest partition, its array, largest unroll, unrolled multiplications, cycles
            new LayerEstimate("input1", "Input", null, 1, 0, 8, "output", 8, 0, 1),
            new LayerEstimate("d1", "Dense", "Latency", 1, 32, 32, "weight", 32, 32, 1),
            new LayerEstimate("relu1", "Activation", null, 1, 0, 4, "output", 4, 0, 1),
            new LayerEstimate("d2", "Dense", "Latency", 1, 12, 12, "weight", 12, 12, 1),
            new LayerEstimate("softmax", "Softmax", null, 1, 0, 3, "output", 3, 0, 1),
        };
        CollectionAssert.AreEqual(expected, context.Estimate!.Layers.ToArray());
        Assert.AreEqual(44, context.Estimate.TotalMultipliers);
        Assert.AreEqual(5, context.Estimate.LatencyCycles);
        Assert.IsEmpty(context.Diagnostics.Items, "a small model gets no warnings");
    }

    [TestMethod]
    public void ResourceStrategyReshapesTheKernelIntoReuseFactorBlocks()
    {
        var config = new HlsConfig();
        config.LayerNames["d1"] = LayerSettings.Of(("Strategy", "Resource"), ("ReuseFactor", "4"));
        var context = RunBackend(TestGraphs.Mlp(Registry), config);
        // 8x4 = 32 products in 4 blocks of 8; the 8-value input is unrolled as widely.
        Assert.AreEqual(new LayerEstimate("d1", "Dense", "Resource", 4, 8, 8, "weight", 8, 8, 4), Row(context, "d1"));
        Assert.AreEqual(8, context.Estimate!.LatencyCycles);
    }

    [TestMethod]
    public void ZeroWeightsReduceTheMultipliers()
    {
        var b = new GraphBuilder(Registry);
        var kernel = b.RandomValues(32);
        for (int i = 0; i < 8; i++) kernel[i] = 0;
        var g = b.Output(b.Dense("d", b.Input("in", 8), kernel, b.RandomValues(4), 8, 4));
        var config = new HlsConfig { ReuseFactor = 2 };
        Assert.AreEqual(16 - 8 / 2, Row(RunBackend(g, config), "d").Multipliers);
    }

    [TestMethod]
    public void ConvEstimatesInIoParallelCountParallelPixels()
    {
        // 8x8x2 → 3x3 'same' conv with 4 filters: 18 x 4 = 72 products per pixel, 64 pixels in 16 partitions of 4.
        var config = new HlsConfig();
        config.LayerNames["conv"] = LayerSettings.Of(("ParallelizationFactor", "4"));
        var context = RunBackend(Cnn(8, 2, 4), config);
        Assert.AreEqual(new LayerEstimate("conv", "Conv2D", "Latency", 1, 288, 256, "output", 288, 288, 16), Row(context, "conv"));
        Assert.AreEqual(new LayerEstimate("in", "Input", null, 1, 0, 128, "output", 128, 0, 1), Row(context, "in"));
        Assert.IsEmpty(context.Diagnostics.Items);
    }

    [TestMethod]
    public void ConvEstimatesInIoStreamComputeOnePixelAtATime()
    {
        var config = new HlsConfig { IOType = "io_stream" };
        config.LayerNames["conv"] = LayerSettings.Of(("ParallelizationFactor", "4"));
        var context = RunBackend(Cnn(8, 2, 4), config);
        // Tensors are FIFOs: only the kernel is partitioned; one input pixel enters per cycle (RF 1). The 'same'
        // padding became a ZeroPadding layer in front, so the convolution reads the padded 10x10 image.
        Assert.AreEqual(new LayerEstimate("conv", "Conv2D", "Latency", 1, 72, 72, "weight", 72, 72, 100), Row(context, "conv"));
        var padding = context.Estimate!.Layers.Single(l => l.Layer == "zp2d_conv");
        Assert.AreEqual("ZeroPadding2D", padding.Type);
        // Its FIFO: 10x10 words (the default depth) of 2 channels of ap_fixed<16,6>; the conv output is a port (0 bits).
        Assert.AreEqual(100L * 2 * 16, padding.FifoBits);
        Assert.AreEqual(3200L, context.Estimate.TotalFifoBits);
        StringAssert.Contains(context.Estimate.FormatTable()[^1], "3200 FIFO bits");
        Assert.AreEqual(new LayerEstimate("in", "Input", null, 1, 0, 0, null, 2, 0, 64), Row(context, "in"));
    }

    [TestMethod]
    public void LargeLatencyDenseWarnsOnceWithTheSmallestValidResourceReuseFactor()
    {
        // 80x64 = 5120 weights: above the partition limit (HLS0305) and the unroll threshold (same cause, one warning).
        var context = RunBackend(DenseModel(80, 64));
        var warning = context.Diagnostics.Items.Single();
        Assert.AreEqual("HLS0305", warning.Code);
        StringAssert.Contains(warning.Message, "<HlsLayerConfig Include=\"big\" Strategy=\"Resource\" ReuseFactor=\"2\" />");
        Assert.IsTrue(ValidateReuseFactor.IsValid(80, 64, 2));

        // With a larger partition limit only the unroll threshold is crossed.
        context = RunBackend(DenseModel(80, 64), new HlsConfig { MaximumPartitionSize = 8192 });
        warning = context.Diagnostics.Items.Single();
        Assert.AreEqual("HLS0308", warning.Code);
        Assert.AreEqual(DiagnosticSeverity.Warning, warning.Severity);
        Assert.AreEqual("big", warning.Layer);
        StringAssert.Contains(warning.Message, "fully unrolls 5120 multiplications");
        StringAssert.Contains(warning.Message, "Strategy=\"Resource\" ReuseFactor=\"2\"");

        // The suggested setting silences it.
        var fixedConfig = new HlsConfig();
        fixedConfig.LayerNames["big"] = LayerSettings.Of(("Strategy", "Resource"), ("ReuseFactor", "2"));
        context = RunBackend(DenseModel(80, 64), fixedConfig);
        Assert.IsEmpty(context.Diagnostics.Items);
        Assert.AreEqual(2560, Row(context, "big").LargestUnroll);
    }

    [TestMethod]
    public void UnrollThresholdIsConfigurableAndTheSuggestionFollowsIt()
    {
        // 5120 / 1000: RF 6 and 7 do not divide 5120; 8 is the smallest valid reuse factor with blocks <= 1000.
        var config = new HlsConfig { MaximumPartitionSize = 8192, UnrollWarningThreshold = 1000 };
        var warning = RunBackend(DenseModel(80, 64), config).Diagnostics.Items.Single();
        Assert.AreEqual("HLS0308", warning.Code);
        StringAssert.Contains(warning.Message, "ReuseFactor=\"8\"");
        StringAssert.Contains(warning.Message, "blocks of 640 multiplications");
        Assert.AreEqual(8, EstimateResources.SmallestResourceReuseFactor(80, 64, 1000));

        // HLS0305's suggestion also respects the lower of the two limits.
        warning = RunBackend(DenseModel(80, 64), new HlsConfig { UnrollWarningThreshold = 1000 }).Diagnostics.Items.Single();
        Assert.AreEqual("HLS0305", warning.Code);
        StringAssert.Contains(warning.Message, "ReuseFactor=\"8\"");

        Assert.AreEqual(2, EstimateResources.SmallestResourceReuseFactor(80, 64, 4096));
        Assert.AreEqual(1, EstimateResources.SmallestResourceReuseFactor(8, 4, 4096));
        Assert.IsNull(EstimateResources.SmallestResourceReuseFactor(80, 64, 0));
    }

    [TestMethod]
    public void ResourceBlocksAboveTheThresholdSuggestALargerReuseFactor()
    {
        var config = new HlsConfig { Strategy = "Resource", ReuseFactor = 2, UnrollWarningThreshold = 1000 };
        var warning = RunBackend(DenseModel(80, 64), config).Diagnostics.Items.Single();
        Assert.AreEqual("HLS0308", warning.Code);
        StringAssert.Contains(warning.Message, "(Resource, ReuseFactor 2) fully unrolls 2560 multiplications");
        StringAssert.Contains(warning.Message, "ReuseFactor=\"8\"");
    }

    [TestMethod]
    public void ParallelPixelsAboveTheThresholdSuggestASmallerParallelizationFactor()
    {
        // 16x16x8 → 16 filters: 3x3x8x16 = 1152 products per pixel; 4 pixels at once = 4608 > 4096; 256 pixels.
        var config = new HlsConfig();
        config.LayerNames["conv"] = LayerSettings.Of(("ParallelizationFactor", "4"));
        var context = RunBackend(Cnn(16, 8, 16), config);
        var unroll = context.Diagnostics.Items.Single(d => d.Code == "HLS0308");
        StringAssert.Contains(unroll.Message, "fully unrolls 4608 multiplications");
        StringAssert.Contains(unroll.Message, "ParallelizationFactor=\"2\"");

        config.LayerNames["conv"] = LayerSettings.Of(("ParallelizationFactor", "2"));
        Assert.IsFalse(Codes(RunBackend(Cnn(16, 8, 16), config)).Contains("HLS0308"));
    }

    [TestMethod]
    public void IoParallelCnnWithLargeFeatureMapsIsToldToStreamOnce()
    {
        // Input 16x16x8 = 2048 and output 16x16x16 = 4096: neither above the limit (no HLS0307), 6144 together.
        var b = new GraphBuilder(Registry, "cnn");
        var x = Conv2D(b, "conv1", b.Input("in", 16, 16, 8), 3, 16);
        x = Conv2D(b, "conv2", x, 1, 4);
        var context = RunBackend(b.Output(x));
        CollectionAssert.AreEqual(new[] { "HLS0309" }, Codes(context));
        var warning = context.Diagnostics.Items[0];
        Assert.AreEqual("conv1", warning.Layer);
        StringAssert.Contains(warning.Message, "3 feature maps hold 7168 elements");
        StringAssert.Contains(warning.Message, "<HlsIOType>io_stream</HlsIOType>");

        var streamed = new GraphBuilder(Registry, "cnn");
        x = Conv2D(streamed, "conv1", streamed.Input("in", 16, 16, 8), 3, 16);
        Assert.IsEmpty(RunBackend(streamed.Output(x), new HlsConfig { IOType = "io_stream" }).Diagnostics.Items, "io_stream already streams");
        Assert.IsEmpty(RunBackend(Cnn(8, 2, 4)).Diagnostics.Items, "a small CNN fits io_parallel");
    }

    [TestMethod]
    public void EstimateIsWrittenAsJsonAndAsATable()
    {
        var estimate = RunBackend(TestGraphs.Mlp(Registry)).Estimate!;
        var json = JObject.Parse(estimate.ToJson());
        Assert.AreEqual("io_parallel", (string?)json["io_type"]);
        Assert.AreEqual(44, (int)json["total_multipliers"]!);
        var d1 = json["layers"]!.Single(l => (string?)l["name"] == "d1");
        Assert.AreEqual(32, (int)d1["multipliers"]!);
        Assert.AreEqual("weight", (string?)d1["largest_partition_array"]);
        Assert.AreEqual(1, (int)d1["interval_cycles"]!);

        // The cost columns: every layer of the MLP has a cost model, so none is '?'.
        Assert.AreEqual("VivadoHls", (string?)json["tool_generation"]);
        Assert.IsTrue((bool)json["total"]!["all_layers_estimated"]!);
        Assert.IsTrue((bool)d1["estimated"]!);
        foreach (var key in new[] { "dsp", "lut", "ff", "bram18", "latency_cycles" })
            Assert.IsLessThanOrEqualTo((long)d1[key]!["max"]!, (long)d1[key]!["value"]!, key);
        Assert.AreEqual(estimate.Total!.Dsp.Point, (long)json["total"]!["dsp"]!["value"]!);

        var table = estimate.FormatTable();
        Assert.HasCount(1 + 5 + 2, table);
        StringAssert.StartsWith(table[0], "layer ");
        StringAssert.Contains(table[0], "DSP");
        StringAssert.Contains(table[2], "32 (weight)");
        StringAssert.StartsWith(table[^2], "estimate (VivadoHls): DSP ");
        Assert.AreEqual("total: 44 multipliers, >= 5 cycles latency (io_parallel)", table[^1]);
    }

    [TestMethod]
    public void GenerateReturnsTheEstimate()
    {
        var pipeline = HlsPipeline.CreateDefault(TestPaths.Templates);
        var result = pipeline.Generate(TestGraphs.Mlp(Registry), new HlsConfig(), Path.Combine(TestPaths.NewTempDir("estimate"), "prj"));
        Assert.AreEqual(44, result.Estimate.TotalMultipliers);
        CollectionAssert.AreEqual(TestGraphs.LayerNames(result.Graph), result.Estimate.Layers.Select(l => l.Layer).ToArray());
    }
}
