using static Hls4ml.Tests.MSBuildRunner;

namespace Hls4ml.Tests;

/// <summary>
/// Failures of the build's surroundings: outputs that cannot be written are HLS0009 naming the path (never HLS9999
/// blaming the model), and folders left by interrupted CSim compiles are removed.
/// </summary>
[TestCategory("Cxx")]   // may run g++ (C simulation); excluded by --filter "TestCategory!=Cxx"
[TestClass]
public sealed class BuildEnvironmentTests
{
    private static string CopySample(string name)
    {
        var dir = NewWorkDir(name);
        CopyDir(Path.Combine(TestPaths.RepoRoot, "samples", "jet_tagger"), dir);
        return dir;
    }

    /// <summary>
    /// Every output property pointed below an existing regular file: unwritable even for root (tests run as root in
    /// CI, where a read-only folder would still be writable). The error names the property, the path and the cause.
    /// </summary>
    [TestMethod]
    public void UnwritableOutputsAreCodedEnvironmentErrorsAndLeaveNothingTrusted()
    {
        var dir = CopySample("unwritable");
        var first = Dotnet(dir, "build", "jet_tagger.hlsproj");   // compiles the simulation once; the cases below reuse it
        Assert.IsTrue(first.Succeeded, first.ToString());
        var results = File.ReadAllText(ResultsFile(dir, "jet_tagger"));
        var blocker = Path.Combine(dir, "blocker");
        File.WriteAllText(blocker, "a regular file where a folder is expected");

        // The cache case also moves the results, so that CSim runs at all.
        var movedResults = $"-p:HlsCSimResultsFile={Path.Combine(dir, "moved", "results.dat")}";
        foreach (var (property, value, extra) in new[]
                 {
                     ("HlsOutputDir", "hls/", "-v:m"),
                     ("HlsEstimatesFile", "estimates.json", "-v:m"),
                     ("HlsCSimResultsFile", "results.dat", "-v:m"),
                     ("HlsCSimSummaryFile", "summary.txt", "-v:m"),
                     ("HlsCSimCacheDir", "csim/", movedResults),
                     ("HlsIntermediateDir", "obj/", "-v:m"),
                 })
        {
            var path = Path.Combine(blocker, value);
            var r = Dotnet(dir, "build", "jet_tagger.hlsproj", $"-p:{property}={path}", extra);
            AssertCodedFailure(r, "HLS0009", $"({property})", blocker, "Not a problem with the model");
            if (property != "HlsIntermediateDir") StringAssert.Contains(r.Output, $"{blocker} is a file, not a folder", r.Output);
        }

        // Nothing a later build trusts was left behind: the normal build is still a no-op with the same results...
        var noop = Dotnet(dir, "build", "jet_tagger.hlsproj", "-v:n");
        Assert.IsTrue(noop.Succeeded, noop.ToString());
        Assert.IsFalse(noop.Output.Contains("GenerateHls: jet_tagger ("), noop.Output);
        Assert.AreEqual(results, File.ReadAllText(ResultsFile(dir, "jet_tagger")));
        // ...and a failed CSim output is retried once it can be written.
        File.Delete(blocker);
        var retry = Dotnet(dir, "build", "jet_tagger.hlsproj", $"-p:HlsCSimResultsFile={Path.Combine(blocker, "results.dat")}");
        Assert.IsTrue(retry.Succeeded, retry.ToString());
        Assert.AreEqual(results, File.ReadAllText(Path.Combine(blocker, "results.dat")));
    }

