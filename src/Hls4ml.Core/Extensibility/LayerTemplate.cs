namespace Hls4ml.Extensibility;

/// <summary>
/// Backend stage of a layer: Scriban templates for the C++ config struct and the function call, plus the headers
/// the call needs. Paths are relative to <see cref="TemplateRoot"/> (the SDK's templates/ folder for built-in layers,
/// the extension's own folder for plugins). Backend "*" serves every backend; a registration for a specific backend
/// (e.g. Vitis) is a declared override of it.
/// </summary>
public sealed record LayerTemplate(
    string LayerType,
    string ConfigTemplate,
    string FunctionTemplate,
    IReadOnlyList<string> Headers,
    string Backend = "*",
    string IOType = "io_parallel")
{
    /// <summary>Folder that ConfigTemplate/FunctionTemplate and Headers are relative to; null = the SDK templates folder.</summary>
    public string? TemplateRoot { get; init; }

    /// <summary>
    /// Optional template of a C++ function generated for this layer (placed in parameters.h after the layer
    /// configurations); the FunctionTemplate then renders the call to it. io_stream layers whose kernel is generated
    /// code use it so the top-level DATAFLOW region holds nothing but function calls and stream declarations.
    /// </summary>
    public string? DefinitionTemplate { get; init; }

    /// <summary>Folder the Headers are relative to (copied to firmware/ keeping that relative path); null = the SDK's hls/ folder.</summary>
    public string? HeaderRoot { get; init; }
}
