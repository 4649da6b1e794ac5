using Hls4ml.Diagnostics;
using Hls4ml.Extensibility;

[assembly: Hls4ml.Extensibility.HlsExtension(typeof(Hls4ml.Backends.BuiltInBackends))]

namespace Hls4ml.Backends;

/// <summary>
/// A target tool family, defined once: its templates (looked up in <see cref="TemplateFolders"/> in order, so Vitis
/// declares only the files where it differs from Vivado, Tcl included, and inherits the rest), the HLS tools that run
/// its projects in preference order, and where users install them. Registered with <see cref="HlsRegistry.AddBackend"/>.
/// </summary>
/// <param name="Name">HlsBackend value (matched case-insensitively).</param>
/// <param name="Tool">The tool the generated project is written for (project manifest, messages).</param>
/// <param name="DefaultClockUncertainty">HlsClockUncertainty when the project sets none.</param>
/// <param name="TemplateFolders">Folders under templates/ searched in order.</param>
/// <param name="ToolKinds">Executables that can run the project, preferred first (HlsToolPath/PATH discovery).</param>
/// <param name="ToolEnvironment">Environment variables naming the tool's install folder, for the not-found message.</param>
/// <param name="ToolPathExample">A typical HlsToolPath, for the not-found message.</param>
public sealed record BackendDefinition(string Name, string Tool, string DefaultClockUncertainty, IReadOnlyList<string> TemplateFolders,
    IReadOnlyList<Synthesis.HlsToolKind> ToolKinds, string ToolEnvironment, string ToolPathExample)
{
    public static readonly BackendDefinition Vivado = new("Vivado", "vivado_hls", "12.5%", new[] { "vivado" },
        new[] { Synthesis.HlsToolKind.VivadoHls }, "XILINX_VIVADO", "/tools/Xilinx/Vivado/2020.1/bin/vivado_hls");
    public static readonly BackendDefinition Vitis = new("Vitis", "vitis_hls", "27%", new[] { "vitis", "vivado" },
        new[] { Synthesis.HlsToolKind.VitisRun, Synthesis.HlsToolKind.VitisHls }, "XILINX_HLS or XILINX_VITIS", "/tools/Xilinx/Vitis_HLS/2023.1/bin/vitis_hls");

    /// <summary>The backends Hls4ml.Core registers (<see cref="BuiltInBackends"/>).</summary>
    public static IReadOnlyList<BackendDefinition> BuiltIn { get; } = new[] { Vivado, Vitis };
}

/// <summary>Registers the built-in backends through the same call an extension uses.</summary>
public sealed class BuiltInBackends : IHlsExtension
{
    public void Register(HlsRegistry registry)
    {
        foreach (var backend in BackendDefinition.BuiltIn) registry.AddBackend(backend);
    }
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
