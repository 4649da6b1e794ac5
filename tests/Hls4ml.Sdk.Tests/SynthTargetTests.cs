using System.Diagnostics;
using System.Text;
using System.Text.RegularExpressions;
using Newtonsoft.Json.Linq;
using static Hls4ml.Tests.MSBuildRunner;

namespace Hls4ml.Tests;

/// <summary>
/// Synth, CoSim and Export through real MSBuild with the fake vendor tools of tests/fake-tools on PATH: success and
/// the summary, incremental skips, tool failure, missing tool, version warning, Vitis, cancellation.
/// </summary>
[TestCategory("Cxx")]   // may run g++ (C simulation); excluded by --filter "TestCategory!=Cxx"
[TestClass]
public sealed class SynthTargetTests
{
    private static string FakeBin => Path.Combine(TestPaths.RepoRoot, "tests", "fake-tools", "bin");

    [TestInitialize]
    public void RequireUnix()
    {
        if (OperatingSystem.IsWindows()) Assert.Inconclusive("the fake tools are bash scripts");
    }

    private sealed record Sample(string Dir, string Calls)
    {
        public string Out => Path.Combine(Dir, "bin", "jet_tagger_hls");
        public string[] ToolCalls => File.Exists(Calls) ? File.ReadAllLines(Calls).Where(l => !l.Contains(" -version") && !l.Contains(" --version")).ToArray() : Array.Empty<string>();
        public JObject Json => JObject.Parse(File.ReadAllText(Path.Combine(Out, "hls-report.json")));
    }

    private static Sample CopySample(string name)
    {
        var dir = NewWorkDir(name);
        CopyDir(Path.Combine(TestPaths.RepoRoot, "samples", "jet_tagger"), dir);
        return new Sample(dir, Path.Combine(dir, "fake-calls.txt"));
    }

    /// <summary>Fakes on PATH (unless withTools is false), no XILINX_* variables, tool calls recorded.</summary>
    private static Dictionary<string, string?> Env(Sample s, bool withTools = true, params (string Key, string Value)[] extra)
    {
        var path = Environment.GetEnvironmentVariable("PATH") ?? "";
        var env = new Dictionary<string, string?>
        {
            ["PATH"] = withTools ? FakeBin + Path.PathSeparator + path : path,
            ["XILINX_HLS"] = null,
            ["XILINX_VITIS"] = null,
            ["XILINX_VIVADO"] = null,
            ["FAKE_HLS_CALLS"] = s.Calls,
        };
        foreach (var (k, v) in extra) env[k] = v;
        return env;
    }

    private static void AssertOk(Result r)
    {
        Assert.IsTrue(r.Succeeded, r.ToString());
        Assert.IsFalse(r.Output.Contains("   at "), "no stack traces:\n" + r.Output);
    }

    private static int ErrorCount(Result r) =>
        Regex.Match(r.Output, @"^\s*(\d+) Error\(s\)", RegexOptions.Multiline) is { Success: true } m ? int.Parse(m.Groups[1].Value) : -1;

