using Hls4ml.Diagnostics;
using Hls4ml.Extensibility;
using Hls4ml.Ir;
using Hls4ml.Types;
using static Hls4ml.Frontends.Onnx.Handlers.OnnxHandlerHelpers;

namespace Hls4ml.Frontends.Onnx.Qonnx;

/// <summary>The ONNX domains Brevitas and the QONNX tools write the quantization ops in.</summary>
internal static class QonnxDomains
{
    public static readonly string[] All = { "qonnx.custom_op.general", "onnx.brevitas", "finn.custom_op.general" };

    public static string[] Keys(string opType) => All.Select(d => $"{d}:{opType}").ToArray();

    public static Exception Unsupported(OnnxNodeContext context, string what) =>
        context.Error(DiagnosticCodes.UnsupportedQuantizerSetting, what);

    /// <summary>A quantizer parameter input: must be constant (HLS0141).</summary>
    public static OnnxTensor Parameter(OnnxNodeContext context, int i, string role)
    {
        if (!context.HasInput(i))
            throw context.Error(DiagnosticCodes.MalformedQuantizer, $"its {role} input (input {i}) is missing");
        if (!context.IsConstant(i))
            throw context.Error(DiagnosticCodes.QuantizerParameterNotConstant, $"its {role} (input {i}) is computed at run time; it must be a constant");
        return context.Constant(i, role);
    }

    public static int BitWidth(OnnxNodeContext context, int i, string role)
    {
        var t = Parameter(context, i, role);
        if (t.Size != 1) throw Unsupported(context, $"{role} has {t.Size} values; only one bit width per tensor is supported");
        double b = t.Values[0];
        if (b != Math.Floor(b) || b < 1 || b > 64)
            throw context.Error(DiagnosticCodes.MalformedQuantizer, $"{role} {Number(b)} is not an integer from 1 to 64");
        return (int)b;
    }

    /// <summary>One value per element of a tensor of shape 'shape' (numpy broadcasting).</summary>
    public static double[] PerElement(OnnxNodeContext context, OnnxTensor value, int[] shape, string role) =>
        value.BroadcastTo(shape) ?? throw context.Error(DiagnosticCodes.MalformedQuantizer,
            $"{role} of shape {Shape(value.Dims)} does not broadcast onto the input {Shape(shape)}");

    /// <summary>
    /// The input as the IR holds it, re-quantized into 'type' by a linear activation whose result type the model fixes
    /// (hls4ml's quant_to_activation): the conversion to 'type' is the quantization.
    /// </summary>
    public static void EmitQuantizingActivation(OnnxNodeContext context, Precision type, string? name = null)
    {
        var (x, _) = context.HeldInput(0);
        var y = context.AddLayer("Activation", name ?? context.LayerName, new[] { x }, new Dictionary<string, object?> { ["activation"] = "linear" });
        context.Producer(y)!.ModelTypes["result"] = type;
        context.SetOutputLike(0, y, x);
    }

    /// <summary>y = x·scale + bias with scalar constants (as float32, the model's arithmetic), a BatchNormalization along the last IR axis.</summary>
    public static string Affine(OnnxNodeContext context, string x, string name, double scale, double bias)
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

    /// <summary>A scale that is one value for the whole tensor (scalar, or all elements equal).</summary>
    public static double? Uniform(OnnxTensor t) => t.Size > 0 && t.Values.All(v => v == t.Values[0]) ? t.Values[0] : null;
}

/// <summary>
/// QONNX Quant (and IntQuant): on a constant (a weight) it is folded — the constant is replaced by its quantized
/// values, whose exact fixed-point type the weight then gets; on a run-time tensor it becomes a quantizing linear
/// activation whose result type is the quantizer's ap type (power-of-two scale, zero-point 0). Other scales and
/// zero-points, CEIL/UP rounding and unsigned narrow ranges have no exact ap type: HLS0140 says so.
/// </summary>
public sealed class QuantHandler : IOnnxOpHandler
{
    public IReadOnlyList<string> OpTypes { get; } = QonnxDomains.Keys("Quant").Concat(QonnxDomains.Keys("IntQuant")).ToArray();

