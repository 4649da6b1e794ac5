namespace Hls4ml.Tests;

/// <summary>Locations of the repository and of the optional ../shared material.</summary>
public static class TestPaths
{
    public static string RepoRoot { get; } = FindRepoRoot();

    public static string Templates => Path.Combine(RepoRoot, "templates");
    public static string Fixtures => Path.Combine(RepoRoot, "tests", "fixtures");

    /// <summary>../shared beside the repository, or null when absent (fresh user clones).</summary>
    public static string? Shared
    {
        get
        {
            var env = Environment.GetEnvironmentVariable("HLS4ML_SHARED");
            if (!string.IsNullOrEmpty(env) && Directory.Exists(env)) return env;
            var p = Path.GetFullPath(Path.Combine(RepoRoot, "..", "shared"));
            return Directory.Exists(p) ? p : null;
        }
    }

    /// <summary>Path inside ../shared, or marks the test inconclusive (skipped) when the material is absent.</summary>
    public static string RequireShared(params string[] parts)
    {
        if (Shared is null) Assert.Inconclusive("../shared is not present beside the repository; skipping.");
        var p = Path.Combine(new[] { Shared! }.Concat(parts).ToArray());
        if (!File.Exists(p) && !Directory.Exists(p)) Assert.Inconclusive($"{p} is not present; skipping.");
        return p;
    }

    public static string NewTempDir(string prefix)
    {
        var d = Path.Combine(Path.GetTempPath(), "hls4ml-tests", $"{prefix}-{Guid.NewGuid():N}");
        Directory.CreateDirectory(d);
        return d;
    }

    private static string FindRepoRoot()
    {
        var d = new DirectoryInfo(AppContext.BaseDirectory);
        while (d is not null && !File.Exists(Path.Combine(d.FullName, "Hls4ml.sln"))) d = d.Parent;
        return d?.FullName ?? throw new InvalidOperationException("Cannot find Hls4ml.sln above the test assembly.");
    }
}