    [TestMethod]
    public void SynthRunsTheToolStreamsPhasesAndWritesTheReports()
    {
        var s = CopySample("synth");
        var r = Dotnet(s.Dir, Env(s), "build", "jet_tagger.hlsproj", "-t:Synth", "-v:n");
        AssertOk(r);
        StringAssert.Contains(r.Output, "Synth: using vivado_hls 2019.2");
        StringAssert.Contains(r.Output, "found via PATH");
        StringAssert.Matches(r.Output, new Regex(@"Synth: \[\d\d:\d\d\] \*\*\*\*\* C/RTL SYNTHESIS \*\*\*\*\*"), "phase lines with elapsed time");
        Assert.IsFalse(r.Output.Contains("[XFORM 203-502]"), "detail lines only at detailed verbosity");
        StringAssert.Contains(r.Output, "HLS synthesis report for jet_tagger (vivado_hls 2019.2");
        StringAssert.Matches(r.Output, new Regex(@"DSP\s+73\s+220\s+33\.2%"));
        StringAssert.Contains(r.Output, "latency   10 cycles (50 ns), II 8");

        var calls = s.ToolCalls;
        Assert.HasCount(1, calls, string.Join("\n", calls));
        StringAssert.StartsWith(calls[0], "vivado_hls -f build_prj.tcl reset=0 csim=0 synth=1 cosim=0 validation=0 export=0 vsynth=0");
        var json = s.Json;
        Assert.AreEqual(10L, (long)json["csynth"]!["latency"]!["worstCycles"]!);
        Assert.AreEqual(73L, (long)json["csynth"]!["resources"]!["DSP"]!["used"]!);
        Assert.AreEqual("2019.2", (string?)json["tool"]!["version"]);
        Assert.IsTrue(File.Exists(Path.Combine(s.Out, "hls-report.html")));
        Assert.IsTrue(File.Exists(Path.Combine(s.Out, "hls4ml-synth.log")));

        var detailed = Dotnet(s.Dir, Env(s), "build", "jet_tagger.hlsproj", "-t:Synth", "-v:d", "-p:HlsCSimBeforeSynth=true");
        AssertOk(detailed);
        StringAssert.Contains(detailed.Output, "[XFORM 203-502]", "every tool line at detailed verbosity");
        StringAssert.Contains(detailed.Output, "CSim done with 0 errors");

        // dotnet build never runs the vendor tool unless asked.
        var before = s.ToolCalls.Length;
        AssertOk(Dotnet(s.Dir, Env(s), "build", "jet_tagger.hlsproj"));
        Assert.HasCount(before, s.ToolCalls, "plain build ran the tool");
        var onBuild = Dotnet(s.Dir, Env(s), "build", "jet_tagger.hlsproj", "-p:HlsSynthOnBuild=true", "-p:HlsReuseFactor=2");
        AssertOk(onBuild);
        Assert.HasCount(before + 1, s.ToolCalls, "HlsSynthOnBuild=true runs Synth in Build");
        StringAssert.Contains(onBuild.Output, "HLS synthesis report for jet_tagger");
    }

    [TestMethod]
    public void SynthIsSkippedWhenProjectAndOptionsAreUnchanged()
    {
        var s = CopySample("synthinc");
        AssertOk(Dotnet(s.Dir, Env(s), "build", "jet_tagger.hlsproj", "-t:Synth"));
        Assert.HasCount(1, s.ToolCalls);

        var again = Dotnet(s.Dir, Env(s), "build", "jet_tagger.hlsproj", "-t:Synth", "-v:n");
        AssertOk(again);
        StringAssert.Contains(again.Output, "Skipping target \"Synth\" because all output files are up-to-date");
        Assert.HasCount(1, s.ToolCalls, "no second tool run");

        // An option of the step reruns it; the same option again does not.
        AssertOk(Dotnet(s.Dir, Env(s), "build", "jet_tagger.hlsproj", "-t:Synth", "-p:HlsCSimBeforeSynth=true"));
        Assert.HasCount(2, s.ToolCalls);
        StringAssert.Contains(s.ToolCalls[1], "csim=1 synth=1");
        AssertOk(Dotnet(s.Dir, Env(s), "build", "jet_tagger.hlsproj", "-t:Synth", "-p:HlsCSimBeforeSynth=true"));
        Assert.HasCount(2, s.ToolCalls);

        // A change of the generated project reruns it; deleted results too.
        AssertOk(Dotnet(s.Dir, Env(s), "build", "jet_tagger.hlsproj", "-t:Synth", "-p:HlsCSimBeforeSynth=true", "-p:HlsClockPeriod=4"));
        Assert.HasCount(3, s.ToolCalls);
        File.Delete(Path.Combine(s.Out, "hls-report.json"));
        AssertOk(Dotnet(s.Dir, Env(s), "build", "jet_tagger.hlsproj", "-t:Synth", "-p:HlsCSimBeforeSynth=true", "-p:HlsClockPeriod=4"));
        Assert.HasCount(4, s.ToolCalls);
    }

    [TestMethod]
    public void ToolFailureIsOneErrorWithTheToolsErrorText()
    {
        var s = CopySample("synthfail");
        var r = Dotnet(s.Dir, Env(s, true, ("FAKE_HLS_FAIL", "synth")), "build", "jet_tagger.hlsproj", "-t:Synth");
        Assert.IsFalse(r.Succeeded, r.ToString());
        Assert.AreEqual(1, ErrorCount(r), r.ToString());
        StringAssert.Contains(r.Output, "error HLS0503:");
        StringAssert.Contains(r.Output, "failed with exit code 1: ERROR: [HLS 200-70] Compilation errors found");
        StringAssert.Contains(r.Output, Path.Combine(s.Out, "hls4ml-synth.log"));
        Assert.IsFalse(r.Output.Contains("   at "), r.Output);
        Assert.IsFalse(r.Output.Contains("HLS9999"), r.Output);
        Assert.IsFalse(File.Exists(Path.Combine(s.Out, "hls-report.json")));

        // A failed step is never taken as done: the next build runs the tool again.
        AssertOk(Dotnet(s.Dir, Env(s), "build", "jet_tagger.hlsproj", "-t:Synth"));
        Assert.HasCount(2, s.ToolCalls);
    }

