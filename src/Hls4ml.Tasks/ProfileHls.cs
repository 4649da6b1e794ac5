using System.Globalization;
using Hls4ml.Diagnostics;
using Hls4ml.Ir;
using Hls4ml.Profiling;
using Hls4ml.Simulation;
using Microsoft.Build.Framework;

namespace Hls4ml.Tasks;

/// <summary>
/// -t:HlsProfile: C-simulates the first HlsTestData item with the layer trace on and writes hls-profile.json and the
/// self-contained hls-profile.html; prints the summary and the overflow warnings.
/// </summary>
public sealed class ProfileHls : HlsTaskBase
{
    [Required] public string ConfiguredIrFile { get; set; } = "";
    [Required] public string ProjectDirectory { get; set; } = "";
    [Required] public string ProjectName { get; set; } = "";
    public ITaskItem[] TestData { get; set; } = Array.Empty<ITaskItem>();
    [Required] public string CacheDirectory { get; set; } = "";
    [Required] public string JsonFile { get; set; } = "";
    [Required] public string HtmlFile { get; set; } = "";
    public string Compiler { get; set; } = "g++";
    public string? OptimizationFlags { get; set; }
    /// <summary>HlsProfileRows: rows used to rank layers by output-error contribution (one float pass per layer and row).</summary>
    public string? AttributionRows { get; set; }

    protected override void Run()
    {
        if (TestData.Length == 0)
            throw new HlsException(DiagnosticCodes.ProfilingNeedsTestData, "-t:HlsProfile needs rows to simulate; the project has no HlsTestData item.", ProjectFile);
        int rows = 200;
        if (!string.IsNullOrWhiteSpace(AttributionRows) && (!int.TryParse(AttributionRows, NumberStyles.None, CultureInfo.InvariantCulture, out rows) || rows < 1))
            throw new HlsException(DiagnosticCodes.InvalidProfilingProperty, $"HlsProfileRows '{AttributionRows}' is not a positive integer.", ProjectFile);
        var pipeline = CreatePipeline();
        var graph = IrSerializer.Load(ConfiguredIrFile);
        var runner = new CSimRunner
        {
            Compiler = string.IsNullOrWhiteSpace(Compiler) ? "g++" : Compiler,
            OptimizationFlags = string.IsNullOrWhiteSpace(OptimizationFlags) ? "-O1" : OptimizationFlags,
            Log = m => Log.LogMessage(MessageImportance.Normal, m),
        };
        var input = TestData[0].GetMetadata("FullPath");
        var outDir = Path.GetDirectoryName(Path.GetFullPath(JsonFile))!;
        var results = Path.Combine(outDir, "profile.csim_results.dat");
        var trace = Path.Combine(outDir, "profile.trace");
        var run = WritingOutputs(() => ModelProfiling.Run(pipeline, graph, ProjectDirectory, ProjectName, input, results, trace, CacheDirectory, runner, maxAttributionRows: rows),
            ("the profile (HlsProfileDir)", outDir), ("the compiled simulation (HlsCSimCacheDir)", CacheDirectory));
        File.Delete(trace);
        File.Delete(results);
        WritingOutputs(() =>
        {
            ProfileReportWriter.WriteJson(JsonFile, run.Report);
            ProfileReportWriter.WriteHtml(HtmlFile, run.Report, pipeline.TemplatesRoot);
        }, ("the profile (HlsProfileDir)", JsonFile));
        foreach (var line in ProfileReportWriter.Summary(run.Report)) Log.LogMessage(MessageImportance.High, line);
        Log.LogMessage(MessageImportance.High, $"  report: {Path.GetFullPath(HtmlFile)} (data: {Path.GetFileName(JsonFile)})");
        foreach (var d in LayerProfiler.Diagnose(run.Report, ProjectFile)) Report(d);
    }
}
