using Hls4ml.Extensibility;

[assembly: HlsExtension(typeof(IdLayer.IdExtension))]

namespace IdLayer;

/// <summary>Registers the ID layer once per stage: Keras handler, IR layer, backend templates (+ headers) for io_parallel and io_stream.</summary>
public sealed class IdExtension : IHlsExtension
{
    public void Register(HlsRegistry registry)
    {
        registry.AddKerasHandler(new IdKerasHandler());
        registry.AddLayer(new IdLayerDefinition());
        // Paths are relative to this DLL's folder (the SDK sets it while Register runs).
        // io_stream: the same config and call templates; nnet_id_stream.h overloads nnet::identity on hls::stream.
        registry.AddTemplateWithStream(new LayerTemplate("ID", "templates/id_config.sbn", "templates/id_function.sbn",
            new[] { "nnet_utils/nnet_id.h" }), "nnet_utils/nnet_id.h", "nnet_utils/nnet_id_stream.h");
    }
}
