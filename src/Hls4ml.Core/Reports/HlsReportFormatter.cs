using System.Globalization;
using System.Net;
using System.Text;

namespace Hls4ml.Reports;

/// <summary>Human-readable forms of an <see cref="HlsReport"/>: a compact text table for the build log and a self-contained HTML page.</summary>
public static class HlsReportFormatter
{
    private static readonly CultureInfo Inv = CultureInfo.InvariantCulture;

    private static string N(long? v) => v?.ToString(Inv) ?? "-";
    /// <summary>A resource count: whole numbers as integers, Block RAM tiles as 0.5, 1.5 ...</summary>
    private static string Q(double? v) => v?.ToString("0.##", Inv) ?? "-";
    private static string F(double? v, string format = "0.###") => v?.ToString(format, Inv) ?? "-";
    private static string Pct(double? p) => p is { } v ? v.ToString("0.0", Inv) + "%" : "-";

    private static string Range(long? min, long? max) => min == max ? N(min) : $"{N(min)}..{N(max)}";

    /// <summary>The summary printed after Synth/CoSim/Export (about 12 lines).</summary>
    public static string ToText(HlsReport r, string? htmlPath = null)
    {
        var sb = new StringBuilder();
        var c = r.CSynth;
        var tool = r.Tool is { } t ? $"{t.Name}{(t.Version is null ? "" : " " + t.Version)}" : null;
        sb.Append(CultureInfo.InvariantCulture, $"HLS synthesis report for {r.Project}");
        var context = new[] { tool, c?.Part }.Where(x => !string.IsNullOrEmpty(x)).ToList();
        if (context.Count > 0) sb.Append(" (").Append(string.Join(", ", context)).Append(')');
        sb.AppendLine();
        if (c is not null)
        {
            sb.AppendLine(Inv, $"  clock     target {F(c.TargetClockNs, "0.00")} ns, estimated {F(c.EstimatedClockNs)} ns ({F(c.EstimatedFmaxMHz, "0.0")} MHz), uncertainty {F(c.ClockUncertaintyNs, "0.00")} ns");
            var l = c.Latency;
            sb.AppendLine(Inv, $"  latency   {Range(l.BestCycles, l.WorstCycles)} cycles ({Range2(l.BestNs, l.WorstNs)} ns), II {Range(l.IntervalMin, l.IntervalMax)}{(l.PipelineType is null ? "" : $", pipeline: {l.PipelineType}")}");
            AppendResources(sb, "C synthesis estimate", c.Resources);
            if (c.Instances.Count > 0) sb.AppendLine(Inv, $"  {c.Instances.Count} instance(s), {c.Loops.Count} loop(s): see the HTML/JSON report");
        }
        else sb.AppendLine("  (no C synthesis report)");
        if (r.LogicSynthesis is { } ls) AppendResources(sb, $"logic synthesis ({ls.ToolVersion ?? "Vivado"})", ls.Resources);
        if (r.CoSim is { } cs)
        {
            sb.AppendLine(Inv, $"  cosim     {cs.Rtl} {cs.Status}: latency {Range(cs.LatencyMin, cs.LatencyMax)} cycles (avg {N(cs.LatencyAvg)}), II {Range(cs.IntervalMin, cs.IntervalMax)}");
            if (cs.Comparison is { } cmp)
                sb.AppendLine(cmp.Matches
                    ? FormattableString.Invariant($"            RTL outputs match C simulation on all {cmp.Rows} rows")
                    : FormattableString.Invariant($"            RTL outputs differ from C simulation on {cmp.MismatchedRows} of {cmp.ExpectedRows} rows (first: row {cmp.FirstMismatchRow}, max |diff| {cmp.MaxAbsDifference:G6})"));
        }
        if (r.Export is { } e) sb.AppendLine(Inv, $"  export    {e.Zip} ({e.Bytes:N0} bytes)");
        if (htmlPath is not null) sb.Append("  report    ").AppendLine(htmlPath);
        return sb.ToString().TrimEnd();
    }

    private static string Range2(double? a, double? b) => a == b ? F(a) : $"{F(a)}..{F(b)}";

    private static void AppendResources(StringBuilder sb, string title, IReadOnlyList<ResourceUsage> resources)
    {
        if (resources.Count == 0) return;
        sb.AppendLine(Inv, $"  {title,-28}{"used",10}{"available",12}{"util",9}");
        foreach (var res in resources)
            sb.AppendLine(Inv, $"    {res.Name,-26}{Q(res.Used),10}{Q(res.Available),12}{Pct(res.Percent),9}");
    }

    private static string H(string? s) => WebUtility.HtmlEncode(s ?? "-");