    [TestMethod]
    public void MissingToolIsExactlyOneCodedError()
    {
        var s = CopySample("synthnotool");
        var r = Dotnet(s.Dir, Env(s, withTools: false), "build", "jet_tagger.hlsproj", "-t:Synth");
        Assert.IsFalse(r.Succeeded, r.ToString());
        Assert.AreEqual(1, ErrorCount(r), r.ToString());
        StringAssert.Contains(r.Output, "error HLS0501: vivado_hls (HlsBackend=Vivado) was not found. Looked in: HlsToolPath (not set); $XILINX_HLS/bin (not set)");
        StringAssert.Contains(r.Output, "$XILINX_VIVADO/bin (not set); PATH (");
        StringAssert.Contains(r.Output, "Set HlsToolPath");
        Assert.IsFalse(Regex.IsMatch(r.Output, "report not found", RegexOptions.IgnoreCase), r.Output);
        Assert.IsFalse(r.Output.Contains("   at "), r.Output);

        var bad = Dotnet(s.Dir, Env(s, withTools: false), "build", "jet_tagger.hlsproj", "-t:Synth", "-p:HlsToolPath=/nonexistent/vivado_hls");
        Assert.AreEqual(1, ErrorCount(bad), bad.ToString());
        StringAssert.Contains(bad.Output, "HlsToolPath=/nonexistent/vivado_hls (does not exist)");

        // HlsToolPath pointing at the fakes' folder works without PATH.
        AssertOk(Dotnet(s.Dir, Env(s, withTools: false), "build", "jet_tagger.hlsproj", "-t:Synth", $"-p:HlsToolPath={FakeBin}"));
    }

    [TestMethod]
    public void UnsupportedVersionIsACodedWarningAndVitisUsesVitisRun()
    {
        var s = CopySample("synthver");
        var old = Dotnet(s.Dir, Env(s, true, ("FAKE_HLS_VERSION", "2017.4")), "build", "jet_tagger.hlsproj", "-t:Synth");
        AssertOk(old);
        StringAssert.Contains(old.Output, "warning HLS0502: vivado_hls 2017.4");
        StringAssert.Contains(old.Output, "2018.2–2020.1");

        var vitis = Dotnet(s.Dir, Env(s), "build", "jet_tagger.hlsproj", "-t:Synth", "-p:HlsBackend=Vitis");
        AssertOk(vitis);
        Assert.IsFalse(vitis.Output.Contains("HLS0502"), vitis.Output);
        StringAssert.Contains(vitis.Output, "HLS synthesis report for jet_tagger (vitis-run 2023.2");
        StringAssert.StartsWith(s.ToolCalls[^1], "vitis-run --mode hls --tcl hls4ml_run.tcl");
        Assert.AreEqual("Vitis", (string?)s.Json["backend"]);
    }

    [TestMethod]
    public void CoSimComparesWithCSimAndIsIncremental()
    {
        var s = CopySample("cosim");
        var r = Dotnet(s.Dir, Env(s), "build", "jet_tagger.hlsproj", "-t:CoSim");
        AssertOk(r);
        StringAssert.Contains(r.Output, "CSim accuracy summary for jet_tagger");
        StringAssert.Contains(r.Output, "cosim     Verilog Pass: latency 10 cycles");
        StringAssert.Contains(r.Output, "RTL outputs match C simulation on all 1000 rows");
        var calls = s.ToolCalls;
        Assert.HasCount(2, calls, string.Join("\n", calls));
        StringAssert.Contains(calls[0], "synth=1");
        StringAssert.Contains(calls[1], "synth=0 cosim=1");
        var cmp = s.Json["cosim"]!["comparison"]!;
        Assert.IsTrue((bool)cmp["matches"]!);
        Assert.AreEqual(1000, (int)cmp["rows"]!);

        var again = Dotnet(s.Dir, Env(s), "build", "jet_tagger.hlsproj", "-t:CoSim", "-v:n");
        AssertOk(again);
        StringAssert.Contains(again.Output, "Skipping target \"CoSim\"");
        Assert.HasCount(2, s.ToolCalls);

        var differ = Dotnet(s.Dir, Env(s, true, ("FAKE_HLS_COSIM_PERTURB", "1")), "build", "jet_tagger.hlsproj", "-t:CoSim", "-p:HlsToolPath=" + FakeBin);
        Assert.IsFalse(differ.Succeeded, differ.ToString());
        Assert.AreEqual(1, ErrorCount(differ), differ.ToString());
        StringAssert.Contains(differ.Output, "error HLS0506:");
        StringAssert.Contains(differ.Output, "first at row 2");
    }

