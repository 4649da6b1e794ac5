using System.Text.RegularExpressions;
using System.Xml;
using System.Xml.Linq;
using Hls4ml.Diagnostics;

namespace Hls4ml.Reports;

/// <summary>
/// Reads C synthesis reports of Vivado HLS 2018.2–2020.1 and Vitis HLS 2020.2+: &lt;top&gt;_csynth.xml, Vitis' aggregate
/// csynth.xml (module list and RTL hierarchy), the detailed &lt;top&gt;_csynth.rpt (5- or 7-column latency tables) and
/// Vitis' "Synthesis Summary Report" csynth.rpt. An XML report is completed with the instance and loop tables of the
/// reports beside it when it lacks them.
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

    /// <summary>
    /// Parses an .xml or .rpt report. An XML report without instances or loops is completed from the reports beside it
    /// (same name as .rpt, &lt;top&gt;_csynth.rpt, Vitis' aggregate csynth.xml); one of those that cannot be read is skipped,
    /// never costing the XML's own numbers.
    /// </summary>
    public static CSynthReport Load(string path)
    {
        if (!path.EndsWith(".xml", StringComparison.OrdinalIgnoreCase)) return ParseRpt(path);
        var xml = ParseXml(path);
        foreach (var other in Companions(path, xml.TopModule))
        {
            if (xml.Instances.Count > 0 && xml.Loops.Count > 0) break;
            CSynthReport extra;
            try
            {
                extra = other.EndsWith(".xml", StringComparison.OrdinalIgnoreCase) ? ParseXml(other) : ParseRpt(other);
            }
            catch (HlsException)
            {
                continue;
            }
            if (extra.TopModule is not null && xml.TopModule is not null && extra.TopModule != xml.TopModule) continue;
            xml = xml with
            {
                Instances = xml.Instances.Count > 0 ? xml.Instances : extra.Instances,
                Loops = xml.Loops.Count > 0 ? xml.Loops : extra.Loops,
            };
        }
        return xml;
    }

    private static IEnumerable<string> Companions(string xmlPath, string? top)
    {
        var dir = Path.GetDirectoryName(Path.GetFullPath(xmlPath))!;
        var candidates = new List<string> { Path.ChangeExtension(xmlPath, ".rpt") };
        if (top is not null) candidates.Add(Path.Combine(dir, $"{top}_csynth.rpt"));
        candidates.Add(Path.Combine(dir, "csynth.xml"));
        var self = Path.GetFullPath(xmlPath);
        return candidates.Select(Path.GetFullPath).Distinct().Where(p => p != self && File.Exists(p));
    }

    // ---------------------------------------------------------------- XML

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
        var top = Value(user, "TopModelName") ?? Value(Child(Child(root, "RTLDesignHierarchy"), "TopModule"), "ModuleName");
        var modules = Child(root, "ModuleInformation")?.Elements().Where(e => e.Name.LocalName == "Module").ToList() ?? new List<XElement>();
        var byName = new Dictionary<string, XElement>();
        foreach (var m in modules)
            if (Value(m, "Name") is { } n) byName.TryAdd(n, m);
        var topModule = top is null ? null : byName.GetValueOrDefault(top);
        // Some Vitis versions keep the top's estimates only in its ModuleInformation entry.
        perf ??= Child(topModule, "PerformanceEstimates");
        var area = Child(root, "AreaEstimates") ?? Child(topModule, "AreaEstimates");
        var target = ReportValues.ParseDouble(Value(user, "TargetClockPeriod"))
            ?? ReportValues.ParseDouble(Value(Child(perf, "SummaryOfTimingAnalysis"), "TargetClockPeriod"));

        var loops = new List<LoopEstimate>();
        ReadLoops(Child(perf, "SummaryOfLoopLatency"), top, null, loops);
        foreach (var m in modules)
            if (Value(m, "Name") is { } name && name != top) ReadLoops(Child(Child(m, "PerformanceEstimates"), "SummaryOfLoopLatency"), name, null, loops);

        var instances = new List<InstanceEstimate>();
        foreach (var (instance, module) in TopInstances(root, modules, top))
        {
            var m = byName.GetValueOrDefault(module);
            var mperf = Child(m, "PerformanceEstimates");
            var lat = Child(mperf, "SummaryOfOverallLatency");
            var (iiMin, iiMax) = Interval(lat);
            instances.Add(new InstanceEstimate
            {
                Instance = instance,
                Module = module,
                LatencyMinCycles = ReportValues.ParseLong(Value(lat, "Best-caseLatency")),
                LatencyMaxCycles = ReportValues.ParseLong(Value(lat, "Worst-caseLatency")),
                IntervalMin = iiMin,
                IntervalMax = iiMax,
                PipelineType = Value(lat, "PipelineType") ?? Value(mperf, "PipelineType"),
                Resources = UsedValues(Child(Child(m, "AreaEstimates"), "Resources")).ToDictionary(kv => kv.Key, kv => kv.Value),
            });
        }

        var resources = Child(area, "Resources");
        var available = Child(area, "AvailableResources") is { } avail ? UsedValues(avail) : AvailableValues(resources);
        return new CSynthReport
        {
            Source = path,
            ToolVersion = Value(Child(root, "ReportVersion"), "Version"),
            Part = Value(user, "Part"),
            TopModule = top,
            TargetClockNs = target,
            ClockUncertaintyNs = ReportValues.ParseDouble(Value(user, "ClockUncertainty"))
                ?? ReportValues.ParseDouble(Value(Child(perf, "SummaryOfTimingAnalysis"), "ClockUncertainty")),
            EstimatedClockNs = ReportValues.ParseDouble(Value(Child(perf, "SummaryOfTimingAnalysis"), "EstimatedClockPeriod")),
            Latency = ReadLatency(Child(perf, "SummaryOfOverallLatency"), Value(perf, "PipelineType"), target),
            Resources = Combine(UsedValues(resources), available),
            Instances = instances,
            Loops = loops,
        };
    }

    /// <summary>
    /// The instances directly inside the top function. Vitis' aggregate csynth.xml says which they are in its RTL
    /// hierarchy; its module list also holds every deeper module (sub-functions, the loop pipelines Vitis extracts as
    /// &lt;function&gt;_Pipeline_&lt;loop&gt; modules), so without the hierarchy a loop pipeline counts only when it belongs to the top.
    /// </summary>
    private static IEnumerable<(string Instance, string Module)> TopInstances(XElement root, List<XElement> modules, string? top)
    {
        var hierarchy = Child(Child(root, "RTLDesignHierarchy"), "TopModule");
        if (hierarchy is not null)
        {
            foreach (var i in Child(hierarchy, "InstancesList")?.Elements().Where(e => e.Name.LocalName == "Instance") ?? Enumerable.Empty<XElement>())
                if (Value(i, "ModuleName") is { } module) yield return (Value(i, "InstName") ?? module, module);
            yield break;
        }
        foreach (var m in modules)
        {
            var name = Value(m, "Name");
            if (name is null || name == top) continue;
            int k = name.IndexOf("_Pipeline_", StringComparison.Ordinal);
            if (k >= 0 && top is not null && name[..k] != top) continue;
            yield return (name, name);
        }
    }

    /// <summary>Interval-min/-max; Vitis module entries give PipelineInitiationInterval (a number or "a ~ b") instead.</summary>
    private static (long? Min, long? Max) Interval(XElement? lat)
    {
        long? min = ReportValues.ParseLong(Value(lat, "Interval-min")), max = ReportValues.ParseLong(Value(lat, "Interval-max"));
        if (min is not null || max is not null) return (min, max);
        var (pmin, pmax) = ReportValues.ParseRange(Value(lat, "PipelineInitiationInterval"));
        if (pmin is not null || pmax is not null) return (pmin, pmax);
        var throughput = ReportValues.ParseLong(Value(lat, "DataflowPipelineThroughput"));
        return (throughput, throughput);
    }

    private static LatencySummary ReadLatency(XElement? lat, string? pipelineType, double? targetNs)
    {
        long? best = ReportValues.ParseLong(Value(lat, "Best-caseLatency"));
        long? avg = ReportValues.ParseLong(Value(lat, "Average-caseLatency"));
        long? worst = ReportValues.ParseLong(Value(lat, "Worst-caseLatency"));
        double? Time(string name, long? cycles) => ReportValues.ParseTimeNs(Value(lat, name)) ?? (cycles * targetNs);
        var (iiMin, iiMax) = Interval(lat);
        return new LatencySummary
        {
            BestCycles = best,
            AverageCycles = avg,
            WorstCycles = worst,
            BestNs = Time("Best-caseRealTimeLatency", best),
            AverageNs = Time("Average-caseRealTimeLatency", avg),
            WorstNs = Time("Worst-caseRealTimeLatency", worst),
            IntervalMin = iiMin,
            IntervalMax = iiMax,
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
                // A pipelined loop's iteration latency is its pipeline depth (the .rpt prints the same number).
                IterationLatency = ReportValues.ParseLong(Value(e, "IterationLatency")) ?? ReportValues.ParseLong(Value(e, "PipelineDepth")),
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

    /// <summary>Resource counts of an XML element; Vitis' module entries interleave AVAIL_x / UTIL_x, which are not usage.</summary>
    private static Dictionary<string, long?> UsedValues(XElement? e)
    {
        var d = new Dictionary<string, long?>();
        if (e is null) return d;
        foreach (var c in e.Elements())
        {
            var name = c.Name.LocalName;
            if (name.StartsWith("AVAIL_", StringComparison.Ordinal) || name.StartsWith("UTIL_", StringComparison.Ordinal)) continue;
            d[ReportValues.ResourceKey(name)] = ReportValues.ParseLong(c.Value);
        }
        return d;
    }

    /// <summary>The AVAIL_x elements of a Vitis module entry (AVAIL_BRAM counts BRAM_18K).</summary>
    private static Dictionary<string, long?> AvailableValues(XElement? e)
    {
        var d = new Dictionary<string, long?>();
        if (e is null) return d;
        foreach (var c in e.Elements().Where(c => c.Name.LocalName.StartsWith("AVAIL_", StringComparison.Ordinal)))
            d[ReportValues.ResourceKey(c.Name.LocalName["AVAIL_".Length..])] = ReportValues.ParseLong(c.Value);
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

    // ---------------------------------------------------------------- .rpt

    /// <summary>
    /// Parses a text report: the detailed layout ("== Performance Estimates", "== Utilization Estimates"; Vivado HLS and
    /// Vitis' &lt;top&gt;_csynth.rpt) or Vitis' "Synthesis Summary Report" (csynth.rpt: one tree table of modules and loops).
    /// </summary>
    public static CSynthReport ParseRpt(string path)
    {
        var lines = File.ReadAllLines(path);
        var report = new RptText(lines);
        if (report.Section("Performance Estimates") is not null || report.Section("Utilization Estimates") is not null)
            return ParseDetailedRpt(path, report);
        if (report.Find("Performance & Resource Estimates", 0, lines.Length) is >= 0 and var summary)
            return ParseSummaryRpt(path, report, summary);
        throw new HlsException(DiagnosticCodes.HlsReportUnreadable,
            "no 'Performance Estimates', 'Utilization Estimates' or 'Performance & Resource Estimates' section found.", path);
    }

    /// <summary>Lines of a text report with its "== Title" sections and "* Key: value" header fields.</summary>
    private sealed class RptText
    {
        public readonly string[] Lines;
        private readonly List<(string Title, int Start)> _sections = new();

        public RptText(string[] lines)
        {
            Lines = lines;
            for (int i = 0; i < lines.Length; i++)
                if (Regex.Match(lines[i], @"^==\s+(.+?)\s*$") is { Success: true } m && !lines[i].StartsWith("===", StringComparison.Ordinal))
                    _sections.Add((m.Groups[1].Value, i));
        }

        /// <summary>(start, end) lines of the first section whose title starts with 'title'.</summary>
        public (int Start, int End)? Section(string title)
        {
            for (int k = 0; k < _sections.Count; k++)
                if (_sections[k].Title.StartsWith(title, StringComparison.OrdinalIgnoreCase))
                    return (_sections[k].Start, k + 1 < _sections.Count ? _sections[k + 1].Start : Lines.Length);
            return null;
        }

        public int Find(string marker, int from, int to)
        {
            for (int i = Math.Max(0, from); i < Math.Min(to, Lines.Length); i++)
                if (Lines[i].Contains(marker, StringComparison.Ordinal)) return i;
            return -1;
        }

        /// <summary>The table after the first line holding 'marker' in [from, to), or null ("N/A", absent).</summary>
        public AsciiTable? TableAfter(string marker, int from, int to, int lookahead = 4)
        {
            int at = Find(marker, from, to);
            return at < 0 ? null : AsciiTable.ReadFrom(Lines, at + 1, lookahead) is { } t && t.End <= to ? t : null;
        }

        /// <summary>"* Version:        2019.2 (Build …)" → "2019.2 (Build …)".</summary>
        public string? Field(string key)
        {
            foreach (var l in Lines)
            {
                var t = l.Trim();
                if (t.StartsWith($"* {key}:", StringComparison.Ordinal)) return t.Split(':', 2)[1].Trim() is { Length: > 0 } v ? v : null;
            }
            return null;
        }

        public string? Top => Lines.Select(l => Regex.Match(l, @"==.*Report (?:for|of) '([^']+)'")).FirstOrDefault(m => m.Success)?.Groups[1].Value;
    }

    private static CSynthReport ParseDetailedRpt(string path, RptText report)
    {
        var lines = report.Lines;
        var top = report.Top;
        double? target = null, estimated = null, uncertainty = null;
        var latency = new LatencySummary();
        var instances = new List<InstanceEstimate>();
        var loops = new List<LoopEstimate>();

        if (report.Section("Performance Estimates") is { } perfSection)
        {
            var (perf, perfEnd) = perfSection;
            int timing = report.Find("+ Timing", perf, perfEnd);
            int lat = report.Find("+ Latency", perf, perfEnd);
            if (timing >= 0 && report.TableAfter("* Summary", timing, lat > timing ? lat : perfEnd) is { } t
                && t.Rows.FirstOrDefault(r => r.Length >= 3) is { } clock)
            {
                int ti = t.Column("Target"), ei = t.Column("Estimated"), ui = t.Column("Uncertainty");
                target = ReportValues.ParseTimeNs(AsciiTable.At(clock, ti >= 0 ? ti : 1));
                estimated = ReportValues.ParseTimeNs(AsciiTable.At(clock, ei >= 0 ? ei : 2));
                uncertainty = ReportValues.ParseTimeNs(AsciiTable.At(clock, ui >= 0 ? ui : 3));
            }
            if (lat >= 0)
            {
                int detail = report.Find("+ Detail", lat, perfEnd);
                int summaryEnd = detail >= 0 ? detail : perfEnd;
                if (report.TableAfter("* Summary", lat, summaryEnd) is { } s && s.Rows.FirstOrDefault() is { } r)
                {
                    var lc = new LatencyColumns(s);
                    latency = new LatencySummary
                    {
                        BestCycles = ReportValues.ParseLong(lc.Get(r, lc.Min)),
                        WorstCycles = ReportValues.ParseLong(lc.Get(r, lc.Max)),
                        BestNs = ReportValues.ParseTimeNs(lc.Get(r, lc.AbsMin)),
                        WorstNs = ReportValues.ParseTimeNs(lc.Get(r, lc.AbsMax)),
                        IntervalMin = ReportValues.ParseLong(lc.Get(r, lc.IntervalMin)),
                        IntervalMax = ReportValues.ParseLong(lc.Get(r, lc.IntervalMax)),
                        PipelineType = lc.Get(r, lc.Pipeline),
                    };
                }
                if (detail >= 0)
                {
                    int loopAt = report.Find("* Loop", detail, perfEnd);
                    if (report.TableAfter("* Instance", detail, loopAt >= 0 ? loopAt : perfEnd, 1) is { } it)
                    {
                        var c = new LatencyColumns(it);
                        int inst = Math.Max(it.Column("Instance"), 0), mod = it.Column("Module");
                        foreach (var row in it.Rows.Where(x => x.Length > 2 && x[0].Length > 0 && x[0] != "Total"))
                            instances.Add(new InstanceEstimate
                            {
                                Instance = row[inst],
                                Module = AsciiTable.At(row, mod >= 0 ? mod : 1),
                                LatencyMinCycles = ReportValues.ParseLong(c.Get(row, c.Min)),
                                LatencyMaxCycles = ReportValues.ParseLong(c.Get(row, c.Max)),
                                IntervalMin = ReportValues.ParseLong(c.Get(row, c.IntervalMin)),
                                IntervalMax = ReportValues.ParseLong(c.Get(row, c.IntervalMax)),
                                PipelineType = c.Get(row, c.Pipeline),
                            });
                    }
                    if (loopAt >= 0 && report.TableAfter("* Loop", loopAt, perfEnd, 1) is { } lt)
                        ReadLoopTable(lt, top, loops);
                }
            }
        }

        var used = new Dictionary<string, long?>();
        var available = new Dictionary<string, long?>();
        if (report.Section("Utilization Estimates") is { } utilSection)
        {
            var (util, utilEnd) = utilSection;
            int detail = report.Find("+ Detail", util, utilEnd);
            if (report.TableAfter("* Summary", util, detail >= 0 ? detail : utilEnd) is { } s)
            {
                var cols = s.Columns;
                foreach (var row in s.Rows)
                {
                    // "Available SLR" (per super logic region) precedes the device's "Available" in multi-SLR parts.
                    var into = row[0] switch { "Total" => used, "Available" => available, _ => null };
                    if (into is null) continue;
                    for (int c = 1; c < Math.Min(cols.Length, row.Length); c++)
                        into[ReportValues.ResourceKey(cols[c])] = ReportValues.ParseLong(row[c]);
                }
            }
            if (detail >= 0 && report.TableAfter("* Instance", detail, utilEnd, 1) is { } it)
            {
                var cols = it.Columns;
                int mod = it.Column("Module");
                int first = mod >= 0 ? mod + 1 : 2;
                Dictionary<string, long?> Res(string[] row)
                {
                    var res = new Dictionary<string, long?>();
                    for (int c = first; c < Math.Min(cols.Length, row.Length); c++) res[ReportValues.ResourceKey(cols[c])] = ReportValues.ParseLong(row[c]);
                    return res;
                }
                for (int k = 0; k < instances.Count; k++)
                    if (it.Rows.FirstOrDefault(r => r[0] == instances[k].Instance) is { } row)
                        instances[k] = instances[k] with { Resources = Res(row) };
                if (instances.Count == 0)
                    foreach (var row in it.Rows.Where(r => r.Length >= 3 && r[0].Length > 0 && r[0] != "Total"))
                        instances.Add(new InstanceEstimate { Instance = row[0], Module = AsciiTable.At(row, mod >= 0 ? mod : 1), Resources = Res(row) });
            }
        }

        if (latency.BestNs is null && latency.BestCycles is { } b && target is { } tc) latency = latency with { BestNs = b * tc };
        if (latency.WorstNs is null && latency.WorstCycles is { } w && target is { } tc2) latency = latency with { WorstNs = w * tc2 };
        return new CSynthReport
        {
            Source = path,
            ToolVersion = report.Field("Version")?.Split(' ')[0],
            Part = report.Field("Target device"),
            TopModule = top,
            TargetClockNs = target,
            ClockUncertaintyNs = uncertainty,
            EstimatedClockNs = estimated,
            Latency = latency,
            Resources = Combine(used, available),
            Instances = instances,
            Loops = loops,
        };
    }

    /// <summary>
    /// Where the latency tables keep their numbers, by column name: "Latency (cycles) min" (2019.2+) or "Latency min"
    /// (≤ 2019.1, no absolute-time columns), "Latency (absolute) min", "Interval min", "Pipeline Type".
    /// </summary>
    private sealed class LatencyColumns(AsciiTable t)
    {
        public readonly int Min = t.ColumnWith(new[] { "latency", "min" }, "absolute");
        public readonly int Max = t.ColumnWith(new[] { "latency", "max" }, "absolute");
        public readonly int AbsMin = t.ColumnWith(new[] { "absolute", "min" });
        public readonly int AbsMax = t.ColumnWith(new[] { "absolute", "max" });
        public readonly int IntervalMin = t.ColumnWith(new[] { "interval", "min" });
        public readonly int IntervalMax = t.ColumnWith(new[] { "interval", "max" });
        public readonly int Pipeline = t.ColumnWith(new[] { "pipeline" });

        public string? Get(string[] row, int column) => AsciiTable.At(row, column);
    }

    /// <summary>The detailed report's loop table; nested loops ("- outer", " + inner", "  ++ deeper") are named outer/inner.</summary>
    private static void ReadLoopTable(AsciiTable t, string? module, List<LoopEstimate> loops)
    {
        var c = new LatencyColumns(t);
        int name = Math.Max(t.ColumnWith(new[] { "loop" }), 0);
        int iteration = t.ColumnWith(new[] { "iteration" });
        int ii = t.ColumnWith(new[] { "achieved" }) is >= 0 and var a ? a : t.ColumnWith(new[] { "initiation" });
        int trip = t.ColumnWith(new[] { "trip" });
        int pipelined = t.ColumnWith(new[] { "pipelined" });
        var path = new List<(int Depth, string Name)>();
        for (int k = 0; k < t.Rows.Count; k++)
        {
            var row = t.Rows[k];
            if (row.Length <= name || row[name].Length == 0) continue;
            var (depth, label) = TreeLabel(RawCell(t.RowLines[k], name));
            while (path.Count > 0 && path[^1].Depth >= depth) path.RemoveAt(path.Count - 1);
            path.Add((depth, label));
            var (tmin, tmax) = ReportValues.ParseRange(AsciiTable.At(row, trip));
            loops.Add(new LoopEstimate
            {
                Name = string.Join("/", path.Select(p => p.Name)),
                Module = module,
                LatencyMinCycles = ReportValues.ParseLong(c.Get(row, c.Min)),
                LatencyMaxCycles = ReportValues.ParseLong(c.Get(row, c.Max)),
                IterationLatency = ReportValues.ParseLong(AsciiTable.At(row, iteration)),
                InitiationInterval = ReportValues.ParseLong(AsciiTable.At(row, ii)),
                TripCountMin = tmin,
                TripCountMax = tmax,
                Pipelined = AsciiTable.At(row, pipelined) is { } p ? p.Equals("yes", StringComparison.OrdinalIgnoreCase) : null,
            });
        }
    }

    /// <summary>The untrimmed text of a cell of a '|' row.</summary>
    private static string RawCell(string line, int column)
    {
        var parts = line.Trim().TrimStart('|').Split('|');
        return column < parts.Length ? parts[column] : "";
    }

    /// <summary>"- Loop 1" → (0, "Loop 1"); " + Loop 1.1" → (1, …); "  ++ x" → (2, x); "|+ top*" → (0, "top"): depth = indentation.</summary>
    private static (int Depth, string Label) TreeLabel(string raw)
    {
        int depth = raw.Length - raw.TrimStart().Length;
        var label = Regex.Replace(raw.Trim(), @"^[-+o*]+\s+", "");
        return (depth, label.TrimEnd('*').Trim());
    }

    /// <summary>
    /// Vitis' Synthesis Summary Report: one tree of "+ module" and "o loop" rows (depth = indentation, a trailing '*' marks
    /// a dataflow module) with latency, interval, trip count, pipelining and "used (util%)" resources. It gives no clock
    /// target and no available resources.
    /// </summary>
    private static CSynthReport ParseSummaryRpt(string path, RptText report, int at)
    {
        var t = AsciiTable.ReadFrom(report.Lines, at + 1, 6)
            ?? throw new HlsException(DiagnosticCodes.HlsReportUnreadable, "the 'Performance & Resource Estimates' table is missing.", path);
        int name = Math.Max(t.ColumnWith(new[] { "modules" }), 0);
        int cycles = t.ColumnWith(new[] { "latency", "cycles" });
        int ns = t.ColumnWith(new[] { "latency", "ns" });
        int iteration = t.ColumnWith(new[] { "iteration" });
        int interval = t.ColumnWith(new[] { "interval" });
        int trip = t.ColumnWith(new[] { "trip" });
        int pipelined = t.ColumnWith(new[] { "pipelined" });
        var resourceColumns = Enumerable.Range(0, t.Columns.Length)
            .Where(c => ReportValues.ResourceKey(t.Columns[c]) is var k && ResourceOrder.Contains(k)).ToList();

        // "-" in a resource cell is none used.
        Dictionary<string, long?> Res(string[] row) => resourceColumns.ToDictionary(
            c => ReportValues.ResourceKey(t.Columns[c]),
            c => AsciiTable.At(row, c) is "-" ? 0 : ReportValues.ParseLong(AsciiTable.At(row, c)));

        string? topName = null;
        string[]? topRow = null;
        bool topDataflow = false;
        var instances = new List<InstanceEstimate>();
        var loops = new List<LoopEstimate>();
        var tree = new List<(int Depth, bool IsLoop, string Name)>();
        for (int k = 0; k < t.Rows.Count; k++)
        {
            var row = t.Rows[k];
            var raw = RawCell(t.RowLines[k], name);
            var marker = raw.TrimStart() is { Length: > 0 } s ? s[0] : ' ';
            if (marker is not ('+' or 'o')) continue;
            var (depth, label) = TreeLabel(raw);
            bool dataflow = raw.TrimEnd().EndsWith('*');
            while (tree.Count > 0 && tree[^1].Depth >= depth) tree.RemoveAt(tree.Count - 1);
            var parentModule = tree.LastOrDefault(p => !p.IsLoop).Name;
            var (lmin, lmax) = ReportValues.ParseRange(AsciiTable.At(row, cycles));
            var (imin, imax) = ReportValues.ParseRange(AsciiTable.At(row, interval));
            var pipe = AsciiTable.At(row, pipelined);
            if (marker == 'o')
            {
                var (tmin, tmax) = ReportValues.ParseRange(AsciiTable.At(row, trip));
                var loopPath = tree.AsEnumerable().Reverse().TakeWhile(p => p.IsLoop).Reverse().Select(p => p.Name).Append(label);
                loops.Add(new LoopEstimate
                {
                    Name = string.Join("/", loopPath),
                    Module = parentModule,
                    LatencyMinCycles = lmin,
                    LatencyMaxCycles = lmax,
                    IterationLatency = ReportValues.ParseLong(AsciiTable.At(row, iteration)),
                    InitiationInterval = imax,
                    TripCountMin = tmin,
                    TripCountMax = tmax,
                    Pipelined = pipe is null ? null : pipe.Equals("yes", StringComparison.OrdinalIgnoreCase),
                });
            }
            else if (topRow is null)
            {
                (topName, topRow, topDataflow) = (label, row, dataflow);
            }
            else if (tree.Count(p => !p.IsLoop) == 1)
            {
                // Its nearest enclosing module is the top (directly or inside one of the top's loops).
                instances.Add(new InstanceEstimate
                {
                    Instance = label,
                    Module = label,
                    LatencyMinCycles = lmin,
                    LatencyMaxCycles = lmax,
                    IntervalMin = imin,
                    IntervalMax = imax,
                    PipelineType = dataflow ? "dataflow" : pipe,
                    Resources = Res(row),
                });
            }
            tree.Add((depth, marker == 'o', label));
        }
        if (topRow is null)
            throw new HlsException(DiagnosticCodes.HlsReportUnreadable, "the 'Performance & Resource Estimates' table has no top module row ('+ name').", path);

        var (best, worst) = ReportValues.ParseRange(AsciiTable.At(topRow, cycles));
        var (bestNs, worstNs) = ReportValues.ParseTimeRangeNs(AsciiTable.At(topRow, ns));
        var (iiMin, iiMax) = ReportValues.ParseRange(AsciiTable.At(topRow, interval));
        return new CSynthReport
        {
            Source = path,
            ToolVersion = report.Field("Version")?.Split(' ')[0],
            Part = report.Field("Target device"),
            TopModule = report.Top ?? topName,
            Latency = new LatencySummary
            {
                BestCycles = best,
                WorstCycles = worst,
                BestNs = bestNs,
                WorstNs = worstNs,
                IntervalMin = iiMin,
                IntervalMax = iiMax,
                PipelineType = topDataflow ? "dataflow" : AsciiTable.At(topRow, pipelined),
            },
            Resources = Combine(Res(topRow), new Dictionary<string, long?>()),
            Instances = instances,
            Loops = loops,
        };
    }
}
