using Hls4ml.Extensibility;
using Hls4ml.Ir;

namespace HlsLayer1.Tests;

[TestClass]
public sealed class HlsLayer1Tests
{
    private static HlsRegistry Registry()
    {
        var registry = HlsRegistry.CreateDefault();
        new HlsLayer1Extension().Register(registry);
        return registry;
    }

    private static Layer NewLayer() => new() { Name = "layer1", Type = HlsLayer1Extension.TypeName };

    [TestMethod]
    public void RegistersTheKerasClassAndTheLayer()
    {
        var registry = Registry();
        CollectionAssert.Contains(registry.KerasClassNames.ToList(), HlsLayer1Extension.TypeName);
        Assert.IsNotNull(registry.Layer(HlsLayer1Extension.TypeName));
    }

    [TestMethod]
    public void OutputHasTheInputShape()
    {
        var layer = NewLayer();
        var shape = new HlsLayer1Definition().InferShape(layer, new[] { new[] { 4, 3 } });
        CollectionAssert.AreEqual(new[] { 4, 3 }, shape);
        Assert.AreEqual(12, layer.Attributes["n_in"]);
    }

    [TestMethod]
    public void ReferenceEvaluation()
    {
        // The C simulation's accuracy summary compares the generated C++ with this: keep both in step.
        var output = new HlsLayer1Definition().Evaluate(NewLayer(), new[] { new[] { -1.5, 0.0, 2.25 } });
        CollectionAssert.AreEqual(new[] { -1.5, 0.0, 2.25 }, output);
    }

    [TestMethod]
    public void TemplatesAndHeadersAreCopiedBesideTheAssembly()
    {
        foreach (var file in new[] { "templates/hlslayer1_config.sbn", "templates/hlslayer1_function.sbn", "nnet_utils/nnet_hlslayer1.h", "nnet_utils/nnet_hlslayer1_stream.h" })
            Assert.IsTrue(File.Exists(Path.Combine(AppContext.BaseDirectory, file)), file);
    }
}
