using Hls4ml.Extensibility;
using Hls4ml.Ir.Layers;
using static Hls4ml.Frontends.Onnx.Handlers.OnnxHandlerHelpers;

namespace Hls4ml.Frontends.Onnx.Handlers;

/// <summary>
/// BatchNormalization (inference) → IR BatchNormalization with scale = gamma / sqrt(var + eps) and
/// bias = beta − mean · scale over the channel axis (axis 1), along the IR axis that holds the channels; the
/// FuseBatchNorm pass folds it into a Dense/Conv just before (Conv + BatchNormalization folded).
/// </summary>
public sealed class BatchNormalizationHandler : IOnnxOpHandler
{
    public IReadOnlyList<string> OpTypes { get; } = new[] { "BatchNormalization" };

    public void Convert(OnnxNodeContext context)
    {
        if (context.Int("training_mode", 0) != 0)
            throw context.Unsupported("training_mode=1; export the model in eval() mode");
        for (int o = 1; o < context.OutputCount; o++)
            if (context.IsOutputUsed(o))
                throw context.Unsupported($"its running statistics (output {o}) are used; export the model in eval() mode");
        var shape = context.InputShape(0);
        if (shape.Length < 2) throw context.Unsupported($"input {Shape(shape)} has no channel axis");
        var gamma = context.Constant(1, "scale");
        var beta = context.Constant(2, "bias");
        var mean = context.Constant(3, "mean");
        var variance = context.Constant(4, "variance");
        double epsilon = context.Float("epsilon", 1e-5f);
        // spatial=0 (opsets before 9): statistics per element of (C, D1, ...) instead of per channel.
        bool spatial = context.Opset >= 9 || context.Int("spatial", 1) != 0;
        int channels = shape[1];
        foreach (var t in new[] { gamma, beta, mean, variance })
            if (spatial ? t.Size != channels : t.Size != shape.Skip(1).Aggregate(1, (a, b) => a * b))
                throw context.Unsupported($"parameter '{t.Name}' has {t.Size} values for an input {Shape(shape)}");
        if (variance.Values.Any(v => v + epsilon <= 0 || double.IsNaN(v)))
            throw context.Unsupported("a variance + epsilon is not positive");
        var (scale, bias) = BatchNormalizationDefinition.Fold(gamma.ToFloats(), beta.ToFloats(), mean.ToFloats(), variance.ToFloats(), epsilon);
        int[] dims = spatial ? new[] { channels }.Concat(Enumerable.Repeat(1, shape.Length - 2)).ToArray() : shape[1..];
        var perElementShape = new[] { 1 }.Concat(dims).ToArray();
        var s = new OnnxTensor(perElementShape, scale.Select(v => (double)v).ToArray()).BroadcastTo(shape)!;
        var b = new OnnxTensor(perElementShape, bias.Select(v => (double)v).ToArray()).BroadcastTo(shape)!;
        EmitAffine(context, 0, s, b, context.LayerName);
    }
}
