using Hls4ml.Extensibility;

[assembly: HlsExtension(typeof(HlsLayer1.HlsLayer1Extension))]

namespace HlsLayer1;

/// <summary>Registers the layer at every stage: Keras handler, IR definition, backend templates and headers (io_parallel and io_stream).</summary>
public sealed class HlsLayer1Extension : IHlsExtension
{
    public const string TypeName = "HlsLayer1";

    public void Register(HlsRegistry registry)
    {
        registry.AddKerasHandler(new HlsLayer1KerasHandler());
        registry.AddLayer(new HlsLayer1Definition());
        // Paths are relative to this DLL's folder (the SDK sets it while Register runs). The stream header overloads
        // the same function on hls::stream, so one pair of templates serves both io types.
        registry.AddTemplateWithStream(new LayerTemplate(TypeName, "templates/hlslayer1_config.sbn", "templates/hlslayer1_function.sbn",
            new[] { "nnet_utils/nnet_hlslayer1.h" }), "nnet_utils/nnet_hlslayer1.h", "nnet_utils/nnet_hlslayer1_stream.h");
    }
}
