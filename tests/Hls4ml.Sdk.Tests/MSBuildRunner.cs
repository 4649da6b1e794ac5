using System.Diagnostics;
using System.Text;

namespace Hls4ml.Tests;

/// <summary>Runs `dotnet` on a project in a scratch folder inside the repository (so global.json/NuGet.config apply).</summary>
public static class MSBuildRunner
{
    public sealed record Result(int ExitCode, string Output)
    {
        public bool Succeeded => ExitCode == 0;
        public override string ToString() => $"exit {ExitCode}\n{Output}";
    }

    /// <summary>A fresh folder under artifacts/test-work (gitignored), seeded with the given files.</summary>
    public static string NewWorkDir(string name)
    {
        var dir = Path.Combine(TestPaths.RepoRoot, "artifacts", "test-work", $"{name}-{Guid.NewGuid():N}"[..(name.Length + 9)]);
        Directory.CreateDirectory(dir);
        return dir;
    }

    public static Result Dotnet(string workDir, params string[] args) => Dotnet(workDir, null, args);

    /// <summary>As <see cref="Dotnet(string, string[])"/>, with extra environment variables (a null value removes one).</summary>
    public static Result Dotnet(string workDir, IReadOnlyDictionary<string, string?>? environment, params string[] args)
    {
        var psi = StartInfo(workDir, environment, args);
        var output = new StringBuilder();
        using var p = new Process { StartInfo = psi };
        p.OutputDataReceived += (_, e) => { if (e.Data is not null) lock (output) output.AppendLine(e.Data); };
        p.ErrorDataReceived += (_, e) => { if (e.Data is not null) lock (output) output.AppendLine(e.Data); };
        p.Start();
        p.BeginOutputReadLine();
        p.BeginErrorReadLine();
        if (!p.WaitForExit(TimeSpan.FromMinutes(5))) { p.Kill(true); throw new TimeoutException($"dotnet {string.Join(" ", args)} timed out"); }
        p.WaitForExit();
        return new Result(p.ExitCode, output.ToString());
    }

    /// <summary>The start info <see cref="Dotnet(string, string[])"/> uses (for tests that manage the process themselves).</summary>
    public static ProcessStartInfo StartInfo(string workDir, IReadOnlyDictionary<string, string?>? environment, params string[] args)
    {
        var psi = new ProcessStartInfo("dotnet")
        {
            WorkingDirectory = workDir,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var a in args) psi.ArgumentList.Add(a);
        if (args.Length > 0 && args[0] is "build" or "clean" or "msbuild") psi.ArgumentList.Add("-nodeReuse:false");
        psi.Environment["MSBUILDDISABLENODEREUSE"] = "1";
        psi.Environment["DOTNET_CLI_USE_MSBUILD_SERVER"] = "0";
        psi.Environment["MSBUILDTERMINALLOGGER"] = "off";
        psi.Environment["DOTNET_NOLOGO"] = "1";
        if (environment is not null)
            foreach (var (k, v) in environment)
                if (v is null) psi.Environment.Remove(k); else psi.Environment[k] = v;
        return psi;
    }

    public static void CopyDir(string from, string to, Func<string, bool>? include = null)
    {
        foreach (var f in Directory.EnumerateFiles(from, "*", SearchOption.AllDirectories))
        {
            var rel = Path.GetRelativePath(from, f);
            if (rel.StartsWith("bin") || rel.StartsWith("obj") || (include is not null && !include(rel))) continue;
            var dest = Path.Combine(to, rel);
            Directory.CreateDirectory(Path.GetDirectoryName(dest)!);
            File.Copy(f, dest, true);
        }
    }

    /// <summary>The build failed with the coded error (and these fragments), without a stack trace or an internal error.</summary>
    public static void AssertCodedFailure(Result r, string code, params string[] fragments)
    {
        Assert.IsFalse(r.Succeeded, r.ToString());
        StringAssert.Contains(r.Output, $"error {code}:", r.ToString());
        foreach (var f in fragments) StringAssert.Contains(r.Output, f, r.ToString());
        Assert.IsFalse(r.Output.Contains("   at "), "no stack trace:\n" + r.Output);
        Assert.IsFalse(r.Output.Contains("HLS9999"), r.Output);
    }

    /// <summary>The default per-project outputs (named by the project file, so projects sharing a folder never collide).</summary>
    public static string ResultsFile(string dir, string project) => Path.Combine(dir, "bin", project + ".csim_results.dat");
    public static string SummaryFile(string dir, string project) => Path.Combine(dir, "bin", project + ".csim_summary.txt");
    public static string EstimatesFile(string dir, string project) => Path.Combine(dir, "bin", project + ".hls4ml-estimates.json");
    public static string IntermediateDir(string dir, string project) => Path.Combine(dir, "obj", "hls4ml", project);

    public static List<double[]> ReadRows(string path) => File.ReadAllLines(path)
        .Where(l => l.Trim().Length > 0)
        .Select(l => l.Split(' ', StringSplitOptions.RemoveEmptyEntries).Select(v => double.Parse(v, System.Globalization.CultureInfo.InvariantCulture)).ToArray())
        .ToList();
}
