using System.Collections.Concurrent;
using Hls4ml.Diagnostics;
using Hls4ml.Reports;
using Hls4ml.Synthesis;
using Microsoft.Build.Framework;

namespace Hls4ml.Tasks;

/// <summary>
/// Shared plumbing of SynthHls, CoSimHls and ExportHls: finds the HLS tool (HlsToolPath, XILINX_* variables, PATH),
/// warns about unsupported versions, streams the tool's output to the log (phase lines at normal verbosity, every line
/// at detailed), prints the report summary, and stops the tool's whole process tree when the build is cancelled.
/// </summary>
public abstract class SynthToolTask : HlsTaskBase, ICancelableTask
{
    [Required] public string ProjectDirectory { get; set; } = "";
    [Required] public string ProjectName { get; set; } = "";
    [Required] public string ReportFile { get; set; } = "";
    public string Backend { get; set; } = new Config.HlsConfig().Backend;
    /// <summary>HlsToolPath: the executable, its bin folder or the install folder (empty = search).</summary>
    public string? ToolPath { get; set; }
    /// <summary>HlsCSimResultsFile, compared with the RTL outputs after co-simulation.</summary>
    public string? CSimResultsFile { get; set; }
    /// <summary>Importance of the tool's every output line (ToolTask convention; phase lines stay at Normal). Default Low.</summary>
    public string? StandardOutputImportance { get; set; }
    /// <summary>Let other projects use this MSBuild node while the tool runs (ToolTask convention, default true).</summary>
    public bool YieldDuringToolExecution { get; set; } = true;

    private readonly CancellationTokenSource _cancel = new();
    private readonly BlockingCollection<Action> _logQueue = new();

    public void Cancel() => _cancel.Cancel();

    /// <summary>Step name for messages: "Synth", "CoSim", "Export".</summary>
    protected abstract string Step { get; }

    /// <summary>Runs the step with a flow and returns the collected report.</summary>
    protected abstract HlsReport RunStep(HlsSynthesisFlow flow, HlsToolLocator locator);

    protected sealed override void Run()
    {
        var baseDir = Path.GetDirectoryName(Path.GetFullPath(ProjectFile ?? "x")) ?? Directory.GetCurrentDirectory();
        var toolPath = string.IsNullOrWhiteSpace(ToolPath) ? null : Path.GetFullPath(Path.Combine(baseDir, ToolPath));
        var registry = Extensibility.HlsRegistry.CreateDefault();
        var locator = new HlsToolLocator { ProjectFile = ProjectFile, KnownBackends = registry.Backends };
        var tool = locator.Find(registry.Backend(Backend, ProjectFile), toolPath);
        Log.LogMessage(MessageImportance.Normal,
            $"{Step}: using {tool.DisplayName} ({tool.Path}, found via {tool.FoundVia}){(tool.Version is null ? "; version not detected" : "")}");
        if (tool.IsSupportedVersion == false)
        {
            var (min, max) = HlsTool.SupportedRange(tool.Kind);
            Report(new HlsDiagnostic(DiagnosticCodes.UnsupportedHlsToolVersion,
                $"{tool.ExecutableName} {tool.Version} ({tool.Path}) is outside the supported range {min}–{max ?? "latest"} for HlsBackend={Backend}; continuing.", ProjectFile));
        }

        var flow = CreateFlow(tool, ExtraEnvironment(locator, tool));
        Log.LogMessage(MessageImportance.High, $"{Step}: running {tool.DisplayName} on {ProjectName} (this can take minutes)...");
        var sw = System.Diagnostics.Stopwatch.StartNew();
        var engine = YieldDuringToolExecution ? BuildEngine as IBuildEngine3 : null;
        engine?.Yield();
        HlsReport report;
        try
        {
            var work = Task.Run(() =>
            {
                try { return RunStep(flow, locator); }
                finally { _logQueue.CompleteAdding(); }
            });
            // Messages from the tool's output threads are logged here, on the task's own thread.
            foreach (var log in _logQueue.GetConsumingEnumerable()) log();
            report = work.GetAwaiter().GetResult();
        }
        finally { engine?.Reacquire(); }
        Log.LogMessage(MessageImportance.High, $"{Step}: {tool.DisplayName} finished in {sw.Elapsed.TotalSeconds:F1} s");
        Log.LogMessage(MessageImportance.High, HlsReportFormatter.ToText(report, flow.HtmlFile));
    }

    private MessageImportance OutputImportance =>
        Enum.TryParse<MessageImportance>(StandardOutputImportance, ignoreCase: true, out var i) ? i : MessageImportance.Low;

    /// <summary>Environment additions for the tool process (e.g. PATH with vivado for logic synthesis).</summary>
    protected virtual IReadOnlyDictionary<string, string?>? ExtraEnvironment(HlsToolLocator locator, HlsTool tool) => null;

    private HlsSynthesisFlow CreateFlow(HlsTool tool, IReadOnlyDictionary<string, string?>? environment)
    {
        void Enqueue(Action a)
        {
            try { _logQueue.Add(a); } catch (InvalidOperationException) { /* completed: the step is over */ }
        }
        return new HlsSynthesisFlow
        {
            ProjectDirectory = Path.GetFullPath(ProjectDirectory),
            ProjectName = ProjectName,
            Tool = tool,
            Backend = Backend,
            ReportFile = Path.GetFullPath(ReportFile),
            CSimResultsFile = string.IsNullOrWhiteSpace(CSimResultsFile) ? null : Path.GetFullPath(CSimResultsFile),
            ProjectFile = ProjectFile,
            Cancellation = _cancel.Token,
            Warning = d => Enqueue(() => Report(d)),
            Runner = new HlsToolRunner
            {
                Environment = environment,
                PhaseLine = line => Enqueue(() => Log.LogMessage(MessageImportance.Normal, $"{Step}: {line}")),
                OutputLine = line => Enqueue(() => Log.LogMessage(OutputImportance, line)),
            },
        };
    }
}
