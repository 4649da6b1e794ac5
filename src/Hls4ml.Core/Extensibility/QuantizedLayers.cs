using Hls4ml.Frontends.Keras.Handlers;
using Hls4ml.Frontends.Keras.QKeras;

[assembly: Hls4ml.Extensibility.HlsExtension(typeof(Hls4ml.Extensibility.QuantizedLayers))]

namespace Hls4ml.Extensibility;

/// <summary>
/// Registers the quantization-aware Keras layers (QKeras) through the extension API. Each QKeras layer is read by
/// the plain Keras handler of the layer it extends, with its weights quantized and its quantizers' types attached.
/// </summary>
public sealed class QuantizedLayers : IHlsExtension
{
    public void Register(HlsRegistry registry)
    {
        var kernelAndBias = new Dictionary<string, string> { ["kernel"] = "kernel_quantizer", ["bias"] = "bias_quantizer" };
        registry.AddKerasHandler(new QKerasLayerHandler(new[] { "QDense" }, new DenseHandler(), kernelAndBias));
        registry.AddKerasHandler(new QKerasLayerHandler(new[] { "QConv1D", "QConv2D" }, new ConvHandler(), kernelAndBias));
        registry.AddKerasHandler(new QKerasLayerHandler(new[] { "QDepthwiseConv2D" }, new DepthwiseConvHandler(),
            new Dictionary<string, string> { ["depthwise_kernel"] = "depthwise_quantizer", ["kernel"] = "depthwise_quantizer", ["bias"] = "bias_quantizer" }));
        registry.AddKerasHandler(new QKerasLayerHandler(new[] { "QSeparableConv1D", "QSeparableConv2D" }, new SeparableConvHandler(),
            new Dictionary<string, string>
            {
                ["depthwise_kernel"] = "depthwise_quantizer", ["pointwise_kernel"] = "pointwise_quantizer", ["bias"] = "bias_quantizer",
            }));
        registry.AddKerasHandler(new QKerasLayerHandler(new[] { "QBatchNormalization" }, new BatchNormalizationHandler(),
            new Dictionary<string, string>
            {
                ["gamma"] = "gamma_quantizer", ["beta"] = "beta_quantizer", ["moving_mean"] = "mean_quantizer", ["moving_variance"] = "variance_quantizer",
            }));
        registry.AddKerasHandler(new QKerasLayerHandler(new[] { "QAveragePooling2D" }, new PoolingHandler(), new Dictionary<string, string>()));
        registry.AddKerasHandler(new QKerasLayerHandler(new[] { "QGlobalAveragePooling2D" }, new GlobalPoolingHandler(), new Dictionary<string, string>()));
        // QSimpleRNN/QLSTM/QGRU: kernel, recurrent and bias quantizers; the recurrent handler repacks the weights into
        // gate blocks, so the IR slots name the Keras weight whose quantizer types them.
        registry.AddKerasHandler(new QKerasLayerHandler(new[] { "QSimpleRNN", "QLSTM", "QGRU" }, new RecurrentHandler(),
            new Dictionary<string, string> { ["kernel"] = "kernel_quantizer", ["recurrent_kernel"] = "recurrent_quantizer", ["bias"] = "bias_quantizer" },
            new Dictionary<string, string> { ["weight"] = "kernel", ["recurrent_weight"] = "recurrent_kernel", ["bias"] = "bias", ["recurrent_bias"] = "bias" },
            recurrent: true));
        registry.AddKerasHandler(new QActivationHandler());
        registry.AddKerasHandler(new BinaryNetDenseHandler());

        // Batch normalization merged with a binary/ternary activation (MergeBatchNormThreshold pass): comparisons only.
        registry.AddLayer(new Ir.Layers.BatchNormThresholdDefinition());
        registry.AddTemplateWithStream(new LayerTemplate("BatchNormThreshold", "layers/batchnorm_threshold_config.sbn", "layers/batchnorm_threshold_function.sbn",
            new[] { "nnet_utils/nnet_batchnorm_threshold.h" }), "nnet_utils/nnet_batchnorm_threshold.h");
    }
}
