using System.Text.RegularExpressions;
using Hls4ml.Diagnostics;

namespace Hls4ml.Tests.Diagnostics;

[TestClass]
public sealed class DiagnosticsTableTests
{
    private static readonly string DocPath = Path.Combine(TestPaths.RepoRoot, "docs", "diagnostics.md");

    [TestMethod]
    public void TableIsNotEmptyAndSorted()
    {
        var all = DiagnosticCodes.All;
        Assert.IsTrue(all.Count >= 30, $"only {all.Count} descriptors");
        CollectionAssert.AreEqual(all.Select(d => d.Code).Order(StringComparer.Ordinal).ToList(), all.Select(d => d.Code).ToList());
    }

    [TestMethod]
    public void CodesAreUnique()
    {
        var duplicates = DiagnosticCodes.All.GroupBy(d => d.Code).Where(g => g.Count() > 1).Select(g => g.Key).ToList();
        Assert.AreEqual(0, duplicates.Count, $"duplicate codes: {string.Join(", ", duplicates)}");
    }

    [TestMethod]
    public void CodesHaveTheHlsFormat()
    {
        foreach (var d in DiagnosticCodes.All)
            Assert.IsTrue(Regex.IsMatch(d.Code, @"^HLS\d{4}$"), d.Code);
    }

    [TestMethod]
    public void EveryDescriptorHasTitleAndHelp()
    {
        foreach (var d in DiagnosticCodes.All)
        {
            Assert.IsFalse(string.IsNullOrWhiteSpace(d.Title), $"{d.Code} has no title");
            Assert.IsFalse(string.IsNullOrWhiteSpace(d.Help), $"{d.Code} has no help text");
            Assert.AreEqual(d.Title.Trim(), d.Title, $"{d.Code} title has stray whitespace");
            Assert.IsTrue(Enum.IsDefined(d.Severity), d.Code);
        }
    }

    [TestMethod]
    public void TitlesAreUnique()
    {
        var duplicates = DiagnosticCodes.All.GroupBy(d => d.Title).Where(g => g.Count() > 1).Select(g => g.Key).ToList();
        Assert.AreEqual(0, duplicates.Count, $"duplicate titles: {string.Join(", ", duplicates)}");
    }

    [TestMethod]
    public void CodesFallInTheDocumentedRanges()
    {
        // HLS00xx config, 01xx frontends, 02xx IR, 03xx backends, 04xx CSim, 05xx synthesis, 06xx extensions, 99xx internal.
        var ranges = new[] { "00", "01", "02", "03", "04", "05", "06", "99" };
        foreach (var d in DiagnosticCodes.All)
            CollectionAssert.Contains(ranges, d.Code.Substring(3, 2), d.Code);
    }

    [TestMethod]
    public void WellKnownCodesAreStable()
    {
        Assert.AreEqual("HLS0001", DiagnosticCodes.InvalidPrecision.Code);
        Assert.AreEqual("HLS0003", DiagnosticCodes.UnknownLayerConfigTarget.Code);
        Assert.AreEqual("HLS0004", DiagnosticCodes.UnknownLayerConfigKey.Code);
        Assert.AreEqual("HLS0008", DiagnosticCodes.InvalidReuseFactor.Code);
        Assert.AreEqual("HLS0301", DiagnosticCodes.UnknownBackend.Code);
        Assert.AreEqual("HLS0303", DiagnosticCodes.TemplateError.Code);
        Assert.AreEqual("HLS0602", DiagnosticCodes.RegistrationConflict.Code);
        Assert.AreEqual(DiagnosticSeverity.Warning, DiagnosticCodes.UnknownLayerTypeConfigTarget.Severity);
        Assert.AreEqual(DiagnosticSeverity.Warning, DiagnosticCodes.LargePartition.Severity);
    }

    [TestMethod]
    public void DiagnosticRendering()
    {
        var d = new HlsDiagnostic(DiagnosticCodes.InvalidReuseFactor, "ReuseFactor 3 is not valid.", "m.hlsproj", 12, "fc1");
        Assert.AreEqual($"m.hlsproj(12): error HLS0008: layer 'fc1': ReuseFactor 3 is not valid. Fix: {DiagnosticCodes.InvalidReuseFactor.Help}", d.ToString());
        var w = new HlsDiagnostic(DiagnosticCodes.LargePartition, "big.", "m.hlsproj");
        Assert.AreEqual($"m.hlsproj: warning HLS0305: big. Fix: {DiagnosticCodes.LargePartition.Help}", w.ToString());
        var bare = new HlsDiagnostic(DiagnosticCodes.InternalError, "boom.");
        Assert.AreEqual($"error HLS9999: boom. Fix: {DiagnosticCodes.InternalError.Help}", bare.ToString());

        var e = new HlsException(DiagnosticCodes.InvalidPrecision, "bad.", "p.hlsproj", "d1", 3);
        Assert.AreEqual(e.Diagnostic.ToString(), e.Message);
        Assert.AreEqual(3, e.Diagnostic.Line);

        var bag = new DiagnosticBag();
        bag.Add(DiagnosticCodes.LargePartition, "w.");
        Assert.IsFalse(bag.HasErrors);
        bag.Add(DiagnosticCodes.InvalidPrecision, "e.");
        Assert.IsTrue(bag.HasErrors);
        Assert.AreEqual(2, bag.Items.Count);
    }

