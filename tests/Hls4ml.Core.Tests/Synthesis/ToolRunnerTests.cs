using System.Diagnostics;
using Hls4ml.Synthesis;

namespace Hls4ml.Tests.Synthesis;

/// <summary>The tool runner: command lines, streaming and phase lines, the log file, error lines, cancellation.</summary>
[TestClass]
public sealed class ToolRunnerTests
{
    private readonly List<string> _temp = new();

    [TestInitialize]
    public void RequireUnix()
    {
        if (OperatingSystem.IsWindows()) Assert.Inconclusive("uses shell scripts as fake tools");
    }

    [TestCleanup]
    public void Cleanup()
    {
        foreach (var d in _temp)
            try { if (Directory.Exists(d)) Directory.Delete(d, true); } catch (IOException) { }
    }

    private (string Dir, HlsTool Tool) Script(string body, HlsToolKind kind = HlsToolKind.VivadoHls)
    {
        var dir = TestPaths.NewTempDir("runner");
        _temp.Add(dir);
        var exe = Path.Combine(dir, HlsTool.ExecutableFor(kind));
        File.WriteAllText(exe, "#!/usr/bin/env bash\n" + body + "\n");
        File.SetUnixFileMode(exe, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        return (dir, new HlsTool(kind, exe, "2019.2", "test"));
    }

    [TestMethod]
    public void OptionsBecomeOneArgumentAndVitisRunGetsADriverScript()
    {
        var o = new HlsBuildOptions { CSim = true, Synth = true, VivadoSynth = true };
        Assert.AreEqual("reset=0 csim=1 synth=1 cosim=0 validation=0 export=0 vsynth=1", o.ToArgument());
        var (_, args) = HlsToolRunner.CommandLine(new HlsTool(HlsToolKind.VivadoHls, "/t/vivado_hls", null, "x"), o);
        CollectionAssert.AreEqual(new[] { "-f", "build_prj.tcl", o.ToArgument() }, args.ToArray());
        (_, args) = HlsToolRunner.CommandLine(new HlsTool(HlsToolKind.VitisRun, "/t/vitis-run", null, "x"), o);
        CollectionAssert.AreEqual(new[] { "--mode", "hls", "--tcl", "hls4ml_run.tcl" }, args.ToArray());
        var driver = HlsToolRunner.DriverScript(o);
        StringAssert.Contains(driver, "set ::argv [list {reset=0 csim=1 synth=1 cosim=0 validation=0 export=0 vsynth=1}]");
        StringAssert.Contains(driver, "source [file join [file dirname [info script]] build_prj.tcl]");
    }

    [TestMethod]
    public void StreamsLinesMarksPhasesKeepsTheLogAndCollectsErrors()
    {
        var (dir, tool) = Script("""
            echo "args: $*"
            echo "INFO: [HLS 200-10] Running 'vivado_hls'"
            echo "INFO: [HLS 200-10] ----------------------------------------------------------------"
            echo "***** C/RTL SYNTHESIS *****"
            echo "INFO: [HLS 200-10] Analyzing design file 'firmware/myproject.cpp' ..."
            echo "INFO: [XFORM 203-502] Unrolling all loops"
            echo "ERROR: [HLS 200-70] first problem" >&2
            for i in 1 2 3 4 5 6; do echo "ERROR: [HLS 200-70] problem $i"; done
            exit 4
            """);
        var all = new List<string>();
        var phases = new List<string>();
        var runner = new HlsToolRunner { OutputLine = all.Add, PhaseLine = phases.Add };
        var log = Path.Combine(dir, "hls4ml-synth.log");
        var r = runner.Run(tool, dir, new HlsBuildOptions { Synth = true }, log);
        Assert.AreEqual(4, r.ExitCode);
        Assert.IsFalse(r.Succeeded);
        Assert.IsFalse(r.Cancelled);
        Assert.AreEqual(13, all.Count, string.Join("\n", all));
        CollectionAssert.Contains(all, "args: -f build_prj.tcl reset=0 csim=0 synth=1 cosim=0 validation=0 export=0 vsynth=0");
        Assert.IsTrue(phases.Any(p => p.EndsWith("***** C/RTL SYNTHESIS *****") && p.StartsWith("[00:0")), string.Join("\n", phases));
        Assert.IsTrue(phases.Any(p => p.EndsWith("Analyzing design file 'firmware/myproject.cpp' ...")));
        Assert.IsFalse(phases.Any(p => p.Contains("Running 'vivado_hls'")), "start-up chatter is not a phase");
        Assert.IsFalse(phases.Any(p => p.Contains("-----")), "ruler lines are not phases");
        Assert.IsFalse(phases.Any(p => p.Contains("XFORM")), "detail lines are not phases");
        Assert.HasCount(5, r.ErrorLines);
        Assert.IsTrue(r.ErrorLines.All(l => l.StartsWith("ERROR: [HLS 200-70]")));
        var text = File.ReadAllText(log);
        StringAssert.Contains(text, "problem 6");
        StringAssert.Contains(text, "# exit code 4");
        StringAssert.StartsWith(text, $"# {tool.Path} -f build_prj.tcl \"reset=0");
    }

    [TestMethod]
    public void ToolEnvironmentCanBeExtended()
    {
        var (dir, tool) = Script("echo \"X=$HLS_TEST_X\"; exit 0");
        var lines = new List<string>();
        var r = new HlsToolRunner { OutputLine = lines.Add, Environment = new Dictionary<string, string?> { ["HLS_TEST_X"] = "42" } }
            .Run(tool, dir, new HlsBuildOptions(), Path.Combine(dir, "x.log"));
        Assert.IsTrue(r.Succeeded);
        CollectionAssert.Contains(lines, "X=42");
    }

    [TestMethod]
    public void StdinIsClosedSoAScriptWithoutExitDoesNotWaitAtThePrompt()
    {
        var (dir, tool) = Script("read line; echo \"read returned $?\"");
        var lines = new List<string>();
        var sw = Stopwatch.StartNew();
        new HlsToolRunner { OutputLine = lines.Add }.Run(tool, dir, new HlsBuildOptions(), Path.Combine(dir, "x.log"));
        Assert.IsLessThan(10.0, sw.Elapsed.TotalSeconds);
        CollectionAssert.Contains(lines, "read returned 1");
    }

    [TestMethod]
    public void CancellationKillsTheWholeProcessTree()
    {
        var (dir, tool) = Script("""
            sleep 600 &
            child=$!
            echo "$$ $child" > pids
            echo "***** C/RTL SYNTHESIS *****"
            wait $child
            """);
        using var cts = new CancellationTokenSource();
        var run = Task.Run(() => new HlsToolRunner().Run(tool, dir, new HlsBuildOptions(), Path.Combine(dir, "x.log"), cts.Token));
        var pidFile = Path.Combine(dir, "pids");
        var sw = Stopwatch.StartNew();
        while (!File.Exists(pidFile) || File.ReadAllText(pidFile).Trim().Split(' ').Length < 2)
        {
            Assert.IsLessThan(20.0, sw.Elapsed.TotalSeconds, "the script did not start");
            Thread.Sleep(50);
        }
        var pids = File.ReadAllText(pidFile).Trim().Split(' ').Select(int.Parse).ToArray();
        Assert.IsTrue(pids.All(ProcessTree.IsAlive), "both processes run before cancelling");
        cts.Cancel();
        Assert.IsTrue(run.Wait(TimeSpan.FromSeconds(20)), "Run returns after cancellation");
        Assert.IsTrue(run.Result.Cancelled);
        Assert.IsTrue(ProcessTree.WaitGone(pids, TimeSpan.FromSeconds(10)), $"processes still alive: {string.Join(" ", pids.Where(ProcessTree.IsAlive))}");
    }
}

/// <summary>Process liveness on Linux (/proc), treating zombies as gone.</summary>
public static class ProcessTree
{
    public static bool IsAlive(int pid)
    {
        var stat = $"/proc/{pid}/stat";
        try
        {
            if (!File.Exists(stat)) return false;
            var text = File.ReadAllText(stat);
            var state = text[(text.LastIndexOf(')') + 2)..].Split(' ')[0];
            return state != "Z" && state != "X";
        }
        catch (IOException)
        {
            return false;
        }
    }

    public static bool WaitGone(IEnumerable<int> pids, TimeSpan timeout)
    {
        var sw = Stopwatch.StartNew();
        while (sw.Elapsed < timeout)
        {
            if (!pids.Any(IsAlive)) return true;
            Thread.Sleep(100);
        }
        return !pids.Any(IsAlive);
    }
}
