using System.Globalization;
using Hls4ml.Config;
using Hls4ml.Diagnostics;
using Hls4ml.Synthesis;
using Newtonsoft.Json.Linq;

namespace Hls4ml.Tests.Synthesis;

/// <summary>
/// Synth / CoSim / Export through <see cref="HlsSynthesisFlow"/> on a really generated project, with the fake vendor
/// tools of tests/fake-tools (bash scripts that check the generated Tcl and write reports in the real layout).
/// </summary>
[TestClass]
public sealed class SynthesisFlowTests
{
    private readonly List<string> _temp = new();

    public static string FakeBin => Path.Combine(TestPaths.RepoRoot, "tests", "fake-tools", "bin");

    [TestInitialize]
    public void RequireUnix()
    {
        if (OperatingSystem.IsWindows()) Assert.Inconclusive("the fake tools are bash scripts");
    }

    [TestCleanup]
    public void Cleanup()
    {
        foreach (var d in _temp)
            try { if (Directory.Exists(d)) Directory.Delete(d, true); } catch (IOException) { }
    }

    /// <summary>The hand-built MLP generated as 'myproject' with 20 rows of test input.</summary>
    private string Project(string backend = "Vivado")
    {
        var root = TestPaths.NewTempDir("flow");
        _temp.Add(root);
        var rng = new Random(7);
        var input = Path.Combine(root, "input.dat");
        File.WriteAllLines(input, Enumerable.Range(0, 20).Select(_ =>
            string.Join(" ", Enumerable.Range(0, 8).Select(_ => (rng.NextDouble() * 4 - 2).ToString("R", CultureInfo.InvariantCulture)))));
        var pipeline = HlsPipeline.CreateDefault(TestPaths.Templates);
        var dir = Path.Combine(root, "myproject_hls");
        pipeline.Generate(TestGraphs.Mlp(pipeline.Registry), new HlsConfig { ProjectName = "myproject", Backend = backend }, dir, input);
        return dir;
    }

    private static HlsSynthesisFlow Flow(string dir, HlsToolKind kind = HlsToolKind.VivadoHls, Dictionary<string, string?>? env = null,
        string? csim = null, List<HlsDiagnostic>? warnings = null, List<string>? phases = null)
    {
        env ??= new();
        env["PATH"] = FakeBin + Path.PathSeparator + Environment.GetEnvironmentVariable("PATH");
        return new HlsSynthesisFlow
        {
            ProjectDirectory = dir,
            ProjectName = "myproject",
            Tool = new HlsTool(kind, Path.Combine(FakeBin, HlsTool.ExecutableFor(kind)), "2019.2", "test"),
            Backend = kind == HlsToolKind.VivadoHls ? "Vivado" : "Vitis",
            ReportFile = Path.Combine(dir, "hls-report.json"),
            CSimResultsFile = csim,
            Warning = warnings is null ? null : warnings.Add,
            Runner = new HlsToolRunner { Environment = env, PhaseLine = phases is null ? null : phases.Add },
        };
    }

    private static void AssertFixtureNumbers(Hls4ml.Reports.CSynthReport c)
    {
        Assert.AreEqual(10L, c.Latency.BestCycles);
        Assert.AreEqual(10L, c.Latency.WorstCycles);
        Assert.AreEqual(8L, c.Latency.IntervalMax);
        Assert.AreEqual(4.049, c.EstimatedClockNs!.Value, 1e-9);
        Assert.AreEqual(73L, c.Resource("DSP")!.Used);
        Assert.AreEqual(2532L, c.Resource("LUT")!.Used);
    }

    [TestMethod]
    [DataRow(HlsToolKind.VivadoHls)]
    [DataRow(HlsToolKind.VitisHls)]
    [DataRow(HlsToolKind.VitisRun)]
    public void SynthesizeRunsTheToolAndWritesJsonAndHtml(HlsToolKind kind)
    {
        var dir = Project(kind == HlsToolKind.VivadoHls ? "Vivado" : "Vitis");
        var phases = new List<string>();
        var flow = Flow(dir, kind, phases: phases);
        var report = flow.Synthesize();
        AssertFixtureNumbers(report.CSynth!);
        Assert.IsTrue(File.Exists(Path.Combine(dir, "hls-report.json")));
        Assert.IsTrue(File.Exists(Path.Combine(dir, "hls-report.html")));
        var json = JObject.Parse(File.ReadAllText(Path.Combine(dir, "hls-report.json")));
        Assert.AreEqual(HlsTool.ExecutableFor(kind), (string?)json["tool"]!["name"]);
        Assert.AreEqual(73L, (long)json["csynth"]!["resources"]!["DSP"]!["used"]!);
        Assert.IsTrue(File.Exists(Path.Combine(dir, "hls4ml-synth.log")));
        Assert.IsTrue(phases.Any(p => p.Contains("***** C/RTL SYNTHESIS *****")), string.Join("\n", phases));
        Assert.AreEqual(kind == HlsToolKind.VitisRun, File.Exists(Path.Combine(dir, HlsToolRunner.VitisRunDriver)));
    }

