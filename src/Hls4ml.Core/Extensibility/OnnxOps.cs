using Hls4ml.Frontends.Onnx.Handlers;

[assembly: Hls4ml.Extensibility.HlsExtension(typeof(Hls4ml.Extensibility.OnnxOps))]

namespace Hls4ml.Extensibility;

/// <summary>
/// Registers the ONNX frontend's op handlers through the extension API, one line per handler. They emit the IR layer
/// types the Keras frontend emits (Dense, Activation, Conv2D, ...), so both frontends share every later stage; the
/// IR definitions and templates are registered by the layer families themselves.
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
    }
}
