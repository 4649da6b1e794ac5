using Hls4ml.Diagnostics;
using Hls4ml.Extensibility;
using Hls4ml.Ir;
using Hls4ml.Ir.Layers;

namespace Hls4ml.Tests.Extensibility;

[TestClass]
public sealed class RegistryTests
{
    private static readonly System.Reflection.Assembly Core = typeof(HlsRegistry).Assembly;

    private sealed class FakeHandler(params string[] classNames) : IKerasLayerHandler
    {
        public IReadOnlyList<string> ClassNames { get; } = classNames;
        public void Parse(KerasLayerContext context) => throw new NotSupportedException();
    }

    private sealed class FakeLayer(string typeName) : LayerDefinition
    {
        public override string TypeName => typeName;
        public override int[] InferShape(Layer layer, IReadOnlyList<int[]> inputShapes) => inputShapes[0];
        public override double[] Evaluate(Layer layer, IReadOnlyList<double[]> inputs) => inputs[0];
    }

    private static HlsException Conflict(Action register)
    {
        var e = Assert.ThrowsExactly<HlsException>(register);
        Assert.AreEqual("HLS0602", e.Diagnostic.Code);
        Assert.AreEqual(DiagnosticSeverity.Error, e.Diagnostic.Severity);
        return e;
    }

    [TestMethod]
    public void DefaultRegistryHasTheBuiltInKerasClasses()
    {
        var r = HlsRegistry.CreateDefault();
        foreach (var cls in new[] { "InputLayer", "Dense", "Activation", "ReLU", "Dropout", "Flatten" })
        {
            CollectionAssert.Contains(r.KerasClassNames.ToList(), cls);
            Assert.IsNotNull(r.KerasHandler(cls), cls);
        }
        Assert.IsNull(r.KerasHandler("Lambda"));
        Assert.IsNull(r.KerasHandler("dense"), "Keras class names are case-sensitive");
    }

    [TestMethod]
    public void DefaultRegistryHasTheBuiltInIrTypes()
    {
        var r = HlsRegistry.CreateDefault();
        // The core set; other layer families add more types through their own registrations.
        CollectionAssert.IsSubsetOf(new[] { "Input", "Dense", "Activation", "Softmax", "Dropout", "Flatten", "Merge", "Concatenate", "Dot" }, r.LayerTypes.ToList());
        Assert.AreEqual(r.LayerTypes.Count, r.LayerTypes.Distinct().Count());
        Assert.IsInstanceOfType<DenseDefinition>(r.RequireLayer("Dense"));
        Assert.IsInstanceOfType<SoftmaxDefinition>(r.RequireLayer("Softmax"));
        Assert.IsTrue(r.RequireLayer("Dense").HasReuseFactor);
        Assert.IsFalse(r.RequireLayer("Activation").HasReuseFactor);
        CollectionAssert.Contains(r.LoadedExtensions.ToList(), "Hls4ml.Core");
    }

    [TestMethod]
    public void DefaultRegistryHasSharedTemplatesForEveryBackend()
    {
        var r = HlsRegistry.CreateDefault();
        foreach (var backend in new[] { "Vivado", "Vitis" })
            foreach (var type in new[] { "Input", "Dense", "Activation", "Softmax", "Flatten" })
                Assert.IsNotNull(r.Template(backend, "io_parallel", type), $"{backend} {type}");
        Assert.AreEqual("layers/dense_function.sbn", r.Template("Vivado", "io_parallel", "Dense")!.FunctionTemplate);
        Assert.AreEqual("layers/dense_function.sbn", r.Template("Vivado", "io_stream", "Dense")!.FunctionTemplate, "io_stream reuses the call template");
        CollectionAssert.AreEqual(new[] { "nnet_utils/nnet_dense_stream.h" }, r.Template("Vivado", "io_stream", "Dense")!.Headers.ToArray());
        Assert.IsNull(r.Template("Vivado", "io_parallel", "Dropout"), "Dropout is removed before the writer runs");
    }

