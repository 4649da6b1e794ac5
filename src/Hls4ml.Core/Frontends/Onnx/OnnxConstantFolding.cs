using Hls4ml.Extensibility;

namespace Hls4ml.Frontends.Onnx;

/// <summary>
/// Evaluates nodes whose inputs are all constants (initializers, Constant nodes, earlier folds) — and Shape/Size of
/// run-time tensors, whose shapes are known — so that shape arithmetic (Shape → Gather → Unsqueeze → Concat → Reshape,
/// as torch.onnx.export writes for <c>x.view(x.size(0), -1)</c>) and weight pre-processing (Transpose, Cast, Mul of
/// initializers) never reach the IR. The batch axis of a run-time shape reads as 1.
/// </summary>
internal static class OnnxConstantFolding
{
    /// <summary>One node to fold: its inputs (null = absent or run-time), run-time input shapes (batch 1), attributes.</summary>
    public sealed record Node(string OpType, int Opset, OnnxTensor?[] Inputs, int[]?[] RuntimeShapes,
        Func<string, OnnxAttribute?> Attribute, Func<string, Exception> Unsupported);

    /// <summary>Ops with a constant evaluator (foldable when their inputs are constant).</summary>
    public static readonly IReadOnlySet<string> Ops = new HashSet<string>(StringComparer.Ordinal)
    {
        "Constant", "Identity", "Dropout", "Cast", "Shape", "Size", "Gather", "Unsqueeze", "Squeeze", "Concat", "Reshape",
        "Flatten", "Slice", "Transpose", "Add", "Sub", "Mul", "Div", "Pow", "Neg", "Sqrt", "Reciprocal", "Abs", "Exp", "Log",
        "Floor", "Ceil", "Min", "Max", "ConstantOfShape", "Range", "Expand", "Equal", "Where", "Not", "Sum", "Split",
    };

    /// <summary>Ops that only ever compute shapes or constants: supported on constant inputs only.</summary>
    public static readonly IReadOnlySet<string> ConstantOnlyOps = new HashSet<string>(StringComparer.Ordinal)
    {
        "Constant", "Cast", "Shape", "Size", "Pow", "Neg", "Sqrt", "Reciprocal", "Abs", "Exp", "Log",
        "Floor", "Ceil", "ConstantOfShape", "Range", "Expand", "Equal", "Where", "Not",
    };

