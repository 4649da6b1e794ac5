using System.Globalization;
using Hls4ml.Diagnostics;
using Hls4ml.Ir;
using Hls4ml.Simulation;
using Microsoft.Build.Framework;

namespace Hls4ml.Tasks;

/// <summary>CSim: compile the generated testbench with g++, run it on every HlsTestData item, report accuracy.</summary>
/// Runs g++ the way MSBuild's ToolTask runs tools: ToolPath/ToolExe override the compiler (HlsCxxToolPath /
/// HlsCxxToolExe), compiler output is logged at StandardOutputImportance, the node is yielded while the compiler and
/// the simulation run (YieldDuringToolExecution), and cancelling the build kills them.
public sealed class RunCSim : HlsTaskBase, ICancelableTask
{
    [Required] public string IrFile { get; set; } = "";
    [Required] public string ProjectDirectory { get; set; } = "";
    [Required] public string ProjectName { get; set; } = "";
    /// <summary>HlsTestData items (optional Expected metadata).</summary>
    public ITaskItem[] TestData { get; set; } = Array.Empty<ITaskItem>();
    [Required] public string ResultsFile { get; set; } = "";
    [Required] public string CacheDirectory { get; set; } = "";
    public string? SummaryFile { get; set; }
    public string Compiler { get; set; } = "g++";
    public string? OptimizationFlags { get; set; }
    /// <summary>Folder of the compiler (ToolTask convention); combined with ToolExe or Compiler.</summary>
    public string? ToolPath { get; set; }
    /// <summary>Compiler executable name (ToolTask convention); overrides Compiler.</summary>
    public string? ToolExe { get; set; }
    /// <summary>Importance of the compiler's own output lines: High, Normal (default) or Low.</summary>
    public string? StandardOutputImportance { get; set; }
    /// <summary>Let other projects use this MSBuild node while g++ and the simulation run (default true).</summary>
    public bool YieldDuringToolExecution { get; set; } = true;

    private readonly CancellationTokenSource _cancel = new();
    public void Cancel() => _cancel.Cancel();

    /// <summary>Max |error| against Expected above which HLS0406 is reported (empty = no check).</summary>
    public string? Tolerance { get; set; }
    /// <summary>The IR after the backend flow (GenerateHls ConfiguredIrFile): the layers' types for the overflow check and trace.</summary>
    public string? ConfiguredIrFile { get; set; }
    /// <summary>Trace every layer and warn (HLS0410/HLS0411) when a value leaves its type (HlsCSimOverflowCheck).</summary>
    public bool OverflowCheck { get; set; } = true;
    /// <summary>HlsTrace: write every layer's output for every row here, beside the float model's (HlsTraceDir).</summary>
    public string? TraceDirectory { get; set; }

    protected override void Run()
    {
        var pipeline = CreatePipeline();
        var graph = IrSerializer.Load(IrFile);
        var outputImportance = Enum.TryParse<MessageImportance>(StandardOutputImportance, ignoreCase: true, out var imp) ? imp : MessageImportance.Normal;
        var runner = new CSimRunner
        {
            Compiler = CompilerPath(),
            OptimizationFlags = string.IsNullOrWhiteSpace(OptimizationFlags) ? "-O1" : OptimizationFlags,
            Log = m => Log.LogMessage(MessageImportance.Normal, m),
            Progress = m => Log.LogMessage(MessageImportance.High, m),
            CompilerOutputLine = m => Log.LogMessage(outputImportance, m),
            Cancellation = _cancel.Token,
        };
        var baseDir = Path.GetDirectoryName(ProjectFile ?? ".") ?? ".";
        string Resolve(string p) => Path.GetFullPath(Path.IsPathRooted(p) ? p : Path.Combine(baseDir, p));
        var summaries = new List<string>();
        bool tracing = OverflowCheck || !string.IsNullOrWhiteSpace(TraceDirectory);
        var configured = tracing && !string.IsNullOrWhiteSpace(ConfiguredIrFile) && File.Exists(ConfiguredIrFile) ? IrSerializer.Load(ConfiguredIrFile) : null;
        for (int i = 0; i < TestData.Length; i++)
        {
            var item = TestData[i];
            var input = Resolve(item.ItemSpec);
            var expected = item.GetMetadata("Expected");
            var results = i == 0 ? ResultsFile : Path.ChangeExtension(ResultsFile, null) + $".{Path.GetFileNameWithoutExtension(input)}{Path.GetExtension(ResultsFile)}";
            var rawTrace = configured is null ? null : results + ".trace";
            var sim = WritingOutputs(() => Yielding(() => pipeline.Simulate(graph, ProjectDirectory, ProjectName, input, results, CacheDirectory,
                    string.IsNullOrWhiteSpace(expected) ? null : Resolve(expected), runner, rawTrace)),
                ("the C simulation results (HlsCSimResultsFile)", results), ("the compiled simulation (HlsCSimCacheDir)", CacheDirectory));
            if (rawTrace is not null) CheckTrace(pipeline, configured!, input, rawTrace, sim, i);
            var predict = sim.PredictTime is { } p ? $"predicted in {p.TotalMilliseconds:F1} ms, " : "";
            var text = sim.Report.ToText() + $"\n  results: {results} ({predict}process {sim.RunTime.TotalMilliseconds:F1} ms)";
            Log.LogMessage(MessageImportance.High, text);
            summaries.Add(text);
            if (!string.IsNullOrWhiteSpace(Tolerance) && double.TryParse(Tolerance, NumberStyles.Float, CultureInfo.InvariantCulture, out var tol)
                && sim.Report.Comparisons.FirstOrDefault(c => c.Against == "expected") is { } vs && vs.MaxAbsError > tol)
                Report(new HlsDiagnostic(DiagnosticCodes.ExpectedMismatch,
                    $"max |error| {vs.MaxAbsError:G6} against {expected} exceeds HlsCSimTolerance {tol} (worst row {vs.WorstRow + 1}).", input));
        }
        if (tracing && configured is null)
            Log.LogMessage(MessageImportance.Normal, "CSim: no configured IR (ConfiguredIrFile); layers are not traced or checked for overflow.");
        if (!string.IsNullOrWhiteSpace(SummaryFile))
            WritingOutputs(() => AtomicFile.WriteAllText(SummaryFile, string.Join("\n", summaries) + "\n"), ("the accuracy summary (HlsCSimSummaryFile)", SummaryFile));
    }

