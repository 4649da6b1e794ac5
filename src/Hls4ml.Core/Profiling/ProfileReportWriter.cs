using System.Globalization;
using System.Text;
using Hls4ml.Backends;
using Hls4ml.Ir;
using Newtonsoft.Json;
using Newtonsoft.Json.Serialization;

namespace Hls4ml.Profiling;

/// <summary>
/// Writes a profile as hls-profile.json and as hls-profile.html: a self-contained page (inline SVG and CSS, no
/// scripts, fonts or links) rendered by the project's template engine from templates/profile/hls-profile.html.sbn,
/// which escapes every model-derived string.
/// </summary>
public static class ProfileReportWriter
{
    public const string HtmlTemplate = "profile/hls-profile.html.sbn";

    public static string ToJson(ProfileReport report) => JsonConvert.SerializeObject(report, new JsonSerializerSettings
    {
        ContractResolver = new CamelCasePropertyNamesContractResolver(),
        Formatting = Formatting.Indented,
        FloatFormatHandling = FloatFormatHandling.String,
    });

    public static void WriteJson(string path, ProfileReport report) => AtomicFile.WriteAllText(path, ToJson(report));

    public static void WriteHtml(string path, ProfileReport report, string templatesRoot) =>
        AtomicFile.WriteAllText(path, ToHtml(report, templatesRoot));

    public static string ToHtml(ProfileReport report, string templatesRoot)
    {
        var template = Path.Combine(Path.GetFullPath(templatesRoot), HtmlTemplate);
        return new TemplateEngine().Render(template, BuildPage(report));
    }

    /// <summary>The lines the build log shows: output error, overflows, and the layers that cost the most accuracy.</summary>
    public static IReadOnlyList<string> Summary(ProfileReport report, int top = 5)
    {
        var lines = new List<string>
        {
            $"Profile of {report.Project}: {report.Rows} rows, output vs float: max |err| {G(report.OutputVsFloat.MaxAbsError)}, mean |err| {G(report.OutputVsFloat.MeanAbsError)}, argmax agreement {report.OutputVsFloat.ArgmaxAgreement.ToString("P2", CultureInfo.InvariantCulture)}",
        };
        var overflowing = report.Overflowing.ToList();
        lines.Add(overflowing.Count == 0 ? "  no value left its type's range"
            : $"  overflow in {overflowing.Count} layer(s): {string.Join(", ", overflowing.Select(l => l.Name))}");
        lines.Add($"  layers by contribution to the output error (mean |err| when only that layer rounds, {report.AttributionRows} rows):");
        foreach (var l in report.Layers.OrderBy(l => l.Rank).Take(top))
            lines.Add($"    {l.Rank}. {l.Name} ({l.Type}, {l.Result.Type}): {G(l.OutputError)}; own output max |err| vs float {G(l.ErrorVsFloat.MaxAbs)}");
        return lines;
    }

    private static string G6(double v) => v.ToString("G6", CultureInfo.InvariantCulture);
    private static string G(double v) => v.ToString("G4", CultureInfo.InvariantCulture);
    private static string F(double v) => v.ToString("0.##", CultureInfo.InvariantCulture);

    // ---- page model (what the template reads; every number already formatted) ----

    public sealed record PageModel(string Project, string Source, int Rows, int AttributionRows, string OutputMaxError, string OutputMeanError,
        string ArgmaxAgreement, int OverflowingLayers, string AxisLow, string AxisHigh, IReadOnlyList<TickModel> Ticks, IReadOnlyList<LayerRow> Layers,
        int PlotWidth, int PlotHeight)
    {
        /// <summary>The layers by their contribution to the output error, largest first.</summary>
        public IReadOnlyList<LayerRow> Ranked => Layers.OrderBy(l => l.Rank).ToList();
    }

    public sealed record TickModel(string X, string Label);

    public sealed record BarModel(string X, string Y, string Width, string Height, string Kind, string Title);

    public sealed record MarkModel(string X, string Kind, string Title);

