using Hls4ml.Config;
using Hls4ml.Diagnostics;
using Hls4ml.Extensibility;
using Hls4ml.Ir;
using Hls4ml.Ir.Layers;

namespace Hls4ml.Tests.Extensibility;

/// <summary>
/// A convolution-like layer registered from outside Hls4ml.Core: it declares the capabilities of a convolution and
/// reuses the built-in convolution templates. Nothing in Core names its type, yet it must get what Conv2D gets.
/// </summary>
public sealed class ExternalConvDefinition : LayerDefinition
{
    private readonly Conv2DDefinition _conv = new();
    public override string TypeName => "ExternalConv2D";
    public override IReadOnlyList<AttributeSpec> Attributes => _conv.Attributes;
    public override IReadOnlyList<TypeSlot> TypeSlots => _conv.TypeSlots;
    public override bool HasReuseFactor => true;
    public override IReadOnlyList<string> Strategies => _conv.Strategies;
    public override int SpatialRank => 2;
    public override bool ComputesPixelsInParallel => true;
    public override bool AcceptsFoldedBatchNorm => true;
    public override bool AcceptsFoldedBias => true;
    public override int[] InferShape(Layer layer, IReadOnlyList<int[]> inputShapes) => _conv.InferShape(layer, inputShapes);
    public override double[] Evaluate(Layer layer, IReadOnlyList<double[]> inputs) => _conv.Evaluate(layer, inputs);
    public override void InferPrecisions(Layer layer, PrecisionContext context) => _conv.InferPrecisions(layer, context);
}

[TestClass]
public sealed class CapabilityTests
{
    private static string CnnModel => Path.Combine(TestPaths.RepoRoot, "samples", "cnn_classifier", "model.json");
    private static string CnnWeights => Path.Combine(TestPaths.RepoRoot, "samples", "cnn_classifier", "model_weights.h5");

    private static HlsPipeline ExternalPipeline()
    {
        var registry = HlsRegistry.CreateDefault();
        registry.AddLayer(new ExternalConvDefinition());
        registry.AddTemplate(new LayerTemplate("ExternalConv2D", "layers/conv_config.sbn", "layers/conv_function.sbn", new[] { "nnet_utils/nnet_conv.h" }));
        registry.AddTemplate(new LayerTemplate("ExternalConv2D", "layers/conv_config.sbn", "layers/conv_function.sbn", new[] { "nnet_utils/nnet_conv_stream.h" }, IOType: "io_stream"));
        return new HlsPipeline(registry, TestPaths.Templates);
    }

    /// <summary>The sample CNN with every Conv2D replaced by the external type (same attributes, weights and wiring).</summary>
    private static ModelGraph WithExternalConvolutions(HlsPipeline pipeline)
    {
        var graph = pipeline.Convert(CnnModel, CnnWeights);
        for (int i = 0; i < graph.Layers.Count; i++)
        {
            var l = graph.Layers[i];
            if (l.Type != "Conv2D") continue;
            var external = new Layer { Name = l.Name, Type = "ExternalConv2D", SourceClass = l.SourceClass, Index = l.Index, Inputs = l.Inputs, Outputs = l.Outputs };
            foreach (var (k, v) in l.Attributes) external.Attributes[k] = v;
            foreach (var (k, v) in l.Weights) external.Weights[k] = v;
            foreach (var (k, v) in l.Types) external.Types[k] = v;
            graph.Layers[i] = external;
        }
        return graph;
    }