    [TestMethod]
    public void CoSimWithoutTestDataIsOneCodedErrorBeforeAnyToolRun()
    {
        var s = CopySample("cosimnodata");
        var proj = Path.Combine(s.Dir, "jet_tagger.hlsproj");
        File.WriteAllText(proj, Regex.Replace(File.ReadAllText(proj), @"\s*<HlsTestData [^>]*/>", ""));
        var r = Dotnet(s.Dir, Env(s), "build", "jet_tagger.hlsproj", "-t:CoSim");
        Assert.IsFalse(r.Succeeded, r.ToString());
        Assert.AreEqual(1, ErrorCount(r), r.ToString());
        StringAssert.Contains(r.Output, "error HLS0505:");
        Assert.IsEmpty(s.ToolCalls);
    }

    [TestMethod]
    public void ExportPutsTheZipInTheOutputFolderAndParsesLogicSynthesis()
    {
        var s = CopySample("export");
        var r = Dotnet(s.Dir, Env(s), "build", "jet_tagger.hlsproj", "-t:Export", "-p:HlsVivadoSynth=true");
        AssertOk(r);
        var zip = Path.Combine(s.Out, "jet_tagger_ip.zip");
        Assert.IsTrue(File.Exists(zip));
        using (var archive = System.IO.Compression.ZipFile.OpenRead(zip))
            Assert.IsTrue(archive.Entries.Any(e => e.FullName == "component.xml"), "an IP catalog archive");
        StringAssert.Contains(r.Output, $"export    {zip}");
        StringAssert.Matches(r.Output, new Regex(@"DSP\s+66\s+220\s+30\.0%"), "logic synthesis in the summary");
        var calls = s.ToolCalls;
        Assert.IsTrue(calls.Any(c => c.StartsWith("vivado -mode batch -source vivado_synth.tcl")), string.Join("\n", calls));
        StringAssert.Contains(calls.First(c => c.StartsWith("vivado_hls")), "synth=1");
        StringAssert.Contains(calls.Last(c => c.StartsWith("vivado_hls")), "synth=0 cosim=0 validation=0 export=1 vsynth=1");
        var json = s.Json;
        Assert.AreEqual("jet_tagger_ip.zip", (string?)json["export"]!["zip"]);
        Assert.AreEqual(66L, (long)json["logicSynthesis"]!["resources"]!["DSP"]!["used"]!);
        Assert.AreEqual(2428L, (long)json["logicSynthesis"]!["resources"]!["FF"]!["used"]!);
        Assert.AreEqual(1526L, (long)json["logicSynthesis"]!["resources"]!["LUT"]!["used"]!);
        Assert.AreEqual(73L, (long)json["csynth"]!["resources"]!["DSP"]!["used"]!, "synthesis results stay in the report");

        var count = s.ToolCalls.Length;
        var again = Dotnet(s.Dir, Env(s), "build", "jet_tagger.hlsproj", "-t:Export", "-p:HlsVivadoSynth=true", "-v:n");
        AssertOk(again);
        StringAssert.Contains(again.Output, "Skipping target \"Export\"");
        Assert.HasCount(count, s.ToolCalls);
    }

