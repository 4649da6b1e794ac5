namespace Hls4ml.Tests.Layers.Convolution;

/// <summary>CNN fixtures also saved as Keras 3 archives (.keras): the same IR, so the same C simulation bit for bit.</summary>
[TestCategory("Cxx")]   // may run g++ (C simulation); excluded by --filter "TestCategory!=Cxx"
[TestClass]
public sealed class CnnKeras3Tests
{
    public static IEnumerable<object[]> Names => CnnFixtures.Manifest.Properties()
        .Where(p => (bool?)p.Value["keras3"] == true).Select(p => new object[] { p.Name });

    [TestMethod]
    [DynamicData(nameof(Names))]
    public void Keras3ArchiveSimulatesLikeTheKeras2Files(string name)
    {
        var keras2 = CnnFixtures.Simulate(name, CnnFixtures.DefaultPrecision);
        var keras3 = CSimHarness.Simulate(Path.Combine(CnnFixtures.Dir, name + ".keras"), null,
            Path.Combine(CnnFixtures.Dir, name + ".input.dat"), CnnFixtures.DefaultPrecision);
        Assert.AreEqual(0.0, CSimHarness.MaxAbsError(keras3.Predictions, keras2.Predictions), name);
        Assert.IsLessThan(1e-5, CSimHarness.MaxAbsError(keras3.FloatReference, CnnFixtures.Expected(name)), name);
    }
}
