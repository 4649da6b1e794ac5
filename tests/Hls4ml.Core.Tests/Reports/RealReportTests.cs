using Hls4ml.Reports;

namespace Hls4ml.Tests.Reports;

/// <summary>Every real report in ../shared/fixtures/hls-reports parsed by the project's parsers (skipped when absent).</summary>
[TestClass]
public sealed class RealReportTests
{
    public TestContext TestContext { get; set; } = null!;

    private static string Real(string file) => TestPaths.RequireShared("fixtures", "hls-reports", "real", file);

    private readonly List<string> _temp = new();

    [TestCleanup]
    public void Cleanup()
    {
        foreach (var d in _temp)
            try { if (Directory.Exists(d)) Directory.Delete(d, true); } catch (IOException) { }
    }

    private string TempDir()
    {
        var d = TestPaths.NewTempDir("real-reports");
        _temp.Add(d);
        return d;
    }

    private static void AssertResource(IReadOnlyList<ResourceUsage> resources, string name, double? used, double? available)
    {
        var r = resources.FirstOrDefault(x => x.Name == name);
        Assert.IsNotNull(r, $"{name} missing: {string.Join(", ", resources.Select(x => x.Name))}");
        Assert.AreEqual(used, r.Used, $"{name} used");
        Assert.AreEqual(available, r.Available, $"{name} available");
    }

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

    // ------------------------------------------------------------------ co-simulation

    [TestMethod]
    public void CoSimOfVivadoHls2019_1WithThePlusRtlStatusHeaderLine()
    {
        // | VHDL | Pass | 130 | 130 | 130 | NA | NA | NA |, Verilog all NA.
        var r = CoSimReportParser.Parse(Real("lr_hls_dev__LR_top_cosim.rpt"));
        Assert.AreEqual("VHDL", r.Rtl);
        Assert.AreEqual("Pass", r.Status);
        Assert.IsTrue(r.Passed);
        Assert.AreEqual(130L, r.LatencyMin);
        Assert.AreEqual(130L, r.LatencyAvg);
        Assert.AreEqual(130L, r.LatencyMax);
        Assert.IsNull(r.IntervalMin, "NA");
        Assert.IsNull(r.IntervalAvg);
        Assert.IsNull(r.IntervalMax);
        Assert.IsNull(r.TotalExecutionCycles, "2019.1 has no Total Execution Time column");
    }

    [TestMethod]
    public void CoSimOfVitis2022_2TakesTheRowThatRanEvenWhenItFailed()
    {
        // VHDL NA (did not run), Verilog Fail with every number NA.
        var r = CoSimReportParser.Parse(Real("AMD-Pervasive-AI__ViT_act_cosim.rpt"));
        Assert.AreEqual("Verilog", r.Rtl);
        Assert.AreEqual("Fail", r.Status);
        Assert.IsFalse(r.Passed);
        Assert.IsNull(r.LatencyMin);
        Assert.IsNull(r.LatencyMax);
        Assert.IsNull(r.IntervalMax);
        Assert.IsNull(r.TotalExecutionCycles);
    }

    [TestMethod]
    public void CoSimOfVitisLayoutReadsEveryColumnByItsHeader()
    {
        // The real Vitis 2022.2 table with a passing Verilog row filled in: the columns come from the three header lines.
        var text = File.ReadAllText(Real("AMD-Pervasive-AI__ViT_act_cosim.rpt")).Replace(
            "|   Verilog|      Fail|             NA|             NA|             NA|             NA|             NA|             NA|                    NA|",
            "|   Verilog|      Pass|            395|            396|            397|            390|            391|            392|                  4711|");
        var p = Path.Combine(TempDir(), "myproject_cosim.rpt");
        File.WriteAllText(p, text);
        var r = CoSimReportParser.Parse(p);
        Assert.AreEqual("Verilog", r.Rtl);
        Assert.IsTrue(r.Passed);
        Assert.AreEqual(395L, r.LatencyMin);
        Assert.AreEqual(396L, r.LatencyAvg);
        Assert.AreEqual(397L, r.LatencyMax);
        Assert.AreEqual(390L, r.IntervalMin);
        Assert.AreEqual(391L, r.IntervalAvg);
        Assert.AreEqual(392L, r.IntervalMax);
        Assert.AreEqual(4711L, r.TotalExecutionCycles);
    }

