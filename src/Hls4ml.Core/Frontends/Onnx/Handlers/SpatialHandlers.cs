using Hls4ml.Extensibility;
using Hls4ml.Ir;
using Hls4ml.Ir.Layers;
using static Hls4ml.Frontends.Onnx.Handlers.OnnxHandlerHelpers;

namespace Hls4ml.Frontends.Onnx.Handlers;

/// <summary>
/// ONNX window geometry (kernel_shape, strides, pads or auto_pad, dilations) mapped onto the IR's 'valid'/'same'
/// padding: explicit pads equal to what 'same' computes become 'same'; other pads become a ZeroPadding layer before
/// a 'valid' window (exact for convolutions and for average pooling that counts the padding).
/// </summary>
internal static class OnnxWindow
{
    public sealed record Geometry(int[] Kernel, int[] Strides, int[] PadBegin, int[] PadEnd, string Padding, bool NeedsZeroPadding);

    public static Geometry Resolve(OnnxNodeContext context, int[] spatial, int[] kernel, bool ceilMode = false)
    {
        int rank = spatial.Length;
        var strides = Ints(context, "strides", Enumerable.Repeat(1, rank).ToArray());
        var dilations = Ints(context, "dilations", Enumerable.Repeat(1, rank).ToArray());
        if (strides.Length != rank || dilations.Length != rank)
            throw context.Unsupported($"strides/dilations do not have {rank} entries");
        if (dilations.Any(d => d != 1))
            throw context.Unsupported($"dilations [{string.Join(",", dilations)}]; only dilation 1 is supported");
        var autoPad = context.String("auto_pad", "NOTSET");
        var begin = new int[rank];
        var end = new int[rank];
        switch (autoPad)
        {
            case "NOTSET":
            {
                var pads = Ints(context, "pads", new int[2 * rank]);
                if (pads.Length != 2 * rank) throw context.Unsupported($"pads has {pads.Length} entries, expected {2 * rank}");
                if (pads.Any(p => p < 0)) throw context.Unsupported("negative pads");
                for (int i = 0; i < rank; i++) (begin[i], end[i]) = (pads[i], pads[rank + i]);
                break;
            }
            case "VALID": break;
            case "SAME_UPPER":
            case "SAME_LOWER":
                for (int i = 0; i < rank; i++)
                {
                    int output = (spatial[i] + strides[i] - 1) / strides[i];
                    int total = Math.Max((output - 1) * strides[i] + kernel[i] - spatial[i], 0);
                    int small = total / 2, large = total - small;
                    (begin[i], end[i]) = autoPad == "SAME_UPPER" ? (small, large) : (large, small);
                }
                break;
            default: throw context.Unsupported($"auto_pad '{autoPad}'");
        }
        if (ceilMode)
        {
            // ceil_mode only matters when the last window starts inside the (padded) input but overhangs it.
            for (int i = 0; i < rank; i++)
            {
                int span = spatial[i] + begin[i] + end[i] - kernel[i];
                if (span % strides[i] != 0)
                    throw context.Unsupported("ceil_mode=1 with windows that overhang the input; export with ceil_mode=False");
            }
        }
        if (begin.All(p => p == 0) && end.All(p => p == 0)) return new(kernel, strides, begin, end, "valid", false);
        bool same = true;
        for (int i = 0; i < rank; i++)
        {
            var axis = SpatialGeometry.Compute(spatial[i], kernel[i], strides[i], "same", context.LayerName, "axis");
            same &= axis.PadBefore == begin[i] && axis.PadAfter == end[i];
        }
        return new(kernel, strides, begin, end, same ? "same" : "valid", !same);
    }

    /// <summary>A ZeroPadding layer on a channels-last tensor, with the geometry's pads.</summary>
    public static string ZeroPad(OnnxNodeContext context, string input, Geometry g)
    {
        int rank = g.Kernel.Length;
        var padding = rank == 1 ? new[] { g.PadBegin[0], g.PadEnd[0] } : new[] { g.PadBegin[0], g.PadEnd[0], g.PadBegin[1], g.PadEnd[1] };
        return context.AddLayer(rank == 1 ? "ZeroPadding1D" : "ZeroPadding2D", $"{context.LayerName}_pad", new[] { input },
            new Dictionary<string, object?> { ["padding"] = padding });
    }

    public static int SpatialRank(OnnxNodeContext context, int[] shape)
    {
        int rank = shape.Length - 2;
        if (rank is < 1 or > 2)
            throw context.Unsupported($"input {Shape(shape)} has {Math.Max(rank, 0)} spatial axes; 1-D (N, C, L) and 2-D (N, C, H, W) are supported");
        return rank;
    }
}

