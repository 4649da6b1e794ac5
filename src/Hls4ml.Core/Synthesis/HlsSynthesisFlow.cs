using Hls4ml.Diagnostics;
using Hls4ml.Ir;
using Hls4ml.Reports;

namespace Hls4ml.Synthesis;

/// <summary>
/// Synth, CoSim and Export on a generated project (the MSBuild tasks are thin wrappers over these three calls):
/// run the vendor tool with the matching build_prj.tcl options, check it wrote what it should, then parse every
/// report into hls-report.json / hls-report.html. Errors are coded <see cref="HlsException"/>s; warnings go to
/// <see cref="Warning"/>.
/// </summary>
public sealed class HlsSynthesisFlow
{
    public required string ProjectDirectory { get; init; }
    public required string ProjectName { get; init; }
    public required HlsTool Tool { get; init; }
    public string? Backend { get; init; }
    /// <summary>hls-report.json; the HTML page is written next to it (same name, .html).</summary>
    public required string ReportFile { get; init; }
    /// <summary>C simulation outputs for the first HlsTestData item (compared with the RTL outputs after CoSim).</summary>
    public string? CSimResultsFile { get; init; }
    /// <summary>The .hlsproj, for diagnostics.</summary>
    public string? ProjectFile { get; init; }
    public HlsToolRunner Runner { get; init; } = new();
    public Action<HlsDiagnostic>? Warning { get; init; }
    public CancellationToken Cancellation { get; init; }

    public string HtmlFile => Path.ChangeExtension(ReportFile, ".html");

    private string Prj => Path.Combine(ProjectDirectory, $"{ProjectName}_prj");

    /// <summary>C synthesis (after the tool's own C simulation when csimFirst).</summary>
    public HlsReport Synthesize(bool csimFirst = false)
    {
        CheckProject();
        foreach (var f in new[] { ReportFile, HtmlFile }) if (File.Exists(f)) File.Delete(f);
        var started = DateTime.UtcNow;
        var run = RunTool("synth", new HlsBuildOptions { CSim = csimFirst, Synth = true });
        var csynth = CSynthReportParser.Find(ProjectDirectory, ProjectName);
        if (csynth is null || File.GetLastWriteTimeUtc(csynth) < started.AddSeconds(-2))
            throw Missing(run, $"no C synthesis report ({ProjectName}_csynth.xml) in {CSynthReportParser.ReportDirectory(ProjectDirectory, ProjectName)}");
        return WriteReport();
    }

    /// <summary>RTL co-simulation on tb_data/tb_input_features.dat; then its outputs are compared with C simulation.</summary>
    public HlsReport CoSimulate()
    {
        CheckProject();
        if (CSynthReportParser.Find(ProjectDirectory, ProjectName) is null)
            throw new HlsException(DiagnosticCodes.HlsToolOutputMissing, $"co-simulation needs C synthesis results in {CSynthReportParser.ReportDirectory(ProjectDirectory, ProjectName)}; run the Synth target first.", ProjectFile);
        var rtl = Path.Combine(ProjectDirectory, CoSimReportParser.RtlResultsFile);
        var rpt = CoSimReportParser.ReportPath(ProjectDirectory, ProjectName);
        foreach (var f in new[] { rtl, rpt }) if (File.Exists(f)) File.Delete(f);
        var run = RunTool("cosim", new HlsBuildOptions { CoSim = true });
        if (!File.Exists(rpt)) throw Missing(run, $"no co-simulation report ({rpt})");

        var report = WriteReport();
        var cosim = report.CoSim!;
        if (!cosim.Passed)
            throw new HlsException(DiagnosticCodes.CoSimFailed, $"{cosim.Rtl ?? "RTL"} co-simulation status is '{cosim.Status}' in {rpt} (log: {run.LogFile}).", ProjectFile);
        if (cosim.Comparison is not { } cmp)
        {
            var why = !File.Exists(rtl) ? $"the testbench wrote no {CoSimReportParser.RtlResultsFile}"
                : CSimResultsFile is null || !File.Exists(CSimResultsFile) ? $"there are no C simulation results ({CSimResultsFile ?? "HlsCSimResultsFile not set"})"
                : "the outputs could not be read";
            Warning?.Invoke(new HlsDiagnostic(DiagnosticCodes.CoSimNotCompared, $"co-simulation passed but its outputs were not compared with C simulation: {why}.", ProjectFile));
        }
        else if (!cmp.Matches)
            throw new HlsException(DiagnosticCodes.CoSimMismatch,
                $"{cmp.Actual} differs from {cmp.Expected}: {cmp.MismatchedRows} of {cmp.ExpectedRows} rows differ" +
                (cmp.Rows != cmp.ExpectedRows ? $" ({cmp.Rows} RTL rows vs {cmp.ExpectedRows} C simulation rows)" : "") +
                $", first at row {cmp.FirstMismatchRow}, max |difference| {cmp.MaxAbsDifference:G6}.", ProjectFile);
        return report;
    }

