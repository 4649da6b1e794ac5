using Hls4ml.Diagnostics;
using Hls4ml.Extensibility;
using Newtonsoft.Json.Linq;

namespace Hls4ml.Frontends.Keras.Handlers;

/// <summary>Keras InputLayer → IR Input with attribute <c>shape</c> (batch dimension dropped).</summary>
public sealed class InputLayerHandler : IKerasLayerHandler
{
    public IReadOnlyList<string> ClassNames { get; } = new[] { "InputLayer" };

    public void Parse(KerasLayerContext context)
    {
        var batchShape = context.Config["batch_input_shape"] ?? context.Config["batch_shape"];
        if (batchShape is not JArray { Count: >= 2 } dims)
            throw context.Error(DiagnosticCodes.UnreadableModelFile,
                $"InputLayer '{context.LayerName}' has no usable 'batch_input_shape' (got {batchShape?.ToString(Newtonsoft.Json.Formatting.None) ?? "nothing"}).");
        var shape = new int[dims.Count - 1];
        for (int i = 1; i < dims.Count; i++)
        {
            if (!JsonInts.TryLong(dims[i], out var d) || d <= 0 || d > int.MaxValue)
                throw context.Error(DiagnosticCodes.ShapeMismatch,
                    $"input '{context.LayerName}' has shape {dims.ToString(Newtonsoft.Json.Formatting.None)}: every dimension but the batch must be a fixed positive size.");
            shape[i - 1] = (int)d;
        }
        context.AddLayer("Input", context.LayerName, Array.Empty<string>(), new Dictionary<string, object?> { ["shape"] = shape });
    }
}
