using System.Globalization;
using Hls4ml.Extensibility;
using Hls4ml.Ir;

namespace Hls4ml.Frontends.Onnx.Handlers;

/// <summary>Helpers shared by the ONNX handlers (and usable by extension handlers).</summary>
public static class OnnxHandlerHelpers
{
    public static WeightVariable Weight(string name, int[] shape, float[] data) => new() { Name = name, Shape = shape, Data = data };

    public static string Shape(int[] shape) => "[" + string.Join(",", shape) + "]";

    public static string Number(double v) => v.ToString("R", CultureInfo.InvariantCulture);

    /// <summary>
    /// A constant operand broadcast (numpy rules) onto a run-time input of ONNX shape 'inputShape' (batch first),
    /// batch axis dropped: one value per ONNX element of a sample. Null when it would enlarge the input.
    /// </summary>
    public static double[]? BroadcastOnto(OnnxTensor constant, int[] inputShape)
    {
        var full = OnnxTensor.BroadcastShape(inputShape, constant.Dims);
        if (full is null || !full.SequenceEqual(inputShape)) return null;
        return constant.BroadcastTo(inputShape);
    }

    /// <summary>
    /// Emits y = x * scale + bias for per-element constants given in ONNX order (null scale = 1, null bias = 0) on the
    /// run-time input 'input', in the layout the IR holds it: nothing when it is the identity; a bias folded into the
    /// producing Dense/Conv when x has no other use (MatMul + Add → Dense); else one BatchNormalization layer along the
    /// IR axis the constants vary along (the FuseBatchNorm pass later folds it into a Dense/Conv before it), or
    /// per element when they vary along several axes.
    /// </summary>
    public static void EmitAffine(OnnxNodeContext context, int input, double[]? scale, double[]? bias, string name)
    {
        var (tensor, index) = context.HeldInput(input);
        int n = index.Length;
        var s = new float[n];
        var b = new float[n];
        for (int k = 0; k < n; k++)
        {
            s[k] = scale is null ? 1f : (float)scale[index[k]];
            b[k] = bias is null ? 0f : (float)bias[index[k]];
        }
        if (s.All(v => v == 1f) && b.All(v => v == 0f))
        {
            context.SetOutputAlias(0, input);
            return;
        }
        var irShape = context.IrShape(tensor);
        int last = irShape.Length - 1;

        if (s.All(v => v == 1f) && context.IsSoleUse(input) && context.Producer(tensor) is { } producer
            && context.Registry.Layer(producer.Type) is { AcceptsFoldedBias: true }
            && producer.Weights.TryGetValue("bias", out var producerBias) && producerBias.Data.Length == irShape[last]
            && Along(b, irShape, last) is { } add)
        {
            var folded = producerBias.Data.Select((v, c) => v + add[c]).ToArray();
            producer.Weights["bias"] = Weight("bias", producerBias.Shape, folded);
            context.SetOutputAlias(0, input);
            return;
        }

        for (int axis = last; axis >= 0; axis--)
        {
            if (Along(s, irShape, axis) is not { } sv || Along(b, irShape, axis) is not { } bv) continue;
            var y = context.AddLayer("BatchNormalization", name, new[] { tensor },
                new Dictionary<string, object?> { ["axis"] = axis },
                new Dictionary<string, WeightVariable>
                {
                    ["scale"] = Weight("scale", new[] { sv.Length }, sv),
                    ["bias"] = Weight("bias", new[] { bv.Length }, bv),
                });
            context.SetOutputLike(0, y, tensor);
            return;
        }
        // Varies along several axes: one scale and bias per element, on the flattened tensor (aliased in io_parallel).
        var flat = irShape.Length == 1 ? tensor : context.AddLayer("Flatten", $"{name}_flatten", new[] { tensor });
        var z = context.AddLayer("BatchNormalization", name, new[] { flat },
            new Dictionary<string, object?> { ["axis"] = 0 },
            new Dictionary<string, WeightVariable> { ["scale"] = Weight("scale", new[] { n }, s), ["bias"] = Weight("bias", new[] { n }, b) });
        var back = irShape.Length == 1 ? z
            : context.AddLayer("Reshape", $"{name}_reshape", new[] { z }, new Dictionary<string, object?> { ["target_shape"] = irShape });
        context.SetOutputLike(0, back, tensor);
    }

    /// <summary>The values per index of 'axis' when they depend on that index only; else null.</summary>
    public static float[]? Along(float[] values, int[] shape, int axis)
    {
        int inner = shape.Skip(axis + 1).Aggregate(1, (a, c) => a * c), len = shape[axis];
        var v = new float[len];
        var seen = new bool[len];
        for (int k = 0; k < values.Length; k++)
        {
            int c = k / inner % len;
            if (!seen[c]) { v[c] = values[k]; seen[c] = true; }
            else if (v[c] != values[k] && !(float.IsNaN(v[c]) && float.IsNaN(values[k]))) return null;
        }
        return v;
    }

    /// <summary>An int list attribute, or the fallback.</summary>
    public static int[] Ints(OnnxNodeContext context, string name, int[] fallback) =>
        context.Ints(name)?.Select(v => checked((int)v)).ToArray() ?? fallback;
}
