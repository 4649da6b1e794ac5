using Hls4ml.Diagnostics;
using Hls4ml.Extensibility;
using Hls4ml.Types;

namespace Hls4ml.Ir.Layers.Merge;

/// <summary>Shared shape rules and the exact "common type" of several fixed-point inputs.</summary>
internal static class MergeShapes
{
    public static int Size(int[] shape) => shape.Aggregate(1, (a, b) => a * b);

    public static void RequireSameShape(Layer layer, IReadOnlyList<int[]> inputShapes)
    {
        if (inputShapes.Count < 2)
            throw new HlsException(DiagnosticCodes.ShapeMismatch, $"{layer.Type} needs at least two inputs (got {inputShapes.Count}).", layer: layer.Name);
        foreach (var s in inputShapes.Skip(1))
            if (!s.SequenceEqual(inputShapes[0]))
                throw new HlsException(DiagnosticCodes.ShapeMismatch,
                    $"{layer.Type} inputs must have equal shapes; got {string.Join(" and ", inputShapes.Select(x => $"[{string.Join(",", x)}]"))}.", layer: layer.Name);
    }

    /// <summary>
    /// The narrowest fixed-point type that holds every value of all the given types exactly (used to compare or sum
    /// inputs of different types without loss). Null when a type is not fixed point.
    /// </summary>
    public static FixedPrecision? Common(IEnumerable<Precision> types, int extraIntegerBits = 0)
    {
        int integer = int.MinValue, fraction = int.MinValue;
        bool signed = false;
        foreach (var p in types)
        {
            var (i, f, s) = p switch
            {
                FixedPrecision x => (x.Integer, x.Fractional, x.Signed),
                IntegerPrecision x => (x.TotalWidth, 0, x.Signed),
                _ => (int.MinValue, int.MinValue, false),
            };
            if (i == int.MinValue) return null;
            signed |= s;
            integer = Math.Max(integer, i + (s ? 0 : 1));   // an unsigned type needs a sign bit once anything is signed
            fraction = Math.Max(fraction, f);
        }
        if (!signed) integer -= 1;
        integer += extraIntegerBits;
        int width = Math.Max(integer + fraction, 1);
        return width > FixedPrecision.MaxInferredWidth ? null : new FixedPrecision(width, integer, signed);
    }
}

/// <summary>
/// Element-wise merge of two or more equally shaped tensors: add, subtract, multiply, average, maximum, minimum.
/// Computed at full precision across all inputs and converted once to result_t (hls4ml merges two inputs only).
/// </summary>
public sealed class MergeDefinition : LayerDefinition
{
    public static readonly IReadOnlyList<string> Operations = new[] { "add", "subtract", "multiply", "average", "maximum", "minimum" };

    public override string TypeName => "Merge";

    public override int[] InferShape(Layer layer, IReadOnlyList<int[]> inputShapes)
    {
        var op = layer.Get<string>("op");
        if (!Operations.Contains(op))
            throw new HlsException(DiagnosticCodes.UnsupportedLayer, $"merge operation '{op}' is not supported (supported: {string.Join(", ", Operations)}).", layer: layer.Name);
        MergeShapes.RequireSameShape(layer, inputShapes);
        if (op == "subtract" && inputShapes.Count != 2)
            throw new HlsException(DiagnosticCodes.ShapeMismatch, $"Subtract takes exactly two inputs (got {inputShapes.Count}).", layer: layer.Name);
        layer.Attributes["n_elem"] = MergeShapes.Size(inputShapes[0]);
        layer.Attributes["n_inputs"] = inputShapes.Count;
        return inputShapes[0];
    }

    public override void InferPrecisions(Layer layer, PrecisionContext context)
    {
        // The type in which max/min compare exactly; sums use the C++ full-precision expression types.
        var inputs = layer.Inputs.Select((_, i) => context.InputPrecision(layer, i)).ToList();
        var common = MergeShapes.Common(inputs);
        layer.Attributes["common_cpp"] = common?.ToCpp() ?? "double";
        // HlsCompatibility=hls4ml: n inputs merge as a chain of two-input merges (see merge_function.sbn).
        layer.Attributes["pairwise"] = !context.Numerics.FullPrecisionMerges;
    }

