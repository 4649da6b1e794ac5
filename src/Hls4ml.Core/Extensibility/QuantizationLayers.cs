using Hls4ml.Frontends.Keras.Hgq;
using Hls4ml.Frontends.Onnx.Qonnx;
using Hls4ml.Ir.Layers.Activations;
using Hls4ml.Ir.Layers.Quantization;

[assembly: Hls4ml.Extensibility.HlsExtension(typeof(Hls4ml.Extensibility.QuantizationLayers))]

namespace Hls4ml.Extensibility;

/// <summary>Activation functions of quantization-aware models.</summary>
public static class QuantizationActivations
{
    /// <summary>x ≥ 0 ? 1 : −1 (QONNX BipolarQuant on activations).</summary>
    public const string BipolarSign = "bipolar_sign";
}

/// <summary>
/// Registers the quantization-aware frontends (QONNX Quant/BipolarQuant/Trunc and QONNX's channels-last Conv/MaxPool;
/// HGQ proxy models' FixedPointQuantizer) and their IR layer, through the extension API. Precisions come from the
/// quantizers (Layer.ModelTypes) and Passes.Quantization.ExactPrecisions.
/// </summary>
public sealed class QuantizationLayers : IHlsExtension
{
    public void Register(HlsRegistry registry)
    {
        registry.AddOnnxHandler(new QuantHandler());
        registry.AddOnnxHandler(new BipolarQuantHandler());
        registry.AddOnnxHandler(new TruncHandler());
        registry.AddOnnxHandler(new ChannelsLastConvHandler());
        registry.AddOnnxHandler(new ChannelsLastMaxPoolHandler());

        registry.AddKerasHandler(new FixedPointQuantizerHandler());
        registry.AddKerasHandler(new HgqTrainingLayerHandler());

        registry.AddActivation(new ActivationFunction(QuantizationActivations.BipolarSign, false, "x >= 0 ? 1 : -1", (_, x) => x >= 0 ? 1 : -1,
            Headers: new[] { "nnet_utils/nnet_quantization.h", "nnet_utils/nnet_quantization_stream.h" }));

        registry.AddLayer(new FixedPointQuantizerDefinition());
        registry.AddTemplate(new LayerTemplate(QuantizerTypes.FixedPointQuantizer, "", "layers/fixed_point_quantizer_function.sbn", Array.Empty<string>()));
        registry.AddTemplate(new LayerTemplate(QuantizerTypes.FixedPointQuantizer, "", "layers/generated_call.sbn", new[] { "nnet_utils/nnet_stream.h" }, IOType: "io_stream")
            { DefinitionTemplate = "layers/fixed_point_quantizer_stream_definition.sbn" });
    }
}