    /// <summary>A single HTML file (inline CSS, no scripts, no external resources).</summary>
    public static string ToHtml(HlsReport r)
    {
        var sb = new StringBuilder();
        sb.Append("""
            <!DOCTYPE html>
            <html lang="en"><head><meta charset="utf-8">
            <meta name="viewport" content="width=device-width, initial-scale=1">
            """);
        sb.Append(Inv, $"<title>HLS report: {H(r.Project)}</title>\n");
        sb.Append("""
            <style>
            body{font-family:system-ui,-apple-system,"Segoe UI",sans-serif;margin:2rem auto;max-width:70rem;padding:0 1rem;color:#222}
            h1{font-size:1.5rem;margin-bottom:.2rem} h2{font-size:1.15rem;margin-top:2rem;border-bottom:1px solid #ddd;padding-bottom:.2rem}
            .meta{color:#666;font-size:.9rem}
            table{border-collapse:collapse;margin:.5rem 0;font-size:.92rem}
            th,td{border:1px solid #ddd;padding:.3rem .6rem;text-align:left;vertical-align:middle}
            th{background:#f4f4f4} td.n{text-align:right;font-variant-numeric:tabular-nums}
            .bar{width:14rem;height:.9rem;background:#eee;border-radius:3px;overflow:hidden}
            .bar>span{display:block;height:100%}
            .ok{background:#4caf50} .warn{background:#ff9800} .over{background:#e53935}
            .pass{color:#2e7d32;font-weight:600} .fail{color:#c62828;font-weight:600}
            .cards{display:flex;gap:1rem;flex-wrap:wrap;margin:1rem 0}
            .card{border:1px solid #ddd;border-radius:6px;padding:.6rem 1rem;min-width:10rem}
            .card b{display:block;font-size:1.3rem}
            .wide{overflow-x:auto;max-width:100%} td.id{overflow-wrap:anywhere;min-width:8rem;max-width:24rem}
            </style></head><body>

            """);
        var c = r.CSynth;
        sb.Append(Inv, $"<h1>{H(r.Project)}</h1>\n<p class=\"meta\">");
        var meta = new List<string>();
        if (r.Backend is not null) meta.Add($"backend {H(r.Backend)}");
        if (r.Tool is { } t) meta.Add($"{H(t.Name)} {H(t.Version ?? "")}".Trim());
        if (c?.Part is not null) meta.Add($"part {H(c.Part)}");
        meta.Add($"generated {H(r.Generated.ToUniversalTime().ToString("yyyy-MM-dd HH:mm 'UTC'", Inv))}");
        sb.Append(string.Join(" · ", meta)).Append("</p>\n");

        if (c is not null)
        {
            var l = c.Latency;
            sb.Append("<div class=\"cards\">");
            Card(sb, "Latency (cycles)", Range(l.BestCycles, l.WorstCycles));
            Card(sb, "Latency (ns)", Range2(l.BestNs, l.WorstNs));
            Card(sb, "Initiation interval", Range(l.IntervalMin, l.IntervalMax));
            Card(sb, "Estimated clock", $"{F(c.EstimatedClockNs)} ns");
            Card(sb, "Target clock", $"{F(c.TargetClockNs, "0.00")} ns");
            sb.Append("</div>\n");

            sb.Append("<h2>Timing and latency</h2>\n<table>\n");
            Row(sb, "Target clock", $"{F(c.TargetClockNs, "0.00")} ns");
            Row(sb, "Clock uncertainty", $"{F(c.ClockUncertaintyNs, "0.00")} ns");
            Row(sb, "Estimated clock", $"{F(c.EstimatedClockNs)} ns ({F(c.EstimatedFmaxMHz, "0.0")} MHz)");
            Row(sb, "Latency best / average / worst (cycles)", $"{N(l.BestCycles)} / {N(l.AverageCycles)} / {N(l.WorstCycles)}");
            Row(sb, "Latency best / worst (ns)", $"{F(l.BestNs)} / {F(l.WorstNs)}");
            Row(sb, "Interval min / max (cycles)", $"{N(l.IntervalMin)} / {N(l.IntervalMax)}");
            Row(sb, "Pipeline type", l.PipelineType ?? "-");
            sb.Append("</table>\n");

            sb.Append("<h2>Utilisation estimate (C synthesis)</h2>\n");
            ResourceTable(sb, c.Resources);

            if (c.Instances.Count > 0)
            {
                var names = c.Instances.SelectMany(i => i.Resources.Keys).Distinct().ToList();
                // Wide (one column per resource) with long generated names: the names wrap and the table scrolls
                // inside its own box, so the page never gets wider than the window.
                sb.Append("<h2>Instances</h2>\n<div class=\"wide\"><table><tr><th>Instance</th><th>Module</th><th>Latency (cycles)</th><th>Interval</th><th>Pipeline</th>");
                foreach (var n in names) sb.Append(Inv, $"<th>{H(n)}</th>");
                sb.Append("</tr>\n");
                foreach (var i in c.Instances)
                {
                    sb.Append(Inv, $"<tr><td class=\"id\">{H(i.Instance)}</td><td class=\"id\">{H(i.Module)}</td><td class=\"n\">{Range(i.LatencyMinCycles, i.LatencyMaxCycles)}</td><td class=\"n\">{Range(i.IntervalMin, i.IntervalMax)}</td><td>{H(i.PipelineType)}</td>");
                    foreach (var n in names) sb.Append(Inv, $"<td class=\"n\">{N(i.Resources.GetValueOrDefault(n))}</td>");
                    sb.Append("</tr>\n");
                }
                sb.Append("</table></div>\n");
            }
            if (c.Loops.Count > 0)
            {
                sb.Append("<h2>Loops</h2>\n<div class=\"wide\"><table><tr><th>Loop</th><th>Module</th><th>Latency (cycles)</th><th>Iteration latency</th><th>II</th><th>Trip count</th><th>Pipelined</th></tr>\n");
                foreach (var lp in c.Loops)
                    sb.Append(Inv, $"<tr><td class=\"id\">{H(lp.Name)}</td><td class=\"id\">{H(lp.Module)}</td><td class=\"n\">{Range(lp.LatencyMinCycles, lp.LatencyMaxCycles)}</td><td class=\"n\">{N(lp.IterationLatency)}</td><td class=\"n\">{N(lp.InitiationInterval)}</td><td class=\"n\">{Range(lp.TripCountMin, lp.TripCountMax)}</td><td>{(lp.Pipelined is { } p ? (p ? "yes" : "no") : "-")}</td></tr>\n");
                sb.Append("</table></div>\n");
            }
        }
        else sb.Append("<p>No C synthesis report was found.</p>\n");

        if (r.CoSim is { } cs)
        {
            sb.Append("<h2>RTL co-simulation</h2>\n<table>\n");
            Row(sb, "RTL", cs.Rtl ?? "-");
            sb.Append(Inv, $"<tr><th>Status</th><td class=\"{(cs.Passed ? "pass" : "fail")}\">{H(cs.Status)}</td></tr>\n");
            Row(sb, "Latency min / avg / max (cycles)", $"{N(cs.LatencyMin)} / {N(cs.LatencyAvg)} / {N(cs.LatencyMax)}");
            Row(sb, "Interval min / avg / max (cycles)", $"{N(cs.IntervalMin)} / {N(cs.IntervalAvg)} / {N(cs.IntervalMax)}");
            if (cs.TotalExecutionCycles is { } total) Row(sb, "Total execution time (cycles)", N(total));
            if (cs.Comparison is { } cmp)
                sb.Append(Inv, $"<tr><th>Outputs vs C simulation</th><td class=\"{(cmp.Matches ? "pass" : "fail")}\">{(cmp.Matches ? $"identical on all {cmp.Rows} rows" : $"{cmp.MismatchedRows} of {cmp.ExpectedRows} rows differ (first: row {cmp.FirstMismatchRow}, max |diff| {cmp.MaxAbsDifference.ToString("G6", Inv)})")}</td></tr>\n");
            else Row(sb, "Outputs vs C simulation", "not compared");
            sb.Append("</table>\n");
        }
        if (r.LogicSynthesis is { } ls)
        {
            sb.Append(Inv, $"<h2>Logic synthesis ({H(ls.ToolVersion ?? "Vivado")}{(ls.Device is null ? "" : ", " + H(ls.Device))})</h2>\n");
            ResourceTable(sb, ls.Resources);
        }
        if (r.Export is { } e)
            sb.Append(Inv, $"<h2>Exported IP</h2>\n<p><code>{H(Path.GetFileName(e.Zip))}</code> ({e.Bytes.ToString("N0", Inv)} bytes)</p>\n");
        sb.Append("<p class=\"meta\">Written by Hls4ml.Sdk; the same data is in hls-report.json.</p>\n</body></html>\n");
        return sb.ToString();
    }