/// <summary>
/// Conv (1-D/2-D; group 1, or group = input channels for a depthwise convolution with any multiplier) → IR
/// Conv1D/Conv2D/DepthwiseConv1D/2D on the channels-last tensor; weights permuted from ONNX [M, C/g, k...] to the
/// IR's [k..., C, M] (depthwise [k..., C, multiplier]).
/// </summary>
public sealed class ConvHandler : IOnnxOpHandler
{
    public IReadOnlyList<string> OpTypes { get; } = new[] { "Conv" };

    public void Convert(OnnxNodeContext context) => OnnxConvolution.Convert(context, channelsLast: false);
}

/// <summary>
/// One convolution node, its tensors in ONNX's channels-first layout (Conv: input [N, C, spatial...], weight
/// [M, C/g, k...]) or channels-last (QONNX's channels-last domain: input [N, spatial..., C], weight [M, k..., C/g]).
/// Both become the same IR layer on a channels-last tensor with weights [k..., C/g, M] (depthwise [k..., C, m]).
/// </summary>
public static class OnnxConvolution
{
    public static void Convert(OnnxNodeContext context, bool channelsLast)
    {
        var shape = context.InputShape(0);
        int rank = channelsLast ? Qonnx.ChannelsLast.SpatialRank(context, shape) : OnnxWindow.SpatialRank(context, shape);
        var w = context.Constant(1, "weight");
        if (w.Rank != rank + 2) throw context.Unsupported($"weight {Shape(w.Dims)} does not fit a {rank}-D convolution");
        int channels = channelsLast ? shape[^1] : shape[1], filters = w.Dims[0], group = (int)context.Int("group", 1);
        var kernel = channelsLast ? w.Dims[1..^1] : w.Dims[2..];
        int weightChannels = channelsLast ? w.Dims[^1] : w.Dims[1];
        if (context.Ints("kernel_shape") is { } ks && !ks.Select(v => (int)v).SequenceEqual(kernel))
            throw context.Unsupported($"kernel_shape [{string.Join(",", ks)}] differs from the weight {Shape(w.Dims)}");
        bool depthwise = group != 1;
        if (depthwise && (group != channels || filters % channels != 0 || weightChannels != 1))
            throw context.Unsupported($"group={group} with {channels} input channels and {filters} filters; only group 1 and depthwise (group = channels) are supported");
        if (!depthwise && weightChannels != channels)
            throw context.Unsupported($"weight {Shape(w.Dims)} expects {weightChannels} input channels, the input has {channels}");
        var bias = context.OptionalConstant(2, "bias")?.ToFloats() ?? new float[filters];
        if (bias.Length != filters) throw context.Unsupported($"bias has {bias.Length} values for {filters} filters");

        var g = OnnxWindow.Resolve(context, channelsLast ? shape[1..^1] : shape[2..], kernel);
        // → [k..., C/g, M]; depthwise: [C·m, (1,) k... (, 1)] → [C, m, k...] (the size-1 axis moves no data) → [k..., C, m].
        int[] perm = channelsLast
            ? (rank == 1 ? new[] { 1, 2, 0 } : new[] { 1, 2, 3, 0 })
            : (rank == 1 ? new[] { 2, 1, 0 } : new[] { 2, 3, 1, 0 });
        var keras = depthwise
            ? w.Reshape(new[] { channels, filters / channels }.Concat(kernel).ToArray()).Transpose(rank == 1 ? new[] { 2, 0, 1 } : new[] { 2, 3, 0, 1 })
            : w.Transpose(perm);

        // A channels-last node's input is already in the IR's layout.
        var x = channelsLast ? context.NativeInput(0) : context.ChannelsLastInput(0);
        if (g.NeedsZeroPadding) x = OnnxWindow.ZeroPad(context, x, g);
        var type = (depthwise ? "DepthwiseConv" : "Conv") + (rank == 1 ? "1D" : "2D");
        var y = context.AddLayer(type, context.LayerName, new[] { x },
            new Dictionary<string, object?> { ["kernel_size"] = kernel, ["strides"] = g.Strides, ["padding"] = g.Padding },
            new Dictionary<string, WeightVariable>
            {
                ["weight"] = Weight("weight", keras.Dims, keras.ToFloats()),
                ["bias"] = Weight("bias", new[] { filters }, bias),
            });
        if (channelsLast) context.SetOutput(0, y);
        else context.SetChannelsLastOutput(0, y);
    }
}

/// <summary>MaxPool / AveragePool (1-D/2-D) → IR Pooling1D/2D, channels-last.</summary>
public sealed class PoolingHandler : IOnnxOpHandler
{
    public IReadOnlyList<string> OpTypes { get; } = new[] { "MaxPool", "AveragePool" };

