using Hls4ml.Extensibility;

namespace IdLayer;

/// <summary>Step 1-2: the Keras class name 'ID' and its parser: one IR layer of type ID reading the same input.</summary>
public sealed class IdKerasHandler : IKerasLayerHandler
{
    public IReadOnlyList<string> ClassNames { get; } = new[] { "ID" };

    public void Parse(KerasLayerContext context) =>
        context.AddLayer("ID", context.LayerName, context.Inputs);
}
