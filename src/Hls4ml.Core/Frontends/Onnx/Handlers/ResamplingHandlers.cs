using Hls4ml.Extensibility;
using static Hls4ml.Frontends.Onnx.Handlers.OnnxHandlerHelpers;

namespace Hls4ml.Frontends.Onnx.Handlers;

/// <summary>
/// Pad (constant mode, value 0, spatial axes only) → IR ZeroPadding1D/2D on the channels-last tensor; negative pads
/// (cropping) → Cropping1D/2D. Pads come from the 'pads' attribute before opset 11, from inputs from it on (with the
/// optional 'axes' input of opset 18).
/// </summary>
public sealed class PadHandler : IOnnxOpHandler
{
    public IReadOnlyList<string> OpTypes { get; } = new[] { "Pad" };

    public void Convert(OnnxNodeContext context)
    {
        var shape = context.InputShape(0);
        int rank = shape.Length;
        var mode = context.String("mode", "constant");
        if (mode != "constant") throw context.Unsupported($"mode '{mode}'; only constant (zero) padding is supported");
        long[] pads;
        double value;
        if (context.Opset < 11)
        {
            pads = context.Ints("pads") ?? context.Ints("paddings") ?? throw context.Unsupported("Pad needs pads");
            value = context.Float("value", 0f);
        }
        else
        {
            pads = context.Constant(1, "pads").ToLongs();
            value = context.HasInput(2) ? context.Constant(2, "constant value").Scalar() : 0;
            if (context.HasInput(3))
            {
                // Opset 18: pads for the listed axes only.
                var axes = context.Constant(3, "axes").ToLongs().Select(a => (int)(a < 0 ? a + rank : a)).ToArray();
                var full = new long[2 * rank];
                for (int i = 0; i < axes.Length; i++) (full[axes[i]], full[rank + axes[i]]) = (pads[i], pads[axes.Length + i]);
                pads = full;
            }
        }
        if (pads.Length != 2 * rank) throw context.Unsupported($"pads has {pads.Length} entries for an input of rank {rank}");
        if (value != 0) throw context.Unsupported($"padding value {Number(value)}; only zero padding is supported");
        if (pads[0] != 0 || pads[rank] != 0 || pads[1] != 0 || pads[rank + 1] != 0)
            throw context.Unsupported("it pads the batch or channel axis; only spatial axes (2 and up) may be padded");
        if (pads.All(p => p == 0)) { context.SetOutputAlias(0, 0); return; }
        int spatial = OnnxWindow.SpatialRank(context, shape);
        var before = pads.Skip(2).Take(spatial).Select(v => (int)v).ToArray();
        var after = pads.Skip(rank + 2).Take(spatial).Select(v => (int)v).ToArray();
        var x = context.ChannelsLastInput(0);
        int[] Pairs(Func<int, int> f) => Enumerable.Range(0, spatial).SelectMany(i => new[] { f(before[i]), f(after[i]) }).ToArray();
        if (before.Concat(after).Any(v => v < 0))
            x = context.AddLayer(spatial == 1 ? "Cropping1D" : "Cropping2D", $"{context.LayerName}_crop", new[] { x },
                new Dictionary<string, object?> { ["cropping"] = Pairs(v => Math.Max(-v, 0)) });
        if (before.Concat(after).Any(v => v > 0))
            x = context.AddLayer(spatial == 1 ? "ZeroPadding1D" : "ZeroPadding2D", context.LayerName, new[] { x },
                new Dictionary<string, object?> { ["padding"] = Pairs(v => Math.Max(v, 0)) });
        context.SetChannelsLastOutput(0, x);
    }
}

/// <summary>
/// Resize (opset 10+) and Upsample (opsets 7–9) in nearest mode with integer factors on the spatial axes → IR
/// UpSampling1D/2D. The coordinate transformation and rounding mode are checked to repeat each pixel (true for
/// asymmetric/floor, half_pixel and pytorch_half_pixel with round_prefer_floor/ceil; align_corners is not).
/// </summary>
public sealed class ResizeHandler : IOnnxOpHandler
{
    public IReadOnlyList<string> OpTypes { get; } = new[] { "Resize", "Upsample" };