    public sealed record WeightRow(string Slot, string Type, string Range, string Observed, long OutOfRange, string? Fix);

    public sealed record LayerRow(int Index, string Name, string Type, string ResultType, string Range, string Lsb, string Observed, string Unsaturated,
        int Rank, string OutputError, string MaxError, string MeanError, string RelativeError, bool Overflow, string OverflowText,
        IReadOnlyList<WeightRow> Weights, IReadOnlyList<BarModel> Bars, IReadOnlyList<MarkModel> Marks, string RangeX, string RangeWidth);

    private const int Width = 640, Height = 110, Left = 8, Right = 8, Top = 6, Bottom = 18;

    public static PageModel BuildPage(ProfileReport report)
    {
        // One x axis (log2 |x|, one bin per bit) for every layer, so the plots compare at a glance.
        int lo = int.MaxValue, hi = int.MinValue;
        void Cover(double? v) { if (v is { } x && x > 0 && double.IsFinite(x)) { var b = (int)Math.Floor(Math.Log2(x)); lo = Math.Min(lo, b); hi = Math.Max(hi, b); } }
        foreach (var l in report.Layers)
        {
            Cover(l.Result.Lsb); Cover(l.Result.Max);
            Cover(Math.Max(Math.Abs(l.Activations.Min), Math.Abs(l.Activations.Max)));
            Cover(Math.Max(Math.Abs(l.Unsaturated.Min), Math.Abs(l.Unsaturated.Max)));
            CoverHistogram(l.ActivationHistogram);
            foreach (var w in l.Weights) { Cover(w.Type.Lsb); Cover(w.Type.Max); CoverHistogram(w.Histogram); }
        }
        void CoverHistogram(Log2Histogram h)
        {
            for (int i = 0; i < h.Counts.Length; i++) if (h.Counts[i] > 0) { lo = Math.Min(lo, h.LowBit + i); hi = Math.Max(hi, h.LowBit + i); }
        }
        if (lo > hi) (lo, hi) = (-8, 8);
        // Values far below every type's resolution all round to zero: a few bits under the finest lsb are enough.
        var finest = report.Layers.SelectMany(l => l.Weights.Select(w => w.Type.Lsb).Append(l.Result.Lsb)).Where(v => v is > 0).Select(v => (int)Math.Floor(Math.Log2(v!.Value))).DefaultIfEmpty(lo).Min();
        lo = Math.Max(lo, finest - 4);
        lo = Math.Max(lo - 1, Log2Histogram.DefaultLowBit);
        hi = Math.Min(hi + 1, Log2Histogram.DefaultHighBit);
        double binWidth = (Width - Left - Right) / (double)(hi - lo + 1);
        double X(double bit) => Left + (bit - lo) * binWidth;

        var ticks = new List<TickModel>();
        int step = hi - lo > 24 ? 4 : 2;
        for (int b = lo; b <= hi + 1; b++)
            if (b % step == 0) ticks.Add(new TickModel(F(X(b)), b.ToString(CultureInfo.InvariantCulture)));

        var rows = new List<LayerRow>();
        foreach (var l in report.Layers.OrderBy(l => l.Index))
        {
            var bars = new List<BarModel>();
            void Histogram(Log2Histogram h, string kind, string what)
            {
                long total = h.Counts.Sum() + h.Zeros;
                // Bits outside the axis are drawn in its first and last bin.
                var shown = new long[hi - lo + 1];
                for (int i = 0; i < h.Counts.Length; i++) shown[Math.Clamp(h.LowBit + i, lo, hi) - lo] += h.Counts[i];
                long max = Math.Max(1, shown.Max());
                for (int i = 0; i < shown.Length; i++)
                {
                    var bit = lo + i;
                    if (shown[i] == 0) continue;
                    double height = (Height - Top - Bottom) * shown[i] / (double)max;
                    var range = i == 0 ? $"|x| < 2^{bit + 1}" : i == shown.Length - 1 ? $"|x| >= 2^{bit}" : $"2^{bit} <= |x| < 2^{bit + 1}";
                    bars.Add(new BarModel(F(X(bit) + 1), F(Height - Bottom - height), F(Math.Max(binWidth - 2, 1)), F(height), kind,
                        $"{what}: {shown[i]} of {total} values with {range} (zeros: {h.Zeros})"));
                }
            }
            Histogram(l.ActivationHistogram, "act", "output (float model)");
            foreach (var w in l.Weights) Histogram(w.Histogram, "wt", w.Slot);
            var marks = new List<MarkModel>();
            if (l.Result.Max is { } max && max > 0) marks.Add(new MarkModel(F(X(Math.Log2(max + (l.Result.Lsb ?? 0)))), "max", $"output type range: |x| < {G(max + (l.Result.Lsb ?? 0))}"));
            if (l.Result.Lsb is { } lsb) marks.Add(new MarkModel(F(X(Math.Log2(lsb))), "lsb", $"output type resolution: {G(lsb)}"));
            foreach (var w in l.Weights)
            {
                if (w.Type.Max is { } wm && wm > 0) marks.Add(new MarkModel(F(X(Math.Log2(wm + (w.Type.Lsb ?? 0)))), "wmax", $"{w.Slot} type range: |x| < {G(wm + (w.Type.Lsb ?? 0))}"));
                if (w.Type.Lsb is { } wl) marks.Add(new MarkModel(F(X(Math.Log2(wl))), "wlsb", $"{w.Slot} type resolution: {G(wl)}"));
            }
            // The band the output type represents: from its resolution to its range.
            double bandFrom = l.Result.Lsb is { } rl ? Math.Max(X(Math.Log2(rl)), Left) : Left;
            double bandTo = l.Result.Max is { } rm && rm > 0 ? Math.Min(X(Math.Log2(rm + (l.Result.Lsb ?? 0))), Width - Right) : Width - Right;
            var overflowText = string.Join("; ", l.Overflows.Select(o =>
                $"{o.Slot} {o.Type}: {o.Values} values on {o.Rows} rows {o.Behaviour} (observed [{G(o.ObservedMin)}, {G(o.ObservedMax)}]); fix: {LayerProfiler.SlotKey(o.Slot)}=\"{o.SuggestedType}\""));
            rows.Add(new LayerRow(l.Index, l.Name, l.Type, l.Result.Type,
                l.Result.Min is { } mn ? $"[{G6(mn)}, {G6(l.Result.Max!.Value)}]" : "float", l.Result.Lsb is { } ls ? G(ls) : "-",
                $"[{G(l.Activations.Min)}, {G(l.Activations.Max)}]", $"[{G(l.Unsaturated.Min)}, {G(l.Unsaturated.Max)}]",
                l.Rank, G(l.OutputError), G(l.ErrorVsFloat.MaxAbs), G(l.ErrorVsFloat.MeanAbs), G(l.ErrorVsFloat.Relative),
                l.Overflows.Count > 0 || l.Weights.Any(w => w.OutOfRange > 0), overflowText,
                l.Weights.Select(w => new WeightRow(w.Slot, w.Type.Type, w.Type.Min is { } a ? $"[{G6(a)}, {G6(w.Type.Max!.Value)}]" : "float",
                    $"[{G(w.Stats.Min)}, {G(w.Stats.Max)}]", w.OutOfRange, w.SuggestedType)).ToList(),
                bars, marks, F(bandFrom), F(Math.Max(bandTo - bandFrom, 0))));
        }
        return new PageModel(report.Project, report.Source, report.Rows, report.AttributionRows, G(report.OutputVsFloat.MaxAbsError),
            G(report.OutputVsFloat.MeanAbsError), report.OutputVsFloat.ArgmaxAgreement.ToString("P2", CultureInfo.InvariantCulture),
            report.Overflowing.Count(), lo.ToString(CultureInfo.InvariantCulture), hi.ToString(CultureInfo.InvariantCulture), ticks, rows, Width, Height);
    }
}