    [TestMethod]
    public void ARealCoSimReportEndsUpInHlsReportJson()
    {
        // After a real CoSim the collector must not throw, so hls-report.json/.html get written.
        var dir = TempDir();
        var syn = Directory.CreateDirectory(Path.Combine(dir, "LR_top_prj", "solution1", "syn", "report")).FullName;
        var sim = Directory.CreateDirectory(Path.Combine(dir, "LR_top_prj", "solution1", "sim", "report")).FullName;
        File.Copy(TestPaths.RequireShared("fixtures", "hls-reports", "vivado-2019", "myproject_csynth.xml"), Path.Combine(syn, "LR_top_csynth.xml"));
        File.Copy(Real("lr_hls_dev__LR_top_cosim.rpt"), Path.Combine(sim, "LR_top_cosim.rpt"));
        foreach (var f in Directory.EnumerateFiles(dir, "*", SearchOption.AllDirectories)) File.SetLastWriteTimeUtc(f, DateTime.UtcNow);
        var report = HlsReportCollector.Collect(dir, "LR_top");
        Assert.IsNotNull(report.CoSim);
        var json = Newtonsoft.Json.Linq.JObject.Parse(HlsReportJson.Serialize(report, dir));
        Assert.AreEqual("VHDL", (string?)json["cosim"]!["rtl"]);
        Assert.AreEqual("Pass", (string?)json["cosim"]!["status"]);
        Assert.AreEqual(130L, (long)json["cosim"]!["latency"]!["avg"]!);
        Assert.AreEqual(Newtonsoft.Json.Linq.JTokenType.Null, json["cosim"]!["interval"]!["min"]!.Type);
        StringAssert.Contains(HlsReportFormatter.ToHtml(report), "130 / 130 / 130");
    }

    // ------------------------------------------------------------------ Vivado HLS <= 2019.1 .rpt

    [TestMethod]
    public void CSynthRptOfVivadoHls2018_2WithTheFiveColumnLatencyTable()
    {
        var r = CSynthReportParser.ParseRpt(Real("phase2_bjets_hls__get_discriminant_csynth.rpt"));
        Assert.AreEqual("2018.2", r.ToolVersion);
        Assert.AreEqual("xcvu9p-flgc2104-2-i", r.Part);
        Assert.AreEqual("get_discriminant", r.TopModule);
        Assert.AreEqual(3.12, r.TargetClockNs!.Value, 1e-9, "'+ Timing (ns)': bare numbers are ns");
        Assert.AreEqual(0.0, r.EstimatedClockNs!.Value, 1e-9);
        Assert.AreEqual(0.39, r.ClockUncertaintyNs!.Value, 1e-9);
        // | 0 | 0 | 0 | 0 | none |: latency min/max, interval min/max, pipeline type.
        Assert.AreEqual(0L, r.Latency.BestCycles);
        Assert.AreEqual(0L, r.Latency.WorstCycles);
        Assert.AreEqual(0L, r.Latency.IntervalMin);
        Assert.AreEqual(0L, r.Latency.IntervalMax);
        Assert.AreEqual("none", r.Latency.PipelineType);
        Assert.AreEqual(0.0, r.Latency.WorstNs!.Value, 1e-9, "no absolute column: cycles × target");
        AssertResource(r.Resources, "BRAM_18K", 0, 4320);
        AssertResource(r.Resources, "DSP", 0, 6840);
        AssertResource(r.Resources, "FF", 0, 2364480);
        AssertResource(r.Resources, "LUT", 0, 1182240);
        AssertResource(r.Resources, "URAM", 0, 960);
        Assert.IsEmpty(r.Instances, "Instance: N/A");
        Assert.IsEmpty(r.Loops, "Loop: N/A");

        // The XML of the same run prints the interval as 1: each report is read as written.
        var x = CSynthReportParser.ParseXml(Real("phase2_bjets_hls__get_discriminant_csynth.xml"));
        Assert.AreEqual(1L, x.Latency.IntervalMin);
        Assert.AreEqual(r.Latency.WorstCycles, x.Latency.WorstCycles);
        CollectionAssert.AreEqual(r.Resources.ToList(), x.Resources.ToList());
    }

