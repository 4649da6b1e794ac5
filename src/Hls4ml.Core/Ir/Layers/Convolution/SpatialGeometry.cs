using Hls4ml.Diagnostics;
using Hls4ml.Extensibility;

namespace Hls4ml.Ir.Layers;

/// <summary>
/// Sliding-window geometry shared by convolutions and pooling (TensorFlow/Keras semantics): output size and the
/// padding before/after one spatial axis for 'valid', 'same' (extra padding after) and 'causal' (all padding before).
/// </summary>
public static class SpatialGeometry
{
    public static readonly IReadOnlyList<string> Paddings = new[] { "valid", "same", "causal" };

    /// <summary>
    /// How an io_stream convolution or pooling layer forms its windows (hls4ml's ConvImplementation): LineBuffer keeps
    /// the last rows and addresses them by row and column; Encoded shifts pixels through one delay line and reads a
    /// per-pixel instruction ROM, computed by the converter, saying where windows end. Same windows, same results.
    /// </summary>
    public static readonly AttributeSpec ConvImplementation = AttributeSpec.Choice("conv_implementation", "ConvImplementation", "LineBuffer",
        new[] { "LineBuffer", "Encoded" }, "io_stream window formation: LineBuffer or Encoded (io_parallel ignores it)");

    public readonly record struct Axis(int In, int Kernel, int Stride, int Out, int PadBefore, int PadAfter);

    public static Axis Compute(int input, int kernel, int stride, string padding, string layer, string axisName)
    {
        if (kernel < 1 || stride < 1)
            throw new HlsException(DiagnosticCodes.ShapeMismatch,
                $"{axisName}: window {kernel} and stride {stride} must be positive.", layer: layer);
        switch (padding)
        {
            case "valid":
                if (input < kernel)
                    throw new HlsException(DiagnosticCodes.ShapeMismatch,
                        $"{axisName}: window {kernel} is larger than the input ({input}) with padding 'valid'; the output would be empty.", layer: layer);
                return new Axis(input, kernel, stride, (input - kernel) / stride + 1, 0, 0);
            case "same":
            {
                int output = (input + stride - 1) / stride;
                int total = Math.Max((output - 1) * stride + kernel - input, 0);
                return new Axis(input, kernel, stride, output, total / 2, total - total / 2);
            }
            case "causal":
                return new Axis(input, kernel, stride, (input - 1) / stride + 1, kernel - 1, 0);
            default:
                throw new HlsException(DiagnosticCodes.ShapeMismatch,
                    $"padding '{padding}' is not supported (use {string.Join(", ", Paddings)}).", layer: layer);
        }
    }

    /// <summary>Product of the dimensions.</summary>
    public static int Size(IEnumerable<int> shape) => shape.Aggregate(1, (a, b) => a * b);

    /// <summary>The input must have 'rank' spatial axes plus channels (channels_last).</summary>
    public static void RequireRank(int[] input, int rank, string type, string layer)
    {
        if (input.Length != rank + 1)
            throw new HlsException(DiagnosticCodes.ShapeMismatch,
                $"{type} needs a {rank + 1}-D input ({(rank == 1 ? "width, channels" : "height, width, channels")}; channels last), got [{string.Join(",", input)}].", layer: layer);
    }

    /// <summary>Reads an int[] attribute of 'rank' entries (a single int is broadcast).</summary>
    public static int[] Ints(Layer layer, string key, int rank)
    {
        if (!layer.Attributes.TryGetValue(key, out var v) || v is null)
            throw new HlsException(DiagnosticCodes.ShapeMismatch, $"attribute '{key}' is missing.", layer: layer.Name);
        int[] values = v switch
        {
            int[] a => a,
            int i => Enumerable.Repeat(i, rank).ToArray(),
            long l => Enumerable.Repeat((int)l, rank).ToArray(),
            IEnumerable<object?> list => list.Select(x => Convert.ToInt32(x, System.Globalization.CultureInfo.InvariantCulture)).ToArray(),
            _ => throw new HlsException(DiagnosticCodes.ShapeMismatch, $"attribute '{key}' must be a list of {rank} integers.", layer: layer.Name),
        };
        if (values.Length != rank)
            throw new HlsException(DiagnosticCodes.ShapeMismatch,
                $"attribute '{key}' has {values.Length} entries, expected {rank}.", layer: layer.Name);
        return values;
    }

    /// <summary>
    /// Sets the window attributes every 1-D/2-D sliding-window template uses (a 1-D layer is a 2-D one of height 1):
    /// in_height/in_width/n_chan, filt_*/pool_*, stride_*, pad_*, out_height/out_width.
    /// </summary>
    public static (Axis H, Axis W) SetWindowAttributes(Layer layer, int[] input, int rank, int[] window, int[] strides, string padding, string windowPrefix)
    {
        var h = rank == 2 ? Compute(input[0], window[0], strides[0], padding, layer.Name, "height") : new Axis(1, 1, 1, 1, 0, 0);
        var w = Compute(input[rank - 1], window[rank - 1], strides[rank - 1], padding, layer.Name, "width");
        var a = layer.Attributes;
        a["in_height"] = h.In; a["in_width"] = w.In; a["n_chan"] = input[^1];
        a[$"{windowPrefix}_height"] = h.Kernel; a[$"{windowPrefix}_width"] = w.Kernel;
        a["stride_height"] = h.Stride; a["stride_width"] = w.Stride;
        a["pad_top"] = h.PadBefore; a["pad_bottom"] = h.PadAfter; a["pad_left"] = w.PadBefore; a["pad_right"] = w.PadAfter;
        a["out_height"] = h.Out; a["out_width"] = w.Out;
        return (h, w);
    }
}
