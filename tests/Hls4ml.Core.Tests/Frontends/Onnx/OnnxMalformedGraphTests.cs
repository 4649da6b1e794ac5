using Hls4ml.Diagnostics;

namespace Hls4ml.Tests.Frontends.Onnx;

/// <summary>Graphs that break ONNX's single-assignment rule (found by the fuzz test): coded HLS0114, never a crash.</summary>
[TestClass]
public sealed class OnnxMalformedGraphTests
{
    private static OnnxModelBuilder Gemm() => new OnnxModelBuilder()
        .Input("x", "batch", 4)
        .Initializer("W", new[] { 3, 4 }, new float[12])
        .Node("Gemm", new[] { "x", "W" }, new[] { "h" }, "fc", attributes: ("transB", 1L))
        .Node("Relu", new[] { "h" }, new[] { "y" }, "relu")
        .Output("y");

    private static void Fails(OnnxModelBuilder model, string message)
    {
        var path = model.Save(TestPaths.NewTempDir("onnx-ssa"));
        var e = Assert.ThrowsExactly<HlsException>(() => HlsPipeline.CreateDefault(TestPaths.Templates).Convert(path));
        Assert.AreEqual(DiagnosticCodes.InvalidOnnxFile.Code, e.Diagnostic.Code, e.Message);
        Assert.AreEqual(path, e.Diagnostic.File);
        StringAssert.Contains(e.Diagnostic.Message, message);
    }

    [TestMethod]
    public void TheBaseModelConverts() =>
        Assert.IsNotNull(HlsPipeline.CreateDefault(TestPaths.Templates).Convert(Gemm().Save(TestPaths.NewTempDir("onnx-ssa"))).FindLayer("fc"));

    [TestMethod]
    public void DuplicateInputIsRefused() => Fails(Gemm().Input("x", "batch", 4), "graph input 'x' is declared twice");

    [TestMethod]
    public void DuplicateInitializerIsRefused() => Fails(Gemm().Initializer("W", new[] { 3, 4 }, new float[12]), "initializer 'W' is defined twice");

    [TestMethod]
    public void ValueDefinedTwiceIsRefused() =>
        Fails(Gemm().Node("Relu", new[] { "x" }, new[] { "h" }, "again"), "value 'h' is defined twice");

    [TestMethod]
    public void OutputOverwritingAnInitializerIsRefused() =>
        Fails(Gemm().Node("Relu", new[] { "x" }, new[] { "W" }, "shadow"), "value 'W' is defined twice");

    [TestMethod]
    public void RepeatedAttributeIsRefused()
    {
        var model = new OnnxModelBuilder()
            .Input("x", "batch", 4)
            .Initializer("W", new[] { 3, 4 }, new float[12])
            .Node("Gemm", new[] { "x", "W" }, new[] { "y" }, "fc", attributes: new (string, object)[] { ("transB", 1L), ("transB", 0L) })
            .Output("y");
        Fails(model, "attribute 'transB' twice");
    }
}