    [TestMethod]
    public void CSynthRptOfVivadoHls2018_2WithSevenColumnInstanceRowsAndNestedLoops()
    {
        // The 2018.2 report above with the instance and loop tables that version prints for a design that has them.
        var text = File.ReadAllText(Real("phase2_bjets_hls__get_discriminant_csynth.rpt"));
        var instance = """
                    * Instance: 
                    +------------------------+----------------------+-----+-----+-----+-----+----------+
                    |                        |                      |  Latency  |  Interval | Pipeline |
                    |        Instance        |        Module        | min | max | min | max |   Type   |
                    +------------------------+----------------------+-----+-----+-----+-----+----------+
                    |grp_compute_tk_fu_84    |compute_tk            |    3|    5|    1|    1| function |
                    |call_ret_lookup_fu_92   |lookup                |    0|    0|    1|    1|   none   |
                    +------------------------+----------------------+-----+-----+-----+-----+----------+

                    * Loop: 
                    +-------------+-----+-----+----------+-----------+-----------+------+----------+
                    |             |  Latency  | Iteration|  Initiation Interval  | Trip |          |
                    |  Loop Name  | min | max |  Latency |  achieved |   target  | Count| Pipelined|
                    +-------------+-----+-----+----------+-----------+-----------+------+----------+
                    |- Loop 1     |   40|   40|        10|          -|          -|     4|    no    |
                    | + Loop 1.1  |    8|    8|         2|          1|          1|     7|    yes   |
                    |- Loop 2     |    ?|    ?|         ?|          -|          -|     ?|    no    |
                    +-------------+-----+-----+----------+-----------+-----------+------+----------+
            """;
        const string none = "        * Instance: \n        N/A\n\n        * Loop: \n        N/A\n";
        StringAssert.Contains(text, none);
        text = text.Replace(none, instance.ReplaceLineEndings("\n") + "\n");
        var p = Path.Combine(TempDir(), "get_discriminant_csynth.rpt");
        File.WriteAllText(p, text);
        var r = CSynthReportParser.ParseRpt(p);
        Assert.HasCount(2, r.Instances);
        var tk = r.Instances[0];
        Assert.AreEqual("grp_compute_tk_fu_84", tk.Instance);
        Assert.AreEqual("compute_tk", tk.Module);
        Assert.AreEqual(3L, tk.LatencyMinCycles);
        Assert.AreEqual(5L, tk.LatencyMaxCycles);
        Assert.AreEqual(1L, tk.IntervalMin);
        Assert.AreEqual(1L, tk.IntervalMax);
        Assert.AreEqual("function", tk.PipelineType);
        Assert.AreEqual("none", r.Instances[1].PipelineType);
        Assert.HasCount(3, r.Loops);
        Assert.AreEqual("Loop 1", r.Loops[0].Name);
        Assert.AreEqual(40L, r.Loops[0].LatencyMaxCycles);
        Assert.AreEqual(10L, r.Loops[0].IterationLatency);
        Assert.IsNull(r.Loops[0].InitiationInterval, "-");
        Assert.AreEqual(false, r.Loops[0].Pipelined);
        Assert.AreEqual("Loop 1/Loop 1.1", r.Loops[1].Name);
        Assert.AreEqual(1L, r.Loops[1].InitiationInterval);
        Assert.AreEqual(7L, r.Loops[1].TripCountMax);
        Assert.AreEqual(true, r.Loops[1].Pipelined);
        Assert.AreEqual("Loop 2", r.Loops[2].Name);
        Assert.IsNull(r.Loops[2].LatencyMaxCycles, "?");
        Assert.IsNull(r.Loops[2].TripCountMax, "?");
        Assert.AreEqual("get_discriminant", r.Loops[0].Module);
    }

    // ------------------------------------------------------------------ Vitis csynth.rpt / csynth.xml

    [TestMethod]
    public void VitisSynthesisSummaryReportIsRead()
    {
        var r = CSynthReportParser.ParseRpt(Real("Vitis_HLS_Gaussian__csynth.rpt"));
        Assert.AreEqual("2020.2", r.ToolVersion);
        Assert.AreEqual("xczu7ev-ffvc1156-2-e", r.Part);
        Assert.AreEqual("gaussian", r.TopModule);
        // |+ gaussian | - | -0.87 | 262673 | 2.627e+06 | - | 262674 | - | no | 3 (~0%) | - | 973 (~0%) | 1870 (~0%) | - |
        Assert.AreEqual(262673L, r.Latency.BestCycles);
        Assert.AreEqual(262673L, r.Latency.WorstCycles);
        Assert.AreEqual(2.627e6, r.Latency.WorstNs!.Value, 1e-3);
        Assert.AreEqual(262674L, r.Latency.IntervalMin);
        Assert.AreEqual(262674L, r.Latency.IntervalMax);
        Assert.AreEqual("no", r.Latency.PipelineType);
        AssertResource(r.Resources, "BRAM_18K", 3, null);
        AssertResource(r.Resources, "DSP", 0, null);
        AssertResource(r.Resources, "FF", 973, null);
        AssertResource(r.Resources, "LUT", 1870, null);
        AssertResource(r.Resources, "URAM", 0, null);
        Assert.IsNull(r.TargetClockNs, "the summary states no clock target");
        Assert.IsEmpty(r.Instances, "no sub-module under gaussian");
        CollectionAssert.AreEqual(new[] { "buf_x1", "buf_x2", "win_y_win_x", "for_y_for_x" }, r.Loops.Select(l => l.Name).ToArray());
        var last = r.Loops[3];
        Assert.AreEqual("gaussian", last.Module);
        Assert.AreEqual(262146L, last.LatencyMaxCycles);
        Assert.AreEqual(4L, last.IterationLatency);
        Assert.AreEqual(1L, last.InitiationInterval);
        Assert.AreEqual(262144L, last.TripCountMax);
        Assert.AreEqual(true, last.Pipelined);
        Assert.AreEqual(2L, r.Loops[2].IterationLatency);
        Assert.AreEqual(4L, r.Loops[2].TripCountMax);
    }

