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

/// <summary>A small graph transformation. Passes are pure functions of (graph, context); order is set by the flow.</summary>
public interface IPass
{
    string Name { get; }
    void Run(ModelGraph graph, PassContext context);
}

/// <summary>An ordered list of passes (hls4ml's Flow). Users may insert passes by name.</summary>
public sealed class PassFlow(string name, IEnumerable<IPass> passes)
{
    public string Name { get; } = name;
    public List<IPass> Passes { get; } = passes.ToList();

    public void Run(ModelGraph graph, PassContext context)
    {
        foreach (var pass in Passes) pass.Run(graph, context);
    }

    public void InsertAfter(string passName, IPass pass) =>
        Passes.Insert(Passes.FindIndex(p => p.Name == passName) + 1, pass);

    /// <summary>Frontend-neutral clean-up that does not depend on the project configuration (runs in Convert).</summary>
    public static PassFlow Convert() => new("convert", new IPass[] { new RemoveDropout() });

    /// <summary>Configuration, precision and backend checks (runs in GenerateHls).</summary>
    public static PassFlow Backend() => new("backend", new IPass[]
    {
        new RemoveDeadLayers(), new ApplyLayerConfig(), new InferPrecisions(), new EliminateLinearActivation(),
        new FuseBatchNorm(), new InferPrecisions(), // folding changes tensors downstream layers derive their types from
        new AliasParallelReshapes(), new AliasStreamFlatten(), new InsertStreamConvPadding(), new EncodeWindowInstructions(), new WarnIneffectiveSettings(),
        new ValidateReuseFactor(), new ValidateConvParallelization(), new CheckPartitionSizes(), new CheckConvPartitionSizes(), new NumberLayers(),
        new EstimateResources(),
    });
}
