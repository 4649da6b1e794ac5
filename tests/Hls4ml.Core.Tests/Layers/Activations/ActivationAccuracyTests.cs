namespace Hls4ml.Tests.Layers.Activations;

/// <summary>
/// Every activation (as Activation, fused activation= and layer) and batch normalization, converted, generated and
/// C-simulated, against the independent oracle of its fixture (tfjs, or the torch re-implementation where tfjs lacks
/// the layer). At ap_fixed&lt;32,16&gt; with fine tables the error is bounded tightly per layer; at the default
/// ap_fixed&lt;16,6&gt; with hls4ml's default tables it is reported and loosely bounded.
/// </summary>
[TestCategory("Cxx")]   // may run g++ (C simulation); excluded by --filter "TestCategory!=Cxx"
[TestClass]
public sealed class ActivationAccuracyTests
{
    public TestContext TestContext { get; set; } = null!;

    /// <summary>Bounds at ap_fixed&lt;32,16&gt; + fine tables (LSB 1.5e-5); layers not listed: 1e-4.</summary>
    private static readonly Dictionary<string, double> WideBounds = new(StringComparer.Ordinal)
    {
        // tanh's table covers [-4, 4): beyond it the error is 1 - tanh(4) = 6.7e-4 (hls4ml's range).
        ["act_tanh"] = 7e-4,
        // clamped tables beyond their ranges: sigmoid 1 - sigmoid(8) = 3.4e-4, swish x (1 - sigmoid(8)) up to 6.7e-3 at 20.
        ["table_ranges/act_sigmoid"] = 4e-4, ["table_ranges/act_tanh"] = 7e-4, ["table_ranges/act_softplus"] = 4e-4,
        ["table_ranges/act_elu"] = 4e-4, ["table_ranges/act_selu"] = 6e-4, ["table_ranges/act_swish"] = 7e-3,
        // softmax: 65536-entry exp and 1/x tables.
        ["act_softmax"] = 1e-3, ["softmax_layer"] = 1e-3, ["softmax_last"] = 1e-3, ["softmax_axis1"] = 1e-3,
        ["softmax_axis2"] = 1e-3, ["softmax_axis3"] = 1e-3, ["logits"] = 1e-3, ["softmax3"] = 1e-3, ["fc_softmax"] = 2e-3,
    };

    /// <summary>Loose bounds at the default configuration (about twice what is measured); layers not listed: 0.02.</summary>
    private static readonly Dictionary<string, double> DefaultBounds = new(StringComparer.Ordinal)
    {
        // hls4ml's softmax at its defaults: 1/sum looked up by the top 10 bits of ap_fixed<18,8> (steps of 0.25).
        ["act_softmax"] = 0.3, ["softmax_layer"] = 0.3, ["softmax_last"] = 0.3, ["softmax_axis1"] = 0.3,
        ["softmax_axis2"] = 0.3, ["softmax_axis3"] = 0.3, ["logits"] = 0.3, ["softmax3"] = 0.1, ["fc_softmax"] = 0.2,
        ["act_softplus"] = 0.03, ["act_softsign"] = 0.03, ["act_swish"] = 0.03, ["act_silu"] = 0.03,
        // exp(x) in ap_fixed<16,6>: 1024-entry table over [-8, 8), relative error up to 1.6 %.
        ["act_exponential"] = 0.5,
        ["table_ranges/act_swish"] = 0.06, ["table_ranges/act_selu"] = 0.04, ["table_ranges/act_softplus"] = 0.03,
    };

    public static IEnumerable<object[]> Fixtures() => new[]
    {
        "activations_tfjs", "activations_torch", "table_ranges", "exponential_torch", "fused_dense", "multidim",
        "multidim_torch", "batchnorm", "softmax_wide",
    }.Select(n => new object[] { n });

    private static double Bound(Dictionary<string, double> bounds, string fixture, string layer, double fallback) =>
        bounds.TryGetValue($"{fixture}/{layer}", out var b) || bounds.TryGetValue(layer, out b) ? b : fallback;

    [TestMethod]
    [DynamicData(nameof(Fixtures))]
    public void WidePrecisionMatchesTheOracleTightly(string name)
    {
        var run = ActivationFixtures.Simulate(name, ActivationFixtures.WidePrecision, ActivationFixtures.FineTables);
        var errors = ActivationFixtures.ErrorsByLayer(name, run.Predictions);
        TestContext.WriteLine($"{name} ({ActivationFixtures.Oracle(name)} oracle) at {ActivationFixtures.WidePrecision}, fine tables: {ActivationFixtures.Format(errors)}");
        foreach (var (layer, err) in errors)
            Assert.IsLessThanOrEqualTo(Bound(WideBounds, name, layer, 1e-4), err, $"{name}/{layer}: max |error| {err}");
    }

    [TestMethod]
    [DynamicData(nameof(Fixtures))]
    public void DefaultPrecisionErrorIsReportedAndBounded(string name)
    {
        var run = ActivationFixtures.Simulate(name);
        var errors = ActivationFixtures.ErrorsByLayer(name, run.Predictions);
        TestContext.WriteLine($"{name} ({ActivationFixtures.Oracle(name)} oracle) at ap_fixed<16,6>, default tables: {ActivationFixtures.Format(errors)}");
        foreach (var (layer, err) in errors)
            Assert.IsLessThanOrEqualTo(Bound(DefaultBounds, name, layer, 0.02), err, $"{name}/{layer}: max |error| {err}");
    }

    /// <summary>The double-precision reference (used by the accuracy report) computes what the oracle computes.</summary>
    [TestMethod]
    [DynamicData(nameof(Fixtures))]
    public void FloatReferenceEqualsTheOracle(string name)
    {
        var run = ActivationFixtures.Simulate(name);
        var errors = ActivationFixtures.ErrorsByLayer(name, run.FloatReference);
        foreach (var (layer, err) in errors)
            Assert.IsLessThan(2e-6, err, $"{name}/{layer}: float reference differs from the oracle by {err}");
    }
}