    [TestMethod]
    public void VitisSummaryTreeWithDataflowNestingAndAViolationTypeColumn()
    {
        // The summary layout of later Vitis versions (an extra "Violation Type" column), written here with a dataflow top
        // ('*'), sub-modules, their loop pipelines and loops: the columns are found by name, nesting by indentation.
        var p = Path.Combine(TempDir(), "csynth.rpt");
        File.WriteAllText(p, """


            ================================================================
            == Synthesis Summary Report of 'kernel'
            ================================================================
            + General Information: 
                * Date:           Mon Jan  1 00:00:00 2024
                * Version:        2024.1 (Build 5069499 on May 21 2024)
                * Project:        kernel
                * Solution:       hls (Vivado IP Flow Target)
                * Product family: virtexuplus
                * Target device:  xcu55c-fsvh2892-2L-e
                

            + Performance & Resource Estimates: 
                
                PS: '+' for module; 'o' for loop; '*' for dataflow
                +-----------------------------+--------+-----------+-------+---------+-----------+----------+---------+------+----------+---------+----------+-----------+-----------+-----+
                |           Modules           |  Issue | Violation |       | Latency |  Latency  | Iteration|         | Trip |          |         |          |           |           |     |
                |           & Loops           |  Type  |    Type   | Slack | (cycles)|    (ns)   |  Latency | Interval| Count| Pipelined|  BRAM   |    DSP   |     FF    |    LUT    | URAM|
                +-----------------------------+--------+-----------+-------+---------+-----------+----------+---------+------+----------+---------+----------+-----------+-----------+-----+
                |+ kernel*                    |  Timing|          -|  -0.12|     1034|  3.412e+03|         -|      517|     -|  dataflow|  4 (~0%)|  12 (~0%)|  2210 (~0%)|  3301 (~0%)|    -|
                | + load                      |       -|          -|   0.40|      516|  1.703e+03|         -|      516|     -|        no|        -|         -|    140 (~0%)|    233 (~0%)|    -|
                |  + load_Pipeline_rd         |       -|          -|   0.40|      514|  1.696e+03|         -|      514|     -|        no|        -|         -|     90 (~0%)|    120 (~0%)|    -|
                |   o rd                      |      II|          -|   2.43|  2 ~ 512|  6.600 ~ 1.690e+03|         3|        2|  1 ~ 255|       yes|        -|         -|           -|           -|    -|
                | + compute                   |  Timing|          -|  -0.12|      517|  1.706e+03|         -|      517|     -|        no|  4 (~0%)|  12 (~0%)|   1900 (~0%)|   2800 (~0%)|    -|
                |  o rows                     |       -|          -|   2.43|      512|  1.690e+03|         4|        -|   128|        no|        -|         -|           -|           -|    -|
                |   o cols                    |       -|          -|   2.43|        2|      6.600|         1|        1|     2|       yes|        -|         -|           -|           -|    -|
                | o drain                     |       -|          -|   2.43|        -|          -|         1|        1|     ?|       yes|        -|         -|           -|           -|    -|
                |  + flush                    |       -|          -|   0.40|        1|      3.300|         -|        1|     -|       yes|        -|         -|      5 (~0%)|     20 (~0%)|    -|
                +-----------------------------+--------+-----------+-------+---------+-----------+----------+---------+------+----------+---------+----------+-----------+-----------+-----+

            """);
        var r = CSynthReportParser.ParseRpt(p);
        Assert.AreEqual("kernel", r.TopModule);
        Assert.AreEqual("2024.1", r.ToolVersion);
        Assert.AreEqual("dataflow", r.Latency.PipelineType);
        Assert.AreEqual(1034L, r.Latency.WorstCycles);
        Assert.AreEqual(3412.0, r.Latency.WorstNs!.Value, 1e-9);
        Assert.AreEqual(517L, r.Latency.IntervalMax);
        AssertResource(r.Resources, "BRAM_18K", 4, null);
        AssertResource(r.Resources, "DSP", 12, null);
        AssertResource(r.Resources, "FF", 2210, null);
        AssertResource(r.Resources, "LUT", 3301, null);

        // load, compute and flush (inside the top's loop drain) sit in the top; load_Pipeline_rd is inside load.
        CollectionAssert.AreEqual(new[] { "load", "compute", "flush" }, r.Instances.Select(i => i.Instance).ToArray());
        var compute = r.Instances[1];
        Assert.AreEqual(517L, compute.LatencyMaxCycles);
        Assert.AreEqual(517L, compute.IntervalMin);
        Assert.AreEqual("no", compute.PipelineType);
        Assert.AreEqual(12L, compute.Resources["DSP"]);
        Assert.AreEqual(0L, r.Instances[0].Resources["DSP"], "'-' is none");

        CollectionAssert.AreEqual(new[] { "rd", "rows", "rows/cols", "drain" }, r.Loops.Select(l => l.Name).ToArray());
        var rd = r.Loops[0];
        Assert.AreEqual("load_Pipeline_rd", rd.Module);
        Assert.AreEqual(2L, rd.LatencyMinCycles);
        Assert.AreEqual(512L, rd.LatencyMaxCycles);
        Assert.AreEqual(1L, rd.TripCountMin);
        Assert.AreEqual(255L, rd.TripCountMax);
        Assert.AreEqual(2L, rd.InitiationInterval);
        Assert.AreEqual(3L, rd.IterationLatency);
        Assert.AreEqual("compute", r.Loops[2].Module);
        Assert.AreEqual(false, r.Loops[1].Pipelined);
        Assert.AreEqual("kernel", r.Loops[3].Module);
        Assert.IsNull(r.Loops[3].LatencyMaxCycles, "-");
        Assert.IsNull(r.Loops[3].TripCountMax, "?");
    }