    public void Convert(OnnxNodeContext context)
    {
        var scale = QonnxDomains.Parameter(context, 1, "scale");
        var zeropt = QonnxDomains.Parameter(context, 2, "zero-point");
        int bits = QonnxDomains.BitWidth(context, 3, "bit width");
        var mode = context.String("rounding_mode", "ROUND").ToUpperInvariant();
        var quantizer = new QonnxQuantizer(bits, context.Int("signed", 1) != 0, context.Int("narrow", 0) != 0, mode);
        if (!QonnxQuantizer.RoundingModes.ContainsKey(mode))
            throw QonnxDomains.Unsupported(context, $"rounding_mode '{mode}' is not known (supported: {QonnxQuantizer.SupportedRoundingModes})");

        if (context.IsConstant(0))
        {
            var w = context.Constant(0, "input");
            var s = QonnxDomains.PerElement(context, scale, w.Dims, "scale");
            var z = QonnxDomains.PerElement(context, zeropt, w.Dims, "zero-point");
            if (s.Any(v => !(v > 0) || double.IsInfinity(v)))
                throw context.Error(DiagnosticCodes.MalformedQuantizer, "a scale is not a positive finite number");
            var q = new double[w.Size];
            for (int k = 0; k < q.Length; k++) q[k] = quantizer.Apply(w.Values[k], s[k], z[k]);
            context.SetConstantOutput(0, w.WithValues(q));
            return;
        }

        var uniform = QonnxDomains.Uniform(scale)
            ?? throw QonnxDomains.Unsupported(context, $"per-channel scale {Describe(scale)} on an activation (quantizer {quantizer}); supported: one scale for the tensor");
        var zero = QonnxDomains.Uniform(zeropt)
            ?? throw QonnxDomains.Unsupported(context, $"per-channel zero-point {Describe(zeropt)} on an activation (quantizer {quantizer}); supported: one integer zero-point for the tensor");
        if (!(uniform > 0) || double.IsInfinity(uniform))
            throw context.Error(DiagnosticCodes.MalformedQuantizer, $"scale {Number(uniform)} is not a positive finite number");
        if (zero != Math.Floor(zero) || Math.Abs(zero) > 1 << 20)
            throw QonnxDomains.Unsupported(context, $"zero-point {Number(zero)} on an activation (quantizer {quantizer}); supported: integer zero-points");
        var fraction = QonnxQuantizer.PowerOfTwoFraction(uniform);
        if (fraction is not null && zero == 0)
        {
            var (type, problem) = quantizer.ToPrecision(fraction.Value);
            if (type is null) throw QonnxDomains.Unsupported(context, problem!);
            QonnxDomains.EmitQuantizingActivation(context, type);
            return;
        }
        // Any other scale or zero-point (hls4ml's ApplyAlpha): x·(1/scale) + zeropt, the quantizer's integer type
        // (scale 1), then (q − zeropt)·scale. The integer step rounds as the model does; the two scalings are exact
        // products with the float32 constants, so results differ from the model by float32 rounding only (not
        // bit-exact: no fixed-point type holds a non-power-of-two scale).
        var (integer, integerProblem) = quantizer.ToPrecision(0);
        if (integer is null) throw QonnxDomains.Unsupported(context, integerProblem!);
        var (x, _) = context.HeldInput(0);
        var scaled = QonnxDomains.Affine(context, x, $"{context.LayerName}_scale", 1.0 / uniform, zero);
        var integerStep = context.AddLayer("Activation", $"{context.LayerName}_int", new[] { scaled }, new Dictionary<string, object?> { ["activation"] = "linear" });
        context.Producer(integerStep)!.ModelTypes["result"] = integer;
        // (q − zeropt) first, then the scale: both exact, where −zeropt·scale as one float32 bias would round.
        var shifted = zero == 0 ? integerStep : QonnxDomains.Affine(context, integerStep, $"{context.LayerName}_shift", 1.0, -zero);
        var y = QonnxDomains.Affine(context, shifted, context.LayerName, uniform, 0);
        context.SetOutputLike(0, y, x);
    }

    private static string Describe(OnnxTensor t) =>
        t.Size <= 4 ? "[" + string.Join(",", t.Values.Select(Number)) + "]" : $"of shape {Shape(t.Dims)}";
}

/// <summary>
/// QONNX BipolarQuant: y = (x ≥ 0 ? 1 : −1) · scale. Folded on constants; on a run-time tensor a sign activation
/// (result ap_int&lt;2&gt;) followed, for a power-of-two scale other than 1, by an exact scaling.
/// </summary>
public sealed class BipolarQuantHandler : IOnnxOpHandler
{
    public IReadOnlyList<string> OpTypes { get; } = QonnxDomains.Keys("BipolarQuant");

