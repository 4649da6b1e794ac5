using Hls4ml.Diagnostics;
using Hls4ml.Extensibility;
using Hls4ml.Ir;
using Hls4ml.Ir.Layers;

namespace Hls4ml.Frontends.Keras.Handlers;

/// <summary>
/// Keras BatchNormalization → IR BatchNormalization with weights scale = gamma / sqrt(moving_variance + epsilon)
/// and bias = beta - moving_mean * scale (gamma absent when scale=False, beta when center=False), over one axis.
/// </summary>
public sealed class BatchNormalizationHandler : IKerasLayerHandler
{
    public IReadOnlyList<string> ClassNames { get; } = new[] { "BatchNormalization" };

    public void Parse(KerasLayerContext context)
    {
        var shape = context.InputShapes[0];
        int axis = KerasActivations.FeatureAxis(context, "axis", shape.Length) ?? shape.Length - 1;
        int channels = shape[axis];
        double epsilon = KerasActivations.OptionalNumber(context, "epsilon") ?? 1e-3;
        float[]? Optional(string flag, string weight)
        {
            if (!context.GetBool(flag, true)) return null;
            var w = context.RequireWeight(weight);
            context.RequireShape(w, weight, channels);
            return w.Data;
        }
        var gamma = Optional("scale", "gamma");
        var beta = Optional("center", "beta");
        var mean = context.RequireWeight("moving_mean");
        var variance = context.RequireWeight("moving_variance");
        context.RequireShape(mean, "moving_mean", channels);
        context.RequireShape(variance, "moving_variance", channels);
        if (variance.Data.Any(v => v + epsilon <= 0 || float.IsNaN(v)))
            throw context.Error(DiagnosticCodes.UnreadableModelFile,
                $"BatchNormalization layer '{context.LayerName}' has a moving_variance with variance + epsilon <= 0.");
        var (scale, bias) = BatchNormalizationDefinition.Fold(gamma, beta, mean.Data, variance.Data, epsilon);
        context.AddLayer("BatchNormalization", context.LayerName, context.Inputs, new Dictionary<string, object?>
        {
            ["axis"] = axis, ["epsilon"] = epsilon,
        }, new Dictionary<string, WeightVariable>
        {
            ["scale"] = new() { Name = "scale", Shape = new[] { channels }, Data = scale },
            ["bias"] = new() { Name = "bias", Shape = new[] { channels }, Data = bias },
        });
    }
}