    /// <summary>IP catalog export (and Vivado logic synthesis when vivadoSynth); the zip is copied to zipDestination.</summary>
    public HlsReport Export(string zipDestination, bool vivadoSynth = false)
    {
        CheckProject();
        var started = DateTime.UtcNow.AddSeconds(-2);
        var vsynthReport = Path.Combine(ProjectDirectory, VivadoSynthReportParser.FileName);
        if (vivadoSynth && File.Exists(vsynthReport)) File.Delete(vsynthReport);
        var run = RunTool("export", new HlsBuildOptions { Export = true, VivadoSynth = vivadoSynth });

        var impl = Path.Combine(Prj, "solution1", "impl");
        var zip = Directory.Exists(impl)
            ? Directory.EnumerateFiles(impl, "*.zip", SearchOption.AllDirectories)
                .Where(f => File.GetLastWriteTimeUtc(f) >= started).OrderByDescending(File.GetLastWriteTimeUtc).FirstOrDefault()
            : null;
        if (zip is null) throw Missing(run, $"no exported IP (.zip) under {impl}");
        if (vivadoSynth && !File.Exists(vsynthReport)) throw Missing(run, $"no logic synthesis report ({vsynthReport}); vivado_synth.tcl did not finish");

        var dest = Path.GetFullPath(zipDestination);
        Directory.CreateDirectory(Path.GetDirectoryName(dest)!);
        var tmp = dest + ".tmp";
        File.Copy(zip, tmp, overwrite: true);
        File.Move(tmp, dest, overwrite: true);
        return WriteReport(dest, zip);
    }

    /// <summary>Collects every current report in the project folder and writes hls-report.json and .html.</summary>
    public HlsReport WriteReport(string? exportZip = null, string? exportToolOutput = null)
    {
        var report = HlsReportCollector.Collect(ProjectDirectory, ProjectName, new HlsReportCollector.Options
        {
            Backend = Backend,
            Tool = new ToolDescription(Tool.ExecutableName, Tool.Version, Tool.Path),
            CSimResultsFile = CSimResultsFile,
            ExportZip = exportZip,
            ExportToolOutput = exportToolOutput,
        });
        var dir = Path.GetDirectoryName(Path.GetFullPath(ReportFile))!;
        AtomicFile.WriteAllText(HtmlFile, HlsReportFormatter.ToHtml(report));
        AtomicFile.WriteAllText(ReportFile, HlsReportJson.Serialize(report, dir));
        return report;
    }

    private void CheckProject()
    {
        if (!File.Exists(Path.Combine(ProjectDirectory, "build_prj.tcl")))
            throw new HlsException(DiagnosticCodes.HlsToolOutputMissing,
                $"{ProjectDirectory} holds no generated HLS project (build_prj.tcl); build the project first (dotnet build).", ProjectFile);
    }

    private HlsRunResult RunTool(string step, HlsBuildOptions options)
    {
        var log = Path.Combine(ProjectDirectory, $"hls4ml-{step}.log");
        HlsRunResult run;
        try
        {
            run = Runner.Run(Tool, ProjectDirectory, options, log, Cancellation);
        }
        catch (System.ComponentModel.Win32Exception e)
        {
            throw new HlsException(DiagnosticCodes.HlsToolFailed, $"{Tool.Path} could not be started: {e.Message}.", ProjectFile);
        }
        if (run.Cancelled)
            throw new HlsException(DiagnosticCodes.HlsToolCancelled,
                $"{Tool.ExecutableName} ({step}) was cancelled after {HlsToolRunner.Elapsed(run.Elapsed)}; its process tree was stopped. Partial log: {run.LogFile}", ProjectFile);
        if (run.ExitCode != 0)
            throw new HlsException(DiagnosticCodes.HlsToolFailed,
                $"{Tool.DisplayName} ({step}) failed with exit code {run.ExitCode}: {Excerpt(run)} (full log: {run.LogFile})", ProjectFile);
        return run;
    }

    private HlsException Missing(HlsRunResult run, string what) =>
        new(DiagnosticCodes.HlsToolOutputMissing,
            $"{Tool.DisplayName} exited without an error but wrote {what}. {(run.ErrorLines.Count > 0 ? "It reported: " : "Last output: ")}{Excerpt(run)} (full log: {run.LogFile})", ProjectFile);

    private static string Excerpt(HlsRunResult run) =>
        string.Join(" | ", run.ErrorLines.Count > 0 ? run.ErrorLines : run.LastLines.TakeLast(6));
}
