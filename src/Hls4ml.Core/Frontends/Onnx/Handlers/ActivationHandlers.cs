using Hls4ml.Extensibility;
using Hls4ml.Ir;
using Hls4ml.Ir.Layers.Activations;
using static Hls4ml.Frontends.Onnx.Handlers.OnnxHandlerHelpers;

namespace Hls4ml.Frontends.Onnx.Handlers;

/// <summary>
/// Element-wise activations → the IR layers the Keras frontend uses: Activation (relu, sigmoid, tanh, softplus,
/// softsign, selu, hard_sigmoid with ONNX's alpha/beta, relu6), LeakyReLU, ThresholdedReLU, ELU, ReLU (Clip(0, max);
/// other Clip bounds as shift → ReLU with a maximum → shift back).
/// They work on the tensor as the IR holds it (no layout change).
/// </summary>
public sealed class ActivationHandler : IOnnxOpHandler
{
    public IReadOnlyList<string> OpTypes { get; } = new[]
    {
        "Relu", "Sigmoid", "Tanh", "Softplus", "Softsign", "Selu", "HardSigmoid", "LeakyRelu", "ThresholdedRelu", "Elu", "Clip",
    };

    public void Convert(OnnxNodeContext context)
    {
        switch (context.OpType)
        {
            case "Relu": Activation(context, "relu"); break;
            case "Sigmoid": Activation(context, "sigmoid"); break;
            case "Tanh": Activation(context, "tanh"); break;
            case "Softplus": Activation(context, "softplus"); break;
            case "Softsign": Activation(context, "softsign"); break;
            case "Selu":
            {
                double alpha = context.Float("alpha", 1.67326319217681884765625f), gamma = context.Float("gamma", 1.05070102214813232421875f);
                if (Math.Abs(alpha - ActivationFunctions.SeluAlpha) > 1e-6 || Math.Abs(gamma - ActivationFunctions.SeluLambda) > 1e-6)
                    throw context.Unsupported($"Selu with alpha={Number(alpha)}, gamma={Number(gamma)}; only the standard constants are supported");
                Activation(context, "selu");
                break;
            }
            case "HardSigmoid":
                Activation(context, "hard_sigmoid", new() { ["slope"] = (double)context.Float("alpha", 0.2f), ["shift"] = (double)context.Float("beta", 0.5f) });
                break;
            case "LeakyRelu": Parametrized(context, "LeakyReLU", context.Float("alpha", 0.01f)); break;
            case "ThresholdedRelu": Parametrized(context, "ThresholdedReLU", context.Float("alpha", 1f)); break;
            case "Elu": Parametrized(context, "ELU", context.Float("alpha", 1f)); break;
            case "Clip": Clip(context); break;
        }
    }

    private static void Emit(OnnxNodeContext context, string irType, Dictionary<string, object?> attributes, IDictionary<string, WeightVariable>? weights = null)
    {
        var (x, _) = context.HeldInput(0);
        var y = context.AddLayer(irType, context.LayerName, new[] { x }, attributes, weights);
        context.SetOutputLike(0, y, x);
    }

    private static void Activation(OnnxNodeContext context, string name, Dictionary<string, object?>? extra = null)
    {
        var attributes = new Dictionary<string, object?> { ["activation"] = name };
        if (extra is not null) foreach (var (k, v) in extra) attributes[k] = v;
        Emit(context, "Activation", attributes);
    }

    private static void Parametrized(OnnxNodeContext context, string irType, double param) =>
        Emit(context, irType, new Dictionary<string, object?> { ["activ_param"] = param });

    /// <summary>Clip(min, max): attributes before opset 11, optional constant inputs from it on.</summary>
    private static void Clip(OnnxNodeContext context)
    {
        double min, max;
        if (context.Opset < 11)
        {
            min = context.Attribute("min") is { } a ? a.Float : double.NegativeInfinity;
            max = context.Attribute("max") is { } b ? b.Float : double.PositiveInfinity;
        }
        else
        {
            min = context.OptionalConstant(1, "min")?.Scalar() ?? double.NegativeInfinity;
            max = context.OptionalConstant(2, "max")?.Scalar() ?? double.PositiveInfinity;
        }
        // float32 lowest/max stand for "no bound" in exported models.
        if (min <= float.MinValue) min = double.NegativeInfinity;
        if (max >= float.MaxValue) max = double.PositiveInfinity;
        if (double.IsNegativeInfinity(min) && double.IsPositiveInfinity(max)) { context.SetOutputAlias(0, 0); return; }
        if (min > max) throw context.Unsupported($"Clip to [{Number(min)}, {Number(max)}] (min above max)");
        if (min == 0)
        {
            if (double.IsPositiveInfinity(max)) Activation(context, "relu");
            else if (max == 6) Activation(context, "relu6");
            else Emit(context, "ReLU", new Dictionary<string, object?> { ["threshold"] = 0.0, ["negative_slope"] = 0.0, ["max_value"] = max });
            return;
        }
        // Other bounds (torch Hardtanh(-1, 1), clamp): shift, ReLU with a maximum, shift back — additions only, so
        // nothing is lost to rounding: clip(x, a, b) = relu_max(x − a, b − a) + a, and with no lower bound
        // min(x, b) = b − relu(b − x).
        var (x, _) = context.HeldInput(0);
        bool lower = !double.IsNegativeInfinity(min);
        double sign = lower ? 1 : -1, offset = lower ? min : max;
        var shifted = Affine(context, x, $"{context.LayerName}_shift", sign, -sign * offset);
        var relu = context.AddLayer("ReLU", $"{context.LayerName}_relu", new[] { shifted }, new Dictionary<string, object?>
        {
            ["threshold"] = 0.0, ["negative_slope"] = 0.0, ["max_value"] = lower && !double.IsPositiveInfinity(max) ? max - min : null,
        });
        context.SetOutputLike(0, Affine(context, relu, context.LayerName, sign, offset), x);
    }

