using System.Text.RegularExpressions;
using Hls4ml.Diagnostics;

namespace Hls4ml.Reports;

/// <summary>
/// Reads Vivado's <c>report_utilization</c> output (vivado_synth.rpt, written by vivado_synth.tcl after logic synthesis):
/// 7-series ("Slice LUTs", "Memory", "DSP") and UltraScale ("CLB LUTs", "BLOCKRAM", "ARITHMETIC", extra "Prohibited"
/// column) layouts, rows found by site type whatever the section numbering; and the hierarchical layout
/// (<c>-hierarchical</c>: one row per instance, the first being the design). Block RAM tiles stay fractional (a RAMB18
/// is half a tile).
/// </summary>
public static class VivadoSynthReportParser
{
    public const string FileName = "vivado_synth.rpt";

    public static readonly IReadOnlyList<string> ResourceOrder = new[] { "LUT", "FF", "BRAM_36K", "BRAM_18K", "URAM", "DSP" };

    public static LogicSynthesisReport Parse(string path)
    {
        var lines = File.ReadAllLines(path);
        string? Header(string key) => lines.Select(l => Regex.Match(l, $@"^\|\s*{Regex.Escape(key)}\s*:\s*(.+?)\s*$")).FirstOrDefault(m => m.Success)?.Groups[1].Value;

        var used = new Dictionary<string, double?>();
        var available = new Dictionary<string, double?>();
        AsciiTable? hierarchical = null;
        foreach (var (_, table) in AsciiTable.All(lines))
        {
            if (table.Column("Instance") == 0 && table.ColumnWith(new[] { "luts" }) >= 0) { hierarchical ??= table; continue; }
            int usedCol = table.Column("Used"), availCol = table.Column("Available");
            if (usedCol < 0 || table.Column("Site Type") != 0) continue;
            foreach (var row in table.Rows)
            {
                string? key = row[0].TrimEnd('*').Trim() switch
                {
                    "Slice LUTs" or "CLB LUTs" => "LUT",
                    "Slice Registers" or "CLB Registers" => "FF",
                    "Block RAM Tile" => "BRAM_36K",
                    "RAMB18" => "BRAM_18K",
                    "URAM" => "URAM",
                    "DSPs" or "DSP Slices" => "DSP",
                    _ => null,
                };
                if (key is null || used.ContainsKey(key)) continue;
                used[key] = ReportValues.ParseDouble(AsciiTable.At(row, usedCol));
                available[key] = ReportValues.ParseDouble(AsciiTable.At(row, availCol));
            }
        }
        if (used.Count == 0 && hierarchical?.Rows.FirstOrDefault() is { } top)
            ReadHierarchical(hierarchical, top, used);
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

    /// <summary>report_utilization -hierarchical: the design's own row (no availability is printed).</summary>
    private static void ReadHierarchical(AsciiTable t, string[] top, Dictionary<string, double?> used)
    {
        double? At(params string[] words) => t.ColumnWith(words) is >= 0 and var c ? ReportValues.ParseDouble(AsciiTable.At(top, c)) : null;
        used["LUT"] = At("total", "luts");
        used["FF"] = At("ffs");
        var ramb36 = At("ramb36");
        var ramb18 = At("ramb18");
        if (ramb36 is not null || ramb18 is not null) used["BRAM_36K"] = (ramb36 ?? 0) + (ramb18 ?? 0) / 2;
        if (ramb18 is not null) used["BRAM_18K"] = ramb18;
        if (At("uram") is { } uram) used["URAM"] = uram;
        used["DSP"] = t.ColumnWith(new[] { "dsp" }) is >= 0 and var d ? ReportValues.ParseDouble(AsciiTable.At(top, d)) : null;
        foreach (var k in used.Where(kv => kv.Value is null).Select(kv => kv.Key).ToList()) used.Remove(k);
    }
}
