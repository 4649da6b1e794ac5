using Hls4ml.Config;
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

    /// <summary>
    /// Table-based functions get tables that follow the precision (<see cref="ActivationTables"/>); exp(x) reaches 2981
    /// over the table's [-8, 8): its table type is widened to hold it.
    /// </summary>
    public override void InferPrecisions(Layer layer, PrecisionContext context)
    {
        var act = layer.Get("activation", "");
        // softplus beyond its table: x (ours) or the last entry (hls4ml's clamp, HlsCompatibility=hls4ml).
        layer.Attributes["linear_beyond_table"] = context.Numerics.SoftplusBeyondTable;
        if (registry.Activation(act) is not { UsesTable: true }) return;
        double range = act == "tanh" ? 8 : act is "elu" or "selu" ? 8 : 16;
        ActivationTables.Derive(layer, context, range, act == "exponential" ? 12 : TableSizing.TableIntegerBits, signed: act != "exponential");
        if (act == "exponential" && !context.ExplicitSlots.Contains("table") && layer.Types["table"] is FixedPrecision { Integer: < 12 } t)
            layer.Types["table"] = new FixedPrecision(t.Fractional + 12, 12, Signed: false, t.Quantization, t.Overflow);
    }

    /// <summary>hard_sigmoid's slope and shift as C++ literals (the attributes stay numbers for the reference).</summary>
    public override void AddTemplateVariables(Layer layer, IDictionary<string, object?> variables)
    {
        if (layer.Get("activation", "") == "ternary_threshold")
            variables["threshold_cpp"] = ActivationFunctions.CppLiteral(layer.Get("threshold", 0.33));
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
/// Lookup tables of element-wise activations sized and typed from the layer's precision when the project leaves them
/// unset and <see cref="NumericsProfile.TablesFollowPrecision"/> holds (<see cref="TableSizing"/>). The size is also
/// bounded by the input's resolution: a table finer than the input's LSB over its range has entries no input reaches.
/// </summary>
public static class ActivationTables
{
    public static void Derive(Layer layer, PrecisionContext context, double range, int integerBits, bool signed)
    {
        if (!context.Numerics.TablesFollowPrecision) return;
        var result = layer.Types["result"];
        if (TableSizing.ExtraBits(result) == 0) return;
        if (!context.ExplicitSlots.Contains("table") && TableSizing.TableType(result) is { } type)
            layer.Types["table"] = new FixedPrecision(type.Fractional + integerBits, integerBits, signed, type.Quantization, type.Overflow);
        if (!context.ExplicitAttributes.Contains("table_size"))
        {
            int size = TableSizing.TableSize(result);
            if (context.InputPrecision(layer) is FixedPrecision input && input.Fractional < 24)
            {
                double reachable = range * Math.Pow(2, Math.Max(input.Fractional, 0));
                while (size > TableSizing.Hls4mlTableSize && size / 2 >= reachable) size /= 2;
            }
            layer.Attributes["table_size"] = size;
        }
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
    /// Precision derivation; every slot and size the project sets is kept, the others follow the project's
    /// <see cref="NumericsProfile"/>.
    /// <list type="bullet">
    /// <item>Table types and sizes (<see cref="NumericsProfile.TablesFollowPrecision"/>): from the result precision by
    /// <see cref="TableSizing"/> (hls4ml's ap_fixed&lt;18,8&gt; and 1024 entries up to 10 result fractional bits). With
    /// derived tables the reciprocal's input inv_inp_t of 'stable' is unsigned, just wide enough for a sum of n exps, and exactly as
    /// wide as the 1/x table's address, rounding: the sum is looked up at the nearest entry (hls4ml: inv_inp_t = exp_table_t,
    /// whose top 10 bits step by 0.25 around a sum of 1, an error of up to 20% in 1/sum).</item>
    /// <item>accum_t (<see cref="NumericsProfile.WidenSoftmaxAccumulator"/>): the exp table type widened by
    /// ceil(log2 n_slice) integer bits, so the sum of n exps never overflows; hls4ml: the model default.</item>
    /// <item>inp_norm_t, the exp table's address (<see cref="NumericsProfile.SoftmaxNormalizationFromRange"/>): see
    /// <see cref="NormalizationType"/>; hls4ml: the input's type minus its sign bit for 'stable' (wrapping), the input's
    /// type for 'latency'.</item>
    /// </list>
    /// </summary>
    public override void InferPrecisions(Layer layer, PrecisionContext context)
    {
        var numerics = context.Numerics;
        bool stable = layer.Get("implementation", "stable") != "latency";
        int n = Math.Max(layer.Get("n_slice", 1), 1);
        var result = layer.Types["result"];
        bool derived = numerics.TablesFollowPrecision && TableSizing.ExtraBits(result) > 0;
        if (derived && TableSizing.TableType(result) is { } tableType)
        {
            if (!context.ExplicitSlots.Contains("exp_table")) layer.Types["exp_table"] = tableType;
            if (!context.ExplicitSlots.Contains("inv_table")) layer.Types["inv_table"] = tableType;
        }
        if (!context.ExplicitSlots.Contains("inv_inp")) layer.Types["inv_inp"] = layer.Types["exp_table"];
        if (!context.ExplicitSlots.Contains("accum") && numerics.WidenSoftmaxAccumulator && layer.Types["exp_table"] is FixedPrecision table)
        {
            int scale = (int)Math.Ceiling(Math.Log2(n));
            layer.Types["accum"] = new FixedPrecision(table.TotalWidth + scale, table.Integer + scale, table.Signed);
        }
        var input = context.InputPrecision(layer);
        if (!context.ExplicitSlots.Contains("inp_norm"))
        {
            var norm = numerics.SoftmaxNormalizationFromRange
                ? NormalizationType(input, layer.Types["exp_table"], stable)
                : Hls4mlNormalizationType(input, stable);
            if (norm is not null) layer.Types["inp_norm"] = norm;
        }
        foreach (var key in new[] { "table_size", "exp_table_size", "inv_table_size" })
            if (layer.Get(key, 0) is > 0 and var size && (size & (size - 1)) != 0)
                throw new HlsException(DiagnosticCodes.InvalidProperty,
                    $"{key} {size} must be a power of two (softmax tables are addressed by the top bits of a fixed-point word).", layer: layer.Name);
        // The configured sizes (0 = TableSize) are kept aside: the attributes below become the sizes in use, and
        // precision inference may run again after graph rewrites.
        int Requested(string key)
        {
            var keep = "_requested_" + key;
            if (!layer.Attributes.ContainsKey(keep)) layer.Attributes[keep] = layer.Get(key, 0);
            return layer.Get(keep, 0);
        }
        int tableSize = derived && !context.ExplicitAttributes.Contains("table_size") ? TableSizing.TableSize(result) : layer.Get("table_size", 1024);
        int expSize = Requested("exp_table_size") is > 0 and var e ? e : tableSize;
        int invSize = Requested("inv_table_size") is > 0 and var v ? v : tableSize;
        // 'stable' sums n exps of at most 1, so a narrow address resolves the sum finely; 'latency' sums exps of the raw
        // logits, whose range is the exp table's, and keeps the (derived) exp table type as its address.
        if (derived && stable && !context.ExplicitSlots.Contains("inv_inp"))
            layer.Types["inv_inp"] = ReciprocalAddressType(n, invSize);
        var address = layer.Types["inp_norm"];
        if (address.Width > 0 && address.Width < 31) expSize = Math.Min(expSize, 1 << address.Width);
        if (layer.Types["inv_inp"].Width is > 0 and < 31) invSize = Math.Min(invSize, 1 << layer.Types["inv_inp"].Width);
        layer.Attributes["exp_table_size"] = expSize;
        layer.Attributes["inv_table_size"] = invSize;
    }

    /// <summary>
    /// The 1/x table's address for derived tables of 'stable': unsigned, integer bits for the largest sum (n exps of at
    /// most exp(0) = 1), as many bits as the table has address bits, rounding and saturating, so the sum is looked up at
    /// the nearest entry.
    /// </summary>
    public static FixedPrecision ReciprocalAddressType(int n, int tableSize)
    {
        int integer = Math.Max((int)Math.Ceiling(Math.Log2(n + 1.0)), 1);
        int addressBits = (int)Math.Round(Math.Log2(tableSize));
        return new FixedPrecision(Math.Max(addressBits, integer), integer, Signed: false, QuantizationMode.Rnd, OverflowMode.Sat);
    }

    /// <summary>
    /// hls4ml's exp table address: for 'stable' the unsigned type of the input's width and integer bits minus the sign
    /// (ap_ufixed&lt;15,5&gt; for ap_fixed&lt;16,6&gt;, default modes: wraps); for 'latency' the input's type itself.
    /// </summary>
    public static Precision? Hls4mlNormalizationType(Precision input, bool stable) => input switch
    {
        FixedPrecision f when !stable => f,
        FixedPrecision f => new FixedPrecision(Math.Max(f.TotalWidth - (f.Signed ? 1 : 0), 1), f.Integer - (f.Signed ? 1 : 0), Signed: false),
        IntegerPrecision i when !stable => new FixedPrecision(i.TotalWidth, i.TotalWidth, i.Signed),
        IntegerPrecision i => new FixedPrecision(Math.Max(i.TotalWidth - (i.Signed ? 1 : 0), 1), i.TotalWidth - (i.Signed ? 1 : 0), Signed: false),
        _ => null,
    };

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
