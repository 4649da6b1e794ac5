using Hls4ml.Diagnostics;
using Hls4ml.Extensibility;

namespace Hls4ml.Ir.Layers;

/// <summary>Element-wise activation; 'activation' names the function. Table-based ones carry table_size/table_t.</summary>
public sealed class ActivationDefinition : LayerDefinition
{
    /// <summary>Activations this layer implements, in the spelling of the 'activation' attribute.</summary>
    public static readonly IReadOnlyList<string> Supported = new[] { "linear", "relu", "sigmoid", "tanh" };

    public override string TypeName => "Activation";

    public override IReadOnlyList<AttributeSpec> Attributes { get; } = new[]
    {
        AttributeSpec.Int("table_size", "TableSize", 1024, "entries of the lookup table (sigmoid, tanh)"),
    };

    public override IReadOnlyList<TypeSlot> TypeSlots { get; } = new[]
    {
        new TypeSlot("result"), new TypeSlot("table", "ap_fixed<18,8>"),
    };

    public override int[] InferShape(Layer layer, IReadOnlyList<int[]> inputShapes)
    {
        var act = layer.Get<string>("activation");
        if (!Supported.Contains(act))
            throw new HlsException(DiagnosticCodes.UnsupportedActivation,
                $"activation '{act}' is not supported (supported: {string.Join(", ", Supported)}, softmax).", layer: layer.Name);
        layer.Attributes["n_in"] = inputShapes[0].Aggregate(1, (a, b) => a * b);
        return inputShapes[0];
    }

    public override double[] Evaluate(Layer layer, IReadOnlyList<double[]> inputs)
    {
        Func<double, double> f = layer.Get<string>("activation") switch
        {
            "relu" => x => x > 0 ? x : 0,
            "sigmoid" => x => 1 / (1 + Math.Exp(-x)),
            "tanh" => Math.Tanh,
            _ => x => x,
        };
        return inputs[0].Select(f).ToArray();
    }
}

/// <summary>Softmax over the last axis, as hls4ml's Softmax layer (implementation stable by default).</summary>
public sealed class SoftmaxDefinition : LayerDefinition
{
    public static readonly IReadOnlyList<string> Implementations = new[] { "stable", "latency", "argmax" };

    public override string TypeName => "Softmax";

    public override IReadOnlyList<AttributeSpec> Attributes { get; } = new[]
    {
        AttributeSpec.Int("table_size", "TableSize", 1024, "entries of the exp and inverse tables"),
        AttributeSpec.Int("exp_table_size", "ExpTableSize", 0, "entries of the exp table (default: TableSize)"),
        AttributeSpec.Int("inv_table_size", "InvTableSize", 0, "entries of the inverse table (default: TableSize)"),
        AttributeSpec.Choice("implementation", "Implementation", "stable", Implementations, "softmax algorithm"),
    };

    public override IReadOnlyList<TypeSlot> TypeSlots { get; } = new[]
    {
        new TypeSlot("result"), new TypeSlot("accum"),
        new TypeSlot("exp_table", "ap_fixed<18,8,AP_RND,AP_SAT>"), new TypeSlot("inv_table", "ap_fixed<18,8,AP_RND,AP_SAT>"),
        new TypeSlot("inv_inp", "ap_fixed<18,8,AP_RND,AP_SAT>"), new TypeSlot("inp_norm", "ap_ufixed<15,5,AP_TRN,AP_SAT>"),
    };

    /// <summary>
    /// hls4ml's derivations: the reciprocal's input defaults to the exp table type; 'stable' normalizes max - x in the
    /// unsigned type one bit narrower than a signed input (saturating, where hls4ml wraps for spreads beyond its range);
    /// table sizes power-of-two and no larger than the address word allows.
    /// </summary>
    public override void InferPrecisions(Layer layer, PrecisionContext context)
    {
        if (!context.ExplicitSlots.Contains("inv_inp")) layer.Types["inv_inp"] = layer.Types["exp_table"];
        var input = context.InputPrecision(layer);
        if (!context.ExplicitSlots.Contains("inp_norm") && input is Types.FixedPrecision f)
            layer.Types["inp_norm"] = f.Signed
                ? new Types.FixedPrecision(Math.Max(f.TotalWidth - 1, 1), f.Integer - 1, false, Types.QuantizationMode.Trn, Types.OverflowMode.Sat)
                : f with { Quantization = Types.QuantizationMode.Trn, Overflow = Types.OverflowMode.Sat, SaturationBits = 0 };
        int tableSize = layer.Get("table_size", 1024);
        foreach (var key in new[] { "table_size", "exp_table_size", "inv_table_size" })
            if (layer.Get(key, 0) is > 0 and var n && (n & (n - 1)) != 0)
                throw new Diagnostics.HlsException(Diagnostics.DiagnosticCodes.InvalidProperty,
                    $"{key} {n} must be a power of two (softmax tables are addressed by the top bits of a fixed-point word).", layer: layer.Name);
        int expSize = layer.Get("exp_table_size", 0) is > 0 and var e ? e : tableSize;
        int invSize = layer.Get("inv_table_size", 0) is > 0 and var v ? v : tableSize;
        var address = layer.Get("implementation", "stable") == "stable" ? layer.Types["inp_norm"] : input;
        if (address.Width > 0 && address.Width < 31) expSize = Math.Min(expSize, 1 << address.Width);
        if (layer.Types["inv_inp"].Width is > 0 and < 31) invSize = Math.Min(invSize, 1 << layer.Types["inv_inp"].Width);
        layer.Attributes["exp_table_size"] = expSize;
        layer.Attributes["inv_table_size"] = invSize;
    }

    public override int[] InferShape(Layer layer, IReadOnlyList<int[]> inputShapes)
    {
        var shape = inputShapes[0];
        layer.Attributes["n_in"] = shape.Aggregate(1, (a, b) => a * b);
        layer.Attributes["n_inner"] = shape[^1];
        layer.Attributes["n_outer"] = shape.Aggregate(1, (a, b) => a * b) / shape[^1];
        return shape;
    }

    public override double[] Evaluate(Layer layer, IReadOnlyList<double[]> inputs)
    {
        var x = inputs[0];
        int inner = layer.Get<int>("n_inner");
        var y = new double[x.Length];
        for (int o = 0; o < x.Length; o += inner)
        {
            double max = double.NegativeInfinity;
            for (int i = 0; i < inner; i++) max = Math.Max(max, x[o + i]);
            double sum = 0;
            for (int i = 0; i < inner; i++) sum += y[o + i] = Math.Exp(x[o + i] - max);
            for (int i = 0; i < inner; i++) y[o + i] /= sum;
        }
        if (layer.Get("implementation", "stable") == "argmax")
            for (int o = 0; o < x.Length; o += inner)
            {
                int best = 0;
                for (int i = 1; i < inner; i++) if (x[o + i] > x[o + best]) best = i;
                for (int i = 0; i < inner; i++) y[o + i] = i == best ? 1 : 0;
            }
        return y;
    }
}