    /// <summary>A full disk: a 16 KiB tmpfs (needs root and mount; skipped where mounting is not allowed).</summary>
    [TestMethod]
    public void FullDiskIsACodedEnvironmentErrorAndLeavesNoPartialOutput()
    {
        if (!OperatingSystem.IsLinux()) Assert.Inconclusive("mounts a Linux tmpfs");
        var full = TestPaths.NewTempDir("full-disk");
        using var mount = System.Diagnostics.Process.Start("mount", ["-t", "tmpfs", "-o", "size=16k", "tmpfs", full]);
        mount.WaitForExit();
        if (mount.ExitCode != 0) Assert.Inconclusive("cannot mount a tmpfs here (needs root and CAP_SYS_ADMIN)");
        try
        {
            var dir = CopySample("fulldisk");
            var generate = Dotnet(dir, "build", "jet_tagger.hlsproj", $"-p:HlsOutputDir={Path.Combine(full, "hls")}/");
            AssertCodedFailure(generate, "HLS0009", "(HlsOutputDir)", full, "the disk is full");
            Assert.IsEmpty(Directory.GetFileSystemEntries(full), "no staging folder or partial file is left");

            var csim = Dotnet(dir, "build", "jet_tagger.hlsproj", $"-p:HlsCSimCacheDir={Path.Combine(full, "csim")}/");
            AssertCodedFailure(csim, "HLS0009", "HlsCSimCacheDir", "the disk is full");
            Assert.IsEmpty(Directory.GetDirectories(Path.Combine(full, "csim")), "the failed compile removed its folder");
            Assert.IsFalse(File.Exists(ResultsFile(dir, "jet_tagger")), "no results from a failed CSim");
        }
        finally
        {
            using var umount = System.Diagnostics.Process.Start("umount", [full]);
            umount.WaitForExit();
            if (umount.ExitCode == 0) Directory.Delete(full, true);
        }
    }

    /// <summary>Sdk.targets reports HLS0009 itself (the intermediate folder); its fix is the table's.</summary>
    [TestMethod]
    public void SdkTargetsGiveTheTablesFixForHls0009()
    {
        var targets = File.ReadAllText(Path.Combine(TestPaths.RepoRoot, "sdk", "Hls4ml.Sdk", "Sdk", "Sdk.targets"));
        StringAssert.Contains(targets, "Code=\"HLS0009\"");
        StringAssert.Contains(targets, "Fix: " + Hls4ml.Diagnostics.DiagnosticCodes.CannotWriteOutput.Help + "\"");
    }

    [TestMethod]
    public void CSimRemovesFoldersOfInterruptedCompilesAndCleanRemovesTheRest()
    {
        var dir = CopySample("stale");
        var cache = Path.Combine(IntermediateDir(dir, "jet_tagger"), "csim");
        Directory.CreateDirectory(cache);
        // Left by a build whose process is gone (a PID above any pid_max), by an older SDK two hours ago, and one a
        // concurrent build (this live process) is still writing.
        var dead = Path.Combine(cache, "00112233aabbccdd-12345678.building-1073741823-0a1b2c3d");
        var old = Path.Combine(cache, "00112233aabbccdd-12345678.building-0a1b2c3d");
        var live = Path.Combine(cache, $"00112233aabbccdd-12345678.building-{Environment.ProcessId}-0a1b2c3d");
        foreach (var d in new[] { dead, old, live })
        {
            Directory.CreateDirectory(d);
            File.WriteAllText(Path.Combine(d, "unit0.o"), "partial object");
        }
        Directory.SetLastWriteTimeUtc(old, DateTime.UtcNow.AddHours(-2));

        var r = Dotnet(dir, "build", "jet_tagger.hlsproj");
        Assert.IsTrue(r.Succeeded, r.ToString());
        Assert.IsFalse(Directory.Exists(dead), "owner process gone");
        Assert.IsFalse(Directory.Exists(old), "unowned and older than an hour");
        Assert.IsTrue(Directory.Exists(live), "a live build's folder is kept");
        Assert.IsEmpty(Directory.GetDirectories(cache, "*.building-*").Except([live]));

        var clean = Dotnet(dir, "clean", "jet_tagger.hlsproj");
        Assert.IsTrue(clean.Succeeded, clean.ToString());
        Assert.IsFalse(Directory.Exists(cache), "dotnet clean removes the cache with every leftover");
    }
}
