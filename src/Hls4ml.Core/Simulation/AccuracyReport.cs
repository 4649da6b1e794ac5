using System.Globalization;
using System.Text;

namespace Hls4ml.Simulation;

/// <summary>How far one set of predictions is from another (expected output or the float reference).</summary>
public sealed record Comparison(string Against, int Rows, double MaxAbsError, double MeanAbsError, double ArgmaxAgreement, int WorstRow)
{
    public static Comparison Compute(string against, IReadOnlyList<double[]> predicted, IReadOnlyList<double[]> reference)
    {
        int rows = Math.Min(predicted.Count, reference.Count);
        double max = 0, sum = 0; long n = 0; int agree = 0, worst = 0;
        for (int r = 0; r < rows; r++)
        {
            var p = predicted[r]; var q = reference[r];
            int width = Math.Min(p.Length, q.Length);
            for (int i = 0; i < width; i++)
            {
                var e = Math.Abs(p[i] - q[i]);
                if (e > max) { max = e; worst = r; }
                sum += e; n++;
            }
            if (ArgMax(p) == ArgMax(q)) agree++;
        }
        return new Comparison(against, rows, max, n == 0 ? 0 : sum / n, rows == 0 ? 0 : agree / (double)rows, worst);
    }

    private static int ArgMax(double[] v)
    {
        int best = 0;
        for (int i = 1; i < v.Length; i++) if (v[i] > v[best]) best = i;
        return best;
    }
}

/// <summary>The accuracy summary CSim prints and writes next to the results.</summary>
public sealed record AccuracyReport(string Project, int Samples, IReadOnlyList<Comparison> Comparisons)
{
    public string ToText()
    {
        var sb = new StringBuilder();
        sb.AppendLine(CultureInfo.InvariantCulture, $"CSim accuracy summary for {Project}: {Samples} samples");
        foreach (var c in Comparisons)
            sb.AppendLine(CultureInfo.InvariantCulture,
                $"  vs {c.Against,-16} max |err| {c.MaxAbsError:G6}  mean |err| {c.MeanAbsError:G6}  argmax agreement {c.ArgmaxAgreement:P2}");
        return sb.ToString().TrimEnd();
    }
}
