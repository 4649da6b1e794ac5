using Hls4ml.Extensibility;
using static Hls4ml.Frontends.Onnx.Handlers.OnnxHandlerHelpers;

namespace Hls4ml.Frontends.Onnx.Handlers;

/// <summary>
/// Slice, Split and Gather (constant indices) of run-time tensors → IR IndexSelect: each output element is wired to
/// the input element it copies, read from the tensor as the IR holds it (no Transpose needed). Starts/ends/axes/steps
/// and split sizes come from attributes in old opsets and from constant inputs in new ones (Split's num_outputs of
/// opset 18 too). The batch axis cannot be sliced.
/// </summary>
public sealed class SelectHandler : IOnnxOpHandler
{
    public IReadOnlyList<string> OpTypes { get; } = new[] { "Slice", "Split", "Gather" };

    public void Convert(OnnxNodeContext context)
    {
        var shape = context.InputShape(0);
        switch (context.OpType)
        {
            case "Slice": Slice(context, shape); break;
            case "Split": Split(context, shape); break;
            // A constant table indexed by run-time token indices (torch nn.Embedding) is an Embedding.
            case "Gather" when OnnxEmbedding.Applies(context): OnnxEmbedding.Convert(context); break;
            default: Gather(context, shape); break;
        }
    }

    /// <summary>Emits output 'output' of ONNX shape 'outShape' (batch first) whose element at index o reads input index pick(o).</summary>
    private static void Emit(OnnxNodeContext context, int output, int[] shape, int[] outShape, Func<int[], int[]> pick, string name)
    {
        if (outShape[0] != shape[0]) throw context.Unsupported("it slices the batch axis");
        var (x, index) = context.HeldInput(0);
        var irOf = new int[index.Length];
        for (int k = 0; k < index.Length; k++) irOf[index[k]] = k;
        var inStrides = OnnxTensor.Strides(shape[1..]);
        var dims = outShape[1..];
        int n = dims.Aggregate(1, (a, b) => a * b);
        if (n == 0) throw context.Unsupported($"output {output} is empty");
        var indices = new int[n];
        var o = new int[dims.Length];
        for (int k = 0; k < n; k++)
        {
            var i = pick(o);
            int flat = 0;
            for (int a = 0; a < i.Length; a++) flat += i[a] * inStrides[a];
            indices[k] = irOf[flat];
            for (int a = dims.Length - 1; a >= 0; a--)
            {
                if (++o[a] < dims[a]) break;
                o[a] = 0;
            }
        }
        var irShape = dims.Length == 0 ? new[] { 1 } : dims;
        var y = context.AddLayer("IndexSelect", name, new[] { x },
            new Dictionary<string, object?> { ["indices"] = indices, ["out_shape"] = irShape });
        context.SetOutputReshaped(output, y, outShape);
    }

    private static void Slice(OnnxNodeContext context, int[] shape)
    {
        int rank = shape.Length;
        long[] starts, ends;
        long[]? axes, steps = null;
        if (context.Opset < 10)
        {
            starts = context.Ints("starts") ?? throw context.Unsupported("Slice needs starts");
            ends = context.Ints("ends") ?? throw context.Unsupported("Slice needs ends");
            axes = context.Ints("axes");
        }
        else
        {
            starts = context.Constant(1, "starts").ToLongs();
            ends = context.Constant(2, "ends").ToLongs();
            axes = context.OptionalConstant(3, "axes")?.ToLongs();
            steps = context.OptionalConstant(4, "steps")?.ToLongs();
        }
        axes ??= Enumerable.Range(0, starts.Length).Select(i => (long)i).ToArray();
        var begin = new int[rank];
        var step = Enumerable.Repeat(1, rank).ToArray();
        var outShape = (int[])shape.Clone();
        for (int i = 0; i < axes.Length; i++)
        {
            int a = (int)(axes[i] < 0 ? axes[i] + rank : axes[i]), dim = shape[a];
            long s = steps?[i] ?? 1, b = starts[i], e = ends[i];
            if (s == 0) throw context.Unsupported("step 0");
            if (b < 0) b += dim;
            if (e < 0) e += dim;
            if (s > 0) { b = Math.Clamp(b, 0, dim); e = Math.Clamp(e, 0, dim); }
            else { b = Math.Clamp(b, 0, dim - 1); e = Math.Clamp(e, -1, dim - 1); }
            begin[a] = (int)b;
            step[a] = (int)s;
            outShape[a] = (int)Math.Max(0, s > 0 ? (e - b + s - 1) / s : (b - e - s - 1) / -s);
        }
        if (begin[0] != 0 || step[0] != 1) throw context.Unsupported("it slices the batch axis");
        Emit(context, 0, shape, outShape, o => o.Select((v, a) => begin[a + 1] + v * step[a + 1]).ToArray(), context.LayerName);
    }