    public override double[] Evaluate(Layer layer, IReadOnlyList<double[]> inputs)
    {
        var op = layer.Get<string>("op");
        var n = inputs[0].Length;
        var y = new double[n];
        for (int i = 0; i < n; i++)
        {
            var values = inputs.Select(x => x[i]).ToArray();
            y[i] = op switch
            {
                "add" => values.Sum(),
                "subtract" => values[0] - values[1],
                "multiply" => values.Aggregate(1.0, (a, b) => a * b),
                "average" => values.Average(),
                "maximum" => values.Max(),
                _ => values.Min(),
            };
        }
        return y;
    }
}

/// <summary>Concatenate along any axis (channels-last, flattened): per outer index, each input's inner block in turn.</summary>
public sealed class ConcatenateDefinition : LayerDefinition
{
    public override string TypeName => "Concatenate";

    public override int[] InferShape(Layer layer, IReadOnlyList<int[]> inputShapes)
    {
        if (inputShapes.Count < 2)
            throw new HlsException(DiagnosticCodes.ShapeMismatch, $"Concatenate needs at least two inputs (got {inputShapes.Count}).", layer: layer.Name);
        int rank = inputShapes[0].Length;
        int axis = layer.Get("axis", -1);
        if (axis < 0) axis += rank;
        if (axis < 0 || axis >= rank || inputShapes.Any(s => s.Length != rank))
            throw new HlsException(DiagnosticCodes.ShapeMismatch,
                $"Concatenate axis {layer.Get("axis", -1)} does not fit inputs of shapes {string.Join(", ", inputShapes.Select(s => $"[{string.Join(",", s)}]"))}.", layer: layer.Name);
        for (int d = 0; d < rank; d++)
            if (d != axis && inputShapes.Any(s => s[d] != inputShapes[0][d]))
                throw new HlsException(DiagnosticCodes.ShapeMismatch,
                    $"Concatenate inputs differ outside axis {axis}: {string.Join(", ", inputShapes.Select(s => $"[{string.Join(",", s)}]"))}.", layer: layer.Name);
        var output = (int[])inputShapes[0].Clone();
        output[axis] = inputShapes.Sum(s => s[axis]);
        int outer = output.Take(axis).Aggregate(1, (a, b) => a * b);
        var inner = inputShapes.Select(s => s.Skip(axis).Aggregate(1, (a, b) => a * b)).ToArray();
        layer.Attributes["axis"] = axis;
        layer.Attributes["n_outer"] = outer;
        layer.Attributes["inner_sizes"] = inner;
        layer.Attributes["inner_offsets"] = inner.Select((_, i) => inner.Take(i).Sum()).ToArray();
        layer.Attributes["inner_total"] = inner.Sum();
        return output;
    }

    public override double[] Evaluate(Layer layer, IReadOnlyList<double[]> inputs)
    {
        int outer = layer.Get<int>("n_outer");
        var inner = layer.Get<int[]>("inner_sizes");
        var y = new List<double>(inputs.Sum(x => x.Length));
        for (int o = 0; o < outer; o++)
            for (int k = 0; k < inputs.Count; k++)
                y.AddRange(inputs[k].AsSpan(o * inner[k], inner[k]).ToArray());
        return y.ToArray();
    }
}

/// <summary>Keras Dot of two vectors (axes over the only feature axis): one output, products accumulated in accum_t.</summary>
public sealed class DotDefinition : LayerDefinition
{
    public override string TypeName => "Dot";

    public override IReadOnlyList<TypeSlot> TypeSlots { get; } = new[] { new TypeSlot("result"), new TypeSlot("accum") };

    public override int[] InferShape(Layer layer, IReadOnlyList<int[]> inputShapes)
    {
        if (inputShapes.Count != 2 || inputShapes.Any(s => s.Length != 1) || inputShapes[0][0] != inputShapes[1][0])
            throw new HlsException(DiagnosticCodes.ShapeMismatch,
                $"Dot supports two vectors of equal length (got {string.Join(", ", inputShapes.Select(s => $"[{string.Join(",", s)}]"))}).", layer: layer.Name);
        layer.Attributes["n_in"] = inputShapes[0][0];
        return new[] { 1 };
    }

    public override double[] Evaluate(Layer layer, IReadOnlyList<double[]> inputs) =>
        new[] { inputs[0].Zip(inputs[1]).Sum(p => p.First * p.Second) };
}