    /// <summary>Rows "| HLSnnnn | Severity | Title | Fix |" of docs/diagnostics.md, keyed by code.</summary>
    private static Dictionary<string, string[]> DocRows()
    {
        Assert.IsTrue(File.Exists(DocPath), $"{DocPath} is missing");
        var rows = new Dictionary<string, string[]>(StringComparer.Ordinal);
        foreach (var line in File.ReadLines(DocPath))
        {
            if (!Regex.IsMatch(line, @"^\|\s*HLS\d{4}\s*\|")) continue;
            var cells = Regex.Split(line.Trim().Trim('|'), @"(?<!\\)\|").Select(c => Unescape(c.Trim())).ToArray();
            Assert.AreEqual(4, cells.Length, $"row should have 4 cells: {line}");
            Assert.IsTrue(rows.TryAdd(cells[0], cells), $"{cells[0]} is listed twice in docs/diagnostics.md");
        }
        return rows;
    }

    private static string Unescape(string s) => s.Replace("\\|", "|").Replace("&lt;", "<").Replace("&gt;", ">").Replace("&amp;", "&");

    /// <summary>
    /// HLS4ML_UPDATE_DIAGNOSTICS_DOC=1 rewrites the table rows of docs/diagnostics.md from DiagnosticCodes (the prose
    /// and section headings stay), so adding codes never means hand-editing the table.
    /// </summary>
    [TestMethod]
    public void DocRowsCanBeRegenerated()
    {
        var lines = File.ReadAllLines(DocPath).Where(l => !Regex.IsMatch(l, @"^\|\s*HLS\d{4}\s*\|")).ToList();
        string Escape(string s) => s.Replace("&", "&amp;").Replace("<", "&lt;").Replace(">", "&gt;").Replace("|", "\\|");
        var output = new List<string>();
        string? section = null;
        foreach (var line in lines)
        {
            var heading = Regex.Match(line, @"^## HLS(\d\d)xx");
            if (heading.Success) section = heading.Groups[1].Value;
            output.Add(line);
            if (line.StartsWith("|---", StringComparison.Ordinal) && section is not null)
                output.AddRange(DiagnosticCodes.All.Where(d => d.Code.Substring(3, 2) == section)
                    .Select(d => $"| {d.Code} | {d.Severity} | {Escape(d.Title)} | {Escape(d.Help)} |"));
        }
        var sections = lines.Select(l => Regex.Match(l, @"^## HLS(\d\d)xx")).Where(m => m.Success).Select(m => m.Groups[1].Value).ToHashSet();
        Assert.IsEmpty(DiagnosticCodes.All.Where(d => !sections.Contains(d.Code.Substring(3, 2))).Select(d => d.Code).ToList(), "codes without a section in docs/diagnostics.md");
        if (Environment.GetEnvironmentVariable("HLS4ML_UPDATE_DIAGNOSTICS_DOC") == "1")
            File.WriteAllText(DocPath, string.Join("\n", output) + "\n");
    }

    [TestMethod]
    public void DocListsEveryCode()
    {
        var rows = DocRows();
        var missing = DiagnosticCodes.All.Where(d => !rows.ContainsKey(d.Code)).Select(d => d.Code).ToList();
        Assert.AreEqual(0, missing.Count, $"docs/diagnostics.md does not list: {string.Join(", ", missing)}");
    }

    [TestMethod]
    public void DocListsNoUnknownCode()
    {
        var known = DiagnosticCodes.All.Select(d => d.Code).ToHashSet();
        var extra = DocRows().Keys.Where(c => !known.Contains(c)).ToList();
        Assert.AreEqual(0, extra.Count, $"docs/diagnostics.md lists codes that do not exist: {string.Join(", ", extra)}");
    }

    [TestMethod]
    public void DocRowsMatchTheTable()
    {
        var rows = DocRows();
        foreach (var d in DiagnosticCodes.All)
        {
            if (!rows.TryGetValue(d.Code, out var row)) continue; // reported by DocListsEveryCode
            Assert.AreEqual(d.Severity.ToString(), row[1], $"{d.Code} severity");
            Assert.AreEqual(d.Title, row[2], $"{d.Code} title");
            Assert.AreEqual(d.Help, row[3], $"{d.Code} fix");
        }
    }
}