    private static void Split(OnnxNodeContext context, int[] shape)
    {
        int rank = shape.Length;
        int axis = (int)context.Int("axis", 0);
        if (axis < 0) axis += rank;
        if (axis < 1 || axis >= rank) throw context.Unsupported($"a split along axis {context.Int("axis", 0)}; only feature axes can be split");
        int outputs = context.OutputCount;
        long[]? sizes = context.Opset < 13 ? context.Ints("split") : context.OptionalConstant(1, "split")?.ToLongs();
        int dim = shape[axis];
        if (sizes is null)
        {
            int parts = context.Opset >= 18 && context.Attribute("num_outputs") is { } no ? (int)no.Int : outputs;
            int each = (dim + parts - 1) / parts;   // opset 18: the last part may be smaller
            sizes = Enumerable.Range(0, parts).Select(p => (long)Math.Min(each, dim - p * each)).ToArray();
        }
        if (sizes.Length != outputs || sizes.Sum() != dim || sizes.Any(v => v <= 0))
            throw context.Unsupported($"split sizes [{string.Join(",", sizes)}] do not divide axis {axis} of {Shape(shape)} into {outputs} parts");
        int offset = 0;
        for (int k = 0; k < outputs; k++)
        {
            int start = offset, len = (int)sizes[k];
            offset += len;
            if (!context.IsOutputUsed(k)) continue;
            var outShape = (int[])shape.Clone();
            outShape[axis] = len;
            Emit(context, k, shape, outShape, o =>
            {
                var i = (int[])o.Clone();
                i[axis - 1] += start;
                return i;
            }, $"{context.LayerName}_{k}");
        }
    }

    private static void Gather(OnnxNodeContext context, int[] shape)
    {
        int rank = shape.Length;
        int axis = (int)context.Int("axis", 0);
        if (axis < 0) axis += rank;
        if (axis < 1 || axis >= rank) throw context.Unsupported($"a gather along axis {context.Int("axis", 0)}; only feature axes are supported");
        var indices = context.Constant(1, "indices");
        int dim = shape[axis];
        var idx = indices.ToLongs().Select(v => (int)(v < 0 ? v + dim : v)).ToArray();
        if (idx.Any(v => v < 0 || v >= dim)) throw context.Unsupported($"an index is outside axis {axis} of {Shape(shape)}");
        // Output shape: input[:axis] + indices.shape + input[axis+1:].
        var outShape = shape.Take(axis).Concat(indices.Dims).Concat(shape.Skip(axis + 1)).ToArray();
        int r = indices.Rank;
        var idxStrides = OnnxTensor.Strides(indices.Dims);
        Emit(context, 0, shape, outShape, o =>
        {
            // o covers output axes 1..; the indices' axes sit at positions axis-1 .. axis-1+r-1.
            int flat = 0;
            for (int a = 0; a < r; a++) flat += o[axis - 1 + a] * idxStrides[a];
            return o.Take(axis - 1).Append(idx[flat]).Concat(o.Skip(axis - 1 + r)).ToArray();
        }, context.LayerName);
    }
}
