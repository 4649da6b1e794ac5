using Hls4ml.Diagnostics;
using Hls4ml.Reports;

namespace Hls4ml.Tests.Reports;

/// <summary>Report parsers against the real Vivado HLS reports in ../shared (skipped when absent) and hand-written variants.</summary>
[TestClass]
public sealed class ReportParserTests
{
    private static string Fixture(string file) => TestPaths.RequireShared("fixtures", "hls-reports", "vivado-2019", file);

    private readonly List<string> _temp = new();

    [TestCleanup]
    public void Cleanup()
    {
        foreach (var d in _temp)
            try { if (Directory.Exists(d)) Directory.Delete(d, true); } catch (IOException) { }
    }

    private string Write(string name, string contents)
    {
        var dir = TestPaths.NewTempDir("reports");
        _temp.Add(dir);
        var p = Path.Combine(dir, name);
        File.WriteAllText(p, contents);
        return p;
    }

    private static void AssertResource(IReadOnlyList<ResourceUsage> resources, string name, double? used, double? available)
    {
        var r = resources.FirstOrDefault(x => x.Name == name);
        Assert.IsNotNull(r, $"{name} missing: {string.Join(", ", resources.Select(x => x.Name))}");
        Assert.AreEqual(used, r.Used, $"{name} used");
        Assert.AreEqual(available, r.Available, $"{name} available");
    }

    private static void AssertFixtureSummary(CSynthReport r)
    {
        Assert.AreEqual(10L, r.Latency.BestCycles);
        Assert.AreEqual(10L, r.Latency.WorstCycles);
        Assert.AreEqual(50.0, r.Latency.BestNs!.Value, 1e-9);
        Assert.AreEqual(50.0, r.Latency.WorstNs!.Value, 1e-9);
        Assert.AreEqual(8L, r.Latency.IntervalMin);
        Assert.AreEqual(8L, r.Latency.IntervalMax);
        Assert.AreEqual("dataflow", r.Latency.PipelineType);
        Assert.AreEqual(4.049, r.EstimatedClockNs!.Value, 1e-9);
        Assert.AreEqual(5.0, r.TargetClockNs!.Value, 1e-9);
        Assert.AreEqual(0.62, r.ClockUncertaintyNs!.Value, 1e-9);
        Assert.AreEqual("xc7z020-clg400-1", r.Part);
        Assert.AreEqual("myproject", r.TopModule);
        Assert.AreEqual("2020.1", r.ToolVersion);
        CollectionAssert.AreEqual(new[] { "BRAM_18K", "DSP", "FF", "LUT", "URAM" }, r.Resources.Select(x => x.Name).ToArray());
        AssertResource(r.Resources, "BRAM_18K", 0, 280);
        AssertResource(r.Resources, "DSP", 73, 220);
        AssertResource(r.Resources, "FF", 7969, 106400);
        AssertResource(r.Resources, "LUT", 2532, 53200);
        AssertResource(r.Resources, "URAM", 0, 0);
        Assert.AreEqual(33.18, r.Resource("DSP")!.Percent!.Value, 0.01);
        Assert.IsNull(r.Resource("URAM")!.Percent, "nothing available → no percentage");
    }

    [TestMethod]
    public void CSynthXmlOfVivado2019FixtureHasTheExpectedSummary()
    {
        var r = CSynthReportParser.ParseXml(Fixture("myproject_csynth.xml"));
        AssertFixtureSummary(r);
        Assert.AreEqual(246.97, r.EstimatedFmaxMHz!.Value, 0.01);
        Assert.IsEmpty(r.Instances, "the 2020.1 XML has no module list");
    }

    [TestMethod]
    public void CSynthRptFallbackHasTheSameSummaryAndTheInstanceBreakdown()
    {
        var r = CSynthReportParser.ParseRpt(Fixture("myproject_csynth.rpt"));
        AssertFixtureSummary(r);
        Assert.HasCount(2, r.Instances);
        var dense = r.Instances[0];
        Assert.AreEqual("dense_array_array_ap_fixed_16_6_5_3_0_5u_config2_U0", dense.Instance);
        Assert.AreEqual("dense_array_array_ap_fixed_16_6_5_3_0_5u_config2_s", dense.Module);
        Assert.AreEqual(7L, dense.LatencyMinCycles);
        Assert.AreEqual(7L, dense.IntervalMax);
        Assert.AreEqual("none", dense.PipelineType);
        Assert.AreEqual(73L, dense.Resources["DSP"]);
        Assert.AreEqual(7860L, dense.Resources["FF"]);
        Assert.AreEqual(2134L, dense.Resources["LUT"]);
        var relu = r.Instances[1];
        Assert.AreEqual(2L, relu.LatencyMaxCycles);
        Assert.AreEqual(1L, relu.IntervalMin);
        Assert.AreEqual("function", relu.PipelineType);
        Assert.AreEqual(256L, relu.Resources["LUT"]);
        Assert.IsEmpty(r.Loops, "Loop: N/A");
    }

