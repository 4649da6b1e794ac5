using System.Globalization;
using Hls4ml.Config;
using Newtonsoft.Json.Linq;

namespace Hls4ml.Tests.Numerics;

/// <summary>
/// HlsCompatibility=hls4ml against hls4ml's own C simulation (../shared/fixtures/hls4ml-csim, every model there):
/// bit for bit in io_parallel and io_stream, with Latency and with Resource. And the default mode, which differs from
/// hls4ml on purpose (docs/numerics.md), is measured against hls4ml's float reference row by row: never less accurate.
/// </summary>
[TestClass]
public sealed class Hls4mlCompatibilityTests
{
    public TestContext TestContext { get; set; } = null!;

    private sealed record Fixture(string Name, string Dir, string Json, string? Weights, string Precision);

    /// <summary>Every fixture folder, with the model files and precision its hls4ml_config.json names.</summary>
    private static List<Fixture> Fixtures()
    {
        var root = TestPaths.RequireShared("fixtures", "hls4ml-csim");
        var models = TestPaths.RequireShared("models", "example-models", "keras");
        var fixtures = new List<Fixture>();
        foreach (var dir in Directory.GetDirectories(root).Order(StringComparer.Ordinal))
        {
            var config = JObject.Parse(File.ReadAllText(Path.Combine(dir, "hls4ml_config.json")));
            var json = Path.Combine(models, (string)config["KerasJson"]!);
            var weights = config["KerasH5"]?.Type == JTokenType.String ? Path.Combine(models, (string)config["KerasH5"]!) : null;
            var precision = (string?)config.SelectToken("HLSConfig.Model.Precision.default") ?? "fixed<16,6>";
            fixtures.Add(new Fixture(Path.GetFileName(dir), dir, json, weights, precision));
        }
        Assert.IsNotEmpty(fixtures, $"no fixtures in {root}");
        return fixtures;
    }

    private static CSimHarness.Run Simulate(Fixture f, HlsCompatibility mode, string ioType = "io_parallel", string strategy = "Latency")
    {
        var precision = Hls4ml.Types.Precision.Parse(f.Precision).ToCpp();
        return CSimHarness.Simulate(f.Json, f.Weights, Path.Combine(f.Dir, "input.dat"), precision, c =>
        {
            c.Compatibility = mode;
            if (strategy == "Resource")
            {
                // The smallest valid reuse factor above 1 on every layer that has the Resource strategy.
                var graph = HlsPipeline.CreateDefault(TestPaths.Templates).Convert(f.Json, f.Weights);
                foreach (var (layer, rf) in CSimHarness.ResourceSettings(graph))
                    c.LayerNames[layer] = LayerSettings.Of(("Strategy", "Resource"), ("ReuseFactor", rf.ToString(CultureInfo.InvariantCulture)));
            }
        }, ioType, verifyVariants: false);
    }

    private static List<int> DifferingRows(IReadOnlyList<double[]> a, IReadOnlyList<double[]> b)
    {
        Assert.HasCount(b.Count, a);
        return Enumerable.Range(0, a.Count).Where(i => !a[i].SequenceEqual(b[i])).ToList();
    }

    /// <summary>
    /// The fixtures are hls4ml's io_parallel/Latency runs; its io_stream and Resource variants compute the same values
    /// (fixtures/hls4ml-projects holds their code), so one run per io type, the io_stream one with Resource on every
    /// layer that has it, covers both (io_parallel with Resource and io_stream with Latency pass too; they are left
    /// out to keep the suite's compile time down).
    /// </summary>
    [TestMethod]
    [DataRow("io_parallel", "Latency")]
    [DataRow("io_stream", "Resource")]
    public void EveryHls4mlCSimFixtureIsReproducedBitForBit(string ioType, string strategy)
    {
        foreach (var f in Fixtures())
        {
            var hls4ml = CSimHarness.ReadRows(Path.Combine(f.Dir, "hls4ml_pred.dat"));
            var run = Simulate(f, HlsCompatibility.Hls4ml, ioType, strategy);
            var differing = DifferingRows(run.Predictions, hls4ml);
            int first = differing.FirstOrDefault();
            Assert.IsEmpty(differing, $"{f.Name} ({ioType}, {strategy}): {differing.Count} of {hls4ml.Count} rows differ; first: row {first + 1}: " +
                $"ours [{string.Join(" ", run.Predictions[first])}] hls4ml [{string.Join(" ", hls4ml[first])}] (project {run.ProjectDir})");
            TestContext.WriteLine($"{f.Name} ({ioType}, {strategy}): {hls4ml.Count} rows bit-identical with hls4ml");
        }
    }