    /// <summary>y = x·scale + bias with scalar constants, as a BatchNormalization along the last IR axis.</summary>
    private static string Affine(OnnxNodeContext context, string x, string name, double scale, double bias)
    {
        var shape = context.IrShape(x);
        int axis = shape.Length - 1, n = shape[axis];
        return context.AddLayer("BatchNormalization", name, new[] { x }, new Dictionary<string, object?> { ["axis"] = axis },
            new Dictionary<string, WeightVariable>
            {
                ["scale"] = Weight("scale", new[] { n }, Enumerable.Repeat((float)scale, n).ToArray()),
                ["bias"] = Weight("bias", new[] { n }, Enumerable.Repeat((float)bias, n).ToArray()),
            });
    }
}

/// <summary>PRelu with a constant slope (broadcast onto the input, one alpha per element in IR order) → IR PReLU.</summary>
public sealed class PReluHandler : IOnnxOpHandler
{
    public IReadOnlyList<string> OpTypes { get; } = new[] { "PRelu" };

    public void Convert(OnnxNodeContext context)
    {
        var slope = context.Constant(1, "slope");
        var shape = context.InputShape(0);
        // Opsets before 9 broadcast a [C] slope over the channel axis (unidirectional from 9 on: numpy rules).
        if (context.Opset < 9 && slope.Rank == 1 && shape.Length > 2 && slope.Dims[0] == shape[1] && slope.Dims[0] != shape[^1])
            slope = slope.Reshape(new[] { slope.Dims[0] }.Concat(Enumerable.Repeat(1, shape.Length - 2)).ToArray());
        var alpha = BroadcastOnto(slope, shape)
            ?? throw context.Unsupported($"slope of shape {Shape(slope.Dims)} does not broadcast onto the input {Shape(shape)}");
        var (x, index) = context.HeldInput(0);
        var param = index.Select(k => (float)alpha[k]).ToArray();
        var y = context.AddLayer("PReLU", context.LayerName, new[] { x }, null,
            new Dictionary<string, WeightVariable> { ["param"] = Weight("param", new[] { param.Length }, param) });
        context.SetOutputLike(0, y, x);
    }
}

/// <summary>
/// Softmax → IR Softmax along the IR axis that holds the ONNX axis. Before opset 13 ONNX's softmax normalizes over
/// all axes from 'axis' on (default 1); when more than one of them is longer than 1 the input is flattened first.
/// </summary>
public sealed class SoftmaxHandler : IOnnxOpHandler
{
    public IReadOnlyList<string> OpTypes { get; } = new[] { "Softmax" };

    public void Convert(OnnxNodeContext context)
    {
        var shape = context.InputShape(0);
        int rank = shape.Length;
        int axis = (int)context.Int("axis", context.Opset < 13 ? 1 : -1);
        if (axis < 0) axis += rank;
        if (axis < 1 || axis >= rank)
            throw context.Unsupported($"softmax over axis {context.Int("axis", 0)} of an input {Shape(shape)}; only feature axes (not the batch axis 0) are supported");
        var over = context.Opset < 13 ? Enumerable.Range(axis, rank - axis).ToArray() : new[] { axis };
        var big = over.Where(a => shape[a] > 1).ToArray();
        if (big.Length <= 1)
        {
            var (x, irAxis) = context.InputAlongAxis(0, big.Length == 1 ? big[0] : axis);
            var y = context.AddLayer("Softmax", context.LayerName, new[] { x },
                new Dictionary<string, object?> { ["axis"] = irAxis - context.IrShape(x).Length });
            context.SetOutputLike(0, y, x);
            return;
        }
        // Coerced 2-D softmax (opset < 13) over several axes: softmax of the flattened trailing block.
        var native = context.NativeInput(0);
        int outer = shape.Skip(1).Take(axis - 1).Aggregate(1, (a, b) => a * b);
        int inner = shape.Skip(axis).Aggregate(1, (a, b) => a * b);
        var flat = context.AddLayer("Reshape", $"{context.LayerName}_reshape", new[] { native },
            new Dictionary<string, object?> { ["target_shape"] = outer == 1 ? new[] { inner } : new[] { outer, inner } });
        var s = context.AddLayer("Softmax", context.LayerName, new[] { flat }, new Dictionary<string, object?> { ["axis"] = -1 });
        var back = context.AddLayer("Reshape", $"{context.LayerName}_unflatten", new[] { s },
            new Dictionary<string, object?> { ["target_shape"] = shape[1..] });
        context.SetOutput(0, back);
    }
}
