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

    [TestMethod]
    public void RunTimeInitialStateIsRefusedNamingTheInput()
    {
        var b = new OnnxModelBuilder().Input("x", 1, T, F).Input("h0", 1, 1, H).Output("y")
            .Initializer("W", new[] { 1, 4 * H, F }, new float[4 * H * F])
            .Initializer("R", new[] { 1, 4 * H, H }, new float[4 * H * H])
            .Node("Transpose", new[] { "x" }, new[] { "xt" }, "t_in", attributes: ("perm", new long[] { 1, 0, 2 }))
            .Node("LSTM", new[] { "xt", "W", "R", "", "", "h0" }, new[] { "", "y" }, "lstm", attributes: ("hidden_size", (long)H));
        var e = ConvertFails(b);
        Assert.AreEqual("HLS0153", e.Diagnostic.Code);
        StringAssert.Contains(e.Diagnostic.Message, "initial state");
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