    /// <summary>
    /// Per row, the largest |output - float| of the default mode is at most hls4ml's (rows where the two are bit-identical
    /// trivially); reported with how many rows differ and by how much each side errs on them.
    /// </summary>
    [TestMethod]
    public void DefaultModeIsNeverLessAccurateThanHls4mlRowByRow()
    {
        foreach (var f in Fixtures())
        {
            var reference = CSimHarness.ReadRows(Path.Combine(f.Dir, "float_ref.dat"));
            var hls4ml = CSimHarness.ReadRows(Path.Combine(f.Dir, "hls4ml_pred.dat"));
            var ours = Simulate(f, HlsCompatibility.Default).Predictions;
            var differing = DifferingRows(ours, hls4ml);
            static double RowError(double[] a, double[] b) => a.Zip(b).Max(p => Math.Abs(p.First - p.Second));
            var worse = differing.Where(i => RowError(ours[i], reference[i]) > RowError(hls4ml[i], reference[i])).ToList();
            double oursMax = differing.Count == 0 ? 0 : differing.Max(i => RowError(ours[i], reference[i]));
            double theirsMax = differing.Count == 0 ? 0 : differing.Max(i => RowError(hls4ml[i], reference[i]));
            double oursMean = differing.Count == 0 ? 0 : differing.Average(i => RowError(ours[i], reference[i]));
            double theirsMean = differing.Count == 0 ? 0 : differing.Average(i => RowError(hls4ml[i], reference[i]));
            TestContext.WriteLine($"{f.Name}: {hls4ml.Count - differing.Count} of {hls4ml.Count} rows bit-identical with hls4ml; " +
                $"on the {differing.Count} others max |error| ours {oursMax:G4}, hls4ml {theirsMax:G4}, mean ours {oursMean:G4}, hls4ml {theirsMean:G4}; rows where ours is worse: {worse.Count}");
            Assert.IsEmpty(worse, $"{f.Name}: the default mode is less accurate than hls4ml in rows {string.Join(", ", worse.Take(10).Select(i => i + 1))}");
        }
    }

    /// <summary>
    /// Models whose hls4ml arithmetic differs from the default mode's (tests/fixtures/numerics: BatchNormalization kept
    /// as a layer, SELU, Average and a three-input Add), against hls4ml_arith.py, a numpy re-derivation of hls4ml's
    /// C++ arithmetic: bit for bit in io_parallel/Latency and (the harness's variant) io_stream with Resource.
    /// </summary>
    [TestMethod]
    [DataRow("bn_mlp")]
    [DataRow("selu_mlp")]
    [DataRow("merge_avg")]
    public void Hls4mlArithmeticOfBatchNormSeluAndMerges(string name)
    {
        var hls4ml = CSimHarness.ReadRows(SoftmaxMlpTests.Fixture(name, ".hls4ml.dat"));
        var run = SoftmaxMlpTests.Simulate(name, "ap_fixed<16,6>", c => c.Compatibility = HlsCompatibility.Hls4ml, verifyVariants: true);
        var differing = DifferingRows(run.Predictions, hls4ml);
        int first = differing.FirstOrDefault();
        Assert.IsEmpty(differing, $"{name}: {differing.Count} of {hls4ml.Count} rows differ; first: row {first + 1}: " +
            $"ours [{string.Join(" ", run.Predictions[first])}] hls4ml [{string.Join(" ", hls4ml[first])}] (project {run.ProjectDir})");
    }

    /// <summary>
    /// The same models in the default mode against the float64 oracle, row by row, beside hls4ml's arithmetic
    /// (docs/numerics.md quotes these numbers): never less accurate than hls4ml in any row. With HlsFoldBatchNorm=true
    /// (opt-in) BatchNormalization folding is measured and bounded instead: it saves the normalization's multipliers, and
    /// with hls4ml's per-product truncation in accum_t neither form is the more accurate in every row.
    /// </summary>
    [TestMethod]
    [DataRow("bn_mlp", false)]
    [DataRow("bn_mlp", true)]
    [DataRow("selu_mlp", false)]
    [DataRow("merge_avg", false)]
    public void DefaultModeOfTheseModelsIsNeverLessAccurateRowByRow(string name, bool foldBatchNorm)
    {
        var reference = CSimHarness.ReadRows(SoftmaxMlpTests.Fixture(name, ".expected.dat"));
        var hls4ml = CSimHarness.ReadRows(SoftmaxMlpTests.Fixture(name, ".hls4ml.dat"));
        var ours = SoftmaxMlpTests.Simulate(name, "ap_fixed<16,6>", c => c.FoldBatchNorm = foldBatchNorm).Predictions;
        static double RowError(double[] a, double[] b) => a.Zip(b).Max(p => Math.Abs(p.First - p.Second));
        var differing = DifferingRows(ours, hls4ml);
        var worse = differing.Where(i => RowError(ours[i], reference[i]) > RowError(hls4ml[i], reference[i])).ToList();
        double oursMax = CSimHarness.MaxAbsError(ours, reference), theirsMax = CSimHarness.MaxAbsError(hls4ml, reference);
        double oursMean = Enumerable.Range(0, ours.Count).Average(i => RowError(ours[i], reference[i]));
        double theirsMean = Enumerable.Range(0, ours.Count).Average(i => RowError(hls4ml[i], reference[i]));
        TestContext.WriteLine($"{name}{(foldBatchNorm ? " (folded)" : "")}: {hls4ml.Count - differing.Count} of {hls4ml.Count} rows bit-identical with hls4ml; max |error| ours {oursMax:G4} " +
            $"hls4ml {theirsMax:G4}, mean row error ours {oursMean:G4} hls4ml {theirsMean:G4}; rows where ours is worse: {worse.Count}");
        if (!foldBatchNorm)
        {
            Assert.IsEmpty(worse, $"{name}: the default mode is less accurate than hls4ml in rows {string.Join(", ", worse.Take(10).Select(i => i + 1))}");
            return;
        }
        Assert.IsLessThanOrEqualTo(theirsMean * 1.1, oursMean, $"{name}: mean row error");
        Assert.IsLessThanOrEqualTo(theirsMax * 1.1, oursMax, $"{name}: max error");
        Assert.IsLessThan(hls4ml.Count / 20, worse.Count, $"{name}: rows where folding is less accurate");
    }
}