    /// <summary>The node's outputs, or null when it cannot be folded (some input is computed at run time).</summary>
    public static OnnxTensor[]? TryFold(Node n)
    {
        if (n.OpType is "Shape" or "Size")
        {
            var shape = n.Inputs[0]?.Dims ?? n.RuntimeShapes[0];
            if (shape is null) return null;
            if (n.OpType == "Size") return One(new OnnxTensor(Array.Empty<int>(), new double[] { shape.Aggregate(1L, (a, b) => a * b) }, OnnxDataType.Int64));
            int rank = shape.Length;
            int start = Axis((int)Int(n, "start", 0), rank, clamp: true), end = Axis((int)Int(n, "end", rank), rank, clamp: true);
            var dims = shape[start..Math.Max(start, end)];
            return One(new OnnxTensor(new[] { dims.Length }, dims.Select(d => (double)d).ToArray(), OnnxDataType.Int64));
        }
        if (n.OpType == "Constant") return One(ConstantValue(n));
        for (int i = 0; i < n.Inputs.Length; i++)
            if (n.Inputs[i] is null && n.RuntimeShapes[i] is not null) return null; // a run-time input
        var x = n.Inputs.Length > 0 ? n.Inputs[0] : null;
        switch (n.OpType)
        {
            case "Identity":
            case "Dropout":
                return x is null ? null : new[] { x, x.WithValues(new double[x.Size].Select(_ => 1.0).ToArray(), OnnxDataType.Bool) };
            case "Cast": return One(Cast(x!, (OnnxDataType)Int(n, "to", 1)));
            case "Gather": return One(Gather(n, x!, n.Inputs[1]!));
            case "Unsqueeze": return One(Unsqueeze(x!, Axes(n, 1) ?? throw n.Unsupported("Unsqueeze needs axes")));
            case "Squeeze": return One(Squeeze(x!, Axes(n, 1)));
            case "Concat": return One(Concat(n.Inputs.Where(t => t is not null).ToArray()!, (int)Int(n, "axis", 0)));
            case "Reshape": return One(x!.Reshape(ReshapeTarget(x.Dims, n.Inputs[1]!.ToLongs(), Int(n, "allowzero", 0) != 0, n.Unsupported)));
            case "Flatten":
            {
                int axis = Axis((int)Int(n, "axis", 1), x!.Rank + 1);
                int outer = x.Dims.Take(axis).Aggregate(1, (a, b) => a * b);
                return One(x.Reshape(new[] { outer, x.Size / Math.Max(outer, 1) }));
            }
            case "Slice": return One(Slice(n, x!));
            case "Split": return Split(n, x!);
            case "Transpose":
            {
                var perm = n.Attribute("perm")?.Ints.Select(p => (int)p).ToArray() ?? Enumerable.Range(0, x!.Rank).Reverse().ToArray();
                return One(x!.Transpose(perm));
            }
            case "Add": return One(Binary(n, (a, b) => a + b));
            case "Sub": return One(Binary(n, (a, b) => a - b));
            case "Mul": return One(Binary(n, (a, b) => a * b));
            case "Div":
                return One(Binary(n, (a, b) => x!.IsInteger && n.Inputs[1]!.IsInteger ? Math.Truncate(a / b) : a / b));
            case "Pow": return One(Binary(n, Math.Pow));
            case "Equal": return One(Binary(n, (a, b) => a == b ? 1 : 0, OnnxDataType.Bool));
            case "Min": return One(Variadic(n, Math.Min));
            case "Max": return One(Variadic(n, Math.Max));
            case "Sum": return One(Variadic(n, (a, b) => a + b));
            case "Neg": return One(Unary(x!, v => -v));
            case "Not": return One(Unary(x!, v => v == 0 ? 1 : 0));
            case "Abs": return One(Unary(x!, Math.Abs));
            case "Sqrt": return One(Unary(x!, v => (float)Math.Sqrt(v)));
            case "Reciprocal": return One(Unary(x!, v => (float)(1 / v)));
            case "Exp": return One(Unary(x!, v => (float)Math.Exp(v)));
            case "Log": return One(Unary(x!, v => (float)Math.Log(v)));
            case "Floor": return One(Unary(x!, Math.Floor));
            case "Ceil": return One(Unary(x!, Math.Ceiling));
            case "Where":
            {
                var shape = OnnxTensor.BroadcastShape(OnnxTensor.BroadcastShape(x!.Dims, n.Inputs[1]!.Dims)!, n.Inputs[2]!.Dims)!;
                var c = x.BroadcastTo(shape)!; var a = n.Inputs[1]!.BroadcastTo(shape)!; var b = n.Inputs[2]!.BroadcastTo(shape)!;
                return One(new OnnxTensor(shape, c.Select((v, i) => v != 0 ? a[i] : b[i]).ToArray(), n.Inputs[1]!.DataType));
            }
            case "ConstantOfShape":
            {
                var dims = x!.ToLongs().Select(d => (int)d).ToArray();
                var value = n.Attribute("value")?.Tensor;
                var fill = value?.Values.FirstOrDefault() ?? 0.0;
                return One(new OnnxTensor(dims, Enumerable.Repeat(fill, dims.Aggregate(1, (a, b) => a * b)).ToArray(), value?.DataType ?? OnnxDataType.Float));
            }
            case "Range":
            {
                double start = x!.Scalar(), limit = n.Inputs[1]!.Scalar(), delta = n.Inputs[2]!.Scalar();
                int count = Math.Max((int)Math.Ceiling((limit - start) / delta), 0);
                return One(new OnnxTensor(new[] { count }, Enumerable.Range(0, count).Select(i => start + i * delta).ToArray(), x.DataType));
            }
            case "Expand":
            {
                var shape = OnnxTensor.BroadcastShape(x!.Dims, n.Inputs[1]!.ToLongs().Select(d => (int)d).ToArray())
                    ?? throw n.Unsupported("Expand shape does not broadcast");
                return One(new OnnxTensor(shape, x.BroadcastTo(shape)!, x.DataType));
            }
        }
        return null;
    }