    private static void Card(StringBuilder sb, string label, string value) =>
        sb.Append(Inv, $"<div class=\"card\">{H(label)}<b>{H(value)}</b></div>");

    private static void Row(StringBuilder sb, string label, string value) =>
        sb.Append(Inv, $"<tr><th>{H(label)}</th><td>{H(value)}</td></tr>\n");

    private static void ResourceTable(StringBuilder sb, IReadOnlyList<ResourceUsage> resources)
    {
        sb.Append("<table><tr><th>Resource</th><th>Used</th><th>Available</th><th>Utilisation</th><th></th></tr>\n");
        foreach (var res in resources)
        {
            var p = res.Percent;
            var cls = p is null ? "ok" : p >= 100 ? "over" : p >= 80 ? "warn" : "ok";
            var width = Math.Clamp(p ?? 0, 0, 100).ToString("0.##", Inv);
            sb.Append(Inv, $"<tr><td>{H(res.Name)}</td><td class=\"n\">{Q(res.Used)}</td><td class=\"n\">{Q(res.Available)}</td><td class=\"n\">{Pct(p)}</td>");
            sb.Append(Inv, $"<td><div class=\"bar\" title=\"{Pct(p)}\"><span class=\"{cls}\" style=\"width:{width}%\"></span></div></td></tr>\n");
        }
        sb.Append("</table>\n");
    }
}
