using System.Xml;
using System.Xml.Linq;
using Hls4ml.Diagnostics;

namespace Hls4ml.Reports;

/// <summary>
/// Reads C synthesis reports: &lt;top&gt;_csynth.xml (Vivado HLS 2018–2020, Vitis HLS 2020.2+) and, as a fallback or for
/// the per-instance and per-loop tables the XML of older versions omits, &lt;top&gt;_csynth.rpt.
/// </summary>
public static class CSynthReportParser
{
    /// <summary>The resource kinds every report lists, in display order.</summary>
    public static readonly IReadOnlyList<string> ResourceOrder = new[] { "BRAM_18K", "DSP", "FF", "LUT", "URAM" };

    /// <summary>Report folder of a solution: &lt;dir&gt;/&lt;name&gt;_prj/&lt;solution&gt;/syn/report.</summary>
    public static string ReportDirectory(string projectDir, string projectName, string solution = "solution1") =>
        Path.Combine(projectDir, $"{projectName}_prj", solution, "syn", "report");

    /// <summary>The XML report if present, else the .rpt, else null.</summary>
    public static string? Find(string projectDir, string projectName, string solution = "solution1")
    {
        var dir = ReportDirectory(projectDir, projectName, solution);
        foreach (var candidate in new[] { $"{projectName}_csynth.xml", "csynth.xml", $"{projectName}_csynth.rpt", "csynth.rpt" })
        {
            var p = Path.Combine(dir, candidate);
            if (File.Exists(p)) return p;
        }
        return null;
    }

    /// <summary>Parses an .xml or .rpt report; an XML report is completed with the instance/loop tables of the .rpt beside it.</summary>
    public static CSynthReport Load(string path)
    {
        if (!path.EndsWith(".xml", StringComparison.OrdinalIgnoreCase)) return ParseRpt(path);
        var xml = ParseXml(path);
        var rptPath = Path.ChangeExtension(path, ".rpt");
        if ((xml.Instances.Count == 0 || xml.Loops.Count == 0) && File.Exists(rptPath))
        {
            var rpt = ParseRpt(rptPath);
            xml = xml with
            {
                Instances = xml.Instances.Count > 0 ? xml.Instances : rpt.Instances,
                Loops = xml.Loops.Count > 0 ? xml.Loops : rpt.Loops,
            };
        }
        return xml;
    }

    public static CSynthReport ParseXml(string path)
    {
        XElement root;
        try
        {
            root = XDocument.Load(path).Root ?? throw new XmlException("empty document");
        }
        catch (XmlException e)
        {
            throw new HlsException(DiagnosticCodes.HlsReportUnreadable, $"the synthesis report is not valid XML ({e.Message}).", path);
        }

        var user = Child(root, "UserAssignments");
        var perf = Child(root, "PerformanceEstimates");
        var top = Value(user, "TopModelName");
        var modules = Child(root, "ModuleInformation")?.Elements().Where(e => e.Name.LocalName == "Module").ToList() ?? new List<XElement>();
        var topModule = modules.FirstOrDefault(m => Value(m, "Name") == top);
        // Some Vitis versions keep the top's estimates only in its ModuleInformation entry.
        perf ??= Child(topModule, "PerformanceEstimates");
        var area = Child(root, "AreaEstimates") ?? Child(topModule, "AreaEstimates");
        var target = ReportValues.ParseDouble(Value(user, "TargetClockPeriod"));

        var loops = new List<LoopEstimate>();
        ReadLoops(Child(perf, "SummaryOfLoopLatency"), top, null, loops);
        var instances = new List<InstanceEstimate>();
        foreach (var m in modules)
        {
            var name = Value(m, "Name");
            if (name is null || name == top) continue;
            var mperf = Child(m, "PerformanceEstimates");
            var lat = Child(mperf, "SummaryOfOverallLatency");
            instances.Add(new InstanceEstimate
            {
                Instance = name,
                Module = name,
                LatencyMinCycles = ReportValues.ParseLong(Value(lat, "Best-caseLatency")),
                LatencyMaxCycles = ReportValues.ParseLong(Value(lat, "Worst-caseLatency")),
                IntervalMin = ReportValues.ParseLong(Value(lat, "Interval-min")),
                IntervalMax = ReportValues.ParseLong(Value(lat, "Interval-max")),
                PipelineType = Value(lat, "PipelineType") ?? Value(mperf, "PipelineType"),
                Resources = ResourceValues(Child(Child(m, "AreaEstimates"), "Resources")),
            });
            ReadLoops(Child(mperf, "SummaryOfLoopLatency"), name, null, loops);
        }

        return new CSynthReport
        {
            Source = path,
            ToolVersion = Value(Child(root, "ReportVersion"), "Version"),
            Part = Value(user, "Part"),
            TopModule = top,
            TargetClockNs = target,
            ClockUncertaintyNs = ReportValues.ParseDouble(Value(user, "ClockUncertainty")),
            EstimatedClockNs = ReportValues.ParseDouble(Value(Child(perf, "SummaryOfTimingAnalysis"), "EstimatedClockPeriod")),
            Latency = ReadLatency(Child(perf, "SummaryOfOverallLatency"), Value(perf, "PipelineType"), target),
            Resources = Combine(ResourceValues(Child(area, "Resources")), ResourceValues(Child(area, "AvailableResources"))),
            Instances = instances,
            Loops = loops,
        };
    }