    [TestMethod]
    public void LoadCompletesTheXmlWithTheRptBesideIt()
    {
        var dir = TestPaths.NewTempDir("reports");
        _temp.Add(dir);
        File.Copy(Fixture("myproject_csynth.xml"), Path.Combine(dir, "myproject_csynth.xml"));
        File.Copy(Fixture("myproject_csynth.rpt"), Path.Combine(dir, "myproject_csynth.rpt"));
        var r = CSynthReportParser.Load(Path.Combine(dir, "myproject_csynth.xml"));
        AssertFixtureSummary(r);
        Assert.HasCount(2, r.Instances);
        StringAssert.EndsWith(r.Source, ".xml");
    }

    [TestMethod]
    public void VivadoSynthReportOfFixtureHasTheLogicSynthesisNumbers()
    {
        var r = VivadoSynthReportParser.Parse(Fixture("vivado_synth.rpt"));
        AssertResource(r.Resources, "LUT", 1526, 53200);
        AssertResource(r.Resources, "FF", 2428, 106400);
        AssertResource(r.Resources, "DSP", 66, 220);
        AssertResource(r.Resources, "BRAM_36K", 0, 140);
        AssertResource(r.Resources, "BRAM_18K", 0, 280);
        Assert.IsNull(r.Resource("URAM"), "7-series has no URAM row");
        Assert.AreEqual("7z020clg400-1", r.Device);
        Assert.AreEqual("Vivado v.2020.1", r.ToolVersion);
    }

    [TestMethod]
    public void VivadoSynthReportUltraScaleLayoutWithProhibitedColumn()
    {
        var p = Write("vivado_synth.rpt", """
            | Tool Version : Vivado v.2019.2 (lin64) Build 2708876 Wed Nov  6 21:39:14 MST 2019
            | Device       : xcvu13pflga2577-2
            1. CLB Logic
            ------------

            +----------------------------+--------+-------+------------+-----------+-------+
            |          Site Type         |  Used  | Fixed | Prohibited | Available | Util% |
            +----------------------------+--------+-------+------------+-----------+-------+
            | CLB LUTs*                  | 100254 |     0 |          0 |   1728000 |  5.80 |
            |   LUT as Logic             |  99000 |     0 |          0 |   1728000 |  5.73 |
            | CLB Registers              |  20480 |     0 |          0 |   3456000 |  0.59 |
            +----------------------------+--------+-------+------------+-----------+-------+

            2. BLOCKRAM
            -----------

            +-------------------+------+-------+------------+-----------+-------+
            |     Site Type     | Used | Fixed | Prohibited | Available | Util% |
            +-------------------+------+-------+------------+-----------+-------+
            | Block RAM Tile    |    4 |     0 |          0 |      2688 |  0.15 |
            |   RAMB36/FIFO*    |    3 |     0 |          0 |      2688 |  0.11 |
            |   RAMB18          |    2 |     0 |          0 |      5376 |  0.04 |
            | URAM              |    1 |     0 |          0 |      1280 |  0.08 |
            +-------------------+------+-------+------------+-----------+-------+

            3. ARITHMETIC
            -------------

            +----------------+------+-------+------------+-----------+-------+
            |    Site Type   | Used | Fixed | Prohibited | Available | Util% |
            +----------------+------+-------+------------+-----------+-------+
            | DSPs           | 1024 |     0 |          0 |     12288 |  8.33 |
            |   DSP48E2 only | 1024 |       |            |           |       |
            +----------------+------+-------+------------+-----------+-------+
            """);
        var r = VivadoSynthReportParser.Parse(p);
        AssertResource(r.Resources, "LUT", 100254, 1728000);
        AssertResource(r.Resources, "FF", 20480, 3456000);
        AssertResource(r.Resources, "BRAM_36K", 4, 2688);
        AssertResource(r.Resources, "BRAM_18K", 2, 5376);
        AssertResource(r.Resources, "URAM", 1, 1280);
        AssertResource(r.Resources, "DSP", 1024, 12288);
        Assert.AreEqual("xcvu13pflga2577-2", r.Device);
        Assert.AreEqual("Vivado v.2019.2", r.ToolVersion);
    }