    [TestMethod]
    public void VitisSummaryAndDetailedReportsOfOneRunAgree()
    {
        var summary = CSynthReportParser.ParseRpt(Real("Vitis_HLS_Gaussian__csynth.rpt"));
        var detailed = CSynthReportParser.ParseRpt(Real("Vitis_HLS_Gaussian__gaussian_csynth.rpt"));
        Assert.AreEqual(10.0, detailed.TargetClockNs!.Value, 1e-9);
        Assert.AreEqual(6.427, detailed.EstimatedClockNs!.Value, 1e-9);
        Assert.AreEqual(2.627e6, detailed.Latency.WorstNs!.Value, 1e-3, "2.627 ms");
        Assert.AreEqual("none", detailed.Latency.PipelineType);
        AssertResource(detailed.Resources, "BRAM_18K", 3, 624);
        AssertResource(detailed.Resources, "DSP", 0, 1728);
        AssertResource(detailed.Resources, "FF", 973, 460800);
        AssertResource(detailed.Resources, "LUT", 1870, 230400);
        AssertResource(detailed.Resources, "URAM", 0, 96);
        Assert.AreEqual(detailed.Latency.WorstCycles, summary.Latency.WorstCycles);
        Assert.AreEqual(detailed.Latency.IntervalMax, summary.Latency.IntervalMax);
        foreach (var name in CSynthReportParser.ResourceOrder)
            Assert.AreEqual(detailed.Resource(name)!.Used, summary.Resource(name)!.Used, name);
        CollectionAssert.AreEqual(detailed.Loops.ToList(), summary.Loops.ToList(), "same loops, names and numbers");
        // The XML's loops (element names, PipelineDepth as iteration latency) are the same too.
        var xml = CSynthReportParser.ParseXml(Real("Vitis_HLS_Gaussian__csynth.xml"));
        CollectionAssert.AreEqual(detailed.Loops.ToList(), xml.Loops.ToList());
    }

    [TestMethod]
    public void LoadKeepsTheXmlWhenTheReportBesideItIsASummaryOrUnreadable()
    {
        var dir = TempDir();
        var xml = Path.Combine(dir, "csynth.xml");
        File.Copy(Real("Vitis_HLS_Gaussian__csynth.xml"), xml);
        File.Copy(Real("Vitis_HLS_Gaussian__csynth.rpt"), Path.Combine(dir, "csynth.rpt"));
        var r = CSynthReportParser.Load(xml);
        Assert.AreEqual(xml, r.Source);
        Assert.AreEqual(262673L, r.Latency.WorstCycles);
        Assert.AreEqual(6.427, r.EstimatedClockNs!.Value, 1e-9);
        AssertResource(r.Resources, "LUT", 1870, 230400);
        Assert.HasCount(4, r.Loops);

        File.WriteAllText(Path.Combine(dir, "csynth.rpt"), "not a report\n");
        File.WriteAllText(Path.Combine(dir, "gaussian_csynth.rpt"), "+----+\n| ?? |\n");
        r = CSynthReportParser.Load(xml);
        Assert.AreEqual(262673L, r.Latency.WorstCycles, "an unreadable companion never costs the XML");
        Assert.HasCount(4, r.Loops);
    }

    [TestMethod]
    public void TheCollectorReadsAVitisSummaryCsynthRptWhenItIsTheOnlyReport()
    {
        var dir = TempDir();
        var syn = Directory.CreateDirectory(Path.Combine(dir, "gaussian_prj", "solution1", "syn", "report")).FullName;
        File.Copy(Real("Vitis_HLS_Gaussian__csynth.rpt"), Path.Combine(syn, "csynth.rpt"));
        Assert.AreEqual(Path.Combine(syn, "csynth.rpt"), CSynthReportParser.Find(dir, "gaussian"));
        var report = HlsReportCollector.Collect(dir, "gaussian");
        Assert.AreEqual(262673L, report.CSynth!.Latency.WorstCycles);
        Assert.AreEqual(1870.0, report.CSynth.Resource("LUT")!.Used);
    }

