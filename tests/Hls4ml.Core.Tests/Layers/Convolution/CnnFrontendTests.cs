using Hls4ml.Diagnostics;
using Hls4ml.Ir;
using Newtonsoft.Json.Linq;

namespace Hls4ml.Tests.Layers.Convolution;

/// <summary>The Keras handlers of the CNN family: IR they emit, and coded errors for options that are not supported.</summary>
[TestClass]
public sealed class CnnFrontendTests
{
    private static readonly Hls4ml.Extensibility.HlsRegistry Registry = Hls4ml.Extensibility.HlsRegistry.CreateDefault();

    private static ModelGraph Convert(string fixture) =>
        HlsPipeline.CreateDefault(TestPaths.Templates).Convert(Path.Combine(CnnFixtures.Dir, fixture + ".json"), Path.Combine(CnnFixtures.Dir, fixture + "_weights.h5"));

    /// <summary>Converts a fixture after editing the config of its first real layer (weights file unchanged).</summary>
    private static HlsException ConvertEdited(string fixture, Action<JObject> edit)
    {
        var json = JObject.Parse(File.ReadAllText(Path.Combine(CnnFixtures.Dir, fixture + ".json")));
        var layer = json["config"]!["layers"]!.Cast<JObject>().First(l => (string)l["class_name"]! != "InputLayer");
        edit((JObject)layer["config"]!);
        var path = Path.Combine(TestPaths.NewTempDir("cnn-frontend"), fixture + ".json");
        File.WriteAllText(path, json.ToString());
        return Assert.ThrowsExactly<HlsException>(() =>
            HlsPipeline.CreateDefault(TestPaths.Templates).Convert(path, Path.Combine(CnnFixtures.Dir, fixture + "_weights.h5")));
    }

    [TestMethod]
    public void EveryCnnClassIsRegistered()
    {
        foreach (var name in new[] { "Conv1D", "Conv2D", "DepthwiseConv1D", "DepthwiseConv2D", "SeparableConv1D", "SeparableConv2D",
                     "MaxPooling1D", "MaxPooling2D", "AveragePooling1D", "AveragePooling2D", "GlobalMaxPooling1D", "GlobalMaxPooling2D",
                     "GlobalAveragePooling1D", "GlobalAveragePooling2D", "ZeroPadding1D", "ZeroPadding2D", "Cropping1D", "Cropping2D",
                     "UpSampling1D", "UpSampling2D", "Reshape", "Permute", "Flatten" })
            Assert.IsNotNull(Registry.KerasHandler(name), name);
    }

    [TestMethod]
    public void ConvKeepsTheKerasKernelLayoutAndSplitsTheActivation()
    {
        var g = Convert("conv2d_valid");
        var conv = g.FindLayer("conv2d")!;
        Assert.AreEqual("Conv2D", conv.Type);
        CollectionAssert.AreEqual(new[] { 3, 2, 3, 3 }, conv.Weights["weight"].Shape);
        CollectionAssert.AreEqual(new[] { 6, 3, 3 }, g.Tensor("conv2d").Shape);
        Assert.AreEqual(2, conv.Get<int>("stride_width"));
        Assert.AreEqual(3 * 2 * 3, conv.Get<int>("n_in"));
        Assert.AreEqual("Activation", g.FindLayer("conv2d_relu")!.Type);
    }

    [TestMethod]
    public void SamePaddingPutsTheExtraPixelAfter()
    {
        var conv = Convert("conv2d_same_stride").FindLayer("conv2d")!;
        // 9 pixels, kernel 3, stride 2: 5 outputs, 2 padding pixels in total → 1 before, 1 after.
        Assert.AreEqual(5, conv.Get<int>("out_width"));
        Assert.AreEqual(1, conv.Get<int>("pad_left"));
        Assert.AreEqual(1, conv.Get<int>("pad_right"));
        var pool = Convert("avgpool2d_same").FindLayer("average_pooling2d")!;
        // height 7, pool 3, stride 2 → 4 outputs, 2 padding (1/1); width 6, stride 1 → 6 outputs, 2 padding (1/1).
        Assert.AreEqual(4, pool.Get<int>("out_height"));
        Assert.AreEqual(6, pool.Get<int>("out_width"));
        var causal = Convert("conv1d_causal").FindLayer("conv1d")!;
        Assert.AreEqual(2, causal.Get<int>("pad_left"));
        Assert.AreEqual(0, causal.Get<int>("pad_right"));
    }

