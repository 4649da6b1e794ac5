using Newtonsoft.Json;
using Newtonsoft.Json.Linq;

namespace Hls4ml.Reports;

/// <summary>
/// hls-report.json: the machine-readable form of <see cref="HlsReport"/>. The schema (documented in docs/synthesis.md)
/// is versioned by the "schema" field; fields are added, never renamed. Unknown values are null; paths are relative
/// to the folder holding the JSON file.
/// </summary>
public static class HlsReportJson
{
    public const string Schema = "hls4ml-sdk/hls-report/1";

    public static string Serialize(HlsReport report, string? relativeTo = null)
    {
        string? Rel(string? p) => p is null ? null
            : relativeTo is null ? p.Replace('\\', '/')
            : Path.GetRelativePath(relativeTo, Path.GetFullPath(p)).Replace('\\', '/');

        var root = new JObject
        {
            ["schema"] = Schema,
            ["project"] = report.Project,
            ["backend"] = report.Backend,
            ["generated"] = report.Generated.ToUniversalTime().ToString("yyyy-MM-ddTHH:mm:ssZ"),
            ["tool"] = report.Tool is { } t ? new JObject { ["name"] = t.Name, ["version"] = t.Version, ["path"] = t.Path } : null,
            ["csynth"] = report.CSynth is { } c ? CSynth(c, Rel) : null,
            ["cosim"] = report.CoSim is { } s ? CoSim(s, Rel) : null,
            ["logicSynthesis"] = report.LogicSynthesis is { } l ? new JObject
            {
                ["source"] = Rel(l.Source),
                ["toolVersion"] = l.ToolVersion,
                ["device"] = l.Device,
                ["resources"] = Resources(l.Resources),
            } : null,
            ["export"] = report.Export is { } e ? new JObject
            {
                ["zip"] = Rel(e.Zip),
                ["toolOutput"] = Rel(e.ToolOutput),
                ["bytes"] = e.Bytes,
            } : null,
        };
        return root.ToString(Formatting.Indented) + "\n";
    }

    private static JObject CSynth(CSynthReport c, Func<string?, string?> rel) => new()
    {
        ["source"] = rel(c.Source),
        ["toolVersion"] = c.ToolVersion,
        ["part"] = c.Part,
        ["topModule"] = c.TopModule,
        ["clock"] = new JObject
        {
            ["targetNs"] = c.TargetClockNs,
            ["uncertaintyNs"] = c.ClockUncertaintyNs,
            ["estimatedNs"] = c.EstimatedClockNs,
            ["estimatedFmaxMHz"] = c.EstimatedFmaxMHz is { } f ? Math.Round(f, 2) : null,
        },
        ["latency"] = new JObject
        {
            ["bestCycles"] = c.Latency.BestCycles,
            ["averageCycles"] = c.Latency.AverageCycles,
            ["worstCycles"] = c.Latency.WorstCycles,
            ["bestNs"] = c.Latency.BestNs,
            ["averageNs"] = c.Latency.AverageNs,
            ["worstNs"] = c.Latency.WorstNs,
            ["intervalMin"] = c.Latency.IntervalMin,
            ["intervalMax"] = c.Latency.IntervalMax,
            ["pipelineType"] = c.Latency.PipelineType,
        },
        ["resources"] = Resources(c.Resources),
        ["instances"] = new JArray(c.Instances.Select(i => new JObject
        {
            ["instance"] = i.Instance,
            ["module"] = i.Module,
            ["latencyMinCycles"] = i.LatencyMinCycles,
            ["latencyMaxCycles"] = i.LatencyMaxCycles,
            ["intervalMin"] = i.IntervalMin,
            ["intervalMax"] = i.IntervalMax,
            ["pipelineType"] = i.PipelineType,
            ["resources"] = new JObject(i.Resources.Select(kv => new JProperty(kv.Key, kv.Value))),
        })),
        ["loops"] = new JArray(c.Loops.Select(l => new JObject
        {
            ["name"] = l.Name,
            ["module"] = l.Module,
            ["latencyMinCycles"] = l.LatencyMinCycles,
            ["latencyMaxCycles"] = l.LatencyMaxCycles,
            ["iterationLatency"] = l.IterationLatency,
            ["initiationInterval"] = l.InitiationInterval,
            ["tripCountMin"] = l.TripCountMin,
            ["tripCountMax"] = l.TripCountMax,
            ["pipelined"] = l.Pipelined,
        })),
    };

    private static JObject CoSim(CoSimReport s, Func<string?, string?> rel) => new()
    {
        ["source"] = rel(s.Source),
        ["rtl"] = s.Rtl,
        ["status"] = s.Status,
        ["latency"] = new JObject { ["min"] = s.LatencyMin, ["avg"] = s.LatencyAvg, ["max"] = s.LatencyMax },
        ["interval"] = new JObject { ["min"] = s.IntervalMin, ["avg"] = s.IntervalAvg, ["max"] = s.IntervalMax },
        ["totalExecutionCycles"] = s.TotalExecutionCycles,
        ["comparison"] = s.Comparison is { } c ? new JObject
        {
            ["rtlOutput"] = rel(c.Actual),
            ["csimOutput"] = rel(c.Expected),
            ["rows"] = c.Rows,
            ["csimRows"] = c.ExpectedRows,
            ["mismatchedRows"] = c.MismatchedRows,
            ["firstMismatchRow"] = c.FirstMismatchRow,
            ["maxAbsDifference"] = c.MaxAbsDifference,
            ["matches"] = c.Matches,
        } : null,
    };

    private static JObject Resources(IEnumerable<ResourceUsage> resources) => new(resources.Select(r => new JProperty(r.Name, new JObject
    {
        ["used"] = Count(r.Used),
        ["available"] = Count(r.Available),
        ["percent"] = r.Percent is { } p ? Math.Round(p, 2) : null,
    })));

    /// <summary>Whole counts as JSON integers (73, not 73.0); fractional ones (Block RAM tiles: 0.5) as they are.</summary>
    private static JToken? Count(double? v) => v switch
    {
        null => null,
        { } d when d == Math.Floor(d) && Math.Abs(d) < 9e15 => new JValue((long)d),
        { } d => new JValue(d),
    };
}
