using Hls4ml.Extensibility;
using Hls4ml.Ir;
using static Hls4ml.Frontends.Onnx.Handlers.OnnxHandlerHelpers;

namespace Hls4ml.Frontends.Onnx.Handlers;

/// <summary>
/// Gemm (Y = alpha · A' · B' + beta · C, transB/alpha/beta folded into the weights) → IR Dense. The input is read
/// flat in the order the IR holds it and the weight rows are permuted to match, so a Flatten of a channels-last
/// feature map costs no Transpose.
/// </summary>
public sealed class GemmHandler : IOnnxOpHandler
{
    public IReadOnlyList<string> OpTypes { get; } = new[] { "Gemm" };

    public void Convert(OnnxNodeContext context)
    {
        if (context.Int("transA", 0) != 0)
            throw context.Unsupported("transA=1 (the batch axis would be transposed); export the layer as x @ W");
        var aShape = context.InputShape(0);
        if (aShape.Length != 2)
            throw context.Unsupported($"input A has shape {Shape(aShape)}; Gemm needs (batch, features)");
        var b = context.Constant(1, "weight B");
        if (b.Rank != 2) throw context.Unsupported($"weight B has shape {Shape(b.Dims)}; expected 2-D");
        var w = context.Int("transB", 0) != 0 ? b.Transpose(new[] { 1, 0 }) : b;
        int k = w.Dims[0], n = w.Dims[1];
        if (k != aShape[1])
            throw context.Unsupported($"weight B' has shape {Shape(w.Dims)} but A has {aShape[1]} features");
        double alpha = context.Float("alpha", 1f), beta = context.Float("beta", 1f);
        var c = context.OptionalConstant(2, "bias C");
        double[]? bias = null;
        if (c is not null)
        {
            bias = c.BroadcastTo(new[] { 1, n }) ?? c.BroadcastTo(new[] { n })
                ?? throw context.Unsupported($"bias C of shape {Shape(c.Dims)} does not broadcast to (1, {n})");
        }
        DenseEmitter.Emit(context, 0, w, alpha, bias?.Select(v => beta * v).ToArray());
    }
}

/// <summary>
/// MatMul with a constant right operand → IR Dense on a (batch, features) input; on a (batch, ..., features) input a
/// pointwise (1 or 1×1) convolution over the leading axes, which computes the same product per position.
/// A following Add of a constant vector becomes the bias (see the Add handler).
/// </summary>
public sealed class MatMulHandler : IOnnxOpHandler
{
    public IReadOnlyList<string> OpTypes { get; } = new[] { "MatMul" };

    public void Convert(OnnxNodeContext context)
    {
        if (context.IsConstant(0))
            throw context.Unsupported("the left operand is a constant and the right one computed at run time; only x @ W with constant W is supported");
        var w = context.Constant(1, "weight");
        var a = context.InputShape(0);
        bool vector = w.Rank == 1;
        if (vector) w = w.Reshape(new[] { w.Dims[0], 1 });
        if (w.Rank != 2)
            throw context.Unsupported($"the weight has shape {Shape(w.Dims)}; only a 2-D (features, units) weight is supported");
        if (a.Length < 2 || a[^1] != w.Dims[0])
            throw context.Unsupported($"input {Shape(a)} does not match the weight {Shape(w.Dims)}");
        if (a.Length == 2)
        {
            var dense = DenseEmitter.Emit(context, 0, w, 1.0, null, set: !vector);
            if (vector) context.SetOutputReshaped(0, dense, new[] { 1 });
            return;
        }
        if (vector || a.Length > 4)
            throw context.Unsupported($"a matrix product of a {a.Length}-D input {(vector ? "with a vector" : "")} is not supported");
        // (batch, positions..., features) @ W: a pointwise convolution, features as channels (ONNX order is channels-last here).
        int rank = a.Length - 2, k = w.Dims[0], n = w.Dims[1];
        var input = context.NativeInput(0);
        var kernel = Weight("weight", Enumerable.Repeat(1, rank).Concat(new[] { k, n }).ToArray(), w.ToFloats());
        var conv = context.AddLayer(rank == 1 ? "Conv1D" : "Conv2D", context.LayerName, new[] { input },
            new Dictionary<string, object?>
            {
                ["kernel_size"] = Enumerable.Repeat(1, rank).ToArray(), ["strides"] = Enumerable.Repeat(1, rank).ToArray(), ["padding"] = "valid",
            },
            new Dictionary<string, WeightVariable> { ["weight"] = kernel, ["bias"] = Weight("bias", new[] { n }, new float[n]) });
        context.SetOutput(0, conv);
    }
}

/// <summary>The Dense both Gemm and MatMul become.</summary>
internal static class DenseEmitter
{
    /// <summary>Dense from input 'input' (read flat, weight rows permuted to the IR's element order), W = alpha·w [features, units], optional bias; sets output 0 unless 'set' is false.</summary>
    public static string Emit(OnnxNodeContext context, int input, OnnxTensor w, double alpha, double[]? bias, bool set = true)
    {
        int k = w.Dims[0], n = w.Dims[1];
        var (tensor, index) = context.FlatInput(input);
        var data = new float[k * n];
        // Row r of the IR weight multiplies IR element r, which holds ONNX feature index[r].
        for (int r = 0; r < k; r++)
            for (int j = 0; j < n; j++)
                data[r * n + j] = (float)(alpha * w.Values[index[r] * n + j]);
        var b = new float[n];
        if (bias is not null) for (int j = 0; j < n; j++) b[j] = (float)bias[j];
        var dense = context.AddLayer("Dense", context.LayerName, new[] { tensor }, weights: new Dictionary<string, WeightVariable>
        {
            ["weight"] = Weight("weight", new[] { k, n }, data),
            ["bias"] = Weight("bias", new[] { n }, b),
        });
        if (set) context.SetOutput(0, dense);
        return dense;
    }
}
