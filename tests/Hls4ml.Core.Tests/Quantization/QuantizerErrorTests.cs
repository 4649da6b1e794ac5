using Hls4ml.Diagnostics;
using Hls4ml.Tests.Frontends.Onnx;

namespace Hls4ml.Tests.Quantization;

/// <summary>
/// A quantizer setting with no exact ap type is a coded error naming the node, the quantizer and the supported
/// settings — never a model simulated at another precision.
/// </summary>
[TestClass]
public sealed class QuantizerErrorTests
{
    private const string Domain = "qonnx.custom_op.general";

    /// <summary>x → Quant(scale, zeropt, bits, attributes) → y, converted; returns the diagnostic it raises.</summary>
    private static HlsDiagnostic ConvertQuant(float scale, float zeropt, float bits, params (string Name, object Value)[] attributes)
    {
        var builder = new OnnxModelBuilder().Input("x", "N", 4)
            .Initializer("s", Array.Empty<int>(), new[] { scale })
            .Initializer("z", Array.Empty<int>(), new[] { zeropt })
            .Initializer("b", Array.Empty<int>(), new[] { bits })
            .Node("Quant", new[] { "x", "s", "z", "b" }, new[] { "y" }, "act_quant", Domain, attributes)
            .Output("y");
        builder.Opsets.Add((Domain, 1));
        var path = builder.Save(TestPaths.NewTempDir("qerr"));
        var e = Assert.ThrowsExactly<HlsException>(() => HlsPipeline.CreateDefault(TestPaths.Templates).Convert(path, null));
        return e.Diagnostic;
    }

    [TestMethod]
    public void CeilRoundingIsRefusedWithTheSupportedModes()
    {
        var d = ConvertQuant(0.25f, 0, 8, ("rounding_mode", "CEIL"), ("signed", 1L), ("narrow", 0L));
        Assert.AreEqual("HLS0140", d.Descriptor.Code);
        StringAssert.Contains(d.Message, "act_quant");
        StringAssert.Contains(d.Message, "CEIL");
        StringAssert.Contains(d.Message, "ROUND, HALF_EVEN, FLOOR, DOWN, HALF_UP, HALF_DOWN");
    }

    [TestMethod]
    public void NonIntegerZeroPointIsRefused()
    {
        var d = ConvertQuant(0.3f, 0.5f, 8, ("rounding_mode", "ROUND"));
        Assert.AreEqual("HLS0140", d.Descriptor.Code);
        StringAssert.Contains(d.Message, "zero-point 0.5");
        StringAssert.Contains(d.Message, "8-bit signed ROUND");
        StringAssert.Contains(d.Message, "supported: integer zero-points");
    }

    [TestMethod]
    public void PerChannelActivationScaleIsRefused()
    {
        var builder = new OnnxModelBuilder().Input("x", "N", 4)
            .Initializer("s", new[] { 4 }, new[] { 0.25f, 0.5f, 0.25f, 0.125f })
            .Initializer("z", Array.Empty<int>(), new[] { 0f })
            .Initializer("b", Array.Empty<int>(), new[] { 8f })
            .Node("Quant", new[] { "x", "s", "z", "b" }, new[] { "y" }, "per_channel", Domain)
            .Output("y");
        builder.Opsets.Add((Domain, 1));
        var path = builder.Save(TestPaths.NewTempDir("qerr"));
        var e = Assert.ThrowsExactly<HlsException>(() => HlsPipeline.CreateDefault(TestPaths.Templates).Convert(path, null));
        Assert.AreEqual("HLS0140", e.Diagnostic.Descriptor.Code);
        StringAssert.Contains(e.Diagnostic.Message, "per_channel");
        StringAssert.Contains(e.Diagnostic.Message, "per-channel scale");
    }

    [TestMethod]
    public void UnsignedNarrowRangeIsRefused()
    {
        var d = ConvertQuant(0.25f, 0, 4, ("signed", 0L), ("narrow", 1L));
        Assert.AreEqual("HLS0140", d.Descriptor.Code);
        StringAssert.Contains(d.Message, "narrow=1 with signed=0");
    }

    [TestMethod]
    public void BadBitWidthIsMalformed()
    {
        var d = ConvertQuant(0.25f, 0, 2.5f);
        Assert.AreEqual("HLS0143", d.Descriptor.Code);
    }

    [TestMethod]
    public void RunTimeScaleIsRefused()
    {
        var builder = new OnnxModelBuilder().Input("x", "N", 4)
            .Initializer("z", Array.Empty<int>(), new[] { 0f })
            .Initializer("b", Array.Empty<int>(), new[] { 8f })
            .Node("Relu", new[] { "x" }, new[] { "r" }, "relu")
            .Node("Quant", new[] { "x", "r", "z", "b" }, new[] { "y" }, "q", Domain)
            .Output("y");
        builder.Opsets.Add((Domain, 1));
        var path = builder.Save(TestPaths.NewTempDir("qerr"));
        var e = Assert.ThrowsExactly<HlsException>(() => HlsPipeline.CreateDefault(TestPaths.Templates).Convert(path, null));
        Assert.AreEqual("HLS0141", e.Diagnostic.Descriptor.Code);
    }

    [TestMethod]
    public void SupportedQuantMapsToItsApType()
    {
        var builder = new OnnxModelBuilder().Input("x", "N", 4)
            .Initializer("s", Array.Empty<int>(), new[] { 0.125f })
            .Initializer("z", Array.Empty<int>(), new[] { 0f })
            .Initializer("b", Array.Empty<int>(), new[] { 6f })
            .Node("Quant", new[] { "x", "s", "z", "b" }, new[] { "y" }, "q", "onnx.brevitas", ("signed", 1L), ("narrow", 1L), ("rounding_mode", "HALF_UP"))
            .Output("y");
        builder.Opsets.Add(("onnx.brevitas", 1));
        var graph = HlsPipeline.CreateDefault(TestPaths.Templates).Convert(builder.Save(TestPaths.NewTempDir("qok")), null);
        var quant = graph.Layers.Single(l => l.Type == "Activation");
        Assert.AreEqual("ap_fixed<6,3,AP_RND_INF,AP_SAT_SYM,0>", quant.ModelTypes["result"].ToCpp());
    }
}
