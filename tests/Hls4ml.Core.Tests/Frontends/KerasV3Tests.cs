using Hls4ml.Config;
using Hls4ml.Diagnostics;

namespace Hls4ml.Tests.Frontends;

/// <summary>Keras 3 .keras archives (fixtures written by tools/generators/keras3_writer.py, tfjs oracle).</summary>
[TestCategory("Cxx")]   // may run g++ (C simulation); excluded by --filter "TestCategory!=Cxx"
[TestClass]
public sealed class KerasV3Tests
{
    private static string Fixture(string file) => Path.Combine(TestPaths.Fixtures, "keras3", file);

    [TestMethod]
    [DataRow("sequential_mlp")]
    [DataRow("functional_add")]
    public void ArchiveConvertsAndSimulatesLikeTheOracle(string name)
    {
        var expected = CSimHarness.ReadRows(Fixture($"{name}.expected.dat"));
        var run = CSimHarness.Simulate(Fixture($"{name}.keras"), null, Fixture($"{name}.input.dat"), "ap_fixed<32,16>", CSimHarness.FineTables);
        Assert.IsLessThan(1e-5, CSimHarness.MaxAbsError(run.FloatReference, expected), "float reference vs tfjs");
        Assert.IsLessThan(0.01, CSimHarness.MaxAbsError(run.Predictions, expected));
    }

    /// <summary>Keras 3 hard_sigmoid is relu6(x + 3) / 6 (slope 1/6), not Keras 2's 0.2 x + 0.5.</summary>
    [TestMethod]
    public void Keras3HardSigmoidUsesTheKeras3Definition()
    {
        var expected = CSimHarness.ReadRows(Fixture("hard_sigmoid_v3.expected.dat"));
        var run = CSimHarness.Simulate(Fixture("hard_sigmoid_v3.keras"), null, Fixture("hard_sigmoid_v3.input.dat"), "ap_fixed<32,16>");
        Assert.IsLessThan(1e-6, CSimHarness.MaxAbsError(run.FloatReference, expected), "float reference vs the Keras 3 formula");
        Assert.IsLessThan(1e-3, CSimHarness.MaxAbsError(run.Predictions, expected));
    }

    [TestMethod]
    public void FunctionalArchiveKeepsItsGraph()
    {
        var graph = HlsPipeline.CreateDefault(TestPaths.Templates).Convert(Fixture("functional_add.keras"));
        CollectionAssert.AreEqual(new[] { "inputs" }, graph.Inputs);
        var add = graph.FindLayer("add");
        Assert.IsNotNull(add);
        Assert.AreEqual("Merge", add.Type);
        CollectionAssert.AreEqual(new[] { "left_relu", "right_tanh" }, add.Inputs);
        CollectionAssert.AreEqual(new[] { 6, 5 }, graph.FindLayer("left")!.Weights["weight"].Shape);
    }

    [TestMethod]
    public void CorruptArchiveIsACodedError()
    {
        var path = Path.Combine(TestPaths.NewTempDir("keras3"), "broken.keras");
        File.WriteAllText(path, "this is not a zip file");
        var e = Assert.ThrowsExactly<HlsException>(() => HlsPipeline.CreateDefault(TestPaths.Templates).Convert(path));
        Assert.AreEqual("HLS0102", e.Diagnostic.Code);
    }
}