    [TestMethod]
    public void RequireLayerOnUnknownTypeIsHls0203ListingKnownTypes()
    {
        var e = Assert.ThrowsExactly<HlsException>(() => HlsRegistry.CreateDefault().RequireLayer("HoloConv7D", "conv1"));
        Assert.AreEqual("HLS0203", e.Diagnostic.Code);
        Assert.AreEqual("conv1", e.Diagnostic.Layer);
        StringAssert.Contains(e.Diagnostic.Message, "HoloConv7D");
        StringAssert.Contains(e.Diagnostic.Message, "Dense");
        StringAssert.Contains(e.Diagnostic.Message, "Softmax");
    }

    [TestMethod]
    public void DuplicateKerasHandlerNamesBothSources()
    {
        var r = new HlsRegistry();
        r.AddKerasHandler(new FakeHandler("InputLayer"));
        // Loading the built-ins under another source name re-registers InputLayer.
        var e = Conflict(() => r.LoadAssembly(Core, "MyPlugin"));
        StringAssert.Contains(e.Diagnostic.Message, "'InputLayer'");
        StringAssert.Contains(e.Diagnostic.Message, "Keras class");
        StringAssert.Contains(e.Diagnostic.Message, "'Hls4ml.Core'");
        StringAssert.Contains(e.Diagnostic.Message, "'MyPlugin'");
        StringAssert.Contains(e.Diagnostic.Message, "overrideExisting");
    }

    [TestMethod]
    public void DuplicateKerasHandlerDirectly()
    {
        var r = HlsRegistry.CreateDefault();
        var e = Conflict(() => r.AddKerasHandler(new FakeHandler("HoloConv7D", "Dense")));
        StringAssert.Contains(e.Diagnostic.Message, "'Dense'");
        Assert.IsNotInstanceOfType<FakeHandler>(r.KerasHandler("Dense"), "a rejected registration must not replace the original");
    }

    [TestMethod]
    public void DuplicateLayerNamesBothSources()
    {
        var r = new HlsRegistry();
        r.AddLayer(new FakeLayer("Dense"));
        var e = Conflict(() => r.LoadAssembly(Core, "OtherPlugin"));
        StringAssert.Contains(e.Diagnostic.Message, "IR layer type 'Dense'");
        StringAssert.Contains(e.Diagnostic.Message, "'Hls4ml.Core'");
        StringAssert.Contains(e.Diagnostic.Message, "'OtherPlugin'");
        Assert.IsInstanceOfType<FakeLayer>(r.Layer("Dense"));
    }

    [TestMethod]
    public void DuplicateTemplateNamesBothSources()
    {
        var r = new HlsRegistry();
        r.AddTemplate(new LayerTemplate("Softmax", "a.sbn", "b.sbn", Array.Empty<string>()));
        var e = Conflict(() => r.LoadAssembly(Core, "TemplatePlugin"));
        StringAssert.Contains(e.Diagnostic.Message, "'Softmax'");
        StringAssert.Contains(e.Diagnostic.Message, "*/io_parallel template");
        StringAssert.Contains(e.Diagnostic.Message, "'Hls4ml.Core'");
        StringAssert.Contains(e.Diagnostic.Message, "'TemplatePlugin'");
        Assert.AreEqual("b.sbn", r.Template("Vivado", "io_parallel", "Softmax")!.FunctionTemplate);
    }

    [TestMethod]
    public void LoadingTheSameExtensionTwiceConflicts()
    {
        var r = HlsRegistry.CreateDefault();
        var e = Conflict(() => r.LoadAssembly(Core, "Hls4ml.Core copy"));
        StringAssert.Contains(e.Diagnostic.Message, "'Hls4ml.Core copy'");
    }