    private static OnnxTensor[] One(OnnxTensor t) => new[] { t };

    private static long Int(Node n, string name, long fallback) => n.Attribute(name) is { } a ? a.Int : fallback;

    public static int Axis(int axis, int rank, bool clamp = false)
    {
        if (axis < 0) axis += rank;
        return clamp ? Math.Clamp(axis, 0, rank) : axis;
    }

    /// <summary>The 'axes' of Squeeze/Unsqueeze/ReduceX: an attribute before opset 13, the given input from it on.</summary>
    public static long[]? Axes(Node n, int inputIndex)
    {
        if (n.Opset < 13) return n.Attribute("axes")?.Ints;
        return n.Inputs.Length > inputIndex && n.Inputs[inputIndex] is { } t ? t.ToLongs() : null;
    }

    private static OnnxTensor ConstantValue(Node n)
    {
        if (n.Attribute("value") is { Tensor: { } t }) return t;
        if (n.Attribute("value_float") is { } f) return new OnnxTensor(Array.Empty<int>(), new double[] { f.Float });
        if (n.Attribute("value_floats") is { } fs) return new OnnxTensor(new[] { fs.Floats.Length }, fs.Floats.Select(v => (double)v).ToArray());
        if (n.Attribute("value_int") is { } i) return new OnnxTensor(Array.Empty<int>(), new double[] { i.Int }, OnnxDataType.Int64);
        if (n.Attribute("value_ints") is { } ints) return new OnnxTensor(new[] { ints.Ints.Length }, ints.Ints.Select(v => (double)v).ToArray(), OnnxDataType.Int64);
        throw n.Unsupported("a Constant without a dense 'value', 'value_float(s)' or 'value_int(s)' (sparse or string constants are not supported)");
    }

    private static OnnxTensor Cast(OnnxTensor x, OnnxDataType to) => x.WithValues(to switch
    {
        OnnxDataType.Float => x.Values.Select(v => (double)(float)v).ToArray(),
        OnnxDataType.Float16 => x.Values.Select(v => (double)(Half)v).ToArray(),
        OnnxDataType.Double => x.Values,
        OnnxDataType.Bool => x.Values.Select(v => v != 0 ? 1.0 : 0.0).ToArray(),
        _ => x.Values.Select(Math.Truncate).ToArray(),
    }, to);

    private static OnnxTensor Unary(OnnxTensor x, Func<double, double> f) => x.WithValues(x.Values.Select(f).ToArray());

    private static OnnxTensor Binary(Node n, Func<double, double, double> f, OnnxDataType? type = null)
    {
        var a = n.Inputs[0]!; var b = n.Inputs[1]!;
        var shape = OnnxTensor.BroadcastShape(a.Dims, b.Dims) ?? throw n.Unsupported($"constant operands [{string.Join(",", a.Dims)}] and [{string.Join(",", b.Dims)}] do not broadcast");
        var av = a.BroadcastTo(shape)!; var bv = b.BroadcastTo(shape)!;
        var values = new double[av.Length];
        bool asFloat = !a.IsInteger && a.DataType == OnnxDataType.Float;
        for (int i = 0; i < values.Length; i++) values[i] = asFloat ? (float)f(av[i], bv[i]) : f(av[i], bv[i]);
        return new OnnxTensor(shape, values, type ?? a.DataType);
    }

    private static OnnxTensor Variadic(Node n, Func<double, double, double> f)
    {
        var inputs = n.Inputs.Where(t => t is not null).ToList();
        var acc = inputs[0]!;
        foreach (var t in inputs.Skip(1))
            acc = Binary(n with { Inputs = new[] { acc, t } }, f);
        return acc;
    }

