using Hls4ml.Extensibility;
using Hls4ml.Types;

namespace Hls4ml.Ir.Layers;

/// <summary>
/// A batch normalization followed by a binary or ternary activation, merged (as hls4ml does for binary/ternary
/// networks) into per-channel comparisons of the input: out = +1 where z = x·scale + bias passes the upper level,
/// -1 (0 for binary_step) where it passes the lower one (binary: everywhere else), else 0. No multiplier: the
/// levels are turned into thresholds on the input's own grid, so every comparison is exact.
/// Attributes: <c>activation</c> (binary_tanh, binary_sign, binary_step, ternary_tanh, ternary_threshold),
/// <c>up_level</c>, <c>up_strict</c>, <c>down_level</c>, <c>ternary</c>, <c>low_value</c>. Weights <c>scale</c>,
/// <c>bias</c> (the normalization, for the reference) and, set by precision inference, <c>upper</c>, <c>lower</c>,
/// <c>direction</c> (+1: compare x, -1: the scale is negative and the comparisons flip).
/// </summary>
public sealed class BatchNormThresholdDefinition : LayerDefinition
{
    public override string TypeName => "BatchNormThreshold";

    public override IReadOnlyList<TypeSlot> TypeSlots { get; } = new[]
    {
        new TypeSlot("result"), new TypeSlot("scale"), new TypeSlot("bias"), new TypeSlot("upper"), new TypeSlot("lower"),
        new TypeSlot("direction", "ap_int<2>"),
    };

    public override int[] InferShape(Layer layer, IReadOnlyList<int[]> inputShapes)
    {
        var shape = inputShapes[0];
        int channels = layer.Weights["scale"].Data.Length;
        layer.Attributes["n_in"] = shape.Aggregate(1, (a, b) => a * b);
        layer.Attributes["n_filt"] = channels;
        layer.Attributes["n_inner"] = shape.Skip(layer.Get("axis", shape.Length - 1) + 1).Aggregate(1, (a, b) => a * b);
        return shape;
    }

    /// <summary>The output of the merged activation for normalized value z.</summary>
    public static double Output(Layer layer, double z)
    {
        double up = layer.Get<double>("up_level");
        bool upStrict = layer.Get<bool>("up_strict");
        if (upStrict ? z > up : z >= up) return 1;
        if (!layer.Get<bool>("ternary")) return layer.Get<double>("low_value");
        return z <= layer.Get<double>("down_level") ? -1 : 0;
    }

    public override double[] Evaluate(Layer layer, IReadOnlyList<double[]> inputs)
    {
        var scale = layer.Weights["scale"].Data;
        var bias = layer.Weights["bias"].Data;
        int channels = layer.Get<int>("n_filt"), inner = layer.Get<int>("n_inner");
        return inputs[0].Select((x, i) => Output(layer, x * (double)scale[i / inner % channels] + bias[i / inner % channels])).ToArray();
    }

    /// <summary>
    /// Thresholds on the input grid (step q): with scale s &gt; 0, z &gt; u ⇔ x &gt; (u - b)/s ⇔ x ≥ the next grid value
    /// above; with s &lt; 0 the inequalities flip; s = 0 makes the output constant (thresholds beyond the input range).
    /// Their type is the input's with two more integer bits (room for a threshold just outside the range).
    /// </summary>
    public override void InferPrecisions(Layer layer, PrecisionContext context)
    {
        var input = context.InputPrecision(layer);
        if (FixedFormatOf(input) is not var (signed, integer, fractional)) return;
        double q = Math.Pow(2, -fractional);
        double lo = (signed ? -Math.Pow(2, integer - 1) : 0) - q, hi = (signed ? Math.Pow(2, integer - 1) : Math.Pow(2, integer)) + q;
        var thresholdType = new FixedPrecision(integer + fractional + 2 + (signed ? 0 : 1), integer + 2 + (signed ? 0 : 1), true);
        if (!context.ExplicitSlots.Contains("upper")) layer.Types["upper"] = thresholdType;
        if (!context.ExplicitSlots.Contains("lower")) layer.Types["lower"] = thresholdType;
        if (!context.ExplicitSlots.Contains("result"))
            layer.Types["result"] = layer.Get<double>("low_value") == 0 && !layer.Get<bool>("ternary") ? new IntegerPrecision(1, false) : new IntegerPrecision(2, true);

        var scale = layer.Weights["scale"].Data;
        var bias = layer.Weights["bias"].Data;
        int n = scale.Length;
        var upper = new float[n];
        var lower = new float[n];
        var direction = new float[n];
        double up = layer.Get<double>("up_level"), down = layer.Get("down_level", 0.0);
        bool upStrict = layer.Get<bool>("up_strict");
        for (int c = 0; c < n; c++)
        {
            double s = scale[c], b = bias[c];
            if (s == 0)
            {
                // Constant output: 'up' always or never; 'down' likewise.
                direction[c] = 1;
                upper[c] = (float)((upStrict ? b > up : b >= up) ? lo : hi);
                lower[c] = (float)(b <= down ? hi : lo);
                continue;
            }
            double tu = (up - b) / s, td = (down - b) / s;
            if (s > 0)
            {
                direction[c] = 1;
                // x ≥ U ⇔ z passes up; x ≤ D ⇔ z ≤ down.
                upper[c] = (float)Math.Clamp(upStrict ? (Math.Floor(tu / q) + 1) * q : Math.Ceiling(tu / q) * q, lo, hi);
                lower[c] = (float)Math.Clamp(Math.Floor(td / q) * q, lo, hi);
            }
            else
            {
                direction[c] = -1;
                // x ≤ U ⇔ z passes up; x ≥ D ⇔ z ≤ down.
                upper[c] = (float)Math.Clamp(upStrict ? (Math.Ceiling(tu / q) - 1) * q : Math.Floor(tu / q) * q, lo, hi);
                lower[c] = (float)Math.Clamp(Math.Ceiling(td / q) * q, lo, hi);
            }
        }
        layer.Weights["upper"] = new WeightVariable { Name = "upper", Shape = new[] { n }, Data = upper };
        layer.Weights["lower"] = new WeightVariable { Name = "lower", Shape = new[] { n }, Data = lower };
        layer.Weights["direction"] = new WeightVariable { Name = "direction", Shape = new[] { n }, Data = direction };
    }

    private static (bool Signed, int Integer, int Fractional)? FixedFormatOf(Precision p) => p switch
    {
        FixedPrecision f => (f.Signed, f.Integer, f.Fractional),
        IntegerPrecision i => (i.Signed, i.TotalWidth, 0),
        _ => null,
    };
}
