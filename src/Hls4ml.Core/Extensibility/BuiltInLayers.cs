using Hls4ml.Frontends.Keras.Handlers;
using Hls4ml.Ir.Layers;

[assembly: Hls4ml.Extensibility.HlsExtension(typeof(Hls4ml.Extensibility.BuiltInLayers))]

namespace Hls4ml.Extensibility;

/// <summary>
/// Registers the core built-in layers through the same API extensions use: one line per layer per stage.
/// Other layer families register in their own files, each with its own [assembly: HlsExtension] line.
/// </summary>
public sealed class BuiltInLayers : IHlsExtension
{
    public void Register(HlsRegistry registry)
    {
        // IR stage
        registry.AddLayer(new InputLayerDefinition());
        registry.AddLayer(new DenseDefinition());
        registry.AddLayer(new ActivationDefinition(registry));
        foreach (var function in Ir.Layers.Activations.ActivationFunctions.All)
            registry.AddActivation(function, Ir.Layers.Activations.ActivationFunctions.Aliases.Where(a => a.Value == function.Name).Select(a => a.Key));
        registry.AddLayer(new SoftmaxDefinition());
        registry.AddLayer(new DropoutDefinition());
        registry.AddLayer(new FlattenDefinition());

        // Keras frontend stage
        registry.AddKerasHandler(new InputLayerHandler());
        registry.AddKerasHandler(new DenseHandler());
        registry.AddKerasHandler(new ActivationHandler());
        registry.AddKerasHandler(new ReLUHandler());
        registry.AddKerasHandler(new DropoutHandler());
        registry.AddKerasHandler(new FlattenHandler());

        // Backend stage (Vivado templates serve Vitis unless Vitis declares an override)
        Backends.BuiltInTemplates.Register(registry);
    }
}
