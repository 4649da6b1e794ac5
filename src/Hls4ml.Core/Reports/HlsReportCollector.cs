namespace Hls4ml.Reports;

/// <summary>
/// Builds an <see cref="HlsReport"/> from the files the vendor tool left in a generated project folder. Stateless:
/// every call re-reads what is on disk, so hls-report.json always describes the current results. Co-simulation,
/// logic-synthesis and export results older than the C synthesis report are stale (an earlier synthesis) and ignored.
/// </summary>
public static class HlsReportCollector
{
    public sealed record Options
    {
        public string? Backend { get; init; }
        public ToolDescription? Tool { get; init; }
        /// <summary>C simulation outputs (HlsCSimResultsFile) to compare the RTL outputs with.</summary>
        public string? CSimResultsFile { get; init; }
        /// <summary>The exported IP zip in the output folder.</summary>
        public string? ExportZip { get; init; }
        /// <summary>Where the tool wrote the zip, for the record.</summary>
        public string? ExportToolOutput { get; init; }
        public string Solution { get; init; } = "solution1";
    }

    public static HlsReport Collect(string projectDir, string projectName, Options? options = null)
    {
        options ??= new Options();
        var csynthPath = CSynthReportParser.Find(projectDir, projectName, options.Solution);
        var csynth = csynthPath is null ? null : CSynthReportParser.Load(csynthPath);
        var since = csynthPath is null ? DateTime.MinValue : File.GetLastWriteTimeUtc(csynthPath).AddSeconds(-2);
        bool Fresh(string? p) => p is not null && File.Exists(p) && File.GetLastWriteTimeUtc(p) >= since;

        CoSimReport? cosim = null;
        var cosimPath = CoSimReportParser.ReportPath(projectDir, projectName, options.Solution);
        if (Fresh(cosimPath))
        {
            cosim = CoSimReportParser.Parse(cosimPath);
            var rtl = Path.Combine(projectDir, CoSimReportParser.RtlResultsFile);
            if (Fresh(rtl) && options.CSimResultsFile is { } csim && File.Exists(csim))
                cosim = cosim with { Comparison = CoSimReportParser.Compare(rtl, csim) };
        }

        var vsynthPath = Path.Combine(projectDir, VivadoSynthReportParser.FileName);
        var logic = Fresh(vsynthPath) ? VivadoSynthReportParser.Parse(vsynthPath) : null;

        ExportResult? export = null;
        if (Fresh(options.ExportZip))
            export = new ExportResult { Zip = options.ExportZip!, ToolOutput = options.ExportToolOutput, Bytes = new FileInfo(options.ExportZip!).Length };

        return new HlsReport
        {
            Project = projectName,
            Backend = options.Backend,
            Tool = options.Tool,
            CSynth = csynth,
            CoSim = cosim,
            LogicSynthesis = logic,
            Export = export,
        };
    }
}
