using Hls4ml.Extensibility;

namespace Hls4ml.Frontends.Keras.Handlers;

/// <summary>Keras Activation layer → IR Softmax (softmax) or Activation (relu, sigmoid, tanh, linear), same name.</summary>
public sealed class ActivationHandler : IKerasLayerHandler
{
    public IReadOnlyList<string> ClassNames { get; } = new[] { "Activation" };

    public void Parse(KerasLayerContext context) =>
        KerasActivations.Add(context, context.LayerName, KerasActivations.ReadName(context), context.Inputs[0]);
}
