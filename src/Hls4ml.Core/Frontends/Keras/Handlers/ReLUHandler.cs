using Hls4ml.Extensibility;

namespace Hls4ml.Frontends.Keras.Handlers;

/// <summary>
/// Keras ReLU layer. Without options it is the IR Activation relu (as hls4ml maps it); with max_value,
/// negative_slope or threshold it is the IR ReLU layer, which implements them exactly (hls4ml silently drops them).
/// </summary>
public sealed class ReLUHandler : IKerasLayerHandler
{
    public IReadOnlyList<string> ClassNames { get; } = new[] { "ReLU" };

    public void Parse(KerasLayerContext context)
    {
        var max = KerasActivations.OptionalNumber(context, "max_value");
        double slope = KerasActivations.OptionalNumber(context, "negative_slope") ?? 0;
        double threshold = KerasActivations.OptionalNumber(context, "threshold") ?? 0;
        if (max is null && slope == 0 && threshold == 0)
        {
            KerasActivations.Add(context, context.LayerName, "relu", context.Inputs[0]);
            return;
        }
        if (max is < 0)
            throw context.Error(Diagnostics.DiagnosticCodes.UnsupportedActivation,
                $"ReLU layer '{context.LayerName}' has max_value={max}; it must be >= 0.");
        context.AddLayer("ReLU", context.LayerName, context.Inputs, new Dictionary<string, object?>
        {
            ["max_value"] = max, ["negative_slope"] = slope, ["threshold"] = threshold,
        });
    }
}
