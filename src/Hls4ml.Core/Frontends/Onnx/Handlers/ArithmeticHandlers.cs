using Hls4ml.Extensibility;
using static Hls4ml.Frontends.Onnx.Handlers.OnnxHandlerHelpers;

namespace Hls4ml.Frontends.Onnx.Handlers;

/// <summary>
/// Add, Sub, Mul, Div. With a constant operand: y = x·scale + bias per element (x + c, x − c, c − x, x·c, x / c) —
/// folded into the bias of a Dense/Conv just before (MatMul + Add → Dense), else one BatchNormalization layer
/// (hls4ml's ApplyAlpha). Of two run-time tensors of equal shape: an IR Merge (add, subtract, multiply).
/// </summary>
public sealed class BinaryArithmeticHandler : IOnnxOpHandler
{
    public IReadOnlyList<string> OpTypes { get; } = new[] { "Add", "Sub", "Mul", "Div" };

    public void Convert(OnnxNodeContext context)
    {
        bool c0 = context.IsConstant(0), c1 = context.IsConstant(1);
        if (!c0 && !c1)
        {
            if (context.OpType == "Div")
                throw context.Unsupported("division by a tensor computed at run time is not supported (only division by a constant)");
            MergeHandler.EmitMerge(context, context.OpType switch { "Add" => "add", "Sub" => "subtract", _ => "multiply" });
            return;
        }
        int x = c0 ? 1 : 0;
        var shape = context.InputShape(x);
        var constant = LegacyBroadcast(context, context.Constant(1 - x, "operand"), shape.Length);
        var c = BroadcastOnto(constant, shape)
            ?? throw context.Unsupported($"the constant of shape {Shape(constant.Dims)} does not broadcast onto the input {Shape(shape)} without enlarging it");
        switch (context.OpType)
        {
            case "Add": EmitAffine(context, x, null, c, context.LayerName); break;
            case "Sub":
                if (x == 0) EmitAffine(context, x, null, c.Select(v => -v).ToArray(), context.LayerName);
                else EmitAffine(context, x, c.Select(_ => -1.0).ToArray(), c, context.LayerName);
                break;
            case "Mul": EmitAffine(context, x, c, null, context.LayerName); break;
            default:
                if (x == 1) throw context.Unsupported("a constant divided by a run-time tensor is not supported");
                if (c.Any(v => v == 0)) throw context.Unsupported("division by zero");
                EmitAffine(context, x, c.Select(v => (double)(1f / (float)v)).ToArray(), null, context.LayerName);
                break;
        }
    }

    /// <summary>Opsets before 7: with broadcast=1 and an 'axis', the constant's axes start at 'axis' (not at the end).</summary>
    private static OnnxTensor LegacyBroadcast(OnnxNodeContext context, OnnxTensor constant, int rank)
    {
        if (context.Opset >= 7 || context.Int("broadcast", 0) == 0 || context.Attribute("axis") is not { } axisAttribute) return constant;
        int axis = (int)axisAttribute.Int;
        if (axis < 0) axis += rank;
        int trailing = rank - axis - constant.Rank;
        if (trailing < 0) throw context.Unsupported($"legacy broadcast axis {axisAttribute.Int} does not fit the constant {Shape(constant.Dims)}");
        return constant.Reshape(constant.Dims.Concat(Enumerable.Repeat(1, trailing)).ToArray());
    }
}

/// <summary>Sum, Mean, Max, Min of run-time tensors of equal shape → IR Merge (any number of inputs).</summary>
public sealed class MergeHandler : IOnnxOpHandler
{
    public IReadOnlyList<string> OpTypes { get; } = new[] { "Sum", "Mean", "Max", "Min" };

    public void Convert(OnnxNodeContext context)
    {
        var op = context.OpType switch { "Sum" => "add", "Mean" => "average", "Max" => "maximum", _ => "minimum" };
        if (Enumerable.Range(0, context.InputCount).Any(context.IsConstant))
            throw context.Unsupported($"{context.OpType} with a constant operand is not supported (only of run-time tensors)");
        if (context.InputCount == 1)
        {
            context.SetOutputAlias(0, 0);
            return;
        }
        EmitMerge(context, op);
    }

    /// <summary>All inputs in the first one's layout, merged element-wise.</summary>
    public static void EmitMerge(OnnxNodeContext context, string op)
    {
        var (first, _) = context.HeldInput(0);
        var inputs = new List<string> { first };
        for (int i = 1; i < context.InputCount; i++) inputs.Add(context.InputLike(i, first));
        var y = context.AddLayer("Merge", context.LayerName, inputs, new Dictionary<string, object?> { ["op"] = op });
        context.SetOutputLike(0, y, first);
    }
}
