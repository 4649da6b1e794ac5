using Hls4ml.Frontends.Keras.Handlers;
using Hls4ml.Ir.Layers;

[assembly: Hls4ml.Extensibility.HlsExtension(typeof(Hls4ml.Extensibility.ConvolutionLayers))]

namespace Hls4ml.Extensibility;

/// <summary>
/// Registers the convolution, pooling and shape layers (CNN family) through the extension API: IR definitions,
/// Keras handlers and io_parallel templates, one line per layer per stage.
/// </summary>
public sealed class ConvolutionLayers : IHlsExtension
{
    public void Register(HlsRegistry registry)
    {
        // IR stage
        registry.AddLayer(new Conv1DDefinition());
        registry.AddLayer(new Conv2DDefinition());
        registry.AddLayer(new DepthwiseConv1DDefinition());
        registry.AddLayer(new DepthwiseConv2DDefinition());
        registry.AddLayer(new Pooling1DDefinition());
        registry.AddLayer(new Pooling2DDefinition());
        registry.AddLayer(new GlobalPooling1DDefinition());
        registry.AddLayer(new GlobalPooling2DDefinition());
        registry.AddLayer(new ZeroPadding1DDefinition());
        registry.AddLayer(new ZeroPadding2DDefinition());
        registry.AddLayer(new Cropping1DDefinition());
        registry.AddLayer(new Cropping2DDefinition());
        registry.AddLayer(new UpSampling1DDefinition());
        registry.AddLayer(new UpSampling2DDefinition());
        registry.AddLayer(new TransposeDefinition());
        registry.AddLayer(new ReshapeDefinition());

        // Keras frontend stage
        registry.AddKerasHandler(new ConvHandler());
        registry.AddKerasHandler(new DepthwiseConvHandler());
        registry.AddKerasHandler(new SeparableConvHandler());
        registry.AddKerasHandler(new PoolingHandler());
        registry.AddKerasHandler(new GlobalPoolingHandler());
        registry.AddKerasHandler(new ZeroPaddingHandler());
        registry.AddKerasHandler(new CroppingHandler());
        registry.AddKerasHandler(new UpSamplingHandler());
        registry.AddKerasHandler(new ReshapeHandler());
        registry.AddKerasHandler(new PermuteHandler());

        // Backend stage (io_parallel and io_stream; the templates serve Vivado and Vitis)
        string[] conv = { "nnet_utils/nnet_conv.h" }, pooling = { "nnet_utils/nnet_pooling.h" };
        registry.AddTemplateWithStream(new LayerTemplate("Conv1D", "layers/conv_config.sbn", "layers/conv_function.sbn", conv), "nnet_utils/nnet_conv_stream.h");
        registry.AddTemplateWithStream(new LayerTemplate("Conv2D", "layers/conv_config.sbn", "layers/conv_function.sbn", conv), "nnet_utils/nnet_conv_stream.h");
        registry.AddTemplateWithStream(new LayerTemplate("DepthwiseConv1D", "layers/depthwise_config.sbn", "layers/depthwise_function.sbn", conv), "nnet_utils/nnet_conv_stream.h");
        registry.AddTemplateWithStream(new LayerTemplate("DepthwiseConv2D", "layers/depthwise_config.sbn", "layers/depthwise_function.sbn", conv), "nnet_utils/nnet_conv_stream.h");
        registry.AddTemplateWithStream(new LayerTemplate("Pooling1D", "layers/pooling_config.sbn", "layers/pooling_function.sbn", pooling), "nnet_utils/nnet_pooling_stream.h");
        registry.AddTemplateWithStream(new LayerTemplate("Pooling2D", "layers/pooling_config.sbn", "layers/pooling_function.sbn", pooling), "nnet_utils/nnet_pooling_stream.h");
        registry.AddTemplateWithStream(new LayerTemplate("GlobalPooling1D", "layers/global_pooling_config.sbn", "layers/global_pooling_function.sbn", pooling), "nnet_utils/nnet_pooling_stream.h");
        registry.AddTemplateWithStream(new LayerTemplate("GlobalPooling2D", "layers/global_pooling_config.sbn", "layers/global_pooling_function.sbn", pooling), "nnet_utils/nnet_pooling_stream.h");
        string[] padding = { "nnet_utils/nnet_padding.h" }, cropping = { "nnet_utils/nnet_cropping.h" }, image = { "nnet_utils/nnet_image.h" };
        registry.AddTemplateWithStream(new LayerTemplate("ZeroPadding1D", "layers/zeropadding_config.sbn", "layers/zeropadding_function.sbn", padding), "nnet_utils/nnet_padding_stream.h");
        registry.AddTemplateWithStream(new LayerTemplate("ZeroPadding2D", "layers/zeropadding_config.sbn", "layers/zeropadding_function.sbn", padding), "nnet_utils/nnet_padding_stream.h");
        registry.AddTemplateWithStream(new LayerTemplate("Cropping1D", "layers/cropping_config.sbn", "layers/cropping_function.sbn", cropping), "nnet_utils/nnet_cropping_stream.h");
        registry.AddTemplateWithStream(new LayerTemplate("Cropping2D", "layers/cropping_config.sbn", "layers/cropping_function.sbn", cropping), "nnet_utils/nnet_cropping_stream.h");
        registry.AddTemplateWithStream(new LayerTemplate("UpSampling1D", "layers/upsampling_config.sbn", "layers/upsampling_function.sbn", image), "nnet_utils/nnet_image_stream.h");
        registry.AddTemplateWithStream(new LayerTemplate("UpSampling2D", "layers/upsampling_config.sbn", "layers/upsampling_function.sbn", image), "nnet_utils/nnet_image_stream.h");
        registry.AddTemplateWithStream(new LayerTemplate("Transpose", "layers/transpose_config.sbn", "layers/transpose_function.sbn", new[] { "nnet_utils/nnet_transpose.h" }),
            "nnet_utils/nnet_transpose_stream.h");
        // io_parallel: only reached when a Reshape is the whole model (otherwise AliasParallelReshapes removes it).
        registry.AddTemplate(new LayerTemplate("Reshape", "", "layers/reshape_function.sbn", Array.Empty<string>()));
        registry.AddTemplate(new LayerTemplate("Reshape", "", "layers/repack_stream_function.sbn", new[] { "nnet_utils/nnet_stream.h" }, IOType: "io_stream"));
    }
}