    /// <summary>`dotnet build -t:Synth` with a hanging fake; stopping the build must leave no tool process behind.</summary>
    [TestMethod]
    [DataRow("SIGINT")]
    [DataRow("SIGKILL")]
    public void StoppingTheBuildKillsTheToolsProcessTree(string how)
    {
        var s = CopySample("cancel");
        var pidFile = Path.Combine(s.Dir, "fake.pids");
        var env = Env(s, true, ("FAKE_HLS_HANG", "synth"), ("FAKE_HLS_PIDFILE", pidFile));
        var psi = StartInfo(s.Dir, env, "build", "jet_tagger.hlsproj", "-t:Synth");
        if (how == "SIGINT" && EnvResetsSignals())
        {
            // A process started from a background shell inherits SIGINT as ignored; `env --default-signal` undoes that.
            var args = psi.ArgumentList.ToList();
            psi.FileName = "env";
            psi.ArgumentList.Clear();
            psi.ArgumentList.Add("--default-signal=INT");
            psi.ArgumentList.Add("dotnet");
            foreach (var a in args) psi.ArgumentList.Add(a);
        }
        var output = new StringBuilder();
        using var build = new Process { StartInfo = psi };
        build.OutputDataReceived += (_, e) => { if (e.Data is not null) lock (output) output.AppendLine(e.Data); };
        build.ErrorDataReceived += (_, e) => { if (e.Data is not null) lock (output) output.AppendLine(e.Data); };
        build.Start();
        build.BeginOutputReadLine();
        build.BeginErrorReadLine();
        int[] pids;
        try
        {
            if (how == "SIGINT" && !EnvResetsSignals() && SigIntIgnored(build.Id))
                Assert.Inconclusive("SIGINT is ignored in this environment (background shell) and env --default-signal is unavailable");
            var sw = Stopwatch.StartNew();
            while (!File.Exists(pidFile) || File.ReadAllText(pidFile).Trim().Split(' ').Length < 2)
            {
                if (build.HasExited || sw.Elapsed > TimeSpan.FromMinutes(2)) Assert.Fail($"the hanging fake never started:\n{output}");
                Thread.Sleep(100);
            }
            pids = File.ReadAllText(pidFile).Trim().Split(' ').Select(int.Parse).ToArray();
            Thread.Sleep(1000); // "a few seconds" into the tool run
            Assert.IsTrue(pids.All(IsAlive), "the fake and its child run");
            using (var kill = Process.Start("kill", new[] { how == "SIGINT" ? "-INT" : "-KILL", build.Id.ToString() }))
                kill.WaitForExit();
            Assert.IsTrue(build.WaitForExit(TimeSpan.FromSeconds(60)), $"the build did not stop:\n{output}");
            build.WaitForExit();
        }
        finally
        {
            if (!build.HasExited) build.Kill(entireProcessTree: true);
        }
        var gone = Stopwatch.StartNew();
        while (pids.Any(IsAlive) && gone.Elapsed < TimeSpan.FromSeconds(15)) Thread.Sleep(100);
        Assert.IsFalse(pids.Any(IsAlive), $"left running: {string.Join(" ", pids.Where(IsAlive))}\n{output}");
        Assert.AreNotEqual(0, build.ExitCode);
        if (how == "SIGINT" && EnvResetsSignals())
        {
            StringAssert.Contains(output.ToString(), "error HLS0510:", output.ToString());
            Assert.IsFalse(output.ToString().Contains("   at "), output.ToString());
        }
        Assert.IsFalse(File.Exists(Path.Combine(s.Dir, "obj", "hls4ml", "jet_tagger", "synth.done")), "a cancelled Synth is not done");
    }

    private static bool EnvResetsSignals()
    {
        try
        {
            using var p = Process.Start(new ProcessStartInfo("env", new[] { "--default-signal=INT", "true" }) { RedirectStandardError = true })!;
            p.WaitForExit();
            return p.ExitCode == 0;
        }
        catch (System.ComponentModel.Win32Exception)
        {
            return false;
        }
    }

    private static bool SigIntIgnored(int pid)
    {
        var line = File.ReadLines($"/proc/{pid}/status").FirstOrDefault(l => l.StartsWith("SigIgn:"));
        return line is not null && (Convert.ToUInt64(line[7..].Trim(), 16) & 2) != 0;
    }

    /// <summary>Alive = /proc entry that is not a zombie (reparented zombies may never be reaped in containers).</summary>
    private static bool IsAlive(int pid)
    {
        try
        {
            var stat = File.ReadAllText($"/proc/{pid}/stat");
            var state = stat[(stat.LastIndexOf(')') + 2)..].Split(' ')[0];
            return state is not ("Z" or "X");
        }
        catch (IOException)
        {
            return false;
        }
    }
}