    public void Convert(OnnxNodeContext context)
    {
        if (context.OutputCount > 1 && context.IsOutputUsed(1))
            throw context.Unsupported("its indices output is used; only the pooled values are supported");
        var shape = context.InputShape(0);
        int rank = OnnxWindow.SpatialRank(context, shape);
        var kernel = Ints(context, "kernel_shape", Array.Empty<int>());
        if (kernel.Length != rank) throw context.Unsupported($"kernel_shape has {kernel.Length} entries for {rank} spatial axes");
        bool max = context.OpType == "MaxPool";
        var g = OnnxWindow.Resolve(context, shape[2..], kernel, context.Int("ceil_mode", 0) != 0);
        bool countPad = context.Int("count_include_pad", 0) != 0;
        string padding = g.Padding;
        bool zeroPad = g.NeedsZeroPadding;
        if (!max && countPad && padding == "same")
            (padding, zeroPad) = ("valid", true); // the average then divides by the whole window, padding included
        if (zeroPad && (max || !countPad))
            throw context.Unsupported($"pads [{string.Join(",", g.PadBegin.Concat(g.PadEnd))}] differ from 'same' padding; " +
                (max ? "max pooling supports no padding or 'same' padding" : "average pooling without count_include_pad supports no padding or 'same' padding"));
        var x = context.ChannelsLastInput(0);
        if (zeroPad) x = OnnxWindow.ZeroPad(context, x, g);
        var y = context.AddLayer(rank == 1 ? "Pooling1D" : "Pooling2D", context.LayerName, new[] { x }, new Dictionary<string, object?>
        {
            ["pool_op"] = max ? "Max" : "Average", ["pool_size"] = kernel, ["strides"] = g.Strides, ["padding"] = padding,
        });
        context.SetChannelsLastOutput(0, y);
    }
}

/// <summary>GlobalAveragePool / GlobalMaxPool → IR GlobalPooling1D/2D (keepdims: ONNX keeps the spatial axes as 1).</summary>
public sealed class GlobalPoolingHandler : IOnnxOpHandler
{
    public IReadOnlyList<string> OpTypes { get; } = new[] { "GlobalAveragePool", "GlobalMaxPool" };

    public void Convert(OnnxNodeContext context)
    {
        int rank = OnnxWindow.SpatialRank(context, context.InputShape(0));
        var x = context.ChannelsLastInput(0);
        var y = context.AddLayer(rank == 1 ? "GlobalPooling1D" : "GlobalPooling2D", context.LayerName, new[] { x }, new Dictionary<string, object?>
        {
            ["pool_op"] = context.OpType == "GlobalMaxPool" ? "Max" : "Average", ["keepdims"] = true,
        });
        context.SetChannelsLastOutput(0, y);
    }
}

/// <summary>
/// ReduceMean / ReduceMax over all spatial axes (torch <c>x.mean([2, 3])</c>, <c>amax</c>) → IR GlobalPooling1D/2D,
/// with or without keepdims. Axes as attribute before opset 18, as input from it on.
/// </summary>
public sealed class ReduceHandler : IOnnxOpHandler
{
    public IReadOnlyList<string> OpTypes { get; } = new[] { "ReduceMean", "ReduceMax" };

    public void Convert(OnnxNodeContext context)
    {
        var shape = context.InputShape(0);
        int rank = shape.Length;
        long[]? axes = context.Opset < 18 ? context.Ints("axes") : context.HasInput(1) ? context.Constant(1, "axes").ToLongs() : null;
        if (axes is null || axes.Length == 0)
            throw context.Unsupported("a reduction over every axis (batch included); only reductions over the spatial axes are supported");
        var set = axes.Select(a => (int)(a < 0 ? a + rank : a)).Order().ToArray();
        int spatial = rank - 2;
        if (spatial is < 1 or > 2 || !set.SequenceEqual(Enumerable.Range(2, spatial)))
            throw context.Unsupported($"a reduction over axes [{string.Join(",", axes)}] of {Shape(shape)}; only over all spatial axes (a global pooling) is supported");
        bool keep = context.Int("keepdims", 1) != 0;
        var x = context.ChannelsLastInput(0);
        var y = context.AddLayer(spatial == 1 ? "GlobalPooling1D" : "GlobalPooling2D", context.LayerName, new[] { x }, new Dictionary<string, object?>
        {
            ["pool_op"] = context.OpType == "ReduceMax" ? "Max" : "Average", ["keepdims"] = keep,
        });
        if (keep) context.SetChannelsLastOutput(0, y);
        else context.SetOutput(0, y);
    }
}