    public static CSynthReport ParseRpt(string path)
    {
        var lines = File.ReadAllLines(path);
        string? Header(string key) => lines.Select(l => l.Trim()).FirstOrDefault(l => l.StartsWith($"* {key}:", StringComparison.Ordinal))?
            .Split(':', 2)[1].Trim();
        var version = Header("Version")?.Split(' ')[0];
        var part = Header("Target device");
        var topMatch = lines.Select(l => System.Text.RegularExpressions.Regex.Match(l, @"== .*Report for '([^']+)'")).FirstOrDefault(m => m.Success);

        int Find(string marker, int from = 0)
        {
            for (int i = from; i < lines.Length; i++) if (lines[i].Contains(marker, StringComparison.Ordinal)) return i;
            return -1;
        }
        int perf = Find("== Performance Estimates");
        int util = Find("== Utilization Estimates");
        int iface = Find("== Interface");
        if (perf < 0 && util < 0)
            throw new HlsException(DiagnosticCodes.HlsReportUnreadable, "no 'Performance Estimates' or 'Utilization Estimates' section found.", path);

        double? target = null, estimated = null, uncertainty = null;
        var latency = new LatencySummary();
        var instances = new List<InstanceEstimate>();
        var loops = new List<LoopEstimate>();
        int perfEnd = util > perf ? util : lines.Length;
        if (perf >= 0)
        {
            int timing = Find("+ Timing", perf);
            if (timing >= 0 && timing < perfEnd && AsciiTable.ReadFrom(lines, timing + 1) is { } t)
            {
                var row = t.Rows.FirstOrDefault(r => r.Length >= 3);
                if (row is not null)
                {
                    int ti = Math.Max(t.Column("Target"), 1), ei = Math.Max(t.Column("Estimated"), 2), ui = t.Column("Uncertainty");
                    target = ReportValues.ParseTimeNs(At(row, ti));
                    estimated = ReportValues.ParseTimeNs(At(row, ei));
                    uncertainty = ui >= 0 ? ReportValues.ParseTimeNs(At(row, ui)) : null;
                }
            }
            int lat = Find("+ Latency", perf);
            if (lat >= 0 && lat < perfEnd)
            {
                int summary = Find("* Summary", lat);
                if (summary >= 0 && AsciiTable.ReadFrom(lines, summary + 1) is { } s && s.Rows.FirstOrDefault() is { Length: >= 6 } r)
                {
                    latency = new LatencySummary
                    {
                        BestCycles = ReportValues.ParseLong(r[0]),
                        WorstCycles = ReportValues.ParseLong(r[1]),
                        BestNs = ReportValues.ParseTimeNs(r[2]),
                        WorstNs = ReportValues.ParseTimeNs(r[3]),
                        IntervalMin = ReportValues.ParseLong(r[4]),
                        IntervalMax = ReportValues.ParseLong(r[5]),
                        PipelineType = At(r, 6),
                    };
                }
                int detail = Find("+ Detail", lat);
                if (detail >= 0 && detail < perfEnd)
                {
                    int inst = Find("* Instance", detail);
                    if (inst >= 0 && inst < perfEnd && AsciiTable.ReadFrom(lines, inst + 1, 1) is { } it)
                        foreach (var row in it.Rows.Where(x => x.Length >= 8 && x[0].Length > 0 && x[0] != "Total"))
                            instances.Add(new InstanceEstimate
                            {
                                Instance = row[0], Module = row[1],
                                LatencyMinCycles = ReportValues.ParseLong(row[2]), LatencyMaxCycles = ReportValues.ParseLong(row[3]),
                                IntervalMin = ReportValues.ParseLong(row[6]), IntervalMax = ReportValues.ParseLong(row[7]),
                                PipelineType = At(row, 8),
                            });
                    int loop = Find("* Loop", detail);
                    if (loop >= 0 && loop < perfEnd && AsciiTable.ReadFrom(lines, loop + 1, 1) is { } lt)
                        foreach (var row in lt.Rows.Where(x => x.Length >= 7 && x[0].Length > 0))
                        {
                            var (tmin, tmax) = ReportValues.ParseRange(At(row, 6));
                            loops.Add(new LoopEstimate
                            {
                                Name = System.Text.RegularExpressions.Regex.Replace(row[0], @"^([-+*o]\s+|-)+", ""),
                                Module = topMatch?.Groups[1].Value,
                                LatencyMinCycles = ReportValues.ParseLong(row[1]), LatencyMaxCycles = ReportValues.ParseLong(row[2]),
                                IterationLatency = ReportValues.ParseLong(row[3]),
                                InitiationInterval = ReportValues.ParseLong(row[4]),
                                TripCountMin = tmin, TripCountMax = tmax,
                                Pipelined = At(row, 7) is { } p ? p.Equals("yes", StringComparison.OrdinalIgnoreCase) : null,
                            });
                        }
                }
            }
        }

        var used = new Dictionary<string, long?>();
        var available = new Dictionary<string, long?>();
        if (util >= 0)
        {
            int utilEnd = iface > util ? iface : lines.Length;
            int summary = Find("* Summary", util);
            if (summary >= 0 && summary < utilEnd && AsciiTable.ReadFrom(lines, summary + 1) is { } s)
            {
                var cols = s.Columns;
                foreach (var row in s.Rows)
                {
                    var target2 = row[0] switch { "Total" => used, "Available" => available, _ => null };
                    if (target2 is null) continue;
                    for (int c = 1; c < Math.Min(cols.Length, row.Length); c++)
                        target2[ReportValues.ResourceKey(cols[c])] = ReportValues.ParseLong(row[c]);
                }
            }
            int detail = Find("+ Detail", util);
            if (detail >= 0 && detail < utilEnd)
            {
                int inst = Find("* Instance", detail);
                if (inst >= 0 && inst < utilEnd && AsciiTable.ReadFrom(lines, inst + 1, 1) is { } it)
                {
                    var cols = it.Columns;
                    for (int k = 0; k < instances.Count; k++)
                    {
                        var row = it.Rows.FirstOrDefault(r => r[0] == instances[k].Instance);
                        if (row is null) continue;
                        var res = new Dictionary<string, long?>();
                        for (int c = 2; c < Math.Min(cols.Length, row.Length); c++) res[ReportValues.ResourceKey(cols[c])] = ReportValues.ParseLong(row[c]);
                        instances[k] = instances[k] with { Resources = res };
                    }
                    if (instances.Count == 0)
                        foreach (var row in it.Rows.Where(r => r.Length >= 3 && r[0].Length > 0 && r[0] != "Total"))
                        {
                            var res = new Dictionary<string, long?>();
                            for (int c = 2; c < Math.Min(cols.Length, row.Length); c++) res[ReportValues.ResourceKey(cols[c])] = ReportValues.ParseLong(row[c]);
                            instances.Add(new InstanceEstimate { Instance = row[0], Module = row[1], Resources = res });
                        }
                }
            }
        }

        if (latency.BestNs is null && latency.BestCycles is { } b && target is { } tc) latency = latency with { BestNs = b * tc };
        if (latency.WorstNs is null && latency.WorstCycles is { } w && target is { } tc2) latency = latency with { WorstNs = w * tc2 };
        return new CSynthReport
        {
            Source = path,
            ToolVersion = version,
            Part = part,
            TopModule = topMatch?.Groups[1].Value,
            TargetClockNs = target,
            ClockUncertaintyNs = uncertainty,
            EstimatedClockNs = estimated,
            Latency = latency,
            Resources = Combine(used, available),
            Instances = instances,
            Loops = loops,
        };
    }