    [TestMethod]
    public void VivadoSynthReportHierarchicalLayoutReadsTheDesignRow()
    {
        var p = Write("vivado_synth.rpt", """
            | Tool Version : Vivado v.2020.1 (lin64) Build 2902540 Wed May 27 19:54:35 MDT 2020
            | Device       : xczu9egffvb1156-2
            | Command      : report_utilization -hierarchical -file vivado_synth.rpt
            1. Utilization by Hierarchy
            ---------------------------

            +------------------+-------------+------------+------------+---------+------+------+--------+--------+------+------------+
            |     Instance     |    Module   | Total LUTs | Logic LUTs | LUTRAMs | SRLs |  FFs | RAMB36 | RAMB18 | URAM | DSP Blocks |
            +------------------+-------------+------------+------------+---------+------+------+--------+--------+------+------------+
            | myproject        |       (top) |      31277 |      31277 |       0 |    0 | 4555 |      1 |      1 |    0 |         12 |
            |   grp_dense_fu_77| dense_lat_0 |      30000 |      30000 |       0 |    0 | 2815 |      0 |      0 |    0 |         12 |
            +------------------+-------------+------------+------------+---------+------+------+--------+--------+------+------------+
            """);
        var r = VivadoSynthReportParser.Parse(p);
        AssertResource(r.Resources, "LUT", 31277, null);
        AssertResource(r.Resources, "FF", 4555, null);
        AssertResource(r.Resources, "BRAM_36K", 1.5, null);
        AssertResource(r.Resources, "BRAM_18K", 1, null);
        AssertResource(r.Resources, "URAM", 0, null);
        AssertResource(r.Resources, "DSP", 12, null);
        Assert.AreEqual("xczu9egffvb1156-2", r.Device);
    }

