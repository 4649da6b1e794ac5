using Hls4ml.Extensibility;

namespace Hls4ml.Frontends.Keras.Handlers;

/// <summary>
/// Keras Flatten → IR Flatten (row-major, any rank). With data_format='channels_first' Keras first moves the first
/// axis last; that becomes a Transpose (<c>&lt;layer&gt;_transpose</c>) before the Flatten.
/// </summary>
public sealed class FlattenHandler : IKerasLayerHandler
{
    public IReadOnlyList<string> ClassNames { get; } = new[] { "Flatten" };

    public void Parse(KerasLayerContext context)
    {
        var input = context.Inputs[0];
        int rank = context.InputShapes[0].Length;
        if (context.GetString("data_format", "channels_last") == "channels_first" && rank > 1)
        {
            var perm = Enumerable.Range(1, rank - 1).Append(0).ToArray();
            input = context.AddLayer("Transpose", context.LayerName + "_transpose", new[] { input },
                new Dictionary<string, object?> { ["perm"] = perm });
        }
        context.AddLayer("Flatten", context.LayerName, new[] { input });
    }
}
