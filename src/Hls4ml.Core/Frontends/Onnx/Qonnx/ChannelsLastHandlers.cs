using Hls4ml.Extensibility;
using Hls4ml.Frontends.Onnx.Handlers;
using Hls4ml.Ir;
using static Hls4ml.Frontends.Onnx.Handlers.OnnxHandlerHelpers;

namespace Hls4ml.Frontends.Onnx.Qonnx;

/// <summary>
/// QONNX's channels-last wrappers (domain qonnx.custom_op.channels_last, written by ConvertToChannelsLastAndClean):
/// the same operators on (N, spatial..., C) tensors — which is the IR's own layout, so they convert without any
/// transposition. Conv weights are (M, k..., C/group).
/// </summary>
internal static class ChannelsLast
{
    public const string Domain = "qonnx.custom_op.channels_last";

    public static int SpatialRank(OnnxNodeContext context, int[] shape)
    {
        int rank = shape.Length - 2;
        if (rank is < 1 or > 2)
            throw context.Unsupported($"input {Shape(shape)} has {Math.Max(rank, 0)} spatial axes; 1-D (N, L, C) and 2-D (N, H, W, C) are supported");
        return rank;
    }
}

/// <summary>Channels-last Conv (group 1 or depthwise) → IR Conv1D/Conv2D/DepthwiseConv1D/2D.</summary>
public sealed class ChannelsLastConvHandler : IOnnxOpHandler
{
    public IReadOnlyList<string> OpTypes { get; } = new[] { $"{ChannelsLast.Domain}:Conv" };

    public void Convert(OnnxNodeContext context) => OnnxConvolution.Convert(context, channelsLast: true);
}

/// <summary>Channels-last MaxPool → IR Pooling1D/2D.</summary>
public sealed class ChannelsLastMaxPoolHandler : IOnnxOpHandler
{
    public IReadOnlyList<string> OpTypes { get; } = new[] { $"{ChannelsLast.Domain}:MaxPool" };

    public void Convert(OnnxNodeContext context)
    {
        if (context.OutputCount > 1 && context.IsOutputUsed(1))
            throw context.Unsupported("its indices output is used; only the pooled values are supported");
        var shape = context.InputShape(0);
        int rank = ChannelsLast.SpatialRank(context, shape);
        var kernel = Ints(context, "kernel_shape", Array.Empty<int>());
        if (kernel.Length != rank) throw context.Unsupported($"kernel_shape has {kernel.Length} entries for {rank} spatial axes");
        var g = OnnxWindow.Resolve(context, shape[1..^1], kernel, context.Int("ceil_mode", 0) != 0);
        if (g.NeedsZeroPadding || g.Padding != "valid")
            throw context.Unsupported("padded max pooling; supported: pads 0");
        var x = context.NativeInput(0);
        var y = context.AddLayer(rank == 1 ? "Pooling1D" : "Pooling2D", context.LayerName, new[] { x },
            new Dictionary<string, object?> { ["pool_op"] = "Max", ["pool_size"] = kernel, ["strides"] = g.Strides, ["padding"] = "valid" });
        context.SetOutput(0, y);
    }
}