    private static LatencySummary ReadLatency(XElement? lat, string? pipelineType, double? targetNs)
    {
        long? best = ReportValues.ParseLong(Value(lat, "Best-caseLatency"));
        long? avg = ReportValues.ParseLong(Value(lat, "Average-caseLatency"));
        long? worst = ReportValues.ParseLong(Value(lat, "Worst-caseLatency"));
        double? Time(string name, long? cycles) => ReportValues.ParseTimeNs(Value(lat, name)) ?? (cycles * targetNs);
        return new LatencySummary
        {
            BestCycles = best,
            AverageCycles = avg,
            WorstCycles = worst,
            BestNs = Time("Best-caseRealTimeLatency", best),
            AverageNs = Time("Average-caseRealTimeLatency", avg),
            WorstNs = Time("Worst-caseRealTimeLatency", worst),
            IntervalMin = ReportValues.ParseLong(Value(lat, "Interval-min")),
            IntervalMax = ReportValues.ParseLong(Value(lat, "Interval-max")),
            PipelineType = pipelineType ?? Value(lat, "PipelineType"),
        };
    }

    private static void ReadLoops(XElement? parent, string? module, string? prefix, List<LoopEstimate> loops)
    {
        if (parent is null) return;
        foreach (var e in parent.Elements())
        {
            if (!IsLoop(e)) continue;
            var name = Value(e, "Name") ?? e.Attribute("name")?.Value ?? e.Name.LocalName;
            var full = prefix is null ? name : $"{prefix}/{name}";
            var (lmin, lmax) = ReportValues.ParseRange(Value(e, "Latency"));
            lmin ??= ReportValues.ParseLong(Value(e, "LatencyMin"));
            lmax ??= ReportValues.ParseLong(Value(e, "LatencyMax"));
            var trip = Child(e, "TripCount");
            var (tmin, tmax) = Child(trip, "range") is { } range
                ? (ReportValues.ParseLong(Value(range, "min")), ReportValues.ParseLong(Value(range, "max")))
                : ReportValues.ParseRange(trip?.Value);
            var ii = ReportValues.ParseLong(Value(e, "PipelineII")) ?? ReportValues.ParseLong(Value(e, "AchievedII"));
            var pipelineType = Value(e, "PipelineType");
            loops.Add(new LoopEstimate
            {
                Name = full,
                Module = module,
                LatencyMinCycles = lmin,
                LatencyMaxCycles = lmax,
                IterationLatency = ReportValues.ParseLong(Value(e, "IterationLatency")),
                InitiationInterval = ii,
                TripCountMin = tmin,
                TripCountMax = tmax,
                Pipelined = pipelineType is not null ? !pipelineType.Equals("no", StringComparison.OrdinalIgnoreCase) : ii is not null,
            });
            ReadLoops(e, module, full, loops);
        }
    }

