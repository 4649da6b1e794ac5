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
        var run = CSimHarness.Simulate(Fixture("qonnx_conv.onnx"), null, Fixture("qonnx_conv.input.dat"), verifyVariants: false);
        AssertExact("qonnx_conv", run, Fixture("qonnx_conv.expected.dat"));
    }

    /// <summary>
    /// Non-power-of-two scales and non-zero zero-points (hls4ml's ApplyAlpha case) are not exact in fixed point: the
    /// integer steps must agree with the oracle everywhere, so outputs differ only by the float32 rounding of the scales.
    /// </summary>
    [TestMethod]
    public void GeneratedQonnxAffineModelMatchesWithinFloat32Rounding()
    {
        var run = CSimHarness.Simulate(Fixture("qonnx_affine.onnx"), null, Fixture("qonnx_affine.input.dat"), verifyVariants: false);
        var expected = CSimHarness.ReadRows(Fixture("qonnx_affine.expected.dat"));
        double maxError = CSimHarness.MaxAbsError(run.Predictions, expected);
        int exactRows = expected.Select((row, r) => row.SequenceEqual(run.Predictions[r]) ? 1 : 0).Sum();
        var summary = string.Create(CultureInfo.InvariantCulture, $"qonnx_affine: exact rows {exactRows}/{expected.Count}, max error {maxError:G6} (scales 0.3 and 0.7, zero-points 3 and 100: rescaled around integer quantizers)");
        TestContext.WriteLine(summary);
        if (Environment.GetEnvironmentVariable("HLS4ML_QUANT_REPORT") is { Length: > 0 } report)
            File.AppendAllText(report, summary + Environment.NewLine);
        // A step of the output quantizer is 0.7: any rounding decision that differs shows as an error of 0.7.
        Assert.IsLessThan(1e-5, maxError, $"project {run.ProjectDir}");
    }

    [TestMethod]
    public void ExampleBnnModelIsBitExact()
    {
        var model = TestPaths.RequireShared("models", "example-models", "onnx", "bnn_model_fc_1layer.onnx");
        var run = CSimHarness.Simulate(model, null, Fixture("bnn_model_fc_1layer.input.dat"), verifyVariants: false);
        AssertExact("bnn_model_fc_1layer", run, Fixture("bnn_model_fc_1layer.expected.dat"));
    }

    [TestMethod]
    public void GeneratedHgqProxyWithEveryModeIsBitExact()
    {
        var run = CSimHarness.Simulate(Fixture("hgq_synthetic_proxy.h5"), null, Fixture("hgq_synthetic_proxy.input.dat"));
        AssertExact("hgq_synthetic_proxy", run, Fixture("hgq_synthetic_proxy.expected.dat"));
    }

    [TestMethod]
    [DataRow("hgq_bad_wrap_sm.h5", "WRAP_SM")]
    [DataRow("hgq_bad_hdense.h5", "to_proxy_model")]
    public void UnsupportedHgqLayerIsACodedError(string file, string mentions)
    {
        var e = Assert.ThrowsExactly<Hls4ml.Diagnostics.HlsException>(() => HlsPipeline.CreateDefault(TestPaths.Templates).Convert(Fixture(file), null));
        Assert.AreEqual("HLS0140", e.Diagnostic.Descriptor.Code, e.Diagnostic.Message);
        StringAssert.Contains(e.Diagnostic.Message, mentions);
    }

    [TestMethod]
    [DataRow("hgq_jet_classifier")]
    [DataRow("hgq_mnist_heterogeneous")]
    [DataRow("hgq_mnist_homogeneous")]
    public void ExampleHgqModelIsBitExact(string name)
    {
        var model = TestPaths.RequireShared("models", "example-models", "keras", name + ".h5");
        // The architectures are covered by the generated models (variants and ParallelResourceAndStreamLatencyAreBitExact).
        var run = CSimHarness.Simulate(model, null, Fixture(name + ".input.dat"), verifyVariants: false);
        AssertExact(name, run, Fixture(name + ".expected.dat"));
    }

    /// <summary>
    /// The channels-last QONNX example models (512×512 and 256×256 images: inputs and outputs too large to commit) run
    /// one deterministic input (gen_qonnx.py's pattern_input, recomputed here) in io_stream; the outputs must hash to
    /// the oracle's digest (SHA-256 of round(y·2^16) as int64), and every 4099th value is compared for the report.
    /// </summary>
    [TestMethod]
    [DataRow("separable_conv_model_ch_last")]
    [DataRow("branched_model_ch_last")]
    [DataRow("tiny_unet_ch_last")]
    public void ExampleChannelsLastQonnxModelIsBitExact(string name)
    {
        var model = TestPaths.RequireShared("models", "example-models", "onnx", name + ".onnx");
        var digestLines = File.ReadAllLines(Fixture(name + ".digest.txt"));
        var expectedDigest = digestLines[0].Split(' ')[0];
        int outputs = int.Parse(digestLines[0].Split(' ')[1], CultureInfo.InvariantCulture);
        var samples = digestLines[1].Split(' ', StringSplitOptions.RemoveEmptyEntries).Select(v => double.Parse(v, CultureInfo.InvariantCulture)).ToArray();

        // Always: every layer gets an exact type (no HLS0142) and the io_stream project generates.
        var pipeline = HlsPipeline.CreateDefault(TestPaths.Templates);
        var graph = pipeline.Convert(model, null);
        var generated = pipeline.Generate(graph, new HlsConfig { ProjectName = "myproject", IOType = "io_stream" }, TestPaths.NewTempDir("qonnx-large-gen"));
        var inexact = generated.Diagnostics.Where(d => d.Descriptor == Hls4ml.Diagnostics.DiagnosticCodes.QuantizedLayerNotExact).ToList();
        Assert.IsEmpty(inexact, string.Join("\n", inexact.Select(d => d.Message)));
        Assert.IsTrue(graph.Layers.Where(l => l.Type is "Conv2D" or "DepthwiseConv2D").All(l => l.Types["weight"].Width <= 4),
            "4-bit quantized weights keep at most 4 bits");
        // The C simulation of these image models takes minutes (512x512 and 256x256 feature maps): opt in.
        if (Environment.GetEnvironmentVariable("HLS4ML_LARGE_MODELS") != "1")
        {
            TestContext.WriteLine($"{name}: converted and generated exactly typed; set HLS4ML_LARGE_MODELS=1 to simulate it against the oracle digest.");
            return;
        }
        int inputs = graph.Tensor(graph.Inputs[0]).Size;
        var input = Path.Combine(TestPaths.NewTempDir("qonnx-large"), "input.dat");
        File.WriteAllText(input, string.Join(" ", Enumerable.Range(0, inputs)
            .Select(i => ((i * 2654435761L % 4093) / 1024.0 - 2.0).ToString("R", CultureInfo.InvariantCulture))) + "\n");

        var run = CSimHarness.Simulate(model, null, input, ioType: "io_stream");
        var y = run.Predictions[0];
        Assert.HasCount(outputs, y);
        double maxError = 0;
        for (int k = 0; k < samples.Length; k++) maxError = Math.Max(maxError, Math.Abs(y[k * 4099] - samples[k]));
        var bytes = new byte[8 * y.Length];
        for (int k = 0; k < y.Length; k++)
            BitConverter.TryWriteBytes(bytes.AsSpan(8 * k), (long)Math.Round(y[k] * 65536.0));
        var digest = Convert.ToHexString(System.Security.Cryptography.SHA256.HashData(bytes)).ToLowerInvariant();
        var summary = string.Create(CultureInfo.InvariantCulture,
            $"{name}: exact rows {(digest == expectedDigest ? 1 : 0)}/1 ({outputs} outputs, digest), max error over {samples.Length} sampled outputs {maxError:G6}");
        TestContext.WriteLine(summary);
        if (Environment.GetEnvironmentVariable("HLS4ML_QUANT_REPORT") is { Length: > 0 } report)
            File.AppendAllText(report, summary + Environment.NewLine);
        Assert.AreEqual(0, maxError, $"{name}: sampled outputs differ from the oracle; project {run.ProjectDir}");
        Assert.AreEqual(expectedDigest, digest, $"{name}: outputs differ from the oracle (digest); project {run.ProjectDir}");
    }

    /// <summary>
    /// The harness runs io_parallel/Latency and io_stream/Resource; this covers the other two: io_parallel with the
    /// Resource strategy (smallest valid reuse factor above 1 on every Dense/Conv) and io_stream with Latency.
    /// </summary>
    [TestMethod]
    [DataRow("qonnx_conv.onnx", "qonnx_conv")]
    public void ParallelResourceAndStreamLatencyAreBitExact(string file, string name)
    {
        var graph = HlsPipeline.CreateDefault(TestPaths.Templates).Convert(Fixture(file), null);
        var registry = Hls4ml.Extensibility.HlsRegistry.CreateDefault();
        void Resource(HlsConfig config)
        {
            foreach (var layer in graph.Layers)
            {
                if (registry.Layer(layer.Type) is not { HasReuseFactor: true } d || !d.Strategies.Contains("Resource")) continue;
                var rf = Hls4ml.Passes.ValidateReuseFactor.ValidValues(layer.Get<int>("n_in"), layer.Get<int>("n_out")).FirstOrDefault(v => v > 1);
                if (rf <= 1) continue;
                config.LayerNames[layer.Name] = LayerSettings.Of(("Strategy", "Resource"), ("ReuseFactor", rf.ToString(CultureInfo.InvariantCulture)));
            }
        }
        var input = Fixture(name + ".input.dat");
        var parallelResource = CSimHarness.Simulate(Fixture(file), null, input, configure: Resource, verifyVariants: false);
        AssertExact($"{name} io_parallel Resource", parallelResource, Fixture(name + ".expected.dat"));
        var streamLatency = CSimHarness.Simulate(Fixture(file), null, input, ioType: "io_stream");
        AssertExact($"{name} io_stream Latency", streamLatency, Fixture(name + ".expected.dat"));
    }
}
