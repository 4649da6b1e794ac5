using System.Text.RegularExpressions;
using Hls4ml.Diagnostics;

namespace Hls4ml.Reports;

/// <summary>
/// Reads Vivado's <c>report_utilization</c> output (vivado_synth.rpt, written by vivado_synth.tcl after logic synthesis):
/// 7-series ("Slice LUTs") and UltraScale ("CLB LUTs", extra "Prohibited" column) layouts.
/// </summary>
public static class VivadoSynthReportParser
{
    public const string FileName = "vivado_synth.rpt";

    public static readonly IReadOnlyList<string> ResourceOrder = new[] { "LUT", "FF", "BRAM_36K", "BRAM_18K", "URAM", "DSP" };

    public static LogicSynthesisReport Parse(string path)
    {
        var lines = File.ReadAllLines(path);
        string? Header(string key) => lines.Select(l => Regex.Match(l, $@"^\|\s*{Regex.Escape(key)}\s*:\s*(.+?)\s*$")).FirstOrDefault(m => m.Success)?.Groups[1].Value;

        var used = new Dictionary<string, long?>();
        var available = new Dictionary<string, long?>();
        int section = 0;
        for (int i = 0; i < lines.Length; i++)
        {
            var m = Regex.Match(lines[i], @"^(\d+)\.\s+\S");
            if (m.Success) { section = int.Parse(m.Groups[1].Value); continue; }
            if (!AsciiTable.IsSeparator(lines[i])) continue;
            var table = AsciiTable.ReadFrom(lines, i, 0);
            if (table is null) continue;
            i = table.End - 1;
            int usedCol = table.Column("Used"), availCol = table.Column("Available");
            if (usedCol < 0 || table.Column("Site Type") != 0) continue;
            foreach (var row in table.Rows)
            {
                var site = row[0].TrimEnd('*').Trim();
                string? key = (section, site) switch
                {
                    (1, "Slice LUTs" or "CLB LUTs") => "LUT",
                    (1, "Slice Registers" or "CLB Registers") => "FF",
                    (2, "Block RAM Tile") => "BRAM_36K",
                    (2, "RAMB18") => "BRAM_18K",
                    (2 or 3, "URAM") => "URAM",
                    (3, "DSPs") => "DSP",
                    _ => null,
                };
                if (key is null || used.ContainsKey(key)) continue;
                used[key] = ReportValues.ParseLong(At(row, usedCol));
                available[key] = availCol >= 0 ? ReportValues.ParseLong(At(row, availCol)) : null;
            }
        }
        if (used.Count == 0)
            throw new HlsException(DiagnosticCodes.HlsReportUnreadable, "no utilisation tables (Slice/CLB LUTs, Registers, Memory, DSP) found.", path);

        var names = ResourceOrder.Where(used.ContainsKey);
        return new LogicSynthesisReport
        {
            Source = path,
            ToolVersion = Header("Tool Version") is { } v ? Regex.Match(v, @"Vivado v\.\S+").Value is { Length: > 0 } s ? s : v : null,
            Device = Header("Device"),
            Resources = names.Select(n => new ResourceUsage(n, used[n], available.GetValueOrDefault(n))).ToList(),
        };
    }

    private static string? At(string[] row, int i) => i >= 0 && i < row.Length ? row[i] : null;
}