    [TestMethod]
    public void VitisModuleListCountsOnlyTheTopsInstancesWithTheirIntervalsAndResources()
    {
        var r = CSynthReportParser.ParseXml(Real("ECE226_CoDesign__csynth.xml"));
        Assert.AreEqual("2024.1", r.ToolVersion);
        Assert.AreEqual("myproject", r.TopModule);
        Assert.AreEqual("xcu250-figd2104-2L-e", r.Part);
        Assert.AreEqual(395L, r.Latency.WorstCycles);
        Assert.AreEqual(1975.0, r.Latency.WorstNs!.Value, 1e-6);
        Assert.AreEqual(390L, r.Latency.IntervalMin);
        Assert.AreEqual("dataflow", r.Latency.PipelineType);
        AssertResource(r.Resources, "BRAM_18K", 29, 5376);
        AssertResource(r.Resources, "DSP", 467, 12288);
        AssertResource(r.Resources, "FF", 7123, 3456000);
        AssertResource(r.Resources, "LUT", 17966, 1728000);
        AssertResource(r.Resources, "URAM", 0, 1280);

        // 13 modules in the list; the hierarchy puts 6 directly under the top (sub-pipelines and sub-functions are deeper).
        CollectionAssert.AreEqual(new[]
        {
            "zeropad1d_cl_array_ap_fixed_9u_array_ap_fixed_16_6_5_3_0_9u_config8_U0",
            "conv_1d_cl_array_ap_fixed_9u_array_ap_fixed_16_6_5_3_0_16u_config2_U0",
            "relu_array_ap_fixed_16u_array_ap_fixed_16_6_5_3_0_16u_relu_config4_U0",
            "global_pooling1d_cl_array_array_ap_fixed_16_6_5_3_0_16u_config5_U0",
            "dense_array_ap_fixed_16u_array_ap_fixed_16_6_5_3_0_6u_config6_U0",
            "softmax_array_array_ap_fixed_16_6_5_3_0_6u_softmax_config7_U0",
        }, r.Instances.Select(i => i.Instance).ToArray());
        var conv = r.Instances[1];
        Assert.AreEqual("conv_1d_cl_array_ap_fixed_9u_array_ap_fixed_16_6_5_3_0_16u_config2_s", conv.Module);
        Assert.AreEqual(393L, conv.LatencyMaxCycles);
        Assert.AreEqual(390L, conv.IntervalMin, "PipelineInitiationInterval");
        Assert.AreEqual(390L, conv.IntervalMax);
        Assert.AreEqual("loop auto-rewind (delay=0 clock cycles(s))", conv.PipelineType);
        CollectionAssert.AreEquivalent(new[] { "BRAM_18K", "DSP", "FF", "LUT", "URAM" }, conv.Resources.Keys.ToArray(), "AVAIL_*/UTIL_* are not resources");
        Assert.AreEqual(370L, conv.Resources["DSP"]);
        Assert.AreEqual(3097L, conv.Resources["FF"]);
        Assert.AreEqual(11875L, conv.Resources["LUT"]);
        Assert.AreEqual(132L, r.Instances[0].IntervalMax);
        Assert.AreEqual("no", r.Instances[0].PipelineType);
        Assert.AreEqual(8L, r.Instances[5].LatencyMaxCycles);
        Assert.AreEqual(5L, r.Instances[5].Resources["BRAM_18K"]);

        var loop = r.Loops.Single(l => l.Name == "ReadInputWidth");
        Assert.AreEqual("conv_1d_cl_array_ap_fixed_9u_array_ap_fixed_16_6_5_3_0_16u_config2_s", loop.Module);
        Assert.AreEqual(391L, loop.LatencyMaxCycles);
        Assert.AreEqual(3L, loop.InitiationInterval);
        Assert.AreEqual(5L, loop.IterationLatency, "PipelineDepth");
        Assert.AreEqual(130L, loop.TripCountMax);
        CollectionAssert.AreEquivalent(new[] { "CopyMain", "ReadInputWidth", "ReLUActLoop", "ReadInput" }, r.Loops.Select(l => l.Name).ToArray());
    }

    [TestMethod]
    public void VitisModuleListAgreesWithTheDetailedReportOfTheSameRun()
    {
        var xml = CSynthReportParser.ParseXml(Real("ECE226_CoDesign__csynth.xml"));
        var rpt = CSynthReportParser.ParseRpt(Real("ECE226_CoDesign__myproject_csynth.rpt"));
        Assert.AreEqual("dataflow", rpt.Latency.PipelineType);
        Assert.AreEqual(390L, rpt.Latency.IntervalMax);
        Assert.AreEqual(3.53, rpt.EstimatedClockNs!.Value, 1e-9);
        AssertResource(rpt.Resources, "DSP", 467, 12288);
        AssertResource(rpt.Resources, "BRAM_18K", 29, 5376);
        Assert.AreEqual("loop auto-rewind stp(delay=0 clock cycles(s))", rpt.Instances[1].PipelineType);
        CollectionAssert.AreEqual(rpt.Instances.Select(i => i.Instance).ToList(), xml.Instances.Select(i => i.Instance).ToList());
        foreach (var (a, b) in rpt.Instances.Zip(xml.Instances))
        {
            Assert.AreEqual(a.Module, b.Module);
            Assert.AreEqual(a.LatencyMinCycles, b.LatencyMinCycles, a.Instance);
            Assert.AreEqual(a.LatencyMaxCycles, b.LatencyMaxCycles, a.Instance);
            Assert.AreEqual(a.IntervalMin, b.IntervalMin, a.Instance);
            Assert.AreEqual(a.IntervalMax, b.IntervalMax, a.Instance);
            CollectionAssert.AreEquivalent(a.Resources.ToList(), b.Resources.ToList(), a.Instance);
        }
    }

