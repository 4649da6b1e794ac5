using System.Globalization;
using Hls4ml.Diagnostics;

namespace Hls4ml.Reports;

/// <summary>
/// Reads &lt;top&gt;_cosim.rpt (RTL | Status | Latency min avg max | Interval min avg max [| Total Execution Time]) and
/// compares the RTL testbench outputs with C simulation.
/// </summary>
public static class CoSimReportParser
{
    /// <summary>Where the testbench writes its outputs when compiled with -DRTL_SIM (hls4ml's convention).</summary>
    public const string RtlResultsFile = "tb_data/rtl_cosim_results.log";

    public static string ReportPath(string projectDir, string projectName, string solution = "solution1") =>
        Path.Combine(projectDir, $"{projectName}_prj", solution, "sim", "report", $"{projectName}_cosim.rpt");

    public static CoSimReport Parse(string path)
    {
        var lines = File.ReadAllLines(path);
        string[]? chosen = null;
        foreach (var (_, table) in AsciiTable.All(lines))
            foreach (var row in table.Rows)
            {
                if (row.Length < 2 || row[0] is not ("Verilog" or "VHDL" or "SystemC")) continue;
                if (chosen is null || (chosen[1] == "NA" && row[1] != "NA")) chosen = row;
            }
        if (chosen is null)
            throw new HlsException(DiagnosticCodes.HlsReportUnreadable, "no RTL result row (Verilog/VHDL | Status | Latency | Interval) found.", path);
        long? At(int i) => i < chosen.Length ? ReportValues.ParseLong(chosen[i]) : null;
        return new CoSimReport
        {
            Source = path,
            Rtl = chosen[0],
            Status = chosen[1],
            LatencyMin = At(2), LatencyAvg = At(3), LatencyMax = At(4),
            IntervalMin = At(5), IntervalAvg = At(6), IntervalMax = At(7),
        };
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
