using Hls4ml.Reports;

namespace Hls4ml.Tests.Reports;

/// <summary>Every real report in ../shared/fixtures/hls-reports parsed by the project's parsers (skipped when absent).</summary>
[TestClass]
public sealed class RealReportTests
{
    public TestContext TestContext { get; set; } = null!;

    private static IEnumerable<string> AllReportFiles()
    {
        var root = TestPaths.RequireShared("fixtures", "hls-reports");
        return Directory.EnumerateFiles(root, "*", SearchOption.AllDirectories)
            .Where(f => f.EndsWith(".rpt", StringComparison.OrdinalIgnoreCase) || f.EndsWith(".xml", StringComparison.OrdinalIgnoreCase))
            .OrderBy(f => f, StringComparer.Ordinal);
    }

    /// <summary>Parses a file with the parser its name calls for and returns the key values that are missing.</summary>
    private static List<string> Check(string file)
    {
        var name = Path.GetFileName(file);
        var missing = new List<string>();
        void Need(bool ok, string what) { if (!ok) missing.Add(what); }
        if (name.EndsWith("cosim.rpt", StringComparison.OrdinalIgnoreCase))
        {
            var r = CoSimReportParser.Parse(file);
            Need(r.Rtl is not null, "rtl");
            Need(r.Status is not null, "status");
            if (r.Passed) Need(r.LatencyMin is not null && r.LatencyMax is not null, "latency");
        }
        else if (name.EndsWith("vivado_synth.rpt", StringComparison.OrdinalIgnoreCase))
        {
            var r = VivadoSynthReportParser.Parse(file);
            foreach (var k in new[] { "LUT", "FF", "DSP", "BRAM_36K" }) Need(r.Resource(k)?.Used is not null && r.Resource(k)?.Available is not null, k);
            // A tile holds one RAMB36 or two RAMB18, so a rounded tile count breaks this.
            Need(r.Resource("BRAM_18K") is not { Used: { } r18 } || r.Resource("BRAM_36K")!.Used * 2 >= r18, "fractional Block RAM tiles");
            Need(r.Device is not null, "device");
            Need(r.ToolVersion is not null, "toolVersion");
        }
        else
        {
            // Load: an XML is completed from the reports beside it, which must never cost it its own numbers.
            var r = CSynthReportParser.Load(file);
            Need(r.TopModule is not null, "topModule");
            Need(r.ToolVersion is not null, "toolVersion");
            Need(r.Part is not null, "part");
            Need(r.Latency.BestCycles is not null && r.Latency.WorstCycles is not null, "latency");
            Need(r.Latency.IntervalMin is not null && r.Latency.IntervalMax is not null, "interval");
            Need(r.Latency.PipelineType is not null, "pipelineType");
            foreach (var k in new[] { "BRAM_18K", "DSP", "FF", "LUT" }) Need(r.Resource(k)?.Used is not null, k);
            foreach (var i in r.Instances)
            {
                Need(i.LatencyMaxCycles is null || i.IntervalMax is not null, $"interval of instance {i.Instance}");
                Need(i.Resources.Keys.All(k => k.All(ch => char.IsUpper(ch) || char.IsDigit(ch) || ch == '_') && !k.StartsWith("AVAIL_") && !k.StartsWith("UTIL_")),
                    $"resource names of instance {i.Instance}: {string.Join(", ", i.Resources.Keys)}");
            }
            foreach (var l in r.Loops) Need(l.LatencyMaxCycles is not null || l.TripCountMax is null, $"latency of loop {l.Name}");
        }
        return missing;
    }

    [TestMethod]
    public void EveryRealReportParsesWithItsKeyValues()
    {
        var files = AllReportFiles().ToList();
        Assert.IsNotEmpty(files);
        var failures = new List<string>();
        foreach (var f in files)
        {
            string? problem;
            try
            {
                var missing = Check(f);
                problem = missing.Count == 0 ? null : "missing " + string.Join(", ", missing);
            }
            catch (Exception e)
            {
                problem = $"{e.GetType().Name}: {e.Message}";
            }
            TestContext.WriteLine($"{(problem is null ? "ok  " : "FAIL")} {Path.GetFileName(f)}{(problem is null ? "" : " — " + problem)}");
            if (problem is not null) failures.Add($"{Path.GetFileName(f)}: {problem}");
        }
        TestContext.WriteLine($"parsed fully: {files.Count - failures.Count} of {files.Count}");
        Assert.IsEmpty(failures, string.Join("\n", failures));
    }
}