    private static OnnxTensor Gather(Node n, OnnxTensor data, OnnxTensor indices)
    {
        int axis = Axis((int)Int(n, "axis", 0), data.Rank);
        var outer = data.Dims.Take(axis).Aggregate(1, (a, b) => a * b);
        var inner = data.Dims.Skip(axis + 1).Aggregate(1, (a, b) => a * b);
        int len = data.Dims[axis];
        var idx = indices.ToLongs().Select(i => (int)(i < 0 ? i + len : i)).ToArray();
        if (idx.Any(i => i < 0 || i >= len)) throw n.Unsupported($"Gather index out of range (axis {axis} has {len} entries)");
        var values = new List<double>();
        for (int o = 0; o < outer; o++)
            foreach (var i in idx)
                values.AddRange(data.Values.AsSpan((o * len + i) * inner, inner).ToArray());
        var dims = data.Dims.Take(axis).Concat(indices.Dims).Concat(data.Dims.Skip(axis + 1)).ToArray();
        return new OnnxTensor(dims, values.ToArray(), data.DataType);
    }

    public static OnnxTensor Unsqueeze(OnnxTensor x, long[] axes)
    {
        int rank = x.Rank + axes.Length;
        var set = axes.Select(a => Axis((int)a, rank)).ToHashSet();
        var dims = new List<int>();
        int k = 0;
        for (int i = 0; i < rank; i++) dims.Add(set.Contains(i) ? 1 : x.Dims[k++]);
        return x.Reshape(dims.ToArray());
    }

    public static OnnxTensor Squeeze(OnnxTensor x, long[]? axes)
    {
        var set = axes?.Select(a => Axis((int)a, x.Rank)).ToHashSet();
        return x.Reshape(x.Dims.Where((d, i) => set is null ? d != 1 : !set.Contains(i)).ToArray());
    }

    private static OnnxTensor Concat(OnnxTensor[] inputs, int axis)
    {
        var first = inputs[0];
        axis = Axis(axis, first.Rank);
        int outer = first.Dims.Take(axis).Aggregate(1, (a, b) => a * b);
        var values = new List<double>();
        for (int o = 0; o < outer; o++)
            foreach (var t in inputs)
            {
                int inner = t.Dims.Skip(axis).Aggregate(1, (a, b) => a * b);
                values.AddRange(t.Values.AsSpan(o * inner, inner).ToArray());
            }
        var dims = (int[])first.Dims.Clone();
        dims[axis] = inputs.Sum(t => t.Dims[axis]);
        return new OnnxTensor(dims, values.ToArray(), first.DataType);
    }

    /// <summary>ONNX Reshape target: 0 copies the input dim (unless allowzero), one -1 is inferred.</summary>
    public static int[] ReshapeTarget(int[] input, long[] target, bool allowZero, Func<string, Exception> unsupported)
    {
        var dims = new int[target.Length];
        int unknown = -1;
        long known = 1, size = input.Aggregate(1L, (a, b) => a * b);
        for (int i = 0; i < target.Length; i++)
        {
            long d = target[i];
            if (d == -1)
            {
                if (unknown >= 0) throw unsupported("Reshape target has more than one -1");
                unknown = i;
                continue;
            }
            if (d == 0 && !allowZero)
            {
                if (i >= input.Length) throw unsupported($"Reshape target copies dim {i}, which the input does not have");
                d = input[i];
            }
            if (d < 0) throw unsupported($"Reshape target dim {d} is not valid");
            dims[i] = (int)d;
            known *= d;
        }
        if (unknown >= 0)
        {
            if (known == 0 || size % known != 0) throw unsupported($"cannot reshape [{string.Join(",", input)}] into [{string.Join(",", target)}]");
            dims[unknown] = (int)(size / known);
        }
        else if (known != size) throw unsupported($"cannot reshape [{string.Join(",", input)}] ({size} values) into [{string.Join(",", target)}]");
        return dims;
    }

