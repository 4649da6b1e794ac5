using Hls4ml.Reports;
using Newtonsoft.Json.Linq;

namespace Hls4ml.Tests.Reports;

/// <summary>hls-report.json schema, the log summary, the HTML page, and collecting reports from a project folder.</summary>
[TestClass]
public sealed class ReportOutputTests
{
    private readonly List<string> _temp = new();

    [TestCleanup]
    public void Cleanup()
    {
        foreach (var d in _temp)
            try { if (Directory.Exists(d)) Directory.Delete(d, true); } catch (IOException) { }
    }

    /// <summary>A project folder laid out as the tool leaves it, with the ../shared reports (copied to a temp folder).</summary>
    private string ProjectWithFixtureReports(bool withVivadoSynth = true)
    {
        var src = TestPaths.RequireShared("fixtures", "hls-reports", "vivado-2019");
        var dir = TestPaths.NewTempDir("collect");
        _temp.Add(dir);
        var report = Directory.CreateDirectory(Path.Combine(dir, "myproject_prj", "solution1", "syn", "report")).FullName;
        File.Copy(Path.Combine(src, "myproject_csynth.xml"), Path.Combine(report, "myproject_csynth.xml"));
        File.Copy(Path.Combine(src, "myproject_csynth.rpt"), Path.Combine(report, "myproject_csynth.rpt"));
        if (withVivadoSynth) File.Copy(Path.Combine(src, "vivado_synth.rpt"), Path.Combine(dir, "vivado_synth.rpt"));
        // As the tool writes them: now (a copy may keep the fixture's old timestamps).
        foreach (var f in Directory.EnumerateFiles(dir, "*", SearchOption.AllDirectories)) File.SetLastWriteTimeUtc(f, DateTime.UtcNow);
        return dir;
    }

    [TestMethod]
    public void CollectorReadsEveryFreshReport()
    {
        var dir = ProjectWithFixtureReports();
        var r = HlsReportCollector.Collect(dir, "myproject", new HlsReportCollector.Options { Backend = "Vivado" });
        Assert.IsNotNull(r.CSynth);
        Assert.AreEqual(73L, r.CSynth.Resource("DSP")!.Used);
        Assert.HasCount(2, r.CSynth.Instances);
        Assert.IsNotNull(r.LogicSynthesis);
        Assert.AreEqual(66L, r.LogicSynthesis.Resource("DSP")!.Used);
        Assert.IsNull(r.CoSim);
        Assert.IsNull(r.Export);
    }

    [TestMethod]
    public void CollectorIgnoresResultsOlderThanTheSynthesisReport()
    {
        var dir = ProjectWithFixtureReports();
        File.SetLastWriteTimeUtc(Path.Combine(dir, "vivado_synth.rpt"), DateTime.UtcNow.AddHours(-1));
        var r = HlsReportCollector.Collect(dir, "myproject");
        Assert.IsNotNull(r.CSynth);
        Assert.IsNull(r.LogicSynthesis, "a logic synthesis report older than C synthesis belongs to an earlier run");
    }

    [TestMethod]
    public void CollectorComparesCoSimOutputsWithCSim()
    {
        var dir = ProjectWithFixtureReports(withVivadoSynth: false);
        var sim = Directory.CreateDirectory(Path.Combine(dir, "myproject_prj", "solution1", "sim", "report")).FullName;
        File.WriteAllText(Path.Combine(sim, "myproject_cosim.rpt"), """
            +--------------+--------+-----+-----+-----+-----+-----+-----+
            |              |        |      Latency      |      Interval     |
            |      RTL     | Status | min | avg | max | min | avg | max |
            +--------------+--------+-----+-----+-----+-----+-----+-----+
            |       Verilog|    Pass|   10|   10|   10|    8|    8|    8|
            +--------------+--------+-----+-----+-----+-----+-----+-----+
            """);
        Directory.CreateDirectory(Path.Combine(dir, "tb_data"));
        File.WriteAllText(Path.Combine(dir, "tb_data", "rtl_cosim_results.log"), "0.25 0.75\n0.5 0.5\n");
        var csim = Path.Combine(dir, "csim_results.dat");
        File.WriteAllText(csim, "0.25 0.75\n0.5 0.5\n");
        var r = HlsReportCollector.Collect(dir, "myproject", new HlsReportCollector.Options { CSimResultsFile = csim });
        Assert.IsNotNull(r.CoSim?.Comparison);
        Assert.IsTrue(r.CoSim.Comparison.Matches);
        Assert.AreEqual(2, r.CoSim.Comparison.Rows);
        Assert.AreEqual(10L, r.CoSim.LatencyMax);
    }

