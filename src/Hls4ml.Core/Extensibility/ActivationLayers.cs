using Hls4ml.Frontends.Keras.Handlers;
using Hls4ml.Ir.Layers;
using Hls4ml.Ir.Layers.Activations;

[assembly: Hls4ml.Extensibility.HlsExtension(typeof(Hls4ml.Extensibility.ActivationLayers))]

namespace Hls4ml.Extensibility;

/// <summary>
/// Registers the activation layers beyond Activation/Softmax (which BuiltInLayers registers, with the Keras Activation
/// and ReLU handlers) and batch normalization: one line per layer per stage, through the extension API.
/// </summary>
public sealed class ActivationLayers : IHlsExtension
{
    private static readonly string[] ActivationHeader = { "nnet_utils/nnet_activation.h" };
    private const string ActivationStreamHeader = "nnet_utils/nnet_activation_stream.h";

    public void Register(HlsRegistry registry)
    {
        // IR stage
        registry.AddLayer(new LeakyReLUDefinition());
        registry.AddLayer(new ThresholdedReLUDefinition());
        registry.AddLayer(new ELUDefinition());
        registry.AddLayer(new ReLUOptionsDefinition());
        registry.AddLayer(new PReLUDefinition());
        registry.AddLayer(new BatchNormalizationDefinition());

        // Keras frontend stage
        registry.AddKerasHandler(new LeakyReLUHandler());
        registry.AddKerasHandler(new ThresholdedReLUHandler());
        registry.AddKerasHandler(new ELUHandler());
        registry.AddKerasHandler(new PReLUHandler());
        registry.AddKerasHandler(new SoftmaxHandler());
        registry.AddKerasHandler(new BatchNormalizationHandler());

        // Backend stage (shared by Vivado and Vitis; io_stream through the stream overloads of the same kernels)
        registry.AddTemplateWithStream(new LayerTemplate("LeakyReLU", "layers/param_activation_config.sbn", "layers/param_activation_function.sbn", ActivationHeader), ActivationStreamHeader);
        registry.AddTemplateWithStream(new LayerTemplate("ThresholdedReLU", "layers/param_activation_config.sbn", "layers/param_activation_function.sbn", ActivationHeader), ActivationStreamHeader);
        registry.AddTemplateWithStream(new LayerTemplate("ELU", "layers/param_activation_elu_config.sbn", "layers/param_activation_function.sbn", ActivationHeader), ActivationStreamHeader);
        registry.AddTemplateWithStream(new LayerTemplate("ReLU", "layers/param_activation_relu_config.sbn", "layers/activation_function.sbn", ActivationHeader), ActivationStreamHeader);
        registry.AddTemplateWithStream(new LayerTemplate("PReLU", "layers/param_activation_config.sbn", "layers/param_activation_prelu_function.sbn", ActivationHeader), ActivationStreamHeader);
        registry.AddTemplateWithStream(new LayerTemplate("BatchNormalization", "layers/batchnorm_config.sbn", "layers/batchnorm_function.sbn", new[] { "nnet_utils/nnet_batchnorm.h" }),
            "nnet_utils/nnet_batchnorm_stream.h");
    }
}
