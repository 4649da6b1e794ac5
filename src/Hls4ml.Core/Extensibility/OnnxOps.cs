using Hls4ml.Frontends.Onnx.Handlers;
using Hls4ml.Ir.Layers.Onnx;

[assembly: Hls4ml.Extensibility.HlsExtension(typeof(Hls4ml.Extensibility.OnnxOps))]

namespace Hls4ml.Extensibility;

/// <summary>
/// Registers the ONNX frontend's op handlers through the extension API, one line per handler. They emit the IR layer
/// types the Keras frontend emits (Dense, Activation, Conv2D, ...), so both frontends share every later stage; those
/// IR definitions and templates are registered by the layer families themselves. IndexSelect (element wiring for
/// Slice/Split/Gather of run-time tensors) is the ONNX frontend's own.
/// </summary>
public sealed class OnnxOps : IHlsExtension
{
    public void Register(HlsRegistry registry)
    {
        registry.AddOnnxHandler(new GemmHandler());
        registry.AddOnnxHandler(new MatMulHandler());
        registry.AddOnnxHandler(new BinaryArithmeticHandler());
        registry.AddOnnxHandler(new MergeHandler());
        registry.AddOnnxHandler(new ActivationHandler());
        registry.AddOnnxHandler(new PReluHandler());
        registry.AddOnnxHandler(new SoftmaxHandler());
        registry.AddOnnxHandler(new BatchNormalizationHandler());
        registry.AddOnnxHandler(new ConvHandler());
        registry.AddOnnxHandler(new PoolingHandler());
        registry.AddOnnxHandler(new GlobalPoolingHandler());
        registry.AddOnnxHandler(new ReduceHandler());
        registry.AddOnnxHandler(new IdentityHandler());
        registry.AddOnnxHandler(new ReshapeHandler());
        registry.AddOnnxHandler(new TransposeHandler());
        registry.AddOnnxHandler(new ConcatHandler());
        registry.AddOnnxHandler(new PadHandler());
        registry.AddOnnxHandler(new ResizeHandler());
        registry.AddOnnxHandler(new SelectHandler());

        // The one IR layer of the ONNX frontend's own (Slice/Split/Gather of run-time tensors): a generated copy.
        registry.AddLayer(new IndexSelectDefinition());
        registry.AddTemplate(new LayerTemplate("IndexSelect", "", "layers/onnx_index_select_function.sbn", Array.Empty<string>()));
        registry.AddTemplate(new LayerTemplate("IndexSelect", "", "layers/generated_call.sbn", new[] { "nnet_utils/nnet_stream.h" }, IOType: "io_stream")
            { DefinitionTemplate = "layers/onnx_index_select_stream_definition.sbn" });
    }
}