    [TestMethod]
    public void VitisModuleListWithoutHierarchyKeepsOnlyTheTopsOwnLoopPipelines()
    {
        // The ECE226 module list with its RTL hierarchy removed: <f>_Pipeline_<loop> modules belong to <f>.
        var text = File.ReadAllText(Real("ECE226_CoDesign__csynth.xml"));
        int a = text.IndexOf("<RTLDesignHierarchy>", StringComparison.Ordinal), b = text.IndexOf("</RTLDesignHierarchy>", StringComparison.Ordinal);
        text = text[..a] + text[(b + "</RTLDesignHierarchy>".Length)..];
        text = text.Replace("<Name>zeropad1d_cl_array_array_ap_fixed_16_6_5_3_0_9u_config8_Pipeline_CopyMain</Name>", "<Name>myproject_Pipeline_CopyMain</Name>");
        var p = Path.Combine(TempDir(), "csynth.xml");
        File.WriteAllText(p, text);
        var names = CSynthReportParser.ParseXml(p).Instances.Select(i => i.Instance).ToList();
        CollectionAssert.Contains(names, "myproject_Pipeline_CopyMain");
        CollectionAssert.DoesNotContain(names, "global_pooling1d_cl_array_array_ap_fixed_16u_config5_Pipeline_ReadInput");
        Assert.HasCount(11, names, "13 modules minus the top and the loop pipeline of global_pooling1d");
    }

    // ------------------------------------------------------------------ vivado_synth.rpt

    [TestMethod]
    public void BlockRamTilesStayFractional()
    {
        var r = VivadoSynthReportParser.Parse(Real("dnd_hls4ml__vivado_synth.rpt"));
        Assert.AreEqual("Vivado v.2020.1", r.ToolVersion);
        Assert.AreEqual("xczu9egffvb1156-2", r.Device);
        AssertResource(r.Resources, "LUT", 31277, 274080);
        AssertResource(r.Resources, "FF", 4555, 548160);
        AssertResource(r.Resources, "BRAM_36K", 0.5, 912);
        AssertResource(r.Resources, "BRAM_18K", 1, 1824);
        AssertResource(r.Resources, "DSP", 0, 2520);
        Assert.IsNull(r.Resource("URAM"), "this part has no URAM row");
        Assert.AreEqual(0.0548, r.Resource("BRAM_36K")!.Percent!.Value, 1e-4);

        var report = new HlsReport { Project = "myproject", LogicSynthesis = r };
        var json = Newtonsoft.Json.Linq.JObject.Parse(HlsReportJson.Serialize(report));
        var bram = json["logicSynthesis"]!["resources"]!["BRAM_36K"]!;
        Assert.AreEqual(Newtonsoft.Json.Linq.JTokenType.Float, bram["used"]!.Type);
        Assert.AreEqual(0.5, (double)bram["used"]!);
        Assert.AreEqual(Newtonsoft.Json.Linq.JTokenType.Integer, bram["available"]!.Type, "whole counts stay integers");
        Assert.AreEqual(0.05, (double)bram["percent"]!);
        Assert.AreEqual(31277L, (long)json["logicSynthesis"]!["resources"]!["LUT"]!["used"]!);
        StringAssert.Contains(HlsReportFormatter.ToHtml(report), "<td>BRAM_36K</td><td class=\"n\">0.5</td><td class=\"n\">912</td>");
        StringAssert.Matches(HlsReportFormatter.ToText(report), new System.Text.RegularExpressions.Regex(@"BRAM_36K\s+0\.5\s+912\s+0\.1%"));

        // One and a half tiles (a RAMB36 and a RAMB18) in the same layout: 1.5, not 2.
        var p = Path.Combine(TempDir(), "vivado_synth.rpt");
        File.WriteAllText(p, File.ReadAllText(Real("dnd_hls4ml__vivado_synth.rpt"))
            .Replace("| Block RAM Tile    |  0.5 |", "| Block RAM Tile    |  1.5 |")
            .Replace("|   RAMB36/FIFO*    |    0 |", "|   RAMB36/FIFO*    |    1 |"));
        Assert.AreEqual(1.5, VivadoSynthReportParser.Parse(p).Resource("BRAM_36K")!.Used);
    }

    // ------------------------------------------------------------------ round trip into hls-report.json / .html

