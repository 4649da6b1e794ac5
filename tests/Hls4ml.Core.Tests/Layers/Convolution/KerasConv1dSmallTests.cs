namespace Hls4ml.Tests.Layers.Convolution;

/// <summary>
/// hls4ml's own C simulation of KERAS_conv1d_small (three 'same' Conv1D + relu, Flatten, Dense relu, Dense softmax)
/// at its default configuration (fixed&lt;16,6&gt; everywhere, RF 1, Latency, io_parallel), from ../shared.
/// </summary>
[TestCategory("Cxx")]   // may run g++ (C simulation); excluded by --filter "TestCategory!=Cxx"
[TestClass]
public sealed class KerasConv1dSmallTests
{
    private static (CSimHarness.Run Run, List<double[]> Hls4ml, List<double[]> Float) Simulate(Action<Config.HlsConfig>? configure = null)
    {
        var fixture = TestPaths.RequireShared("fixtures", "hls4ml-csim", "KERAS_conv1d_small");
        var models = TestPaths.RequireShared("models", "example-models", "keras");
        var run = CSimHarness.Simulate(Path.Combine(models, "KERAS_conv1d_small.json"), Path.Combine(models, "KERAS_conv1d_small_weights.h5"),
            Path.Combine(fixture, "input.dat"), "ap_fixed<16,6>", configure);
        return (run, CSimHarness.ReadRows(Path.Combine(fixture, "hls4ml_pred.dat")), CSimHarness.ReadRows(Path.Combine(fixture, "float_ref.dat")));
    }

    private static List<int> DifferingRows(IReadOnlyList<double[]> a, IReadOnlyList<double[]> b)
    {
        Assert.HasCount(b.Count, a);
        return Enumerable.Range(0, a.Count).Where(i => !a[i].SequenceEqual(b[i])).ToList();
    }

    /// <summary>
    /// The default configuration (saturating softmax normalization) is bit-identical with hls4ml on this model: the
    /// convolutions' im2col tap order, per-product quantization into accum_t and bias-initialized accumulators match
    /// hls4ml's conv_1d_latency_cl (HlsCompatibility=hls4ml: Numerics.Hls4mlCompatibilityTests).
    /// </summary>
    [TestMethod]
    public void DefaultConfigurationMatchesHls4ml()
    {
        var (run, hls4ml, reference) = Simulate();
        var differing = DifferingRows(run.Predictions, hls4ml);
        Assert.IsEmpty(differing, $"{differing.Count} rows differ");
        // hls4ml's float reference equals ours (the IR's double evaluation) to float32 precision.
        Assert.IsLessThan(1e-5, CSimHarness.MaxAbsError(run.FloatReference, reference));
    }

    internal static Config.LayerSettings Settings(params (string Key, string Value)[] values)
    {
        var s = new Config.LayerSettings();
        foreach (var (k, v) in values) s.Values[k] = v;
        return s;
    }
}
