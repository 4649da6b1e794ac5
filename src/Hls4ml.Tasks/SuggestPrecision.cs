using System.Globalization;
using Hls4ml.Diagnostics;
using Hls4ml.Ir;
using Hls4ml.Profiling;
using Hls4ml.Simulation;
using Microsoft.Build.Framework;

namespace Hls4ml.Tasks;

/// <summary>
/// -t:HlsSuggestPrecision: chooses per-layer precisions from the test data (first half: ranges and search; second
/// half: held out, checked with the C simulation) and writes them as HlsLayerConfig items in a .props file. Takes the
/// same settings as GenerateHls, so the search starts from the project as configured.
/// </summary>
public sealed class SuggestPrecision : GenerateHls
{
    [Required] public string PropsFile { get; set; } = "";
    [Required] public string WorkDirectory { get; set; } = "";
    [Required] public string CacheDirectory { get; set; } = "";
    public string? Tolerance { get; set; }
    public string? Margin { get; set; }
    public string Compiler { get; set; } = "g++";
    public string? OptimizationFlags { get; set; }

    protected override void Run()
    {
        if (TestData.Length == 0)
            throw new HlsException(DiagnosticCodes.ProfilingNeedsTestData, "-t:HlsSuggestPrecision needs rows to calibrate on and to check with; the project has no HlsTestData item.", ProjectFile);
        double tolerance = Number("HlsPrecisionTolerance", Tolerance, null);
        double margin = Number("HlsPrecisionMargin", Margin, 0.25);
        var config = BuildConfig();
        var pipeline = CreatePipeline();
        var rows = Hls4ml.Simulation.TestData.Read(TestData[0].GetMetadata("FullPath"));
        if (rows.Count < 2)
            throw new HlsException(DiagnosticCodes.ProfilingNeedsTestData, $"-t:HlsSuggestPrecision needs at least 2 rows (half to calibrate, half held out); {TestData[0].ItemSpec} has {rows.Count}.", ProjectFile);
        Directory.CreateDirectory(WorkDirectory);
        var calibration = Path.Combine(WorkDirectory, "calibration.dat");
        var heldOut = Path.Combine(WorkDirectory, "heldout.dat");
        WritingOutputs(() =>
        {
            Hls4ml.Simulation.TestData.Write(calibration, rows.Take(rows.Count / 2));
            Hls4ml.Simulation.TestData.Write(heldOut, rows.Skip(rows.Count / 2));
        }, ("the precision search's work folder", WorkDirectory));
        var runner = new CSimRunner
        {
            Compiler = string.IsNullOrWhiteSpace(Compiler) ? "g++" : Compiler,
            OptimizationFlags = string.IsNullOrWhiteSpace(OptimizationFlags) ? "-O1" : OptimizationFlags,
            Log = m => Log.LogMessage(MessageImportance.Low, m),
        };
        var advisor = new PrecisionAdvisor(pipeline) { Log = m => Log.LogMessage(MessageImportance.Normal, m) };
        var s = advisor.Suggest(() => IrSerializer.Load(IrFile), config, calibration, heldOut, tolerance, margin, WorkDirectory, CacheDirectory, runner);
        WritingOutputs(() => AtomicFile.WriteAllText(PropsFile, PrecisionAdvisor.ToProps(s, config, Path.GetFileName(PropsFile))), ("the suggested precisions (HlsPrecisionPropsFile)", PropsFile));

        string Pct(double v) => v.ToString("P2", CultureInfo.InvariantCulture);
        string Saved(long ours, long baseline) => baseline == 0 ? "" : $" ({(1 - ours / (double)baseline).ToString("P1", CultureInfo.InvariantCulture)} fewer)";
        Log.LogMessage(MessageImportance.High, $"Suggested precisions for {ProjectName}: {PropsFile}");
        Log.LogMessage(MessageImportance.High, FormattableString.Invariant(
            $"  budget max |err| <= {tolerance:G4} vs float; floor with full-width types {s.ErrorFloor:G4}; held-out rows {s.HeldOutRows} (calibration {s.CalibrationRows}, margin {margin:G3})"));
        foreach (var r in new[] { s.Suggested, s.Baseline })
            Log.LogMessage(MessageImportance.High, FormattableString.Invariant(
                $"  {r.Name,-26} max |err| {r.MaxAbsError:G4}  mean |err| {r.MeanAbsError:G4}  argmax agreement {Pct(r.ArgmaxAgreement)}  multipliers {r.Multipliers}  operand bits {r.MultiplierOperandBits}  weight bits {r.WeightBits}  activation bits {r.ActivationBits}"));
        Log.LogMessage(MessageImportance.High, $"  bits saved vs ap_fixed<16,6> everywhere: weights {s.Baseline.WeightBits - s.Suggested.WeightBits}{Saved(s.Suggested.WeightBits, s.Baseline.WeightBits)}, " +
            $"multiplier operands {s.Baseline.MultiplierOperandBits - s.Suggested.MultiplierOperandBits}{Saved(s.Suggested.MultiplierOperandBits, s.Baseline.MultiplierOperandBits)}, " +
            $"activations {s.Baseline.ActivationBits - s.Suggested.ActivationBits}{Saved(s.Suggested.ActivationBits, s.Baseline.ActivationBits)}");
        Log.LogMessage(MessageImportance.High, $"  use it: <Import Project=\"{Path.GetFileName(PropsFile)}\" /> at the end of the project file");
        foreach (var d in s.Diagnostics) Report(d);
    }

    private double Number(string property, string? text, double? fallback)
    {
        if (string.IsNullOrWhiteSpace(text))
            return fallback ?? throw new HlsException(DiagnosticCodes.InvalidProfilingProperty,
                $"{property} is not set: -t:HlsSuggestPrecision needs the error budget, e.g. -p:{property}=0.05.", ProjectFile);
        return double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var v) && double.IsFinite(v) && v >= 0
            ? v : throw new HlsException(DiagnosticCodes.InvalidProfilingProperty, $"{property} '{text}' is not a number of 0 or more.", ProjectFile);
    }
}
