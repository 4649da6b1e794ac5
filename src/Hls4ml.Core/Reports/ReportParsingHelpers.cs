using System.Globalization;
using System.Text.RegularExpressions;

namespace Hls4ml.Reports;

/// <summary>Number and table helpers shared by the report parsers (tolerant of "undef", "NA", "-", units, "a ~ b").</summary>
internal static class ReportValues
{
    private static readonly Regex Number = new(@"^[-+]?\d+(\.\d+)?([eE][-+]?\d+)?", RegexOptions.Compiled);

    public static double? ParseDouble(string? text)
    {
        if (string.IsNullOrWhiteSpace(text)) return null;
        var m = Number.Match(text.Trim());
        return m.Success && double.TryParse(m.Value, NumberStyles.Float, CultureInfo.InvariantCulture, out var v) ? v : null;
    }

    public static long? ParseLong(string? text)
    {
        var d = ParseDouble(text);
        return d is { } v && Math.Abs(v) < 9e18 ? (long)Math.Round(v) : null;
    }

    /// <summary>"7", "30 ~ 541", "undef" → (min, max).</summary>
    public static (long? Min, long? Max) ParseRange(string? text)
    {
        if (string.IsNullOrWhiteSpace(text)) return (null, null);
        var parts = text.Split('~', StringSplitOptions.TrimEntries);
        if (parts.Length == 2) return (ParseLong(parts[0]), ParseLong(parts[1]));
        var v = ParseLong(text);
        return (v, v);
    }

    /// <summary>"50.000 ns", "0.5 us", "1 ms", "2 sec" → ns; a bare number is taken as ns.</summary>
    public static double? ParseTimeNs(string? text)
    {
        var v = ParseDouble(text);
        if (v is null) return null;
        var unit = Regex.Match(text!, @"(ns|us|ms|sec|s)\s*$", RegexOptions.IgnoreCase).Groups[1].Value.ToLowerInvariant();
        return unit switch
        {
            "us" => v * 1e3,
            "ms" => v * 1e6,
            "s" or "sec" => v * 1e9,
            _ => v,
        };
    }

    /// <summary>Vendor resource names mapped to hls4ml's keys (DSP48E/DSP48 → DSP).</summary>
    public static string ResourceKey(string name) => name.Trim() switch
    {
        "DSP48E" or "DSP48" or "DSP48E1" or "DSP48E2" or "DSPs" => "DSP",
        var n => n,
    };
}

/// <summary>
/// An ASCII table as Xilinx tools print them:
/// <code>
/// +------+-----+
/// | Name | Used|     header rows (before the second separator)
/// +------+-----+
/// | LUT  |  12 |     data rows (all rows after it, separators skipped)
/// +------+-----+
/// </code>
/// </summary>
internal sealed class AsciiTable
{
    public List<string[]> Header { get; } = new();
    public List<string[]> Rows { get; } = new();
    /// <summary>Index of the line after the table.</summary>
    public int End { get; private set; }

    /// <summary>Last header row (column names), or empty.</summary>
    public string[] Columns => Header.Count > 0 ? Header[^1] : Array.Empty<string>();

    public int Column(params string[] names)
    {
        var cols = Columns;
        for (int i = 0; i < cols.Length; i++)
            if (names.Any(n => cols[i].Equals(n, StringComparison.OrdinalIgnoreCase))) return i;
        return -1;
    }

    public static bool IsSeparator(string line)
    {
        var t = line.Trim();
        return t.Length > 2 && t[0] == '+' && t.All(c => c is '+' or '-');
    }

    public static bool IsRow(string line) => line.TrimStart().StartsWith('|');

    public static string[] Cells(string line)
    {
        var t = line.Trim();
        if (t.StartsWith('|')) t = t[1..];
        if (t.EndsWith('|')) t = t[..^1];
        return t.Split('|').Select(c => c.Trim()).ToArray();
    }

    /// <summary>Reads the table whose first separator is at or after 'start' (skipping at most 'lookahead' other lines).</summary>
    public static AsciiTable? ReadFrom(IReadOnlyList<string> lines, int start, int lookahead = 4)
    {
        int i = start;
        while (i < lines.Count && !IsSeparator(lines[i]))
        {
            if (i - start >= lookahead) return null;
            if (lines[i].Trim() == "N/A") return null;
            i++;
        }
        if (i >= lines.Count) return null;
        var table = new AsciiTable();
        int separators = 0;
        var pending = new List<string[]>();
        for (; i < lines.Count; i++)
        {
            var line = lines[i];
            if (IsSeparator(line))
            {
                separators++;
                if (separators == 2 && table.Header.Count == 0) { table.Header.AddRange(pending); pending.Clear(); }
                continue;
            }
            if (!IsRow(line)) break;
            pending.Add(Cells(line));
        }
        if (table.Header.Count == 0 && separators < 2) table.Rows.AddRange(pending); // header-less table
        else table.Rows.AddRange(pending);
        table.End = i;
        return table;
    }

    /// <summary>Every table in the lines, in order.</summary>
    public static IEnumerable<(int Line, AsciiTable Table)> All(IReadOnlyList<string> lines, int from = 0, int to = int.MaxValue)
    {
        for (int i = from; i < Math.Min(lines.Count, to); i++)
        {
            if (!IsSeparator(lines[i])) continue;
            var t = ReadFrom(lines, i, 0);
            if (t is null) continue;
            yield return (i, t);
            i = t.End - 1;
        }
    }
}
