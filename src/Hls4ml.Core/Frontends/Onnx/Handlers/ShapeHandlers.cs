using Hls4ml.Extensibility;
using static Hls4ml.Frontends.Onnx.Handlers.OnnxHandlerHelpers;

namespace Hls4ml.Frontends.Onnx.Handlers;

/// <summary>Identity and Dropout (inference: the identity) are removed: their output is their input.</summary>
public sealed class IdentityHandler : IOnnxOpHandler
{
    public IReadOnlyList<string> OpTypes { get; } = new[] { "Identity", "Dropout" };

    public void Convert(OnnxNodeContext context)
    {
        if (context.OpType == "Dropout")
        {
            if (context.OutputCount > 1 && context.IsOutputUsed(1))
                throw context.Unsupported("its mask output is used");
            if (context.HasInput(2) && context.IsConstant(2) && context.Constant(2, "training_mode").Scalar() != 0)
                throw context.Unsupported("training_mode is true; export the model in eval() mode");
        }
        context.SetOutputAlias(0, 0);
    }
}

/// <summary>
/// Flatten, Reshape, Squeeze, Unsqueeze: only the ONNX shape changes — no layer, no data movement; a consumer that
/// needs the new shape in the IR gets a Reshape (an alias in io_parallel) or, after a channels-last layer, a Dense
/// with permuted weights. The batch axis must stay first and alone.
/// </summary>
public sealed class ReshapeHandler : IOnnxOpHandler
{
    public IReadOnlyList<string> OpTypes { get; } = new[] { "Flatten", "Reshape", "Squeeze", "Unsqueeze" };

    public void Convert(OnnxNodeContext context)
    {
        var shape = context.InputShape(0);
        int rank = shape.Length;
        int[] result;
        switch (context.OpType)
        {
            case "Flatten":
            {
                int axis = (int)context.Int("axis", 1);
                if (axis < 0) axis += rank;
                // keras2onnx writes axis 0: for one sample (batch 1, as the design computes) that is axis 1.
                if (axis == 0) axis = 1;
                if (shape.Skip(1).Take(axis - 1).Any(d => d != 1))
                    throw context.Unsupported($"Flatten axis {context.Int("axis", 1)} of {Shape(shape)} merges the batch axis with others; only axis 1 (keep the batch) is supported");
                result = new[] { 1, shape.Skip(Math.Max(axis, 1)).Aggregate(1, (a, b) => a * b) };
                break;
            }
            case "Reshape":
            {
                var target = context.Opset < 5 ? context.Ints("shape") ?? throw context.Unsupported("Reshape needs a shape")
                    : context.Constant(1, "target shape").ToLongs();
                result = OnnxConstantFolding.ReshapeTarget(shape, target, context.Int("allowzero", 0) != 0, context.Unsupported);
                break;
            }
            case "Squeeze":
            {
                var axes = Axes(context);
                if (axes is null)
                    result = new[] { 1 }.Concat(shape.Skip(1).Where(d => d != 1)).ToArray(); // the batch axis stays
                else
                {
                    var set = axes.Select(a => (int)(a < 0 ? a + rank : a)).ToHashSet();
                    if (set.Contains(0)) throw context.Unsupported("it removes the batch axis");
                    if (set.Any(a => a < 0 || a >= rank || shape[a] != 1)) throw context.Unsupported($"axes [{string.Join(",", axes)}] are not size-1 axes of {Shape(shape)}");
                    result = shape.Where((_, i) => !set.Contains(i)).ToArray();
                }
                break;
            }
            default:
            {
                var axes = Axes(context) ?? throw context.Unsupported("Unsqueeze needs axes");
                int outRank = rank + axes.Length;
                var set = axes.Select(a => (int)(a < 0 ? a + outRank : a)).ToHashSet();
                if (set.Contains(0)) throw context.Unsupported("it inserts an axis before the batch axis");
                var dims = new List<int>();
                for (int i = 0, k = 0; i < outRank; i++) dims.Add(set.Contains(i) ? 1 : shape[k++]);
                result = dims.ToArray();
                break;
            }
        }
        context.SetOutputReshaped(0, 0, result);
    }

    private static long[]? Axes(OnnxNodeContext context) =>
        context.Opset < 13 ? context.Ints("axes") : context.HasInput(1) ? context.Constant(1, "axes").ToLongs() : null;
}

/// <summary>Transpose: recorded as a layout change (no layer); a Transpose layer appears only where a consumer needs it.</summary>
public sealed class TransposeHandler : IOnnxOpHandler
{
    public IReadOnlyList<string> OpTypes { get; } = new[] { "Transpose" };

    public void Convert(OnnxNodeContext context)
    {
        int rank = context.InputShape(0).Length;
        var perm = Ints(context, "perm", Enumerable.Range(0, rank).Reverse().ToArray());
        context.SetOutputTransposed(0, 0, perm);
    }
}

/// <summary>Concat of run-time tensors → IR Concatenate, in the layout the first input is held in (any axis but the batch).</summary>
public sealed class ConcatHandler : IOnnxOpHandler
{
    public IReadOnlyList<string> OpTypes { get; } = new[] { "Concat" };

    public void Convert(OnnxNodeContext context)
    {
        var present = Enumerable.Range(0, context.InputCount).Where(context.HasInput).ToList();
        if (present.Any(context.IsConstant))
            throw context.Unsupported("one of its inputs is a constant; only concatenation of run-time tensors is supported");
        var shape = context.InputShape(present[0]);
        int axis = (int)context.Int("axis", 1);
        if (axis < 0) axis += shape.Length;
        if (axis < 1 || axis >= shape.Length)
            throw context.Unsupported($"axis {context.Int("axis", 1)} of {Shape(shape)}; only feature axes (not the batch axis 0) are supported");
        if (present.Count == 1) { context.SetOutputAlias(0, present[0]); return; }
        var perm = context.HeldPermutation(present[0]) ?? Enumerable.Range(0, shape.Length - 1).ToArray();
        var inputs = present.Select(i => context.InputPermuted(i, perm)).ToList();
        int irAxis = perm[axis - 1];
        var y = context.AddLayer("Concatenate", context.LayerName, inputs, new Dictionary<string, object?> { ["axis"] = irAxis });
        context.SetOutputPermuted(0, y, perm);
    }
}
