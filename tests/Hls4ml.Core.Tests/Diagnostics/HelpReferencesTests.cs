using System.Text.RegularExpressions;
using Hls4ml.Diagnostics;

namespace Hls4ml.Tests.Diagnostics;

/// <summary>A fix text that sends the user to a README section or a doc names one that exists.</summary>
[TestClass]
public sealed class HelpReferencesTests
{
    [TestMethod]
    public void ReadmeSectionsNamedByFixTextsExist()
    {
        var headings = File.ReadAllLines(Path.Combine(TestPaths.RepoRoot, "README.md"))
            .Where(l => l.StartsWith('#')).Select(l => l.TrimStart('#').Trim()).ToHashSet(StringComparer.Ordinal);
        var references = DiagnosticCodes.All
            .SelectMany(d => Regex.Matches(d.Help, @"README, '([^']+)'").Select(m => (d.Code, Section: m.Groups[1].Value)))
            .ToList();
        Assert.IsNotEmpty(references, "HLS0002 points at the README's Properties section");
        foreach (var (code, section) in references)
            Assert.Contains(section, headings, $"{code} names README section '{section}', which does not exist");
    }

    [TestMethod]
    public void DocsNamedByFixTextsExist()
    {
        foreach (var d in DiagnosticCodes.All)
            foreach (Match m in Regex.Matches(d.Help, @"docs/[\w.-]+\.md"))
                Assert.IsTrue(File.Exists(Path.Combine(TestPaths.RepoRoot, m.Value)), $"{d.Code} names {m.Value}, which does not exist");
    }
}