    [TestMethod]
    public void JsonFollowsTheDocumentedSchema()
    {
        var dir = ProjectWithFixtureReports();
        var r = HlsReportCollector.Collect(dir, "myproject", new HlsReportCollector.Options
        {
            Backend = "Vivado",
            Tool = new ToolDescription("vivado_hls", "2019.2", "/opt/Xilinx/Vivado/2019.2/bin/vivado_hls"),
        });
        var json = JObject.Parse(HlsReportJson.Serialize(r, dir));
        Assert.AreEqual(HlsReportJson.Schema, (string?)json["schema"]);
        Assert.AreEqual("myproject", (string?)json["project"]);
        Assert.AreEqual("vivado_hls", (string?)json["tool"]!["name"]);
        Assert.AreEqual("2019.2", (string?)json["tool"]!["version"]);
        var c = json["csynth"]!;
        Assert.AreEqual("myproject_prj/solution1/syn/report/myproject_csynth.xml", (string?)c["source"], "paths relative to the JSON's folder");
        Assert.AreEqual(4.049, (double)c["clock"]!["estimatedNs"]!, 1e-9);
        Assert.AreEqual(5.0, (double)c["clock"]!["targetNs"]!, 1e-9);
        Assert.AreEqual(10L, (long)c["latency"]!["bestCycles"]!);
        Assert.AreEqual(10L, (long)c["latency"]!["worstCycles"]!);
        Assert.AreEqual(50.0, (double)c["latency"]!["worstNs"]!, 1e-9);
        Assert.AreEqual(8L, (long)c["latency"]!["intervalMin"]!);
        Assert.AreEqual(8L, (long)c["latency"]!["intervalMax"]!);
        Assert.AreEqual(73L, (long)c["resources"]!["DSP"]!["used"]!);
        Assert.AreEqual(220L, (long)c["resources"]!["DSP"]!["available"]!);
        Assert.AreEqual(33.18, (double)c["resources"]!["DSP"]!["percent"]!, 1e-9);
        Assert.AreEqual(JTokenType.Null, c["resources"]!["URAM"]!["percent"]!.Type);
        Assert.AreEqual(0L, (long)c["resources"]!["BRAM_18K"]!["used"]!);
        Assert.AreEqual(280L, (long)c["resources"]!["BRAM_18K"]!["available"]!);
        Assert.AreEqual(7969L, (long)c["resources"]!["FF"]!["used"]!);
        Assert.AreEqual(2532L, (long)c["resources"]!["LUT"]!["used"]!);
        Assert.AreEqual(2, ((JArray)c["instances"]!).Count);
        Assert.AreEqual(73L, (long)c["instances"]![0]!["resources"]!["DSP"]!);
        Assert.AreEqual(0, ((JArray)c["loops"]!).Count);
        var l = json["logicSynthesis"]!;
        Assert.AreEqual(66L, (long)l["resources"]!["DSP"]!["used"]!);
        Assert.AreEqual(2428L, (long)l["resources"]!["FF"]!["used"]!);
        Assert.AreEqual(1526L, (long)l["resources"]!["LUT"]!["used"]!);
        Assert.AreEqual(JTokenType.Null, json["cosim"]!.Type);
        Assert.AreEqual(JTokenType.Null, json["export"]!.Type);
    }

    [TestMethod]
    public void TextSummaryIsACompactTable()
    {
        var dir = ProjectWithFixtureReports();
        var r = HlsReportCollector.Collect(dir, "myproject", new HlsReportCollector.Options { Tool = new ToolDescription("vivado_hls", "2019.2", null) });
        var text = HlsReportFormatter.ToText(r, "/x/hls-report.html");
        StringAssert.StartsWith(text, "HLS synthesis report for myproject (vivado_hls 2019.2, xc7z020-clg400-1)");
        StringAssert.Contains(text, "estimated 4.049 ns (247.0 MHz)");
        StringAssert.Contains(text, "latency   10 cycles (50 ns), II 8, pipeline: dataflow");
        StringAssert.Matches(text, new System.Text.RegularExpressions.Regex(@"DSP\s+73\s+220\s+33\.2%"));
        StringAssert.Matches(text, new System.Text.RegularExpressions.Regex(@"LUT\s+1526\s+53200\s+2\.9%"), "logic synthesis table");
        StringAssert.Contains(text, "report    /x/hls-report.html");
        Assert.IsLessThan(20, text.Split('\n').Length, text);
    }

