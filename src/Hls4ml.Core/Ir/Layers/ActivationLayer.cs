using Hls4ml.Diagnostics;
using Hls4ml.Extensibility;
using Hls4ml.Ir.Layers.Activations;
using Hls4ml.Types;

namespace Hls4ml.Ir.Layers;

/// <summary>
/// Element-wise activation; 'activation' names a function registered in the registry (built-ins:
/// <see cref="ActivationFunctions"/>). Table-based ones (sigmoid, tanh, softplus, softsign, elu, selu, swish,
/// exponential) carry table_size/table_t as hls4ml does.
/// </summary>
public sealed class ActivationDefinition(HlsRegistry registry) : LayerDefinition
{
    public override string TypeName => "Activation";
    public override Passes.Costs.ILayerCostModel? CostModel => Passes.Costs.LayerCostModels.Activation;

    public override IReadOnlyList<AttributeSpec> Attributes { get; } = new[]
    {
        AttributeSpec.Int("table_size", "TableSize", 1024, "entries of the lookup table (table-based activations)"),
    };

    public override IReadOnlyList<TypeSlot> TypeSlots { get; } = new[]
    {
        new TypeSlot("result"), new TypeSlot("table", "ap_fixed<18,8>"),
    };

    public override int[] InferShape(Layer layer, IReadOnlyList<int[]> inputShapes)
    {
        var act = layer.Get<string>("activation");
        if (registry.Activation(act) is null)
            throw new HlsException(DiagnosticCodes.UnsupportedActivation,
                $"activation '{act}' is not supported (supported: {string.Join(", ", registry.ActivationNames)}, softmax).", layer: layer.Name);
        layer.Attributes["n_in"] = inputShapes[0].Aggregate(1, (a, b) => a * b);
        if (act == "hard_sigmoid")
        {
            layer.Attributes["slope"] = layer.Get("slope", ActivationFunctions.HardSigmoidSlope);
            layer.Attributes["shift"] = layer.Get("shift", ActivationFunctions.HardSigmoidShift);
        }
        return inputShapes[0];
    }

    /// <summary>exp(x) reaches 2981 over the table's [-8, 8): its default table type is widened to hold it.</summary>
    public override void InferPrecisions(Layer layer, PrecisionContext context)
    {
        if (layer.Get("activation", "") == "exponential" && !context.ExplicitSlots.Contains("table"))
            layer.Types["table"] = new FixedPrecision(22, 12, Signed: false);
    }

    /// <summary>hard_sigmoid's slope and shift as C++ literals (the attributes stay numbers for the reference).</summary>
    public override void AddTemplateVariables(Layer layer, IDictionary<string, object?> variables)
    {
        if (layer.Get("activation", "") != "hard_sigmoid") return;
        variables["slope_cpp"] = ActivationFunctions.CppLiteral(layer.Get<double>("slope"));
        variables["shift_cpp"] = ActivationFunctions.CppLiteral(layer.Get<double>("shift"));
    }

    /// <summary>An extension's activation brings the headers that define it.</summary>
    public override IReadOnlyList<(string Header, string? Root)> Headers(Layer layer) =>
        registry.Activation(layer.Get("activation", "")) is { Headers: { Count: > 0 } headers } f
            ? headers.Select(h => (h, f.HeaderRoot)).ToList()
            : Array.Empty<(string, string?)>();

    public override double[] Evaluate(Layer layer, IReadOnlyList<double[]> inputs)
    {
        var f = registry.Activation(layer.Get<string>("activation"))!.Reference;
        return inputs[0].Select(x => f(layer, x)).ToArray();
    }
}

/// <summary>
/// Softmax over one axis, as hls4ml's Softmax layer (implementation stable by default). The axis splits the
/// row-major tensor into n_outer x n_slice x n_inner; the softmax runs over each n_slice-long slice.
/// </summary>
public sealed class SoftmaxDefinition : LayerDefinition
{
    public static readonly IReadOnlyList<string> Implementations = new[] { "stable", "latency", "argmax" };