    [TestMethod]
    public void VitisStyleXmlWithLoopsModulesUndefAndDspKey()
    {
        var p = Write("top_csynth.xml", """
            <profile>
              <ReportVersion><Version>2022.2</Version></ReportVersion>
              <UserAssignments><Part>xcvu13p-flga2577-2-e</Part><TopModelName>top</TopModelName>
                <TargetClockPeriod>4.00</TargetClockPeriod><ClockUncertainty>1.08</ClockUncertainty></UserAssignments>
              <PerformanceEstimates>
                <PipelineType>no</PipelineType>
                <SummaryOfTimingAnalysis><EstimatedClockPeriod>3.100</EstimatedClockPeriod></SummaryOfTimingAnalysis>
                <SummaryOfOverallLatency>
                  <Best-caseLatency>1027</Best-caseLatency><Average-caseLatency>undef</Average-caseLatency><Worst-caseLatency>2051</Worst-caseLatency>
                  <Best-caseRealTimeLatency>4.108 us</Best-caseRealTimeLatency><Worst-caseRealTimeLatency>8.204 us</Worst-caseRealTimeLatency>
                  <Interval-min>1025</Interval-min><Interval-max>2049</Interval-max>
                </SummaryOfOverallLatency>
                <SummaryOfLoopLatency>
                  <VITIS_LOOP_7_1>
                    <Name>VITIS_LOOP_7_1</Name>
                    <TripCount><range><min>512</min><max>1024</max></range></TripCount>
                    <Latency>513 ~ 1025</Latency><IterationLatency>3</IterationLatency>
                    <PipelineII>1</PipelineII><PipelineDepth>3</PipelineDepth>
                    <VITIS_LOOP_9_2><TripCount>4</TripCount><Latency>8</Latency><IterationLatency>2</IterationLatency><PipelineType>no</PipelineType></VITIS_LOOP_9_2>
                  </VITIS_LOOP_7_1>
                </SummaryOfLoopLatency>
              </PerformanceEstimates>
              <AreaEstimates>
                <Resources><BRAM_18K>4</BRAM_18K><DSP>2</DSP><FF>93</FF><LUT>156</LUT><URAM>0</URAM></Resources>
                <AvailableResources><BRAM_18K>5376</BRAM_18K><DSP>12288</DSP><FF>3456000</FF><LUT>1728000</LUT><URAM>1280</URAM></AvailableResources>
              </AreaEstimates>
              <ModuleInformation>
                <Module><Name>top</Name></Module>
                <Module><Name>compute</Name>
                  <PerformanceEstimates><SummaryOfOverallLatency><Best-caseLatency>5</Best-caseLatency><Worst-caseLatency>6</Worst-caseLatency>
                    <Interval-min>1</Interval-min><Interval-max>1</Interval-max><PipelineType>yes</PipelineType></SummaryOfOverallLatency></PerformanceEstimates>
                  <AreaEstimates><Resources><DSP>2</DSP><LUT>100</LUT></Resources></AreaEstimates>
                </Module>
              </ModuleInformation>
            </profile>
            """);
        var r = CSynthReportParser.ParseXml(p);
        Assert.AreEqual("2022.2", r.ToolVersion);
        Assert.AreEqual(1027L, r.Latency.BestCycles);
        Assert.IsNull(r.Latency.AverageCycles, "undef");
        Assert.AreEqual(2051L, r.Latency.WorstCycles);
        Assert.AreEqual(4108.0, r.Latency.BestNs!.Value, 1e-6, "us converted to ns");
        Assert.AreEqual(2049L, r.Latency.IntervalMax);
        Assert.AreEqual("no", r.Latency.PipelineType);
        AssertResource(r.Resources, "DSP", 2, 12288);
        AssertResource(r.Resources, "URAM", 0, 1280);
        Assert.HasCount(2, r.Loops);
        var outer = r.Loops[0];
        Assert.AreEqual("VITIS_LOOP_7_1", outer.Name);
        Assert.AreEqual("top", outer.Module);
        Assert.AreEqual(513L, outer.LatencyMinCycles);
        Assert.AreEqual(1025L, outer.LatencyMaxCycles);
        Assert.AreEqual(512L, outer.TripCountMin);
        Assert.AreEqual(1024L, outer.TripCountMax);
        Assert.AreEqual(1L, outer.InitiationInterval);
        Assert.AreEqual(true, outer.Pipelined);
        var inner = r.Loops[1];
        Assert.AreEqual("VITIS_LOOP_7_1/VITIS_LOOP_9_2", inner.Name);
        Assert.AreEqual(4L, inner.TripCountMax);
        Assert.AreEqual(false, inner.Pipelined);
        var compute = r.Instances.Single();
        Assert.AreEqual("compute", compute.Instance);
        Assert.AreEqual(5L, compute.LatencyMinCycles);
        Assert.AreEqual(6L, compute.LatencyMaxCycles);
        Assert.AreEqual("yes", compute.PipelineType);
        Assert.AreEqual(100L, compute.Resources["LUT"]);
    }

    [TestMethod]
    public void RptLoopTableIsRead()
    {
        var p = Write("top_csynth.rpt", """
            ================================================================
            == Vivado HLS Report for 'top'
            ================================================================
            * Version:        2019.2 (Build 2704478 on Wed Nov 06 22:10:23 MST 2019)
            * Target device:  xcvu13p-flga2577-2-e

            ================================================================
            == Performance Estimates
            ================================================================
            + Timing: 
                * Summary: 
                +--------+---------+----------+------------+
                |  Clock |  Target | Estimated| Uncertainty|
                +--------+---------+----------+------------+
                |ap_clk  | 5.00 ns | 4.200 ns |   0.62 ns  |
                +--------+---------+----------+------------+

            + Latency: 
                * Summary: 
                +---------+---------+-----------+-----------+-----+-----+---------+
                |  Latency (cycles) |   Latency (absolute)  |  Interval | Pipeline|
                |   min   |   max   |    min    |    max    | min | max |   Type  |
                +---------+---------+-----------+-----------+-----+-----+---------+
                |       65|       65|  0.325 us |  0.325 us |   65|   65|   none  |
                +---------+---------+-----------+-----------+-----+-----+---------+

                + Detail: 
                    * Instance: 
                    N/A

                    * Loop: 
                    +----------+---------+---------+----------+-----------+-----------+------+----------+
                    |          |  Latency (cycles) | Iteration|  Initiation Interval  | Trip |          |
                    | Loop Name|   min   |   max   |  Latency |  achieved |   target  | Count| Pipelined|
                    +----------+---------+---------+----------+-----------+-----------+------+----------+
                    |- ReuseLoop|       64|       64|         2|          1|          1|    64|    yes   |
                    +----------+---------+---------+----------+-----------+-----------+------+----------+

            ================================================================
            == Utilization Estimates
            ================================================================
            * Summary: 
            +-----------------+---------+-------+--------+-------+-----+
            |       Name      | BRAM_18K| DSP48E|   FF   |  LUT  | URAM|
            +-----------------+---------+-------+--------+-------+-----+
            |Total            |        2|      1|     300|    400|    0|
            +-----------------+---------+-------+--------+-------+-----+
            |Available        |     5376|  12288| 3456000|1728000|  1280|
            +-----------------+---------+-------+--------+-------+-----+
            """);
        var r = CSynthReportParser.ParseRpt(p);
        Assert.AreEqual("top", r.TopModule);
        Assert.AreEqual("2019.2", r.ToolVersion);
        Assert.AreEqual(4.2, r.EstimatedClockNs!.Value, 1e-9);
        Assert.AreEqual(65L, r.Latency.BestCycles);
        Assert.AreEqual(325.0, r.Latency.WorstNs!.Value, 1e-9);
        Assert.IsEmpty(r.Instances);
        var loop = r.Loops.Single();
        Assert.AreEqual("ReuseLoop", loop.Name);
        Assert.AreEqual(64L, loop.LatencyMaxCycles);
        Assert.AreEqual(2L, loop.IterationLatency);
        Assert.AreEqual(1L, loop.InitiationInterval);
        Assert.AreEqual(64L, loop.TripCountMax);
        Assert.AreEqual(true, loop.Pipelined);
        AssertResource(r.Resources, "DSP", 1, 12288);
        AssertResource(r.Resources, "BRAM_18K", 2, 5376);
    }