    [TestMethod]
    public void HtmlIsSelfContainedWithTablesAndBars()
    {
        var dir = ProjectWithFixtureReports();
        var r = HlsReportCollector.Collect(dir, "myproject");
        var html = HlsReportFormatter.ToHtml(r);
        StringAssert.StartsWith(html, "<!DOCTYPE html>");
        StringAssert.Contains(html, "<style>");
        Assert.IsFalse(html.Contains("<script", StringComparison.OrdinalIgnoreCase), "no scripts");
        Assert.IsFalse(System.Text.RegularExpressions.Regex.IsMatch(html, @"(src|href)=""(https?:)?//"), "no external resources");
        StringAssert.Contains(html, "class=\"bar\"");
        StringAssert.Contains(html, "style=\"width:33.18%\"");
        StringAssert.Contains(html, "dense_array_array_ap_fixed_16_6_5_3_0_5u_config2_U0");
        StringAssert.Contains(html, "Logic synthesis");
        Assert.AreEqual(html.Split("<table").Length - 1, html.Split("</table>").Length - 1, "balanced tables");
    }

    [TestMethod]
    public void HtmlEscapesNames()
    {
        var r = new HlsReport
        {
            Project = "a<b>&c",
            CSynth = new CSynthReport
            {
                Source = "x.xml",
                Resources = new[] { new ResourceUsage("DSP", 300, 200) },
                Instances = new[] { new InstanceEstimate { Instance = "<script>alert(1)</script>" } },
            },
        };
        var html = HlsReportFormatter.ToHtml(r);
        Assert.IsFalse(html.Contains("<script>"), html);
        StringAssert.Contains(html, "a&lt;b&gt;&amp;c");
        StringAssert.Contains(html, "class=\"over\"", "over-utilised resource is flagged");
        StringAssert.Contains(html, "width:100%", "bar clamped at 100%");
    }

    /// <summary>
    /// A large design's Instances table (long generated names, a column per resource) stays inside the page: it
    /// scrolls in its own box and its names may wrap, so a 1400-px window never scrolls sideways.
    /// </summary>
    [TestMethod]
    public void WideInstanceAndLoopTablesScrollInsideThePage()
    {
        var resources = new[] { "BRAM_18K", "DSP48E", "FF", "LUT", "URAM", "SRL" };
        var r = new HlsReport
        {
            Project = "big",
            CSynth = new CSynthReport
            {
                Source = "x.xml",
                Instances = Enumerable.Range(0, 40).Select(i => new InstanceEstimate
                {
                    Instance = $"dense_resource_rf_gt_nin_rem0_ap_fixed_16_6_5_3_0_ap_fixed_16_6_5_3_0_config{i}_U0",
                    Module = $"dense_resource_rf_gt_nin_rem0_ap_fixed_ap_fixed_config{i}_s",
                    Resources = resources.ToDictionary(n => n, n => (long?)i),
                }).ToArray(),
                Loops = new[] { new LoopEstimate { Name = "ReuseLoop_with_a_very_long_generated_name_" + new string('x', 80), Module = "m" } },
            },
        };
        var html = HlsReportFormatter.ToHtml(r);
        StringAssert.Contains(html, ".wide{overflow-x:auto;max-width:100%}");
        StringAssert.Contains(html, "td.id{overflow-wrap:anywhere");
        foreach (var heading in new[] { "<h2>Instances</h2>", "<h2>Loops</h2>" })
        {
            var table = html[html.IndexOf(heading, StringComparison.Ordinal)..];
            StringAssert.StartsWith(table, heading + "\n<div class=\"wide\"><table>", "the table sits in a scrolling box");
            var end = table.IndexOf("</table>", StringComparison.Ordinal);
            Assert.AreEqual("</table></div>", table.Substring(end, 14));
        }
        StringAssert.Contains(html, "<td class=\"id\">dense_resource_rf_gt_nin_rem0_ap_fixed_16_6_5_3_0_ap_fixed_16_6_5_3_0_config39_U0</td>");
    }
}
