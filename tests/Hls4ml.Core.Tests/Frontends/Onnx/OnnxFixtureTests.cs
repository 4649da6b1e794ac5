using Hls4ml.Config;

namespace Hls4ml.Tests.Frontends.Onnx;

/// <summary>
/// Every ONNX fixture (tests/fixtures/onnx, torch models exported by generate.py) converted, generated and
/// C-simulated, against torch's float64 outputs and ONNX Runtime's (second oracle).
/// </summary>
[TestCategory("Cxx")]   // may run g++ (C simulation); excluded by --filter "TestCategory!=Cxx"
[TestClass]
public sealed class OnnxFixtureTests
{
    public static string Fixture(string file) => Path.Combine(TestPaths.Fixtures, "onnx", file);

    private static LayerSettings Settings(params (string Key, string Value)[] values) => LayerSettings.Of(values);

    /// <summary>Wide precision and fine lookup tables: what remains is the tables' resolution.</summary>
    public static void Wide(HlsConfig c)
    {
        c.LayerTypes["Softmax"] = Settings(("TableSize", "16384"), ("InpNormPrecision", "ufixed(19,5,TRN,SAT)"),
            ("ExpTablePrecision", "fixed(32,8,RND,SAT)"), ("InvTablePrecision", "fixed(32,16,RND,SAT)"),
            ("InvInpPrecision", "fixed(20,4,RND,SAT)"), ("AccumPrecision", "fixed(32,8)"));
        c.LayerTypes["Activation"] = Settings(("TableSize", "16384"), ("TablePrecision", "fixed(32,8,RND,SAT)"));
        c.LayerTypes["ELU"] = Settings(("TableSize", "16384"), ("TablePrecision", "fixed(32,8,RND,SAT)"));
    }

    [TestMethod]
    [DataRow("mlp_gemm")]
    [DataRow("mlp_gemm_opset9")]
    [DataRow("matmul_add")]
    [DataRow("activations")]
    [DataRow("activations_opset9")]
    [DataRow("arithmetic")]
    [DataRow("batchnorm_mlp")]
    [DataRow("conv1d")]
    [DataRow("conv2d_bn")]
    [DataRow("conv2d_fused")]
    [DataRow("depthwise")]
    [DataRow("depthwise1d")]
    [DataRow("pooling")]
    [DataRow("shapes")]
    [DataRow("pad_upsample")]
    [DataRow("pad_upsample_opset9")]
    [DataRow("pad_upsample_opset18")]
    [DataRow("softmax_channels")]
    [DataRow("misc_opset11")]
    [DataRow("clip_reduce")]
    [DataRow("clip_reduce_opset9")]
    [DataRow("select")]
    [DataRow("select_opset9")]
    [DataRow("mlp_external")]
    public void WidePrecisionMatchesTorchAndOnnxRuntime(string name)
    {
        var run = CSimHarness.Simulate(Fixture($"{name}.onnx"), null, Fixture($"{name}.input.dat"), "ap_fixed<32,16>", Wide);
        var expected = CSimHarness.ReadRows(Fixture($"{name}.expected.dat"));
        var reference = CSimHarness.MaxAbsError(run.FloatReference, expected);
        Assert.IsLessThan(1e-4, reference, $"{name}: float reference vs torch {reference}");
        var err = CSimHarness.MaxAbsError(run.Predictions, expected);
        Console.WriteLine($"{name}: CSim vs torch max |error| {err:g3}, float reference vs torch {reference:g3}");
        Assert.IsLessThan(0.01, err, $"{name}: CSim vs torch max |error| {err}");
        var ortFile = Fixture($"{name}.ort.dat");
        if (File.Exists(ortFile))
        {
            var ort = CSimHarness.MaxAbsError(run.Predictions, CSimHarness.ReadRows(ortFile));
            Assert.IsLessThan(0.01, ort, $"{name}: CSim vs ONNX Runtime max |error| {ort}");
        }
    }
}