    [TestMethod]
    public void GeneratedReportsOfTheFakeMatchTheRealOnes()
    {
        // What a clone without ../shared gets from the fake: same numbers, same layout, same parse.
        var dir = Project();
        var report = Flow(dir, env: new() { ["FAKE_HLS_NO_FIXTURES"] = "1" }).Synthesize();
        AssertFixtureNumbers(report.CSynth!);
        Assert.HasCount(2, report.CSynth!.Instances);
        Assert.AreEqual(73L, report.CSynth.Instances[0].Resources["DSP"]);
        var exported = Flow(dir, env: new() { ["FAKE_HLS_NO_FIXTURES"] = "1" }).Export(Path.Combine(dir, "ip.zip"), vivadoSynth: true);
        Assert.AreEqual(66L, exported.LogicSynthesis!.Resource("DSP")!.Used);
        Assert.AreEqual(2428L, exported.LogicSynthesis.Resource("FF")!.Used);
        Assert.AreEqual(1526L, exported.LogicSynthesis.Resource("LUT")!.Used);
        Assert.AreEqual(280L, exported.LogicSynthesis.Resource("BRAM_18K")!.Available);

        if (TestPaths.Shared is null) return;
        var real = Hls4ml.Reports.CSynthReportParser.Load(TestPaths.RequireShared("fixtures", "hls-reports", "vivado-2019", "myproject_csynth.xml"));
        var fake = report.CSynth;
        Assert.AreEqual(real.Latency with { }, fake.Latency);
        CollectionAssert.AreEqual(real.Resources.ToList(), fake.Resources.ToList());
        Assert.AreEqual(real.EstimatedClockNs, fake.EstimatedClockNs);
    }

    [TestMethod]
    public void ToolFailureBecomesOneErrorWithTheFirstErrorLinesAndTheLogPath()
    {
        var dir = Project();
        var e = Assert.ThrowsExactly<HlsException>(() => Flow(dir, env: new() { ["FAKE_HLS_FAIL"] = "synth" }).Synthesize());
        Assert.AreEqual("HLS0503", e.Diagnostic.Code);
        var m = e.Diagnostic.Message;
        StringAssert.Contains(m, "failed with exit code 1");
        StringAssert.Contains(m, "ERROR: [HLS 200-70] Compilation errors found");
        StringAssert.Contains(m, Path.Combine(dir, "hls4ml-synth.log"));
        Assert.IsFalse(File.Exists(Path.Combine(dir, "hls-report.json")), "no report from a failed run");
    }

    [TestMethod]
    public void MissingReportAfterASuccessfulExitIsCoded()
    {
        var dir = Project();
        var e = Assert.ThrowsExactly<HlsException>(() => Flow(dir, env: new() { ["FAKE_HLS_NO_REPORT"] = "1" }).Synthesize());
        Assert.AreEqual("HLS0504", e.Diagnostic.Code);
        StringAssert.Contains(e.Diagnostic.Message, "myproject_csynth.xml");
    }

    [TestMethod]
    public void CoSimComparesRtlOutputsWithCSim()
    {
        var dir = Project();
        Flow(dir).Synthesize(csimFirst: true);
        var csim = Path.Combine(dir, "tb_data", "csim_results.log");
        Assert.IsTrue(File.Exists(csim), "the fake's csim wrote the C simulation outputs");
        var warnings = new List<HlsDiagnostic>();
        var report = Flow(dir, csim: csim, warnings: warnings).CoSimulate();
        Assert.IsTrue(report.CoSim!.Passed);
        Assert.IsTrue(report.CoSim.Comparison!.Matches);
        Assert.AreEqual(20, report.CoSim.Comparison.Rows);
        Assert.IsEmpty(warnings);
        Assert.IsNotNull(report.CSynth, "the JSON still holds the synthesis results");
        var json = JObject.Parse(File.ReadAllText(Path.Combine(dir, "hls-report.json")));
        Assert.IsTrue((bool)json["cosim"]!["comparison"]!["matches"]!);

        var e = Assert.ThrowsExactly<HlsException>(() => Flow(dir, csim: csim, env: new() { ["FAKE_HLS_COSIM_PERTURB"] = "1" }).CoSimulate());
        Assert.AreEqual("HLS0506", e.Diagnostic.Code);
        StringAssert.Contains(e.Diagnostic.Message, "first at row 2");

        e = Assert.ThrowsExactly<HlsException>(() => Flow(dir, csim: csim, env: new() { ["FAKE_HLS_COSIM_STATUS"] = "Fail" }).CoSimulate());
        Assert.AreEqual("HLS0508", e.Diagnostic.Code);

        Flow(dir, csim: null, warnings: warnings).CoSimulate();
        Assert.AreEqual("HLS0507", warnings.Single().Code);
    }

    [TestMethod]
    public void CoSimBeforeSynthIsCoded()
    {
        var dir = Project();
        Assert.AreEqual("HLS0504", Assert.ThrowsExactly<HlsException>(() => Flow(dir).CoSimulate()).Diagnostic.Code);
    }

    [TestMethod]
    [DataRow(HlsToolKind.VivadoHls)]
    [DataRow(HlsToolKind.VitisRun)]
    public void ExportCopiesTheZipAndParsesLogicSynthesis(HlsToolKind kind)
    {
        var dir = Project(kind == HlsToolKind.VivadoHls ? "Vivado" : "Vitis");
        Flow(dir, kind).Synthesize();
        var zip = Path.Combine(dir, "myproject_ip.zip");
        var report = Flow(dir, kind).Export(zip, vivadoSynth: true);
        Assert.IsTrue(File.Exists(zip));
        Assert.AreEqual(zip, report.Export!.Zip);
        Assert.IsGreaterThan(0L, report.Export.Bytes);
        Assert.AreEqual(66L, report.LogicSynthesis!.Resource("DSP")!.Used);
        Assert.AreEqual(2428L, report.LogicSynthesis.Resource("FF")!.Used);
        Assert.AreEqual(1526L, report.LogicSynthesis.Resource("LUT")!.Used);
        var json = JObject.Parse(File.ReadAllText(Path.Combine(dir, "hls-report.json")));
        Assert.AreEqual("myproject_ip.zip", (string?)json["export"]!["zip"]);
        Assert.AreEqual(66L, (long)json["logicSynthesis"]!["resources"]!["DSP"]!["used"]!);
    }
}
