using Hls4ml.Diagnostics;

namespace Hls4ml.Tests.Frontends.Onnx;

/// <summary>
/// The example models of ../shared/models/example-models/onnx (hls4ml's ONNX test models: Keras-to-ONNX and old
/// torch exports, opsets 6-17) as they are: the supported ones convert and C-simulate against ONNX Runtime
/// (tests/fixtures/onnx/example-models, written by example_models.py); the others fail with a coded error naming why.
/// Skipped when ../shared is absent.
/// </summary>
[TestCategory("Cxx")]   // may run g++ (C simulation); excluded by --filter "TestCategory!=Cxx"
[TestClass]
public sealed class OnnxExampleModelTests
{
    private static string Model(string name) => TestPaths.RequireShared("models", "example-models", "onnx", name + ".onnx");
    private static string Oracle(string file) => Path.Combine(TestPaths.Fixtures, "onnx", "example-models", file);

    [TestMethod]
    [DataRow("conv1d_small_keras")]
    [DataRow("conv2d_small_keras")]
    [DataRow("conv2d_small_mp_keras")]
    [DataRow("dense_big_keras")]
    [DataRow("three_layer_bn_pytorch")]
    [DataRow("three_layer_keras")]
    [DataRow("three_layer_pytorch")]
    [DataRow("two_layer_keras")]
    [DataRow("two_layer_pytorch")]
    public void ConvertsAndMatchesOnnxRuntime(string name)
    {
        var model = Model(name);
        var run = CSimHarness.Simulate(model, null, Oracle($"{name}.input.dat"), "ap_fixed<32,16>", OnnxFixtureTests.Wide);
        var expected = CSimHarness.ReadRows(Oracle($"{name}.ort.dat"));
        var reference = CSimHarness.MaxAbsError(run.FloatReference, expected);
        var err = CSimHarness.MaxAbsError(run.Predictions, expected);
        Console.WriteLine($"{name}: CSim vs ONNX Runtime max |error| {err:g3}, float reference vs ONNX Runtime {reference:g3}");
        Assert.IsLessThan(1e-4, reference, $"{name}: float reference vs ONNX Runtime {reference}");
        Assert.IsLessThan(0.01, err, $"{name}: CSim vs ONNX Runtime max |error| {err}");
    }

    [TestMethod]
    [DataRow("three_layer_bn_keras", "HLS0110", "batch axis")]
    public void UnsupportedModelsFailWithACodedError(string name, string code, string reason)
    {
        var model = Model(name);
        var pipeline = HlsPipeline.CreateDefault(TestPaths.Templates);
        var e = Assert.ThrowsExactly<HlsException>(() => pipeline.Convert(model));
        Console.WriteLine(e.Message);
        Assert.AreEqual(code, e.Diagnostic.Descriptor.Code, e.Message);
        StringAssert.Contains(e.Message, reason);
    }
}
