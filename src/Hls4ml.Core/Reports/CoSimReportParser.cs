using System.Globalization;
using Hls4ml.Diagnostics;

namespace Hls4ml.Reports;

/// <summary>
/// Reads &lt;top&gt;_cosim.rpt — RTL | Status | Latency min avg max | Interval min avg max [| Total Execution Time], with
/// the header drawn over several lines (one of them "+   RTL    +  Status  +---…+") — and compares the RTL testbench
/// outputs with C simulation.
/// </summary>
public static class CoSimReportParser
{
    /// <summary>Where the testbench writes its outputs when compiled with -DRTL_SIM (hls4ml's convention).</summary>
    public const string RtlResultsFile = "tb_data/rtl_cosim_results.log";

    private static readonly string[] Languages = { "Verilog", "VHDL", "SystemC" };

    public static string ReportPath(string projectDir, string projectName, string solution = "solution1") =>
        Path.Combine(projectDir, $"{projectName}_prj", solution, "sim", "report", $"{projectName}_cosim.rpt");

    public static CoSimReport Parse(string path)
    {
        var lines = File.ReadAllLines(path);
        CoSimReport? chosen = null;
        foreach (var (_, table) in AsciiTable.All(lines))
        {
            var c = new Columns(table);
            foreach (var row in table.Rows)
            {
                if (row.Length < 2 || !Languages.Contains(row[0], StringComparer.OrdinalIgnoreCase)) continue;
                long? At(int i) => ReportValues.ParseLong(AsciiTable.At(row, i));
                var r = new CoSimReport
                {
                    Source = path,
                    Rtl = row[0],
                    Status = AsciiTable.At(row, c.Status),
                    LatencyMin = At(c.LatencyMin), LatencyAvg = At(c.LatencyAvg), LatencyMax = At(c.LatencyMax),
                    IntervalMin = At(c.IntervalMin), IntervalAvg = At(c.IntervalAvg), IntervalMax = At(c.IntervalMax),
                    TotalExecutionCycles = At(c.Total),
                };
                // The language that ran has a status; the others say NA.
                if (chosen is null || (IsNa(chosen.Status) && !IsNa(r.Status))) chosen = r;
            }
        }
        return chosen ?? throw new HlsException(DiagnosticCodes.HlsReportUnreadable, "no RTL result row (Verilog/VHDL | Status | Latency | Interval) found.", path);
    }

    private static bool IsNa(string? status) => status is null || status.Equals("NA", StringComparison.OrdinalIgnoreCase);

    /// <summary>Columns by header words; a table without recognisable headers keeps the fixed order of every version.</summary>
    private sealed class Columns(AsciiTable t)
    {
        private int Or(int found, int fallback) => found >= 0 ? found : t.Columns.Length == 0 ? fallback : -1;

        public int Status => Or(t.ColumnWith(new[] { "status" }), 1);
        public int LatencyMin => Or(t.ColumnWith(new[] { "latency", "min" }), 2);
        public int LatencyAvg => Or(t.ColumnWith(new[] { "latency", "avg" }), 3);
        public int LatencyMax => Or(t.ColumnWith(new[] { "latency", "max" }), 4);
        public int IntervalMin => Or(t.ColumnWith(new[] { "interval", "min" }), 5);
        public int IntervalAvg => Or(t.ColumnWith(new[] { "interval", "avg" }), 6);
        public int IntervalMax => Or(t.ColumnWith(new[] { "interval", "max" }), 7);
        public int Total => Or(t.ColumnWith(new[] { "total" }), 8);
    }

    /// <summary>
    /// Compares two output files row by row. Values agree when they are equal up to printing (relative 1e-9), which is
    /// exact agreement for fixed-point outputs printed with enough digits.
    /// </summary>
    public static OutputComparison Compare(string actualFile, string expectedFile)
    {
        var actual = ReadRows(actualFile);
        var expected = ReadRows(expectedFile);
        int mismatched = 0;
        int? first = null;
        double maxAbs = 0;
        for (int i = 0; i < Math.Min(actual.Count, expected.Count); i++)
        {
            var a = actual[i];
            var e = expected[i];
            bool same = a.Length == e.Length;
            for (int j = 0; j < Math.Min(a.Length, e.Length); j++)
            {
                var d = Math.Abs(a[j] - e[j]);
                if (double.IsNaN(d)) d = double.PositiveInfinity;
                maxAbs = Math.Max(maxAbs, d);
                if (d > 1e-9 * Math.Max(1.0, Math.Abs(e[j]))) same = false;
            }
            if (!same)
            {
                mismatched++;
                first ??= i + 1;
            }
        }
        if (actual.Count != expected.Count) first ??= Math.Min(actual.Count, expected.Count) + 1;
        return new OutputComparison
        {
            Actual = actualFile,
            Expected = expectedFile,
            Rows = actual.Count,
            ExpectedRows = expected.Count,
            MismatchedRows = mismatched,
            FirstMismatchRow = first,
            MaxAbsDifference = maxAbs,
        };
    }

    private static List<double[]> ReadRows(string path) => File.ReadLines(path)
        .Where(l => l.Trim().Length > 0)
        .Select(l => l.Split(new[] { ' ', '\t', ',' }, StringSplitOptions.RemoveEmptyEntries)
            .Select(v => double.TryParse(v, NumberStyles.Float, CultureInfo.InvariantCulture, out var d) ? d : double.NaN).ToArray())
        .ToList();
}
