using Hls4ml.Frontends.Keras.Handlers;
using Hls4ml.Ir.Layers.Recurrent;

[assembly: Hls4ml.Extensibility.HlsExtension(typeof(Hls4ml.Extensibility.RecurrentLayers))]

namespace Hls4ml.Extensibility;

/// <summary>
/// Registers the sequence and graph layers (SimpleRNN, LSTM, GRU, their Bidirectional form, Embedding, GarNet/GarNetStack) through the extension API:
/// IR definitions, Keras and ONNX handlers, and io_parallel/io_stream templates.
/// </summary>
public sealed class RecurrentLayers : IHlsExtension
{
    public void Register(HlsRegistry registry)
    {
        // IR stage
        registry.AddLayer(new SimpleRnnDefinition(registry));
        registry.AddLayer(new LstmDefinition(registry));
        registry.AddLayer(new GruDefinition(registry));
        registry.AddLayer(new EmbeddingDefinition());
        registry.AddLayer(new Ir.Layers.Graph.GarNetDefinition(registry));

        // Keras frontend stage
        registry.AddKerasHandler(new RecurrentHandler());
        registry.AddKerasHandler(new EmbeddingHandler());
        registry.AddKerasHandler(new GarNetHandler());
        registry.AddKerasHandler(new TimeDistributedHandler());

        // ONNX frontend stage (Gather on a constant table → Embedding is recognized by the Gather handler)
        registry.AddOnnxHandler(new Frontends.Onnx.Handlers.OnnxRecurrentHandler());

        // Backend stage (the templates serve Vivado and Vitis)
        string[] recurrent = { "nnet_utils/nnet_recurrent.h" };
        foreach (var type in new[] { "SimpleRNN", "LSTM", "GRU" })
            registry.AddTemplateWithStream(new LayerTemplate(type, "layers/recurrent_config.sbn", "layers/recurrent_function.sbn", recurrent),
                "nnet_utils/nnet_recurrent.h", "nnet_utils/nnet_recurrent_stream.h");
        registry.AddTemplateWithStream(new LayerTemplate("Embedding", "layers/embedding_config.sbn", "layers/embedding_function.sbn", new[] { "nnet_utils/nnet_embed.h" }),
            "nnet_utils/nnet_embed.h", "nnet_utils/nnet_embed_stream.h");
        registry.AddTemplateWithStream(new LayerTemplate("GarNet", "layers/garnet_config.sbn", "layers/garnet_function.sbn", new[] { "nnet_utils/nnet_garnet.h" }),
            "nnet_utils/nnet_garnet.h", "nnet_utils/nnet_garnet_stream.h");
    }
}
