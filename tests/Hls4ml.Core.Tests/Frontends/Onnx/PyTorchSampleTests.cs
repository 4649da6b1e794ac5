using Hls4ml.Config;

namespace Hls4ml.Tests.Frontends.Onnx;

/// <summary>samples/pytorch_mlp: the torch.onnx.export'ed MLP at the settings of pytorch_mlp.hlsproj, through the library API.</summary>
[TestCategory("Cxx")]   // may run g++ (C simulation); excluded by --filter "TestCategory!=Cxx"
[TestClass]
public sealed class PyTorchSampleTests
{
    private static string Sample(string file) => Path.Combine(TestPaths.RepoRoot, "samples", "pytorch_mlp", file);

    [TestMethod]
    public void SampleMatchesTorchAtTheProjectSettings()
    {
        var run = CSimHarness.Simulate(Sample("model.onnx"), null, Sample("input.dat"), "ap_fixed<16,6>", c =>
        {
            c.LayerNames["fc1_Gemm"] = LayerSettings.Of(("AccumPrecision", "fixed(20,8)"));
            c.LayerTypes["Softmax"] = LayerSettings.Of(("TableSize", "1024"), ("InvInpPrecision", "ufixed(18,3,RND,SAT)"),
                ("InvTablePrecision", "ufixed(18,2,RND,SAT)"));
        });
        var expected = CSimHarness.ReadRows(Sample("expected.dat"));
        var labels = File.ReadAllLines(Sample("labels.dat")).Where(l => l.Length > 0).Select(int.Parse).ToList();
        static int ArgMax(double[] r) => Array.IndexOf(r, r.Max());
        double err = CSimHarness.MaxAbsError(run.Predictions, expected);
        double agree = run.Predictions.Zip(expected).Count(p => ArgMax(p.First) == ArgMax(p.Second)) / (double)expected.Count;
        double accuracy = run.Predictions.Zip(labels).Count(p => ArgMax(p.First) == p.Second) / (double)labels.Count;
        double torchAccuracy = expected.Zip(labels).Count(p => ArgMax(p.First) == p.Second) / (double)labels.Count;
        Console.WriteLine($"pytorch_mlp: max |error| {err:g3}, argmax agreement {agree:P1}, accuracy {accuracy:P1} (torch {torchAccuracy:P1})");
        // BatchNormalization stays a layer by default (HlsFoldBatchNorm): 0.031 measured that way.
        Assert.IsLessThan(0.035, err);
        Assert.IsGreaterThanOrEqualTo(0.98, agree);
        Assert.IsLessThan(0.01, Math.Abs(accuracy - torchAccuracy));
    }
}