    [TestMethod]
    public void CoSimReportTakesTheRowThatRan()
    {
        var p = Write("top_cosim.rpt", """
            ================================================================
            == Cosim Report
            ================================================================
            +--------------+--------+-----+-----+-----+-----+-----+-----+
            |              |        |      Latency      |      Interval     |
            |      RTL     | Status | min | avg | max | min | avg | max |
            +--------------+--------+-----+-----+-----+-----+-----+-----+
            |          VHDL|      NA|   NA|   NA|   NA|   NA|   NA|   NA|
            |       Verilog|    Pass|    9|   10|   11|    1|    1|    2|
            +--------------+--------+-----+-----+-----+-----+-----+-----+
            """);
        var r = CoSimReportParser.Parse(p);
        Assert.AreEqual("Verilog", r.Rtl);
        Assert.IsTrue(r.Passed);
        Assert.AreEqual(9L, r.LatencyMin);
        Assert.AreEqual(10L, r.LatencyAvg);
        Assert.AreEqual(11L, r.LatencyMax);
        Assert.AreEqual(2L, r.IntervalMax);
    }

    [TestMethod]
    public void OutputComparisonFindsTheFirstDifferingRow()
    {
        var a = Write("a.log", "0.5 0.25\n1 2\n3 4\n");
        var same = Write("b.log", "0.50000000000000000 0.25\n1 2\n3 4\n");
        var diff = Write("c.log", "0.5 0.25\n1 2.5\n3 4\n");
        var shorter = Write("d.log", "0.5 0.25\n1 2\n");
        Assert.IsTrue(CoSimReportParser.Compare(a, same).Matches);
        var c = CoSimReportParser.Compare(a, diff);
        Assert.IsFalse(c.Matches);
        Assert.AreEqual(1, c.MismatchedRows);
        Assert.AreEqual(2, c.FirstMismatchRow);
        Assert.AreEqual(0.5, c.MaxAbsDifference, 1e-12);
        var s = CoSimReportParser.Compare(shorter, a);
        Assert.IsFalse(s.Matches);
        Assert.AreEqual(3, s.FirstMismatchRow);
    }

    [TestMethod]
    public void BrokenXmlIsOneCodedError()
    {
        var p = Write("bad_csynth.xml", "<profile><unterminated>");
        var e = Assert.ThrowsExactly<HlsException>(() => CSynthReportParser.ParseXml(p));
        Assert.AreEqual("HLS0509", e.Diagnostic.Code);
        Assert.AreEqual(p, e.Diagnostic.File);
    }

    [TestMethod]
    public void UtilisationReportWithoutTablesIsOneCodedError()
    {
        var p = Write("vivado_synth.rpt", "nothing to see\n");
        Assert.AreEqual("HLS0509", Assert.ThrowsExactly<HlsException>(() => VivadoSynthReportParser.Parse(p)).Diagnostic.Code);
    }
}