    private static readonly string[] LoopFields = { "Latency", "TripCount", "PipelineII", "IterationLatency", "LatencyMin", "AchievedII" };

    private static bool IsLoop(XElement e) => e.Elements().Any(c => LoopFields.Contains(c.Name.LocalName));

    private static Dictionary<string, long?> ResourceValues(XElement? e)
    {
        var d = new Dictionary<string, long?>();
        if (e is null) return d;
        foreach (var c in e.Elements()) d[ReportValues.ResourceKey(c.Name.LocalName)] = ReportValues.ParseLong(c.Value);
        return d;
    }

    internal static IReadOnlyList<ResourceUsage> Combine(IReadOnlyDictionary<string, long?> used, IReadOnlyDictionary<string, long?> available)
    {
        var names = ResourceOrder.Where(n => used.ContainsKey(n) || available.ContainsKey(n))
            .Concat(used.Keys.Concat(available.Keys).Where(n => !ResourceOrder.Contains(n)).Distinct());
        return names.Select(n => new ResourceUsage(n, used.GetValueOrDefault(n), available.GetValueOrDefault(n))).ToList();
    }

    private static XElement? Child(XElement? e, string name) => e?.Elements().FirstOrDefault(x => x.Name.LocalName == name);

    private static string? Value(XElement? e, string name)
    {
        var v = Child(e, name)?.Value.Trim();
        return string.IsNullOrEmpty(v) ? null : v;
    }

    private static string? At(string[] row, int i) => i >= 0 && i < row.Length && row[i].Length > 0 ? row[i] : null;
}