    /// <summary>Overflow warnings from the layer trace, and the trace files when HlsTrace asks for them.</summary>
    private void CheckTrace(HlsPipeline pipeline, ModelGraph configured, string input, string rawTrace, Hls4ml.SimulationResult sim, int item)
    {
        if (!File.Exists(rawTrace))
        {
            // A testbench that does not trace (an extension's own, or a stand-in compiler) checks nothing, but must not fail.
            Log.LogMessage(MessageImportance.Normal, "CSim: the simulation wrote no layer trace; layers are not checked for overflow.");
            return;
        }
        try
        {
            Profiling.LayerTrace trace;
            try { trace = Profiling.LayerTrace.Read(rawTrace, configured); }
            catch (HlsException e)
            {
                // The results themselves are fine; only the per-layer check is lost, and the log says so.
                Log.LogMessage(MessageImportance.High, $"CSim: layers not checked for overflow: {e.Diagnostic.Message}");
                return;
            }
            var inputs = Hls4ml.Simulation.TestData.Read(input);
            if (OverflowCheck)
            {
                var report = new Profiling.LayerProfiler(configured, pipeline.Registry) { MaxAttributionRows = 0 }.Analyze(ProjectName, inputs, trace, sim.Predictions);
                foreach (var d in Profiling.LayerProfiler.Diagnose(report, ProjectFile)) Report(d);
            }
            if (!string.IsNullOrWhiteSpace(TraceDirectory))
            {
                var dir = item == 0 ? TraceDirectory : Path.Combine(TraceDirectory, Path.GetFileNameWithoutExtension(input));
                WritingOutputs(() => Profiling.TraceFiles.Write(dir, configured, pipeline.Registry, trace, inputs), ("the layer trace (HlsTraceDir)", dir));
                Log.LogMessage(MessageImportance.High, $"  trace: {Path.GetFullPath(dir)} (every layer's output per row, .csim.dat beside .float.dat; {Profiling.TraceFiles.IndexFile} names them)");
            }
        }
        finally
        {
            if (File.Exists(rawTrace)) File.Delete(rawTrace);
        }
    }

    private string CompilerPath()
    {
        var exe = !string.IsNullOrWhiteSpace(ToolExe) ? ToolExe! : string.IsNullOrWhiteSpace(Compiler) ? "g++" : Compiler;
        return string.IsNullOrWhiteSpace(ToolPath) ? exe : Path.Combine(ToolPath!, exe);
    }

    /// <summary>
    /// ToolTask's YieldDuringToolExecution: the node may build other projects while the external processes run. Our
    /// callbacks log while yielded, which MSBuild allows (ToolTask does the same).
    /// </summary>
    private T Yielding<T>(Func<T> work)
    {
        var engine = YieldDuringToolExecution ? BuildEngine as IBuildEngine3 : null;
        engine?.Yield();
        try { return work(); }
        finally { engine?.Reacquire(); }
    }
}