    [TestMethod]
    public void SeparableConvIsSplitIntoDepthwiseAndPointwise()
    {
        var g = Convert("sepconv2d");
        CollectionAssert.AreEqual(new[] { "sepconv2d_input", "separable_conv2d_depthwise", "separable_conv2d_pointwise", "separable_conv2d_relu" },
            g.Layers.Select(l => l.Name).ToArray());
        var dw = g.FindLayer("separable_conv2d_depthwise")!;
        Assert.AreEqual("DepthwiseConv2D", dw.Type);
        Assert.AreEqual(2, dw.Get<int>("depth_multiplier"));
        Assert.IsTrue(dw.Weights["bias"].Data.All(v => v == 0), "the depthwise half has no bias");
        var pw = g.FindLayer("separable_conv2d_pointwise")!;
        Assert.AreEqual("Conv2D", pw.Type);
        Assert.IsTrue(pw.Get<bool>("pointwise"));
        CollectionAssert.AreEqual(new[] { 6, 6, 4 }, g.Tensor("separable_conv2d_pointwise").Shape);
    }

    [TestMethod]
    public void DepthwiseMultiplierOrdersOutputChannelsAsKeras()
    {
        var dw = Convert("depthwise2d_multiplier").FindLayer("depthwise_conv2d")!;
        Assert.AreEqual(2, dw.Get<int>("depth_multiplier"));
        Assert.AreEqual(6, dw.Get<int>("n_filt"));
    }

    [TestMethod]
    public void FlattenChannelsFirstBecomesTransposeThenFlatten()
    {
        var g = Convert("flatten_channels_first");
        var t = g.FindLayer("flatten_transpose")!;
        Assert.AreEqual("Transpose", t.Type);
        CollectionAssert.AreEqual(new[] { 1, 2, 0 }, t.Get<int[]>("perm"));
        CollectionAssert.AreEqual(new[] { 4, 2, 3 }, g.Tensor("flatten_transpose").Shape);
        Assert.AreEqual("Flatten", g.FindLayer("flatten")!.Type);
    }

    [TestMethod]
    public void PoolingAndShapeLayersMapToTheirIrTypes()
    {
        Assert.AreEqual("Max", Convert("maxpool2d_valid").FindLayer("max_pooling2d")!.Get<string>("pool_op"));
        Assert.AreEqual("Average", Convert("global_avg1d").FindLayer("global_average_pooling1d")!.Get<string>("pool_op"));
        var keep = Convert("global_max2d_keepdims");
        CollectionAssert.AreEqual(new[] { 1, 1, 4 }, keep.Tensor("global_max_pooling2d").Shape);
        var perm = Convert("permute2d").FindLayer("permute")!;
        CollectionAssert.AreEqual(new[] { 2, 0, 1 }, perm.Get<int[]>("perm"));
        CollectionAssert.AreEqual(new[] { 6, 4 }, Convert("reshape_conv").Tensor("reshape").Shape);
        var crop = Convert("cropping2d");
        CollectionAssert.AreEqual(new[] { 3, 4, 2 }, crop.Tensor("cropping2d").Shape);
    }

    [TestMethod]
    public void DilationIsRefusedWithACodedError()
    {
        var e = ConvertEdited("conv2d_valid", c => c["dilation_rate"] = new JArray(2, 2));
        Assert.AreEqual(DiagnosticCodes.UnsupportedLayer.Code, e.Diagnostic.Code);
        StringAssert.Contains(e.Diagnostic.Message, "dilation_rate [2,2]");
        Assert.AreEqual("conv2d", e.Diagnostic.Layer);
    }

    [TestMethod]
    public void ChannelsFirstIsRefusedWithACodedError()
    {
        var e = ConvertEdited("maxpool2d_valid", c => c["data_format"] = "channels_first");
        Assert.AreEqual(DiagnosticCodes.UnsupportedLayer.Code, e.Diagnostic.Code);
        StringAssert.Contains(e.Diagnostic.Message, "channels_last");
    }

    [TestMethod]
    public void BilinearUpSamplingIsRefusedWithACodedError()
    {
        var e = ConvertEdited("upsampling2d", c => c["interpolation"] = "bilinear");
        Assert.AreEqual(DiagnosticCodes.UnsupportedLayer.Code, e.Diagnostic.Code);
        StringAssert.Contains(e.Diagnostic.Message, "nearest");
    }

    [TestMethod]
    public void GroupedConvolutionIsRefused()
    {
        var e = ConvertEdited("conv1d_same", c => c["groups"] = 3);
        Assert.AreEqual(DiagnosticCodes.UnsupportedLayer.Code, e.Diagnostic.Code);
    }

    [TestMethod]
    public void KernelNotMatchingTheConfigIsAWeightShapeError()
    {
        var e = ConvertEdited("conv1d_same", c => c["kernel_size"] = new JArray(5));
        Assert.AreEqual(DiagnosticCodes.WeightShapeMismatch.Code, e.Diagnostic.Code);
    }

    [TestMethod]
    public void ValidWindowLargerThanTheInputIsAShapeError()
    {
        var e = ConvertEdited("maxpool2d_valid", c => { c["pool_size"] = new JArray(7, 7); c["strides"] = new JArray(1, 1); });
        Assert.AreEqual(DiagnosticCodes.ShapeMismatch.Code, e.Diagnostic.Code);
        StringAssert.Contains(e.Diagnostic.Message, "larger than the input");
    }
}