    public void Convert(OnnxNodeContext context)
    {
        var scale = QonnxDomains.Parameter(context, 1, "scale");
        if (context.IsConstant(0))
        {
            var w = context.Constant(0, "input");
            var s = QonnxDomains.PerElement(context, scale, w.Dims, "scale");
            context.SetConstantOutput(0, w.WithValues(w.Values.Select((v, k) => (v >= 0 ? 1.0 : -1.0) * s[k]).ToArray()));
            return;
        }
        var uniform = QonnxDomains.Uniform(scale)
            ?? throw QonnxDomains.Unsupported(context, "per-channel scale on an activation; supported: one power-of-two scale for the tensor");
        var fraction = QonnxQuantizer.PowerOfTwoFraction(uniform)
            ?? throw QonnxDomains.Unsupported(context, $"scale {Number(uniform)} on an activation is not a power of two; supported: scales 2^k");
        var (x, _) = context.HeldInput(0);
        var sign = context.AddLayer("Activation", fraction == 0 ? context.LayerName : $"{context.LayerName}_sign", new[] { x },
            new Dictionary<string, object?> { ["activation"] = QuantizationActivations.BipolarSign });
        context.Producer(sign)!.ModelTypes["result"] = new IntegerPrecision(2);
        if (fraction == 0) { context.SetOutputLike(0, sign, x); return; }
        // ±1 · 2^-F: an exact scaling into fixed<2, 2 - F>.
        var n = context.IrShape(sign)[^1];
        var scaled = context.AddLayer("BatchNormalization", context.LayerName, new[] { sign },
            new Dictionary<string, object?> { ["axis"] = context.IrShape(sign).Length - 1 },
            new Dictionary<string, WeightVariable>
            {
                ["scale"] = Weight("scale", new[] { n }, Enumerable.Repeat((float)uniform, n).ToArray()),
                ["bias"] = Weight("bias", new[] { n }, new float[n]),
            });
        context.Producer(scaled)!.ModelTypes["result"] = new FixedPrecision(2, 2 - fraction);
        context.SetOutputLike(0, scaled, x);
    }
}

/// <summary>
/// QONNX Trunc (opset 1: x, scale, zeropt, in_bitwidth, out_bitwidth; opset 2 adds out_scale before out_bitwidth):
/// drops in_bitwidth − out_bitwidth low bits of an integer at scale 'scale' with its rounding mode (FLOOR by default)
/// and clamps to out_bitwidth. As the reference rounds x/scale to an integer first (ties to even), that step is
/// a quantizing activation too (a no-op when the input is already on that grid); zero-point 0 only.
/// </summary>
public sealed class TruncHandler : IOnnxOpHandler
{
    public IReadOnlyList<string> OpTypes { get; } = QonnxDomains.Keys("Trunc");

    public void Convert(OnnxNodeContext context)
    {
        var scale = QonnxDomains.Parameter(context, 1, "scale");
        var zeropt = QonnxDomains.Parameter(context, 2, "zero-point");
        int inBits = QonnxDomains.BitWidth(context, 3, "input bit width");
        bool v2 = context.InputCount >= 6;
        int outBits = QonnxDomains.BitWidth(context, v2 ? 5 : 4, "output bit width");
        double inScale = QonnxDomains.Uniform(scale) ?? throw QonnxDomains.Unsupported(context, "per-channel scale; supported: one power-of-two scale");
        double outScale = v2 ? QonnxDomains.Uniform(QonnxDomains.Parameter(context, 4, "output scale")) ?? throw QonnxDomains.Unsupported(context, "per-channel output scale")
            : inScale * Math.Pow(2, inBits - outBits);
        if (zeropt.Values.Any(v => v != 0)) throw QonnxDomains.Unsupported(context, "non-zero zero-point; supported: zero-point 0");
        if (context.IsConstant(0)) throw QonnxDomains.Unsupported(context, "Trunc of a constant; supported: Trunc of run-time tensors");
        var inF = QonnxQuantizer.PowerOfTwoFraction(inScale) ?? throw QonnxDomains.Unsupported(context, $"input scale {Number(inScale)} is not a power of two");
        // The reference's trunc scale is 2^round(log2(out_scale / scale)).
        int shift = (int)Math.Round(Math.Log2(outScale / inScale));
        int outF = inF - shift;
        var mode = context.String("rounding_mode", "FLOOR").ToUpperInvariant();
        bool signed = context.Int("signed", 1) != 0, narrow = context.Int("narrow", 0) != 0;
        var grid = new QonnxQuantizer(Math.Max(inBits, 2) + 1, true, false, "ROUND").ToPrecision(inF);
        var output = new QonnxQuantizer(outBits, signed, narrow, mode).ToPrecision(outF);
        if (output.Type is null) throw QonnxDomains.Unsupported(context, output.Problem!);
        // Step 1 rounds to the input grid with a spare integer bit (the reference does not clamp there).
        var gridType = grid.Type! with { Overflow = OverflowMode.Wrap, TotalWidth = grid.Type!.TotalWidth + 8, Integer = grid.Type!.Integer + 8 };
        var (x, _) = context.HeldInput(0);
        var first = context.AddLayer("Activation", $"{context.LayerName}_round", new[] { x }, new Dictionary<string, object?> { ["activation"] = "linear" });
        context.Producer(first)!.ModelTypes["result"] = gridType;
        var y = context.AddLayer("Activation", context.LayerName, new[] { first }, new Dictionary<string, object?> { ["activation"] = "linear" });
        context.Producer(y)!.ModelTypes["result"] = output.Type;
        context.SetOutputLike(0, y, x);
    }
}