    private static OnnxTensor[] Split(Node n, OnnxTensor x)
    {
        int axis = Axis((int)Int(n, "axis", 0), x.Rank);
        long[]? sizes = n.Opset < 13 ? n.Attribute("split")?.Ints : n.Inputs.Length > 1 ? n.Inputs[1]?.ToLongs() : null;
        int dim = x.Dims[axis];
        if (sizes is null)
        {
            int parts = (int)Int(n, "num_outputs", 0) is > 0 and var p ? p : throw n.Unsupported("a constant Split needs split sizes or num_outputs");
            int each = (dim + parts - 1) / parts;
            sizes = Enumerable.Range(0, parts).Select(k => (long)Math.Min(each, dim - k * each)).ToArray();
        }
        var outputs = new List<OnnxTensor>();
        long start = 0;
        foreach (var size in sizes)
        {
            var starts = new OnnxTensor(new[] { 1 }, new double[] { start }, OnnxDataType.Int64);
            var ends = new OnnxTensor(new[] { 1 }, new double[] { start + size }, OnnxDataType.Int64);
            var axes = new OnnxTensor(new[] { 1 }, new double[] { axis }, OnnxDataType.Int64);
            outputs.Add(Slice(n with { Opset = Math.Max(n.Opset, 10), Inputs = new[] { x, starts, ends, axes } }, x));
            start += size;
        }
        return outputs.ToArray();
    }

    private static OnnxTensor Slice(Node n, OnnxTensor x)
    {
        long[] starts, ends;
        long[]? axes, steps = null;
        if (n.Opset < 10)
        {
            starts = n.Attribute("starts")?.Ints ?? throw n.Unsupported("Slice needs starts");
            ends = n.Attribute("ends")?.Ints ?? throw n.Unsupported("Slice needs ends");
            axes = n.Attribute("axes")?.Ints;
        }
        else
        {
            starts = n.Inputs[1]!.ToLongs();
            ends = n.Inputs[2]!.ToLongs();
            axes = n.Inputs.Length > 3 ? n.Inputs[3]?.ToLongs() : null;
            steps = n.Inputs.Length > 4 ? n.Inputs[4]?.ToLongs() : null;
        }
        axes ??= Enumerable.Range(0, starts.Length).Select(i => (long)i).ToArray();
        var begin = new int[x.Rank]; var step = Enumerable.Repeat(1, x.Rank).ToArray(); var count = (int[])x.Dims.Clone();
        for (int i = 0; i < axes.Length; i++)
        {
            int a = Axis((int)axes[i], x.Rank), dim = x.Dims[a];
            long s = steps?[i] ?? 1;
            if (s == 0) throw n.Unsupported("Slice step 0");
            long b = starts[i], e = ends[i];
            if (b < 0) b += dim;
            if (e < 0) e += dim;
            if (s > 0) { b = Math.Clamp(b, 0, dim); e = Math.Clamp(e, 0, dim); }
            else { b = Math.Clamp(b, 0, dim - 1); e = Math.Clamp(e, -1, dim - 1); }
            begin[a] = (int)b; step[a] = (int)s;
            count[a] = (int)Math.Max(0, s > 0 ? (e - b + s - 1) / s : (b - e + (-s) - 1) / (-s));
        }
        var strides = OnnxTensor.Strides(x.Dims);
        int total = count.Aggregate(1, (a, b) => a * b);
        var values = new double[total];
        var index = new int[x.Rank];
        for (int k = 0; k < total; k++)
        {
            int src = 0;
            for (int a = 0; a < x.Rank; a++) src += (begin[a] + index[a] * step[a]) * strides[a];
            values[k] = x.Values[src];
            for (int a = x.Rank - 1; a >= 0; a--)
            {
                if (++index[a] < count[a]) break;
                index[a] = 0;
            }
        }
        return new OnnxTensor(count, values, x.DataType);
    }
}
