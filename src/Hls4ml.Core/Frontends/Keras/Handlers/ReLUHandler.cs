using Hls4ml.Diagnostics;
using Hls4ml.Extensibility;
using Newtonsoft.Json.Linq;

namespace Hls4ml.Frontends.Keras.Handlers;

/// <summary>
/// Keras ReLU layer → IR Activation relu. Its options (max_value, negative_slope, threshold) are not implemented yet;
/// non-default values are an error rather than being dropped.
/// </summary>
public sealed class ReLUHandler : IKerasLayerHandler
{
    public IReadOnlyList<string> ClassNames { get; } = new[] { "ReLU" };

    public void Parse(KerasLayerContext context)
    {
        var set = new List<string>();
        if (context.Config["max_value"] is { Type: not JTokenType.Null } max) set.Add($"max_value={max}");
        if (context.GetDouble("negative_slope") is double slope && slope != 0) set.Add($"negative_slope={slope}");
        if (context.GetDouble("threshold") is double threshold && threshold != 0) set.Add($"threshold={threshold}");
        if (set.Count > 0)
            throw context.Error(DiagnosticCodes.UnsupportedActivation,
                $"ReLU layer '{context.LayerName}' sets {string.Join(", ", set)}; these ReLU options are not supported yet (only the plain ReLU is). Use ReLU() without options, or Activation('relu').");
        KerasActivations.Add(context, context.LayerName, "relu", context.Inputs[0]);
    }
}
