using Hls4ml.Extensibility;

namespace Hls4ml.Frontends.Keras.Handlers;

/// <summary>Keras Dropout → IR Dropout (identity at inference; the RemoveDropout pass takes it out).</summary>
public sealed class DropoutHandler : IKerasLayerHandler
{
    public IReadOnlyList<string> ClassNames { get; } = new[] { "Dropout" };

    public void Parse(KerasLayerContext context) =>
        context.AddLayer("Dropout", context.LayerName, context.Inputs,
            new Dictionary<string, object?> { ["rate"] = context.GetDouble("rate") ?? 0.0 });
}