    [TestMethod]
    [DataRow("io_parallel")]
    [DataRow("io_stream")]
    public void ExternalConvolutionGetsTheBuiltInChecksFoldingAndEstimates(string ioType)
    {
        // A small partition limit makes the feature maps trip HLS0307/HLS0309; a large ParallelizationFactor sets n_partitions.
        HlsConfig Config()
        {
            var c = new HlsConfig { IOType = ioType, MaximumPartitionSize = 100, FoldBatchNorm = true };
            if (ioType == "io_parallel") c.LayerNames["conv2"] = LayerSettings.Of(("ParallelizationFactor", "4"));
            return c;
        }
        var builtIn = HlsPipeline.CreateDefault(TestPaths.Templates);
        var expected = builtIn.Generate(builtIn.Convert(CnnModel, CnnWeights), Config(), Path.Combine(TestPaths.NewTempDir("cap"), "prj"));
        var pipeline = ExternalPipeline();
        var actual = pipeline.Generate(WithExternalConvolutions(pipeline), Config(), Path.Combine(TestPaths.NewTempDir("cap"), "prj"));

        // BatchNormalization folded into conv1 in both.
        Assert.IsFalse(expected.Graph.Layers.Any(l => l.Type == "BatchNormalization"), "built-in folds the BatchNormalization");
        Assert.IsFalse(actual.Graph.Layers.Any(l => l.Type == "BatchNormalization"), "the external convolution accepts the folded BatchNormalization");
        // Same warnings (partition sizes, CNN should stream), same estimates, same partitions.
        CollectionAssert.AreEqual(expected.Diagnostics.Select(d => $"{d.Descriptor.Code} {d.Layer}").ToList(),
            actual.Diagnostics.Select(d => $"{d.Descriptor.Code} {d.Layer}").ToList());
        if (ioType == "io_parallel")
        {
            Assert.IsTrue(actual.Diagnostics.Any(d => d.Descriptor == DiagnosticCodes.LargeTensorPartition && d.Layer == "conv1"), "HLS0307 for the external layer");
            Assert.AreEqual(4, actual.Graph.FindLayer("conv2")!.Get<int>("n_partitions"));
        }
        else
            Assert.IsTrue(actual.Graph.Layers.Any(l => l.Type == "ZeroPadding2D") == expected.Graph.Layers.Any(l => l.Type == "ZeroPadding2D"));
        CollectionAssert.AreEqual(expected.Estimate.Layers.Select(e => e with { Type = "" }).ToList(),
            actual.Estimate.Layers.Select(e => e with { Type = "" }).ToList());
        Assert.IsGreaterThan(0L, actual.Estimate.Layers.Single(e => e.Layer == "conv2").Multipliers);
    }

    [TestMethod]
    public void ExternalConvolutionParallelizationFactorIsValidated()
    {
        var pipeline = ExternalPipeline();
        var config = new HlsConfig();
        config.LayerNames["conv2"] = LayerSettings.Of(("ParallelizationFactor", "7"));
        var e = Assert.ThrowsExactly<HlsException>(() => pipeline.Generate(WithExternalConvolutions(pipeline), config, Path.Combine(TestPaths.NewTempDir("cap"), "prj")));
        Assert.AreEqual("HLS0002", e.Diagnostic.Code);
        Assert.AreEqual("conv2", e.Diagnostic.Layer);
        StringAssert.Contains(e.Message, "ExternalConv2D");
    }

    [TestMethod]
    public void BuiltInCapabilitiesAreDeclaredOnTheDefinitions()
    {
        var r = HlsRegistry.CreateDefault();
        foreach (var t in new[] { "Conv1D", "Conv2D", "DepthwiseConv1D", "DepthwiseConv2D" })
            Assert.IsTrue(r.Layer(t)!.ComputesPixelsInParallel && r.Layer(t)!.AcceptsFoldedBias, t);
        Assert.IsTrue(r.Layer("Dense")!.AcceptsFoldedBatchNorm && r.Layer("Dense")!.ReadsFlatInput);
        Assert.IsFalse(r.Layer("DepthwiseConv2D")!.AcceptsFoldedBatchNorm);
        Assert.AreEqual(1, r.Layer("Pooling1D")!.SpatialRank);
        Assert.IsTrue(r.Layer("Transpose")!.HoldsFeatureMaps);
        Assert.IsFalse(r.Layer("Activation")!.HoldsFeatureMaps);
    }
}