    [TestMethod]
    public void EveryRealReportsNumbersRoundTripIntoJsonAndHtml()
    {
        foreach (var file in AllReportFiles())
        {
            var name = Path.GetFileName(file);
            HlsReport report;
            if (name.EndsWith("cosim.rpt", StringComparison.OrdinalIgnoreCase)) report = new HlsReport { Project = "p", CoSim = CoSimReportParser.Parse(file) };
            else if (name.EndsWith("vivado_synth.rpt", StringComparison.OrdinalIgnoreCase)) report = new HlsReport { Project = "p", LogicSynthesis = VivadoSynthReportParser.Parse(file) };
            else report = new HlsReport { Project = "p", CSynth = CSynthReportParser.Load(file) };
            var json = Newtonsoft.Json.Linq.JObject.Parse(HlsReportJson.Serialize(report));
            var html = HlsReportFormatter.ToHtml(report);
            double? D(Newtonsoft.Json.Linq.JToken? t) => t is null || t.Type == Newtonsoft.Json.Linq.JTokenType.Null ? null : (double)t;
            long? L(Newtonsoft.Json.Linq.JToken? t) => t is null || t.Type == Newtonsoft.Json.Linq.JTokenType.Null ? null : (long)t;
            string Cell(double? v) => $"<td class=\"n\">{(v is null ? "-" : v.Value.ToString("0.##", System.Globalization.CultureInfo.InvariantCulture))}</td>";

            void Resources(IReadOnlyList<ResourceUsage> resources, Newtonsoft.Json.Linq.JToken section)
            {
                foreach (var r in resources)
                {
                    Assert.AreEqual(r.Used, D(section["resources"]![r.Name]!["used"]), $"{name} {r.Name} used");
                    Assert.AreEqual(r.Available, D(section["resources"]![r.Name]!["available"]), $"{name} {r.Name} available");
                    StringAssert.Contains(html, $"<td>{r.Name}</td>{Cell(r.Used)}{Cell(r.Available)}", $"{name} {r.Name} in the HTML");
                }
            }

            if (report.CSynth is { } c)
            {
                var j = json["csynth"]!;
                Assert.AreEqual(c.Latency.BestCycles, L(j["latency"]!["bestCycles"]), name);
                Assert.AreEqual(c.Latency.WorstCycles, L(j["latency"]!["worstCycles"]), name);
                Assert.AreEqual(c.Latency.WorstNs, D(j["latency"]!["worstNs"]), name);
                Assert.AreEqual(c.Latency.IntervalMin, L(j["latency"]!["intervalMin"]), name);
                Assert.AreEqual(c.Latency.IntervalMax, L(j["latency"]!["intervalMax"]), name);
                Assert.AreEqual(c.Latency.PipelineType, (string?)j["latency"]!["pipelineType"], name);
                Assert.AreEqual(c.EstimatedClockNs, D(j["clock"]!["estimatedNs"]), name);
                Resources(c.Resources, j);
                Assert.HasCount(c.Instances.Count, (Newtonsoft.Json.Linq.JArray)j["instances"]!, name);
                for (int i = 0; i < c.Instances.Count; i++)
                {
                    var ji = j["instances"]![i]!;
                    Assert.AreEqual(c.Instances[i].Instance, (string?)ji["instance"], name);
                    Assert.AreEqual(c.Instances[i].LatencyMaxCycles, L(ji["latencyMaxCycles"]), name);
                    Assert.AreEqual(c.Instances[i].IntervalMax, L(ji["intervalMax"]), name);
                    foreach (var kv in c.Instances[i].Resources) Assert.AreEqual(kv.Value, L(ji["resources"]![kv.Key]), $"{name} {c.Instances[i].Instance} {kv.Key}");
                    StringAssert.Contains(html, System.Net.WebUtility.HtmlEncode(c.Instances[i].Instance), name);
                }
                Assert.HasCount(c.Loops.Count, (Newtonsoft.Json.Linq.JArray)j["loops"]!, name);
                for (int i = 0; i < c.Loops.Count; i++)
                {
                    Assert.AreEqual(c.Loops[i].Name, (string?)j["loops"]![i]!["name"], name);
                    Assert.AreEqual(c.Loops[i].TripCountMax, L(j["loops"]![i]!["tripCountMax"]), name);
                    Assert.AreEqual(c.Loops[i].InitiationInterval, L(j["loops"]![i]!["initiationInterval"]), name);
                }
                var l = c.Latency;
                StringAssert.Contains(html, $"{l.BestCycles?.ToString() ?? "-"} / {l.AverageCycles?.ToString() ?? "-"} / {l.WorstCycles?.ToString() ?? "-"}", name);
            }
            if (report.CoSim is { } s)
            {
                var j = json["cosim"]!;
                Assert.AreEqual(s.Rtl, (string?)j["rtl"], name);
                Assert.AreEqual(s.Status, (string?)j["status"], name);
                Assert.AreEqual(s.LatencyMin, L(j["latency"]!["min"]), name);
                Assert.AreEqual(s.LatencyMax, L(j["latency"]!["max"]), name);
                Assert.AreEqual(s.IntervalMax, L(j["interval"]!["max"]), name);
                Assert.AreEqual(s.TotalExecutionCycles, L(j["totalExecutionCycles"]), name);
                StringAssert.Contains(html, $">{s.Status}</td>", name);
            }
            if (report.LogicSynthesis is { } v) Resources(v.Resources, json["logicSynthesis"]!);
        }
    }
}
