using System.Globalization;

namespace Hls4ml.Tests.Layers.Convolution;

/// <summary>
/// The CNN example models of ../shared/models/example-models/keras (skipped when absent): each converts, generates and
/// simulates; at ap_fixed&lt;32,16&gt; the C simulation follows the float reference closely, at the default precision the
/// error is reported and bounded.
/// </summary>
[TestCategory("Cxx")]   // may run g++ (C simulation); excluded by --filter "TestCategory!=Cxx"
[TestClass]
public sealed class SharedCnnModelTests
{
    public TestContext TestContext { get; set; } = null!;

    /// <summary>
    /// Rows of values on a 2^-10 grid, uniform in [-scale, scale] (or, for the jet images, [0, scale] on a 'density'
    /// fraction of the pixels and 0 elsewhere), deterministic per model.
    /// </summary>
    private static string WriteInputs(string model, int inputSize, int rows, double density, double scale)
    {
        var random = new Random(model.Aggregate(17, (h, c) => h * 31 + c));
        double Value() => scale * (density < 1 ? (random.NextDouble() < density ? random.NextDouble() : 0) : 2 * random.NextDouble() - 1);
        var path = Path.Combine(TestPaths.NewTempDir("cnn-shared"), model + ".input.dat");
        File.WriteAllLines(path, Enumerable.Range(0, rows).Select(_ => string.Join(" ", Enumerable.Range(0, inputSize)
            .Select(_ => (Math.Round(Value() * 1024) / 1024).ToString("R", CultureInfo.InvariantCulture)))));
        return path;
    }

    private static int ArgMax(double[] row) => Array.IndexOf(row, row.Max());

    [TestMethod]
    // The wide tolerance grows with the accumulation length: every product is truncated (rounded down) into accum_t,
    // so KERAS_conv1d's 280-, 1280- and 3200-term sums drift by up to ~0.02 at 16 fractional bits.
    // jetTagger_Conv2D_Small_NoBatchNorm takes unnormalized images: pixels up to 1 drive its Dense layer to ~200, far
    // beyond ap_fixed<16,6>, so its images are scaled to 0.02 (Dense outputs up to ~4). With softmax outputs the fine
    // tables still add a few 1e-3.
    [DataRow("KERAS_conv1d_small", 40, 1.0, 1.0, 0.005)]
    [DataRow("KERAS_conv1d", 700, 1.0, 1.0, 0.05)]
    [DataRow("KERAS_conv2d_model", 64, 1.0, 1.0, 0.005)]
    [DataRow("jetTagger_Conv2D_Small_NoBatchNorm", 625, 0.05, 0.02, 0.02)]
    [DataRow("jetTagger_Conv2D_Small", 625, 0.05, 1.0, 0.02)]
    public void ConvertsAndSimulates(string model, int inputSize, double density, double scale, double wideTolerance)
    {
        var dir = TestPaths.RequireShared("models", "example-models", "keras");
        if (model == "jetTagger_Conv2D_Small" && Hls4ml.Extensibility.HlsRegistry.CreateDefault().KerasHandler("BatchNormalization") is null)
            Assert.Inconclusive("BatchNormalization is not registered in this build.");
        var json = Path.Combine(dir, model + ".json");
        var weights = Path.Combine(dir, model + "_weights.h5");
        var input = WriteInputs(model, inputSize, model == "KERAS_conv1d" ? 4 : 20, density, scale);
        var wide = CSimHarness.Simulate(json, weights, input, CnnFixtures.WidePrecision, c =>
            c.LayerTypes["Softmax"] = CnnFixtures.Settings(("TableSize", "16384"), ("InpNormPrecision", "ufixed(19,5,TRN,SAT)"),
                ("ExpTablePrecision", "fixed(32,8,RND,SAT)"), ("InvTablePrecision", "fixed(32,16,RND,SAT)"),
                ("InvInpPrecision", "fixed(24,8,RND,SAT)"), ("AccumPrecision", "fixed(32,8)")));
        var wideErr = CSimHarness.MaxAbsError(wide.Predictions, wide.FloatReference);
        var def = CSimHarness.Simulate(json, weights, input);
        var defErr = CSimHarness.MaxAbsError(def.Predictions, def.FloatReference);
        int agree = def.Predictions.Zip(def.FloatReference).Count(p => ArgMax(p.First) == ArgMax(p.Second));
        TestContext.WriteLine($"{model}: ap_fixed<32,16> max |err| {wideErr:G3}; ap_fixed<16,6> max |err| {defErr:G3}, argmax agreement {agree}/{def.Predictions.Count} (vs the float reference)");
        Assert.IsLessThan(wideTolerance, wideErr, $"{model} at ap_fixed<32,16>");
        Assert.IsTrue(def.Predictions.All(r => r.All(double.IsFinite)), model);
    }
}