    public void Convert(OnnxNodeContext context)
    {
        var shape = context.InputShape(0);
        int rank = shape.Length;
        var mode = context.String("mode", "nearest");
        if (mode != "nearest") throw context.Unsupported($"mode '{mode}'; only nearest-neighbour resizing is supported");
        double[] scales = Scales(context, shape);
        if (scales.Length != rank) throw context.Unsupported($"{scales.Length} scales for an input of rank {rank}");
        if (scales[0] != 1) throw context.Unsupported("it resizes the batch axis");
        // Channels-last data (QONNX's ConvertToChannelsLastAndClean: (N, spatial..., C)) scales axes 1..rank-2 and
        // keeps the last; ONNX's own layout keeps axis 1. Either way it repeats pixels along the spatial axes.
        bool channelsLast = scales[1] != 1 && scales[^1] == 1 && rank is 3 or 4;
        if (scales[1] != 1 && !channelsLast) throw context.Unsupported("it resizes the channel axis (axis 1, and the last axis too)");
        int first = channelsLast ? 1 : 2;
        int spatial = OnnxWindow.SpatialRank(context, shape);
        var factors = new int[spatial];
        // Resize from opset 11 defaults to half_pixel; Upsample and Resize-10 repeat pixels (asymmetric, floor).
        bool legacy = context.OpType == "Upsample" || context.Opset < 11;
        var transform = legacy ? "asymmetric" : context.String("coordinate_transformation_mode", "half_pixel");
        var rounding = legacy ? "floor" : context.String("nearest_mode", "round_prefer_floor");
        for (int i = 0; i < spatial; i++)
        {
            double s = scales[first + i];
            int f = (int)Math.Round(s);
            if (f < 1 || Math.Abs(s - f) > 1e-6)
                throw context.Unsupported($"scale {Number(s)} on axis {first + i}; only integer up-sampling factors are supported");
            factors[i] = f;
            int input = shape[first + i], output = input * f;
            for (int o = 0; o < output; o++)
                if (Source(context, transform, rounding, o, s, input, output) != o / f)
                    throw context.Unsupported($"nearest resizing with coordinate_transformation_mode '{transform}' and nearest_mode '{rounding}' does not repeat pixels; export with mode 'nearest' and 'asymmetric' coordinates (torch: nn.Upsample(mode='nearest'))");
        }
        var x = channelsLast ? context.NativeInput(0) : context.ChannelsLastInput(0);
        var y = context.AddLayer(spatial == 1 ? "UpSampling1D" : "UpSampling2D", context.LayerName, new[] { x },
            new Dictionary<string, object?> { ["size"] = factors });
        if (channelsLast) context.SetOutput(0, y);
        else context.SetChannelsLastOutput(0, y);
    }

    private static double[] Scales(OnnxNodeContext context, int[] shape)
    {
        if (context.OpType == "Upsample")
            return context.Opset < 9
                ? context.Floats("scales")?.Select(v => (double)v).ToArray() ?? throw context.Unsupported("Upsample needs scales")
                : context.Constant(1, "scales").Values;
        if (context.Opset < 11) return context.Constant(1, "scales").Values;
        // Opset 11+: X, roi, scales, sizes (scales or sizes; opset 18 may list axes).
        var axes = context.Ints("axes")?.Select(a => (int)(a < 0 ? a + shape.Length : a)).ToArray() ?? Enumerable.Range(0, shape.Length).ToArray();
        double[] given;
        if (context.HasInput(2) && context.Constant(2, "scales").Size > 0) given = context.Constant(2, "scales").Values;
        else if (context.HasInput(3)) given = context.Constant(3, "sizes").Values.Select((v, i) => v / shape[axes[i]]).ToArray();
        else throw context.Unsupported("Resize needs scales or sizes");
        if (context.HasInput(3) && context.String("keep_aspect_ratio_policy", "stretch") != "stretch")
            throw context.Unsupported("keep_aspect_ratio_policy other than stretch");
        var scales = Enumerable.Repeat(1.0, shape.Length).ToArray();
        for (int i = 0; i < axes.Length; i++) scales[axes[i]] = given[i];
        return scales;
    }

    /// <summary>The input index ONNX's nearest resize reads for output index o (the ONNX reference implementation).</summary>
    private static int Source(OnnxNodeContext context, string transform, string rounding, int o, double scale, int input, int output)
    {
        double x = transform switch
        {
            "asymmetric" => o / scale,
            "half_pixel" => (o + 0.5) / scale - 0.5,
            "pytorch_half_pixel" => output > 1 ? (o + 0.5) / scale - 0.5 : 0,
            "tf_half_pixel_for_nn" => (o + 0.5) / scale,
            "align_corners" => output == 1 ? 0 : o * (input - 1) / (double)(output - 1),
            _ => throw context.Unsupported($"coordinate_transformation_mode '{transform}'"),
        };
        double r = rounding switch
        {
            "floor" => Math.Floor(x),
            "ceil" => Math.Ceiling(x),
            "round_prefer_floor" => x - Math.Floor(x) == 0.5 ? Math.Floor(x) : Math.Round(x),
            "round_prefer_ceil" => x - Math.Floor(x) == 0.5 ? Math.Ceiling(x) : Math.Round(x),
            _ => throw context.Unsupported($"nearest_mode '{rounding}'"),
        };
        return (int)Math.Clamp(r, 0, input - 1);
    }
}
