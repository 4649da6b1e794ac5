using Hls4ml.Diagnostics;
using Hls4ml.Tests.Frontends.Onnx;

namespace Hls4ml.Tests.Layers.Recurrent;

/// <summary>
/// ONNX recurrent nodes in forms the converter does not implement are HLS0153 naming the node and what to change; the
/// torch.onnx.export form itself (tests/fixtures/recurrent/onnx_*.onnx) converts and simulates in RecurrentAccuracyTests.
/// </summary>
[TestClass]
public sealed class OnnxRecurrentFormTests
{
    private const int T = 4, F = 3, H = 2;

    private static HlsException ConvertFails(OnnxModelBuilder builder)
    {
        var path = builder.Save(TestPaths.NewTempDir("onnx-rnn"));
        return Assert.Throws<HlsException>(() => HlsPipeline.CreateDefault(TestPaths.Templates).Convert(path));
    }

    private static OnnxModelBuilder Lstm(string[] inputs, string[] outputs, params (string, int[])[] graphInputs)
    {
        var b = new OnnxModelBuilder().Input("x", 1, T, F);
        foreach (var (name, shape) in graphInputs) b.Input(name, shape.Cast<object>().ToArray());
        return b.Initializer("W", new[] { 1, 4 * H, F }, new float[4 * H * F])
            .Initializer("R", new[] { 1, 4 * H, H }, new float[4 * H * H])
            .Node("Transpose", new[] { "x" }, new[] { "xt" }, "t_in", attributes: ("perm", new long[] { 1, 0, 2 }))
            .Node("LSTM", new[] { "xt", "W", "R" }.Concat(inputs).ToArray(), outputs, "lstm", attributes: ("hidden_size", (long)H));
    }

    [TestMethod]
    public void RunTimeInitialStatesBecomeLayerInputsWithTheBatchAxisDropped()
    {
        var b = Lstm(new[] { "", "", "h0", "c0" }, new[] { "", "y", "c" }, ("h0", new[] { 1, 1, H }), ("c0", new[] { 1, 1, H })).Output("y").Output("c");
        var graph = HlsPipeline.CreateDefault(TestPaths.Templates).Convert(b.Save(TestPaths.NewTempDir("onnx-rnn")));
        var layers = graph.Layers.Where(l => l.Type == "LSTM").ToList();
        Assert.HasCount(2, layers);
        foreach (var layer in layers)
        {
            Assert.HasCount(3, layer.Inputs, layer.Name);
            Assert.IsTrue(layer.Get("initial_h", false) && layer.Get("initial_c", false), layer.Name);
            CollectionAssert.AreEqual(new[] { 1, H }, graph.Tensor(layer.Inputs[1]).Shape, "h0 [1, batch, H] is read as [1, H]");
        }
        Assert.IsTrue(layers.Single(l => l.Get("output_cell", false)).Name.EndsWith("_cell"), "Y_c becomes a layer that outputs the cell state");
    }

    [TestMethod]
    public void NonZeroConstantInitialStateIsRefused()
    {
        var b = Lstm(new[] { "", "", "h0" }, new[] { "", "y" }).Initializer("h0", new[] { 1, 1, H }, new float[] { 0.5f, 0 }).Output("y");
        var e = ConvertFails(b);
        Assert.AreEqual("HLS0153", e.Diagnostic.Code);
        StringAssert.Contains(e.Diagnostic.Message, "non-zero constant");
    }

    [TestMethod]
    public void InitialStateInputWithABatchOfTwoIsRefused()
    {
        var b = Lstm(new[] { "", "", "h0" }, new[] { "", "y" }, ("h0", new[] { 1, 2, H })).Output("y");
        var e = ConvertFails(b);
        Assert.AreEqual("HLS0153", e.Diagnostic.Code);
        StringAssert.Contains(e.Diagnostic.Message, "[directions, batch, hidden]");
    }

    [TestMethod]
    public void CellStateReadThroughAnotherOpIsRefused()
    {
        var b = Lstm(Array.Empty<string>(), new[] { "", "", "c" })
            .Node("Relu", new[] { "c" }, new[] { "y" }, "relu").Output("y");
        var e = ConvertFails(b);
        Assert.AreEqual("HLS0153", e.Diagnostic.Code);
        StringAssert.Contains(e.Diagnostic.Message, "Y_c");
    }

    [TestMethod]
    public void TimeMajorInputIsRefused()
    {
        var b = new OnnxModelBuilder().Input("x", T, 1, F).Output("y")
            .Initializer("W", new[] { 1, 4 * H, F }, new float[4 * H * F])
            .Initializer("R", new[] { 1, 4 * H, H }, new float[4 * H * H])
            .Node("LSTM", new[] { "x", "W", "R" }, new[] { "", "y" }, "lstm", attributes: ("hidden_size", (long)H));
        var e = ConvertFails(b);
        Assert.AreEqual("HLS0153", e.Diagnostic.Code);
        StringAssert.Contains(e.Diagnostic.Message, "batch_first=True");
    }

    [TestMethod]
    public void ClipAndSequenceLengthsAreRefused()
    {
        var clipped = new OnnxModelBuilder().Input("x", 1, T, F).Output("y")
            .Initializer("W", new[] { 1, 3 * H, F }, new float[3 * H * F])
            .Initializer("R", new[] { 1, 3 * H, H }, new float[3 * H * H])
            .Node("Transpose", new[] { "x" }, new[] { "xt" }, "t_in", attributes: ("perm", new long[] { 1, 0, 2 }))
            .Node("GRU", new[] { "xt", "W", "R" }, new[] { "", "y" }, "gru", attributes: new (string, object)[] { ("hidden_size", (long)H), ("clip", 3f) });
        var e = ConvertFails(clipped);
        Assert.AreEqual("HLS0153", e.Diagnostic.Code);
        StringAssert.Contains(e.Diagnostic.Message, "clip");
    }
}
