using System.Globalization;
using Hls4ml.Diagnostics;

namespace Hls4ml.Simulation;

/// <summary>hls4ml testbench files: one sample per line, whitespace-separated values, inputs flattened and concatenated.</summary>
public static class TestData
{
    public static List<double[]> Read(string path, int? expectedWidth = null)
    {
        if (!File.Exists(path))
            throw new HlsException(DiagnosticCodes.TestDataNotFound, $"'{path}' does not exist.", path);
        var rows = new List<double[]>();
        int lineNo = 0;
        foreach (var line in File.ReadLines(path))
        {
            lineNo++;
            var parts = line.Split(new[] { ' ', '\t', ',' }, StringSplitOptions.RemoveEmptyEntries);
            if (parts.Length == 0) continue;
            var row = new double[parts.Length];
            for (int i = 0; i < parts.Length; i++)
                if (!double.TryParse(parts[i], NumberStyles.Float, CultureInfo.InvariantCulture, out row[i]))
                    throw new HlsException(new HlsDiagnostic(DiagnosticCodes.TestDataShape, $"'{parts[i]}' is not a number.", path, lineNo));
            if (expectedWidth is { } w && row.Length != w)
                throw new HlsException(new HlsDiagnostic(DiagnosticCodes.TestDataShape,
                    $"line has {row.Length} values; the model needs {w} per sample.", path, lineNo));
            rows.Add(row);
        }
        return rows;
    }

    /// <summary>Writes rows with round-trippable values ("R" formatting), space-separated.</summary>
    public static void Write(string path, IEnumerable<double[]> rows)
    {
        var text = string.Join("\n", rows.Select(r => string.Join(" ", r.Select(v => v.ToString("R", CultureInfo.InvariantCulture))))) + "\n";
        Ir.AtomicFile.WriteAllText(path, text);
    }
}
