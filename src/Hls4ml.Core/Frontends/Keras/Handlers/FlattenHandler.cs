using Hls4ml.Diagnostics;
using Hls4ml.Extensibility;

namespace Hls4ml.Frontends.Keras.Handlers;

/// <summary>Keras Flatten → IR Flatten (channels_last order).</summary>
public sealed class FlattenHandler : IKerasLayerHandler
{
    public IReadOnlyList<string> ClassNames { get; } = new[] { "Flatten" };

    public void Parse(KerasLayerContext context)
    {
        // channels_first makes Keras transpose to channels-last before flattening; not implemented, so refuse it.
        if (context.GetString("data_format", "channels_last") == "channels_first" && context.InputShapes[0].Length > 1)
            throw context.Error(DiagnosticCodes.UnsupportedLayer,
                $"Flatten layer '{context.LayerName}' uses data_format='channels_first' on a {context.InputShapes[0].Length}-D input, which is not supported yet; use channels_last.");
        context.AddLayer("Flatten", context.LayerName, context.Inputs);
    }
}
