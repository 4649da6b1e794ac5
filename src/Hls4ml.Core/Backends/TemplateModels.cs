namespace Hls4ml.Backends;

// What the project-level templates (firmware/*.sbn, the testbench, Tcl) can read. Templates see the members in
// snake_case (TemplateEngine renames ClockPeriod to clock_period), so a template that reads a member that does not
// exist fails on the member name, and C# callers cannot build a model that lacks one.

/// <summary>Project settings (templates: <c>project.*</c>).</summary>
public sealed record ProjectInfo(
    string Name, string Guard, string Backend, string Tool, string Part, string ClockPeriod, string ClockUncertainty,
    string IoType, bool Stream, string Version, int MaximumSize, string PipelineStyle, string Source, string SdkVersion);

/// <summary>A port of the top function: a model input or output (templates: <c>inputs</c>, <c>outputs</c>, <c>ports</c>).</summary>
public sealed record PortModel(string Var, string Type, int Size, int[] Shape, int Pack);

/// <summary>A typedef in defines.h.</summary>
public sealed record TypeDefinition(string Name, string Cpp);

/// <summary>A weight array: its variable, typedef, statistics for the header comment and the values file.</summary>
public sealed record WeightModel(
    string Var, string Layer, string Description, string Guard, string Type, int Size, string Shape,
    string Min, string Max, int Zeros, string Values, bool Bram);

/// <summary>An io_parallel array the top function declares for a layer's output.</summary>
public sealed record ArrayModel(string Var, string Type, int Size);

/// <summary>An io_stream FIFO the top function declares.</summary>
public sealed record StreamModel(string Var, string Type, int Depth);

/// <summary>A clone_stream call copying a stream to two readers.</summary>
public sealed record CloneModel(string Type, int Size, string Source, string First, string Second);

/// <summary>
/// A tensor the C simulation's trace writes (HLS4ML_SDK_TRACE): the layer's index, its variable (array or stream),
/// its element count and, for streams, the values per word (0 for arrays).
/// </summary>
public sealed record TraceModel(int Layer, string Var, int Size, int Pack);

/// <summary>A layer in the top function: its declarations, its rendered config struct and call, and its trace.</summary>
public sealed record LayerModel(
    string Name, string Type, int Index, IReadOnlyList<ArrayModel> Arrays, IReadOnlyList<StreamModel> Streams,
    IReadOnlyList<CloneModel> Clones, string ConfigCpp, string FunctionCpp, TraceModel? Trace = null);

/// <summary>Everything the project-level templates render from.</summary>
public sealed record ProjectTemplateModel(
    ProjectInfo Project,
    IReadOnlyList<PortModel> Inputs,
    IReadOnlyList<PortModel> Outputs,
    IReadOnlyList<TypeDefinition> Types,
    IReadOnlyList<string> Headers,
    IReadOnlyList<string> Definitions,
    IReadOnlyList<WeightModel> Weights,
    IReadOnlyList<LayerModel> Layers,
    IReadOnlyDictionary<string, string[]> StreamEnds,
    IReadOnlyList<TraceModel> InputTraces)
{
    public IReadOnlyList<PortModel> Ports => Inputs.Concat(Outputs).ToList();
    public IReadOnlyList<WeightModel> BramWeights => Weights.Where(w => w.Bram).ToList();
}

/// <summary>What weight.h.sbn renders from.</summary>
public sealed record WeightTemplateModel(WeightModel W, ProjectInfo Project);