    public override string TypeName => "Softmax";
    public override Passes.Costs.ILayerCostModel? CostModel => Passes.Costs.LayerCostModels.Softmax;

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
    /// Precision derivation. The reciprocal's input defaults to the exp table type and the sum's accumulator to the exp
    /// table type widened for n_slice terms (both hls4ml). The exp table is addressed
    /// by the top bits of inp_norm_t: for 'stable' the unsigned d = max - x, for 'latency' x itself (signed). hls4ml
    /// addresses it by the input's own bits, so at fixed&lt;32,16&gt; one entry spans 32 or 64 units and the output is
    /// nearly uniform. Here inp_norm_t keeps the input's fractional bits but only as many integer bits as are useful:
    /// enough for the range in which exp is representable in exp_table_t, never fewer than hls4ml's type has at its
    /// default ap_fixed&lt;16,6&gt; input (5 unsigned, 6 signed), never more than the input can span. At the default
    /// precision that is exactly hls4ml's type (bit-identical results); wider inputs get hls4ml's default resolution
    /// or better, and TableSize refines it. Saturating (hls4ml wraps d beyond its range).
    /// </summary>
    public override void InferPrecisions(Layer layer, PrecisionContext context)
    {
        if (!context.ExplicitSlots.Contains("inv_inp")) layer.Types["inv_inp"] = layer.Types["exp_table"];
        // hls4ml's SoftmaxConfigTemplate: an unset accum_t is exp_table_t widened by ceil(log2 n_slice) integer bits, so
        // the sum of n exps never overflows (the model default would wrap from 32 terms on at ap_fixed<16,6>).
        if (!context.ExplicitSlots.Contains("accum") && layer.Types["exp_table"] is FixedPrecision table)
        {
            int scale = (int)Math.Ceiling(Math.Log2(Math.Max(layer.Get("n_slice", 1), 1)));
            layer.Types["accum"] = new FixedPrecision(table.TotalWidth + scale, table.Integer + scale, table.Signed);
        }
        var input = context.InputPrecision(layer);
        bool stable = layer.Get("implementation", "stable") != "latency";
        if (!context.ExplicitSlots.Contains("inp_norm"))
        {
            if (NormalizationType(input, layer.Types["exp_table"], stable) is { } norm) layer.Types["inp_norm"] = norm;
        }
        foreach (var key in new[] { "table_size", "exp_table_size", "inv_table_size" })
            if (layer.Get(key, 0) is > 0 and var n && (n & (n - 1)) != 0)
                throw new HlsException(DiagnosticCodes.InvalidProperty,
                    $"{key} {n} must be a power of two (softmax tables are addressed by the top bits of a fixed-point word).", layer: layer.Name);
        // The configured sizes (0 = TableSize) are kept aside: the attributes below become the sizes in use, and
        // precision inference may run again after graph rewrites.
        int Requested(string key)
        {
            var keep = "_requested_" + key;
            if (!layer.Attributes.ContainsKey(keep)) layer.Attributes[keep] = layer.Get(key, 0);
            return layer.Get(keep, 0);
        }
        int tableSize = layer.Get("table_size", 1024);
        int expSize = Requested("exp_table_size") is > 0 and var e ? e : tableSize;
        int invSize = Requested("inv_table_size") is > 0 and var v ? v : tableSize;
        var address = layer.Types["inp_norm"];
        if (address.Width > 0 && address.Width < 31) expSize = Math.Min(expSize, 1 << address.Width);
        if (layer.Types["inv_inp"].Width is > 0 and < 31) invSize = Math.Min(invSize, 1 << layer.Types["inv_inp"].Width);
        layer.Attributes["exp_table_size"] = expSize;
        layer.Attributes["inv_table_size"] = invSize;
    }

    /// <summary>The exp table's address type for an input precision (null: keep the slot default).</summary>
    public static Precision? NormalizationType(Precision input, Precision expTable, bool stable)
    {
        int inputInteger, fractional;
        bool inputSigned;
        switch (input)
        {
            case FixedPrecision f: (inputInteger, fractional, inputSigned) = (f.Integer, f.Fractional, f.Signed); break;
            case IntegerPrecision i: (inputInteger, fractional, inputSigned) = (i.TotalWidth, 0, i.Signed); break;
            default: return null;
        }
        // Largest |argument| worth tabulating: exp(-d) drops below half an LSB of exp_table_t beyond (F + 1) ln 2.
        int tableFraction = expTable is FixedPrecision t ? t.Fractional : 24;
        double useful = Math.Max(tableFraction + 1, 1) * Math.Log(2);
        int neededBits = (int)Math.Ceiling(Math.Log2(useful));
        if (stable)
        {
            // d = max - x >= 0 spans at most the input's range, 2^I (signed or unsigned input alike).
            int integer = Math.Min(inputInteger, Math.Max(neededBits, 5));
            int width = Math.Max(integer + fractional, 1);
            return new FixedPrecision(width, integer, Signed: false, QuantizationMode.Trn, OverflowMode.Sat);
        }
        // latency: x itself, signed; one more integer bit for the sign.
        int signedInteger = Math.Min(inputInteger + (inputSigned ? 0 : 1), Math.Max(neededBits + 1, 6));
        return new FixedPrecision(Math.Max(signedInteger + fractional, 1), signedInteger, Signed: true, QuantizationMode.Trn, OverflowMode.Sat);
    }

    public override int[] InferShape(Layer layer, IReadOnlyList<int[]> inputShapes)
    {
        var shape = inputShapes[0];
        int axis = layer.Get("axis", -1);
        int a = axis < 0 ? shape.Length + axis : axis - 1; // Keras counts the batch axis as 0
        if (a < 0 || a >= shape.Length)
            throw new HlsException(DiagnosticCodes.ShapeMismatch,
                $"softmax axis {axis} does not name a feature axis of an input of shape [{string.Join(",", shape)}] (axis 0 is the batch).", layer: layer.Name);
        int Product(IEnumerable<int> dims) => dims.Aggregate(1, (x, y) => x * y);
        layer.Attributes["n_in"] = Product(shape);
        layer.Attributes["n_outer"] = Product(shape.Take(a));
        layer.Attributes["n_slice"] = shape[a];
        layer.Attributes["n_inner"] = Product(shape.Skip(a + 1));
        return shape;
    }

    public override double[] Evaluate(Layer layer, IReadOnlyList<double[]> inputs)
    {
        var x = inputs[0];
        int outer = layer.Get<int>("n_outer"), slice = layer.Get<int>("n_slice"), inner = layer.Get<int>("n_inner");
        bool argmax = layer.Get("implementation", "stable") == "argmax";
        var y = new double[x.Length];
        for (int o = 0; o < outer; o++)
            for (int k = 0; k < inner; k++)
            {
                int At(int j) => (o * slice + j) * inner + k;
                int best = 0;
                double max = double.NegativeInfinity;
                for (int j = 0; j < slice; j++)
                    if (x[At(j)] > max) (max, best) = (x[At(j)], j);
                if (argmax)
                {
                    for (int j = 0; j < slice; j++) y[At(j)] = j == best ? 1 : 0;
                    continue;
                }
                double sum = 0;
                for (int j = 0; j < slice; j++) sum += y[At(j)] = Math.Exp(x[At(j)] - max);
                for (int j = 0; j < slice; j++) y[At(j)] /= sum;
            }
        return y;
    }
}
