using Hls4ml.Frontends.Keras.Handlers;
using Hls4ml.Ir.Layers.Merge;

[assembly: Hls4ml.Extensibility.HlsExtension(typeof(Hls4ml.Extensibility.MergeLayers))]

namespace Hls4ml.Extensibility;

/// <summary>Merge layers (element-wise merges, Concatenate, Dot), registered once per stage.</summary>
public sealed class MergeLayers : IHlsExtension
{
    public void Register(HlsRegistry registry)
    {
        registry.AddLayer(new MergeDefinition());
        registry.AddLayer(new ConcatenateDefinition());
        registry.AddLayer(new DotDefinition());

        registry.AddKerasHandler(new MergeHandler());
        registry.AddKerasHandler(new ConcatenateHandler());
        registry.AddKerasHandler(new DotHandler());

        // Generated loops (no header): every input read at full precision, one conversion to result_t.
        registry.AddTemplate(new LayerTemplate("Merge", "", "layers/merge_function.sbn", Array.Empty<string>()));
        registry.AddTemplate(new LayerTemplate("Concatenate", "", "layers/concatenate_function.sbn", Array.Empty<string>()));
        registry.AddTemplate(new LayerTemplate("Dot", "", "layers/dot_function.sbn", Array.Empty<string>()));
        // io_stream: the same element arithmetic, word by word (Dot buffers both vectors), in a generated function each.
        string[] stream = { "nnet_utils/nnet_stream.h" };
        registry.AddTemplate(new LayerTemplate("Merge", "", "layers/generated_call.sbn", stream, IOType: "io_stream")
            { DefinitionTemplate = "layers/merge_stream_definition.sbn" });
        registry.AddTemplate(new LayerTemplate("Concatenate", "", "layers/generated_call.sbn", stream, IOType: "io_stream")
            { DefinitionTemplate = "layers/concatenate_stream_definition.sbn" });
        registry.AddTemplate(new LayerTemplate("Dot", "", "layers/generated_call.sbn", stream, IOType: "io_stream")
            { DefinitionTemplate = "layers/dot_stream_definition.sbn" });
    }
}
