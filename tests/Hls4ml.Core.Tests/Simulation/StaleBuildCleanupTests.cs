using System.Diagnostics;
using Hls4ml.Simulation;

namespace Hls4ml.Tests;

/// <summary>Interrupted CSim compiles leave '*.building-*' folders; the next CSim removes those nobody is writing.</summary>
[TestCategory("Cxx")]   // may run g++ (C simulation); excluded by --filter "TestCategory!=Cxx"
[TestClass]
public sealed class StaleBuildCleanupTests
{
    private static int ExitedProcessId()
    {
        using var p = Process.Start(new ProcessStartInfo("true") { UseShellExecute = false })!;
        p.WaitForExit();
        return p.Id;
    }

    private static string Folder(string cache, string name, TimeSpan? age = null)
    {
        var d = Path.Combine(cache, name);
        Directory.CreateDirectory(d);
        File.WriteAllText(Path.Combine(d, "unit0.o"), "partial");
        if (age is { } a) Directory.SetLastWriteTimeUtc(d, DateTime.UtcNow - a);
        return d;
    }

    [TestMethod]
    public void RemovesFoldersOfDeadOwnersAndOldUnownedOnesButKeepsLiveOnesAndResults()
    {
        if (OperatingSystem.IsWindows()) Assert.Inconclusive("uses the 'true' command");
        var cache = TestPaths.NewTempDir("csim-cache");
        var dead = Folder(cache, $"0123456789abcdef-1234abcd.building-{ExitedProcessId()}-0a1b2c3d");
        var neverExisted = Folder(cache, "0123456789abcdef-1234abcd.building-1073741823-0a1b2c3d");   // above any pid_max
        var oldUnowned = Folder(cache, "0123456789abcdef-1234abcd.building-0a1b2c3d", TimeSpan.FromHours(2));
        var live = Folder(cache, $"fedcba9876543210-1234abcd.building-{Environment.ProcessId}-0a1b2c3d");
        var recentUnowned = Folder(cache, "fedcba9876543210-1234abcd.building-9f8e7d6c", TimeSpan.FromMinutes(5));
        var result = Folder(cache, "fedcba9876543210-1234abcd");
        // This PID is alive, but its process started after the folder was last written: a reused PID, so stale.
        var reusedPid = Folder(cache, $"aaaaaaaaaaaaaaaa-1234abcd.building-{Environment.ProcessId}-0a1b2c3d", TimeSpan.FromDays(30));

        CSimRunner.RemoveStaleBuilds(cache);

        Assert.IsFalse(Directory.Exists(dead), "owner exited");
        Assert.IsFalse(Directory.Exists(neverExisted), "owner never existed");
        Assert.IsFalse(Directory.Exists(oldUnowned), "no owner recorded, older than an hour");
        Assert.IsFalse(Directory.Exists(reusedPid), "owner PID reused by a later process");
        Assert.IsTrue(Directory.Exists(live), "a concurrent compile (owner alive) is kept");
        Assert.IsTrue(Directory.Exists(recentUnowned), "no owner recorded, recent: kept");
        Assert.IsTrue(File.Exists(Path.Combine(result, "unit0.o")), "compiled results are not touched");
        Directory.Delete(cache, true);
    }

    [TestMethod]
    public void MissingCacheFolderIsNotAnError()
    {
        CSimRunner.RemoveStaleBuilds(Path.Combine(Path.GetTempPath(), "hls4ml-tests", "no-such-cache-" + Guid.NewGuid().ToString("N")));
    }
}
