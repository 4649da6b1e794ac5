using Hls4ml.Diagnostics;
using Hls4ml.Extensibility;

namespace Hls4ml.Backends;

/// <summary>
/// A target tool family. Templates are looked up in <see cref="TemplateFolders"/> in order, so Vitis declares only the
/// files where it differs from Vivado (templates/vitis/...) and inherits the rest.
/// </summary>
public sealed record BackendDefinition(string Name, string Tool, string DefaultClockUncertainty, IReadOnlyList<string> TemplateFolders)
{
    public static readonly BackendDefinition Vivado = new("Vivado", "vivado_hls", "12.5%", new[] { "vivado" });
    public static readonly BackendDefinition Vitis = new("Vitis", "vitis_hls", "27%", new[] { "vitis", "vivado" });

    public static IReadOnlyList<BackendDefinition> All { get; } = new[] { Vivado, Vitis };

    public static BackendDefinition Get(string name, string? projectFile = null) =>
        All.FirstOrDefault(b => b.Name.Equals(name, StringComparison.OrdinalIgnoreCase))
        ?? throw new HlsException(DiagnosticCodes.UnknownBackend,
            $"HlsBackend '{name}' is not supported (supported: {string.Join(", ", All.Select(b => b.Name))}).", projectFile);
}

/// <summary>Backend-stage registrations of the built-in layers.</summary>
public static class BuiltInTemplates
{
    public static void Register(HlsRegistry registry)
    {
        registry.AddTemplateWithStream(new LayerTemplate("Input", "", "", Array.Empty<string>()));
        registry.AddTemplateWithStream(new LayerTemplate("Dense", "layers/dense_config.sbn", "layers/dense_function.sbn", new[] { "nnet_utils/nnet_dense.h" }),
            "nnet_utils/nnet_dense_stream.h");
        string[] activation = { "nnet_utils/nnet_activation.h" };
        registry.AddTemplateWithStream(new LayerTemplate("Activation", "layers/activation_config.sbn", "layers/activation_function.sbn", activation),
            "nnet_utils/nnet_activation_stream.h");
        registry.AddTemplateWithStream(new LayerTemplate("Softmax", "layers/softmax_config.sbn", "layers/softmax_function.sbn", activation),
            "nnet_utils/nnet_activation_stream.h");
        // io_parallel: only reached when a Flatten is the whole model (otherwise AliasParallelReshapes removes it).
        // io_stream: re-slices the words (pixels of n_chan values → one word per output row).
        registry.AddTemplate(new LayerTemplate("Flatten", "", "layers/copy_function.sbn", Array.Empty<string>()));
        registry.AddTemplate(new LayerTemplate("Flatten", "", "layers/repack_stream_function.sbn", new[] { "nnet_utils/nnet_stream.h" }, IOType: "io_stream"));
    }
}
