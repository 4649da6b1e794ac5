using System.Globalization;
using Hls4ml.Config;

namespace Hls4ml.Tests.Quantization;

/// <summary>
/// Quantization-aware models (QONNX, HGQ) convert bit-exactly: the C simulation must equal the oracle's outputs
/// (tests/fixtures/quantization/*.py, numpy from the documented quantizer semantics) in every element. Each model runs
/// io_parallel/Latency and, through the harness, io_stream with the Resource strategy (bit-identical).
/// </summary>
[TestClass]
public sealed class QuantizedModelTests
{
    public TestContext TestContext { get; set; } = null!;

    private static string Fixture(string name) => Path.Combine(TestPaths.Fixtures, "quantization", name);

    /// <summary>Exact rows / total, max error, argmax agreement with the float model; asserts bit-exactness.</summary>
    private void AssertExact(string label, CSimHarness.Run run, string expectedPath)
    {
        var expected = CSimHarness.ReadRows(expectedPath);
        Assert.HasCount(expected.Count, run.Predictions);
        int exactRows = 0, argmaxAgree = 0;
        double maxError = 0;
        for (int r = 0; r < expected.Count; r++)
        {
            Assert.HasCount(expected[r].Length, run.Predictions[r], $"row {r + 1} width");
            bool exact = true;
            for (int j = 0; j < expected[r].Length; j++)
            {
                var e = Math.Abs(run.Predictions[r][j] - expected[r][j]);
                maxError = Math.Max(maxError, e);
                exact &= e == 0;
            }
            if (exact) exactRows++;
            if (ArgMax(run.Predictions[r]) == ArgMax(run.FloatReference[r])) argmaxAgree++;
        }
        var summary = string.Create(CultureInfo.InvariantCulture,
            $"{label}: exact rows {exactRows}/{expected.Count}, max error {maxError:G6}, argmax agreement with the float model {argmaxAgree}/{expected.Count}");
        TestContext.WriteLine(summary);
        // HLS4ML_QUANT_REPORT=<file> collects the per-model numbers of a run (passing tests print nothing).
        if (Environment.GetEnvironmentVariable("HLS4ML_QUANT_REPORT") is { Length: > 0 } report)
            File.AppendAllText(report, summary + Environment.NewLine);
        Assert.AreEqual(expected.Count, exactRows, $"{label}: rows not bit-exact (max error {maxError}); project {run.ProjectDir}");
    }

    private static int ArgMax(double[] v)
    {
        int best = 0;
        for (int i = 1; i < v.Length; i++) if (v[i] > v[best]) best = i;
        return best;
    }

    [TestMethod]
    public void GeneratedQonnxDenseModelIsBitExact()
    {
        var run = CSimHarness.Simulate(Fixture("qonnx_dense.onnx"), null, Fixture("qonnx_dense.input.dat"));
        AssertExact("qonnx_dense", run, Fixture("qonnx_dense.expected.dat"));
    }

    [TestMethod]
    public void GeneratedQonnxConvModelIsBitExact()
    {
        var run = CSimHarness.Simulate(Fixture("qonnx_conv.onnx"), null, Fixture("qonnx_conv.input.dat"));
        AssertExact("qonnx_conv", run, Fixture("qonnx_conv.expected.dat"));
    }

    [TestMethod]
    public void ExampleBnnModelIsBitExact()
    {
        var model = TestPaths.RequireShared("models", "example-models", "onnx", "bnn_model_fc_1layer.onnx");
        var run = CSimHarness.Simulate(model, null, Fixture("bnn_model_fc_1layer.input.dat"));
        AssertExact("bnn_model_fc_1layer", run, Fixture("bnn_model_fc_1layer.expected.dat"));
    }

    [TestMethod]
    [DataRow("hgq_jet_classifier")]
    [DataRow("hgq_mnist_heterogeneous")]
    [DataRow("hgq_mnist_homogeneous")]
    public void ExampleHgqModelIsBitExact(string name)
    {
        var model = TestPaths.RequireShared("models", "example-models", "keras", name + ".h5");
        var run = CSimHarness.Simulate(model, null, Fixture(name + ".input.dat"));
        AssertExact(name, run, Fixture(name + ".expected.dat"));
    }
}