    [TestMethod]
    public void OverrideExistingReplaces()
    {
        var r = HlsRegistry.CreateDefault();
        int before = r.LayerTypes.Count;
        var handler = new FakeHandler("Dense");
        r.AddKerasHandler(handler, overrideExisting: true);
        Assert.AreSame(handler, r.KerasHandler("Dense"));

        var layer = new FakeLayer("Dense");
        r.AddLayer(layer, overrideExisting: true);
        Assert.AreSame(layer, r.Layer("Dense"));
        Assert.AreSame(layer, r.RequireLayer("Dense"));

        var template = new LayerTemplate("Dense", "x_config.sbn", "x_function.sbn", Array.Empty<string>());
        r.AddTemplate(template, overrideExisting: true);
        Assert.AreSame(template, r.Template("Vivado", "io_parallel", "Dense"));
        Assert.AreSame(template, r.Template("Vitis", "io_parallel", "Dense"));

        Assert.AreEqual(before, r.LayerTypes.Count, "overriding adds no entries");
    }

    [TestMethod]
    public void NewNamesDoNotConflict()
    {
        var r = HlsRegistry.CreateDefault();
        r.AddKerasHandler(new FakeHandler("HoloConv7D"));
        r.AddLayer(new FakeLayer("HoloConv7D"));
        r.AddTemplate(new LayerTemplate("HoloConv7D", "c.sbn", "f.sbn", Array.Empty<string>()));
        Assert.IsNotNull(r.KerasHandler("HoloConv7D"));
        Assert.IsNotNull(r.Layer("HoloConv7D"));
        Assert.IsNotNull(r.Template("Vivado", "io_parallel", "HoloConv7D"));
    }

    [TestMethod]
    public void VitisTemplateOverridesSharedOneOnlyForVitis()
    {
        var r = HlsRegistry.CreateDefault();
        var shared = r.Template("Vivado", "io_parallel", "Dense")!;
        var vitis = new LayerTemplate("Dense", "layers/vitis_dense_config.sbn", "layers/vitis_dense_function.sbn",
            new[] { "nnet_utils/nnet_dense.h" }, Backend: "Vitis");
        r.AddTemplate(vitis); // a different key than "*": no conflict, no override flag needed

        Assert.AreSame(vitis, r.Template("Vitis", "io_parallel", "Dense"));
        Assert.AreSame(shared, r.Template("Vivado", "io_parallel", "Dense"));
        Assert.AreEqual("*", shared.Backend);
        // Other layers still come from the shared registration for Vitis.
        Assert.AreSame(r.Template("Vivado", "io_parallel", "Softmax"), r.Template("Vitis", "io_parallel", "Softmax"));

        // A second Vitis registration for the same type is a conflict.
        Conflict(() => r.AddTemplate(vitis with { FunctionTemplate = "other.sbn" }));
    }

    [TestMethod]
    public void EveryBuiltInLayerWithAnIoParallelTemplateHasAnIoStreamOne()
    {
        var r = HlsRegistry.CreateDefault();
        var types = r.LayerTypes.Where(t => r.Template("Vivado", "io_parallel", t) is not null).ToList();
        Assert.IsGreaterThan(25, types.Count);
        foreach (var type in types)
            foreach (var backend in new[] { "Vivado", "Vitis" })
                Assert.IsNotNull(r.Template(backend, "io_stream", type), $"{backend} io_stream template for {type}");
    }

    [TestMethod]
    public void TemplatesAreKeyedByIoType()
    {
        var r = HlsRegistry.CreateDefault();
        var stream = new LayerTemplate("Dense", "s_config.sbn", "s_function.sbn", Array.Empty<string>(), IOType: "io_stream");
        r.AddTemplate(stream, overrideExisting: true);
        Assert.AreSame(stream, r.Template("Vivado", "io_stream", "Dense"));
        Assert.AreNotSame(stream, r.Template("Vivado", "io_parallel", "Dense"));
    }

    [TestMethod]
    public void TypeSlotConfigKeys()
    {
        Assert.AreEqual("ResultPrecision", new TypeSlot("result").ConfigKey);
        Assert.AreEqual("AccumPrecision", new TypeSlot("accum").ConfigKey);
        Assert.AreEqual("ExpTablePrecision", new TypeSlot("exp_table").ConfigKey);
        Assert.AreEqual("InvTablePrecision", new TypeSlot("inv_table").ConfigKey);
    }
}
