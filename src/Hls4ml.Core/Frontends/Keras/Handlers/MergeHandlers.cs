using Hls4ml.Diagnostics;
using Hls4ml.Extensibility;
using Newtonsoft.Json.Linq;

namespace Hls4ml.Frontends.Keras.Handlers;

/// <summary>Add, Subtract, Multiply, Average, Maximum, Minimum (any number of inputs where Keras allows it) → IR Merge.</summary>
public sealed class MergeHandler : IKerasLayerHandler
{
    public IReadOnlyList<string> ClassNames { get; } = new[] { "Add", "Subtract", "Multiply", "Average", "Maximum", "Minimum" };

    public void Parse(KerasLayerContext context) =>
        context.AddLayer("Merge", context.LayerName, context.Inputs,
            new Dictionary<string, object?> { ["op"] = context.ClassName.ToLowerInvariant() });
}

/// <summary>Concatenate(axis) → IR Concatenate (axis counted without the batch dimension).</summary>
public sealed class ConcatenateHandler : IKerasLayerHandler
{
    public IReadOnlyList<string> ClassNames { get; } = new[] { "Concatenate" };

    public void Parse(KerasLayerContext context)
    {
        int axis = context.GetInt("axis", -1);
        // Keras counts the batch axis: axis 1 is our axis 0; negative axes count from the end either way.
        context.AddLayer("Concatenate", context.LayerName, context.Inputs,
            new Dictionary<string, object?> { ["axis"] = axis > 0 ? axis - 1 : axis });
    }
}

/// <summary>Dot(axes) of two vectors → IR Dot. normalize=True (cosine similarity) is rejected, never ignored.</summary>
public sealed class DotHandler : IKerasLayerHandler
{
    public IReadOnlyList<string> ClassNames { get; } = new[] { "Dot" };

    public void Parse(KerasLayerContext context)
    {
        if (context.GetBool("normalize", false))
            throw context.Error(DiagnosticCodes.UnsupportedLayer, "Dot with normalize=True (cosine proximity) is not supported.");
        var axes = context.Config["axes"];
        bool lastAxis = axes switch
        {
            JValue v when JsonInts.TryLong(v, out var n) => n is 1 or -1,
            JArray { Count: 2 } a => a.All(x => JsonInts.TryLong(x, out var n) && n is 1 or -1),
            _ => false,
        };
        if (!lastAxis)
            throw context.Error(DiagnosticCodes.UnsupportedLayer, $"Dot over axes {axes?.ToString(Newtonsoft.Json.Formatting.None)} is not supported; only the dot product of two vectors (axes=1).");
        context.AddLayer("Dot", context.LayerName, context.Inputs);
    }
}
