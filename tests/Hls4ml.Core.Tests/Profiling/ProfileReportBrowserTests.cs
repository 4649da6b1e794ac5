using System.Diagnostics;
using System.Text.RegularExpressions;
using Hls4ml.Profiling;
using Newtonsoft.Json.Linq;

namespace Hls4ml.Tests.Profiling;

/// <summary>
/// hls-profile.html in a real browser (headless Chromium from the distribution's packages; skipped when none is
/// installed): it loads without console messages, draws one plot per layer, fetches nothing, and a layer name that is
/// markup stays text.
/// </summary>
[TestClass]
public sealed class ProfileReportBrowserTests
{
    private const string HostileName = "<script>console.error('pwned')</script><img src=x onerror=\"console.error('img')\">";

    private static ProfileReport HostileReport()
    {
        var (run, _, _) = PlantedOverflowTests.Profile();
        var report = run.Report;
        // A model's layer names are untrusted: one of them is markup.
        return report with { Layers = report.Layers.Select(l => l.Name == "relu1" ? l with { Name = HostileName } : l).ToList() };
    }

    internal static string? FindChromium()
    {
        var env = Environment.GetEnvironmentVariable("HLS4ML_CHROMIUM");
        if (!string.IsNullOrEmpty(env) && File.Exists(env)) return env;
        foreach (var dir in (Environment.GetEnvironmentVariable("PATH") ?? "").Split(Path.PathSeparator))
            foreach (var name in new[] { "chromium", "chromium-browser" })
                if (dir.Length > 0 && File.Exists(Path.Combine(dir, name))) return Path.Combine(dir, name);
        return null;
    }

    /// <summary>Runs headless Chromium on a file with the given mode arguments; returns (stdout, stderr).</summary>
    internal static (string Stdout, string Stderr) Chromium(string chromium, string file, params string[] mode)
    {
        var profile = TestPaths.NewTempDir("chromium-profile");
        var psi = new ProcessStartInfo(chromium) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var a in new[] { "--headless", "--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-extensions",
                     $"--user-data-dir={profile}", "--enable-logging=stderr", "--v=0" }.Concat(mode).Append(new Uri(file).AbsoluteUri))
            psi.ArgumentList.Add(a);
        using var p = Process.Start(psi)!;
        var stdout = p.StandardOutput.ReadToEndAsync();
        var stderr = p.StandardError.ReadToEndAsync();
        if (!p.WaitForExit(120_000)) { p.Kill(true); Assert.Fail("chromium did not finish in 120 s"); }
        try { Directory.Delete(profile, true); } catch (IOException) { }
        return (stdout.Result, stderr.Result);
    }

    [TestMethod]
    public void ReportLoadsCleanlyAndDrawsOnePlotPerLayer()
    {
        var chromium = FindChromium();
        if (chromium is null) Assert.Inconclusive("no chromium on PATH (apt-get install chromium); skipping the browser check.");
        var report = HostileReport();
        var work = TestPaths.NewTempDir("profile-html");
        var html = Path.Combine(work, "hls-profile.html");
        ProfileReportWriter.WriteHtml(html, report, TestPaths.Templates);
        var json = JObject.Parse(ProfileReportWriter.ToJson(report));
        Assert.AreEqual(HostileName, (string)((JArray)json["layers"]!).Single(l => (int)l["index"]! == 3)["name"]!, "JSON keeps the name as data");

        var (dom, log) = Chromium(chromium!, html, "--dump-dom");
        var console = Regex.Matches(log, @"CONSOLE[^\n]*").Select(m => m.Value).ToList();
        Assert.IsEmpty(console, "console messages:\n" + string.Join("\n", console));

        var plots = Regex.Matches(dom, @"<svg class=""layer-plot""[\s\S]*?</svg>").Select(m => m.Value).ToList();
        Assert.HasCount(report.Layers.Count, plots, "one plot per layer");
        foreach (var plot in plots)
        {
            StringAssert.Contains(plot, "class=\"band\"", "the type's representable band");
            Assert.IsTrue(Regex.IsMatch(plot, @"<rect class=""act"""), "the layer's output distribution");
            Assert.IsTrue(Regex.IsMatch(plot, @"<line class=""max"""), "the type's range mark");
        }
        Assert.IsTrue(plots.Any(p => p.Contains("class=\"wt\"")), "weight distributions on the layers that have weights");
        // The markup in the name is text: no element came from it.
        Assert.IsFalse(Regex.IsMatch(dom, @"<script|<img", RegexOptions.IgnoreCase), "a layer name became markup");
        StringAssert.Contains(dom, "&lt;script&gt;console.error('pwned')&lt;/script&gt;");
        // Self-contained: no element that loads something, no stylesheet reference.
        Assert.IsFalse(Regex.IsMatch(File.ReadAllText(html), @"<(script|link|img|iframe|object|embed|image|use|audio|video|source)\b|url\(|@import", RegexOptions.IgnoreCase), "nothing to fetch");
    }
}
