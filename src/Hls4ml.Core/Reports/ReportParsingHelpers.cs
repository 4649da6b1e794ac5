using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;

namespace Hls4ml.Reports;

/// <summary>Number and table helpers shared by the report parsers (tolerant of "undef", "NA", "-", "?", units, "a ~ b").</summary>
internal static class ReportValues
{
    private static readonly Regex Number = new(@"^[-+]?(\d+(\.\d*)?|\.\d+)([eE][-+]?\d+)?", RegexOptions.Compiled);

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

    /// <summary>"20.000 ~ 50.000 ns" → (min, max) in ns.</summary>
    public static (double? Min, double? Max) ParseTimeRangeNs(string? text)
    {
        if (string.IsNullOrWhiteSpace(text)) return (null, null);
        var parts = text.Split('~', StringSplitOptions.TrimEntries);
        if (parts.Length != 2) { var v = ParseTimeNs(text); return (v, v); }
        // The unit is printed once, after the second number.
        var unit = Regex.Match(parts[1], @"[a-zA-Z]+\s*$").Value;
        return (ParseTimeNs(parts[0] + unit), ParseTimeNs(parts[1]));
    }

    /// <summary>Vendor resource names mapped to hls4ml's keys (DSP48E/DSP48 → DSP; the Vitis summary's BRAM → BRAM_18K).</summary>
    public static string ResourceKey(string name) => name.Trim() switch
    {
        "DSP48E" or "DSP48" or "DSP48E1" or "DSP48E2" or "DSPs" => "DSP",
        "BRAM" => "BRAM_18K",
        var n => n,
    };
}

/// <summary>
/// An ASCII table as Xilinx tools print them, with one or more header rows whose cells may span several columns:
/// <code>
/// +--------+--------+-----------------+
/// |        |        |     Latency     |     header rows: everything before the second plain separator; a header
/// +  RTL   + Status +-----------------+     line may itself start with '+' (cosim reports) and then uses '+'
/// |        |        |  min   |  max   |     as its cell border
/// +--------+--------+-----------------+
/// | Verilog|   Pass |    10  |    10  |     data rows: every '|' row after it, separators skipped
/// +--------+--------+-----------------+
/// </code>
/// Column names join the header cells above each column by position ("RTL", "Status", "Latency min", "Latency max"),
/// so a column is found by its words whatever the tool version's layout.
/// </summary>
internal sealed class AsciiTable
{
    /// <summary>Header rows as cells (trimmed).</summary>
    public List<string[]> Header { get; } = new();
    /// <summary>One name per column of the widest header row, composed from every header row above it.</summary>
    public string[] Columns { get; private set; } = Array.Empty<string>();
    /// <summary>Data rows as cells (trimmed).</summary>
    public List<string[]> Rows { get; } = new();
    /// <summary>The text of each data row, for the indentation that marks nesting in tree-like tables.</summary>
    public List<string> RowLines { get; } = new();
    /// <summary>Index of the line after the table.</summary>
    public int End { get; private set; }

    /// <summary>Index of the first column whose name has all the words (case-insensitive) and none of 'without'; -1 if none.</summary>
    public int ColumnWith(string[] words, params string[] without)
    {
        for (int i = 0; i < Columns.Length; i++)
        {
            var w = Words(Columns[i]);
            if (words.All(x => w.Contains(x.ToLowerInvariant())) && !without.Any(x => w.Contains(x.ToLowerInvariant()))) return i;
        }
        return -1;
    }

    /// <summary>Index of the first column named exactly one of 'names' (case-insensitive); -1 if none.</summary>
    public int Column(params string[] names)
    {
        for (int i = 0; i < Columns.Length; i++)
            if (names.Any(n => Columns[i].Equals(n, StringComparison.OrdinalIgnoreCase))) return i;
        return -1;
    }

    /// <summary>"Latency(Clock Cycles) min" → {latency, clock, cycles, min}.</summary>
    private static HashSet<string> Words(string name) =>
        Regex.Matches(name.ToLowerInvariant(), @"[a-z0-9_%]+").Select(m => m.Value).ToHashSet();

    public static bool IsSeparator(string line)
    {
        var t = line.Trim();
        return t.Length > 2 && t[0] == '+' && t.All(c => c is '+' or '-' or '=');
    }

    /// <summary>A '+' line with text in it: a header row drawn with '+' borders (the cosim report's "+ RTL + Status +").</summary>
    private static bool IsPlusRow(string line)
    {
        var t = line.Trim();
        return t.Length > 2 && t[0] == '+' && t[^1] == '+' && !IsSeparator(line) && t.Any(char.IsLetterOrDigit);
    }

    public static bool IsRow(string line) => line.TrimStart().StartsWith('|');

    public static string[] Cells(string line) => Spans(line).Select(s => s.Text.Trim()).ToArray();

    /// <summary>Cells of a row with their character ranges; a cell of only dashes (part of a separator) is empty.</summary>
    private static List<(int Start, int End, string Text)> Spans(string line)
    {
        var t = line.TrimEnd();
        int first = t.Length - t.TrimStart().Length;
        char border = t[first];
        var cells = new List<(int, int, string)>();
        int start = first + 1;
        for (int i = start; i <= t.Length; i++)
        {
            if (i < t.Length && t[i] != border) continue;
            var text = t[start..i];
            if (text.Length > 0 && text.All(c => c == '-')) text = new string(' ', text.Length);
            // The last cell only counts when the row is closed by a border or has text.
            if (i < t.Length || text.Trim().Length > 0) cells.Add((start, i, text));
            start = i + 1;
        }
        return cells;
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
        var headerLines = new List<string>();
        var pending = new List<string>();
        for (; i < lines.Count; i++)
        {
            var line = lines[i];
            if (IsSeparator(line))
            {
                separators++;
                if (separators == 2) { headerLines.AddRange(pending); pending.Clear(); }
                continue;
            }
            if (IsPlusRow(line) && separators == 1) { pending.Add(line); continue; }
            if (!IsRow(line)) break;
            pending.Add(line);
        }
        foreach (var line in pending.Where(IsRow))
        {
            table.Rows.Add(Cells(line));
            table.RowLines.Add(line);
        }
        table.Header.AddRange(headerLines.Select(Cells));
        table.Columns = ColumnNames(headerLines);
        table.End = i;
        return table;
    }

    /// <summary>Names each column of the widest header row after the cells of every header row that cover its middle.</summary>
    private static string[] ColumnNames(List<string> headerLines)
    {
        if (headerLines.Count == 0) return Array.Empty<string>();
        var rows = headerLines.Select(Spans).ToList();
        var basis = rows.Aggregate((a, b) => b.Count >= a.Count ? b : a);
        var names = new string[basis.Count];
        for (int c = 0; c < basis.Count; c++)
        {
            int middle = (basis[c].Start + basis[c].End) / 2;
            var sb = new StringBuilder();
            foreach (var row in rows)
            {
                var cell = row.FirstOrDefault(s => s.Start <= middle && middle <= s.End);
                var text = cell.Text?.Trim();
                if (string.IsNullOrEmpty(text)) continue;
                if (sb.Length > 0) sb.Append(' ');
                sb.Append(text);
            }
            names[c] = sb.ToString();
        }
        return names;
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

    /// <summary>The cell at a column, null when the column is missing or the cell empty.</summary>
    public static string? At(string[] row, int column) => column >= 0 && column < row.Length && row[column].Length > 0 ? row[column] : null;
}
