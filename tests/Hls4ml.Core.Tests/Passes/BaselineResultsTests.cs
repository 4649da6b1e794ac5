using Hls4ml.Config;
using Hls4ml.Extensibility;
using Hls4ml.Ir;
using Hls4ml.Passes;

namespace Hls4ml.Tests.Passes;

/// <summary>
/// hls4ml's own synthesis baselines (test_keras_api, xcvu13p, 5 ns, reference §10.3) for the models that can be
/// rebuilt: Dense(1→64, lecun_uniform, zero bias) + activation and Dense(1→2, uniform [1, 10)) + ELU. The trained
/// weights are not published: seeded draws from the same initialisers stand in, so DSP counts are compared within 25%.
/// </summary>
[TestClass]
public sealed class BaselineResultsTests
{
    private static readonly HlsRegistry Registry = HlsRegistry.CreateDefault();

    public TestContext TestContext { get; set; } = null!;

    public sealed record Baseline(string Name, string Backend, string IOType, int Width, string Activation, long Dsp, long Lut, long Ff, long Bram18, long Latency, long Interval);

    public static IEnumerable<object[]> Baselines() => new[]
    {
        new object[] { new Baseline("dense_io_parallel Vivado 2020.1", "Vivado", "io_parallel", 2, "elu", 2, 190, 89, 1, 2, 1) },
        new object[] { new Baseline("dense_io_parallel Vitis 2024.1", "Vitis", "io_parallel", 2, "elu", 2, 354, 145, 1, 3, 1) },
        new object[] { new Baseline("activations sigmoid Vivado 2020.1", "Vivado", "io_parallel", 64, "sigmoid", 61, 9884, 1047, 32, 2, 1) },
        new object[] { new Baseline("activations sigmoid Vitis 2024.1", "Vitis", "io_parallel", 64, "sigmoid", 56, 7825, 1689, 32, 3, 1) },
        new object[] { new Baseline("activations relu Vitis 2024.1", "Vitis", "io_parallel", 64, "relu", 58, 2983, 18, 0, 0, 1) },
        new object[] { new Baseline("activations elu io_stream Vitis 2024.1", "Vitis", "io_stream", 64, "elu", 61, 5742, 3154, 32, 4, 4) },
    };

    private static ModelGraph Build(int width, string activation)
    {
        var random = new Random(width);
        // Dense(2): RandomUniform(1, 10); Dense(64) from one input: lecun_uniform, limit sqrt(3 / fan_in) = sqrt(3).
        float Draw() => width == 2 ? (float)(1 + 9 * random.NextDouble()) : (float)((2 * random.NextDouble() - 1) * Math.Sqrt(3));
        var kernel = Enumerable.Range(0, width).Select(_ => Draw()).ToArray();
        var b = new GraphBuilder(Registry, "baseline");
        return b.Output(b.Activation("act", b.Dense("dense", b.Input("in", 1), kernel, new float[width], 1, width), activation));
    }

    [TestMethod]
    [DynamicData(nameof(Baselines))]
    public void EstimateAgreesWithHls4mlsBaseline(Baseline point)
    {
        var context = new PassContext { Registry = Registry, Config = new HlsConfig { Backend = point.Backend, IOType = point.IOType } };
        Registry.Flow(PassFlow.BackendFlow).Run(Build(point.Width, point.Activation), context);
        var estimate = context.Estimate!;
        foreach (var line in estimate.FormatTable()) TestContext.WriteLine(line);
        var t = estimate.Total!;
        TestContext.WriteLine($"{point.Name}: DSP {t.Dsp} vs {point.Dsp}, LUT {t.Lut} vs {point.Lut}, FF {t.FlipFlops} vs {point.Ff}, BRAM18 {t.Bram18} vs {point.Bram18}, latency {t.LatencyCycles} vs {point.Latency}, II {t.IntervalCycles} vs {point.Interval}");
        Assert.IsLessThanOrEqualTo(0.25, Math.Abs(t.Dsp.Point - point.Dsp) / (double)point.Dsp, "DSP within 25%");
        Assert.AreEqual(point.Bram18, t.Bram18.Point, "BRAM18");
        Assert.AreEqual(point.Latency, t.LatencyCycles.Point, "latency");
        if (point.IOType == "io_parallel")
        {
            Assert.IsTrue(t.LatencyCycles.IsExact, "inside the checked rules");
            Assert.AreEqual(point.Interval, t.IntervalCycles.Point, "II");
        }
        else
            Assert.IsTrue(t.IntervalCycles.Low <= point.Interval && point.Interval <= t.IntervalCycles.High, "io_stream II within its range");
    }
}
