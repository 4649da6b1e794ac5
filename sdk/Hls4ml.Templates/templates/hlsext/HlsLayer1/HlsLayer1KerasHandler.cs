using Hls4ml.Extensibility;

namespace HlsLayer1;

/// <summary>Keras class 'HlsLayer1' → one IR layer of the same type reading the same inputs. Read layer options from context.Config.</summary>
public sealed class HlsLayer1KerasHandler : IKerasLayerHandler
{
    public IReadOnlyList<string> ClassNames { get; } = new[] { HlsLayer1Extension.TypeName };

    public void Parse(KerasLayerContext context) =>
        context.AddLayer(HlsLayer1Extension.TypeName, context.LayerName, context.Inputs);
}
