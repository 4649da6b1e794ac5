using Hls4ml.Config;
using Hls4ml.Diagnostics;
using Hls4ml.Extensibility;
using Hls4ml.Ir;

namespace Hls4ml.Passes;

/// <summary>What a pass may read and report to.</summary>
public sealed class PassContext
{
    public required HlsRegistry Registry { get; init; }
    public HlsConfig Config { get; init; } = new();
    public DiagnosticBag Diagnostics { get; } = new();
    /// <summary>Per-layer cost estimates, set by <see cref="EstimateResources"/> at the end of the backend flow.</summary>
    public ResourceEstimate? Estimate { get; set; }
}

/// <summary>A layer attribute a pass computes (for later passes and templates), declared like user settings are.</summary>
/// <param name="Name">Attribute name (what templates read).</param>
/// <param name="ValueType">Its CLR type.</param>
/// <param name="Layers">Which layers get it, in words (for messages).</param>
public sealed record ComputedAttribute(string Name, Type ValueType, string Layers);

/// <summary>A small graph transformation. Passes are pure functions of (graph, context); order is set by the flow.</summary>
public interface IPass
{
    string Name { get; }

    /// <summary>
    /// Layer attributes this pass sets. A template that reads an attribute a layer lacks is refused before rendering
    /// (HLS0303), naming the pass that should have set it.
    /// </summary>
    IReadOnlyList<ComputedAttribute> Computes => Array.Empty<ComputedAttribute>();

    void Run(ModelGraph graph, PassContext context);
}

/// <summary>
/// An ordered list of passes (hls4ml's Flow). Flows are defined in the <see cref="HlsRegistry"/> (built-ins register
/// the "convert" and "backend" flows like extensions register theirs); <see cref="HlsRegistry.Flow"/> hands out a copy.
/// </summary>
public sealed class PassFlow(string name, IEnumerable<IPass> passes)
{
    /// <summary>Configuration-independent clean-up after a model is read (runs in Convert).</summary>
    public const string ConvertFlow = "convert";
    /// <summary>Configuration, precision and backend checks before the project is written (runs in GenerateHls).</summary>
    public const string BackendFlow = "backend";

    public string Name { get; } = name;
    public List<IPass> Passes { get; } = passes.ToList();

    public void Run(ModelGraph graph, PassContext context)
    {
        foreach (var pass in Passes) pass.Run(graph, context);
    }

    public void InsertAfter(string passName, IPass pass) => Passes.Insert(IndexOf(passName) + 1, pass);

    public void InsertBefore(string passName, IPass pass) => Passes.Insert(IndexOf(passName), pass);

    private int IndexOf(string passName)
    {
        var i = Passes.FindIndex(p => p.Name == passName);
        return i >= 0 ? i : throw new HlsException(DiagnosticCodes.UnknownPassAnchor,
            $"flow '{Name}' has no pass '{passName}' (passes: {string.Join(", ", Passes.Select(p => p.Name))}).");
    }
}
