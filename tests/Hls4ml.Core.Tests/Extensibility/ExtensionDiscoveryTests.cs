using Hls4ml.Config;
using Hls4ml.Diagnostics;
using Hls4ml.Extensibility;
using Hls4ml.Ir;

namespace Hls4ml.Tests.Extensibility;

/// <summary>A plugin as a user writes it: discovered from its assembly, its files found next to it.</summary>
public sealed class DoubleItExtension : IHlsExtension
{
    public void Register(HlsRegistry registry)
    {
        registry.AddLayer(new DoubleItDefinition());
        registry.AddTemplate(new LayerTemplate("DoubleIt", "double_config.sbn", "double_function.sbn", new[] { "nnet_utils/nnet_double.h" }));
    }

    internal sealed class DoubleItDefinition : LayerDefinition
    {
        public override string TypeName => "DoubleIt";
        public override int[] InferShape(Layer layer, IReadOnlyList<int[]> inputShapes)
        {
            layer.Attributes["n_in"] = inputShapes[0].Aggregate(1, (a, b) => a * b);
            return inputShapes[0];
        }
        public override double[] Evaluate(Layer layer, IReadOnlyList<double[]> inputs) => inputs[0].Select(x => 2 * x).ToArray();
    }
}

[TestClass]
public sealed class ExtensionDiscoveryTests
{
    private static string ExtensionFolder()
    {
        var dir = TestPaths.NewTempDir("plugin");
        File.WriteAllText(Path.Combine(dir, "double_config.sbn"), "struct config{{ index }} { static const unsigned n_in = {{ n_in }}; };");
        File.WriteAllText(Path.Combine(dir, "double_function.sbn"), "nnet::double_it<{{ input_t }}, {{ output_t }}, config{{ index }}>({{ input }}, {{ output }});");
        Directory.CreateDirectory(Path.Combine(dir, "nnet_utils"));
        File.WriteAllText(Path.Combine(dir, "nnet_utils", "nnet_double.h"),
            "#pragma once\nnamespace nnet { template <class D, class R, class C> void double_it(D d[C::n_in], R r[C::n_in]) { for (unsigned i = 0; i < C::n_in; i++) r[i] = (R)(d[i] * 2); } }\n");
        return dir;
    }

    [TestMethod]
    public void PublicExtensionClassesAreDiscoveredAndUseTheirOwnFolder()
    {
        var registry = HlsRegistry.CreateDefault();
        var folder = ExtensionFolder();
        registry.LoadAssembly(typeof(DoubleItExtension).Assembly, "DoubleIt.Tests", folder);
        Assert.IsNotNull(registry.Layer("DoubleIt"));
        var template = registry.Template("Vivado", "io_parallel", "DoubleIt");
        Assert.IsNotNull(template);
        Assert.AreEqual(folder, template.TemplateRoot);
        Assert.AreEqual(folder, template.HeaderRoot);
        Assert.IsNull(registry.ExtensionDirectory, "the folder applies only while the extension registers");
        CollectionAssert.Contains(registry.LoadedExtensions.ToList(), "DoubleIt.Tests");
    }

    [TestMethod]
    public void ExtensionLayerIsGeneratedWithItsHeader()
    {
        var pipeline = HlsPipeline.CreateDefault(TestPaths.Templates);
        var folder = ExtensionFolder();
        pipeline.Registry.LoadAssembly(typeof(DoubleItExtension).Assembly, "DoubleIt.Tests", folder);
        var graph = TestGraphs.Mlp(pipeline.Registry);
        // Put a DoubleIt layer right after the first Dense.
        var first = graph.Layers.First(l => l.Type == "Dense");
        var output = new TensorVariable { Name = "doubled", Shape = graph.Tensor(first.Outputs[0]).Shape };
        var layer = new Layer { Name = "doubled", Type = "DoubleIt" };
        layer.Attributes["n_in"] = output.Size;
        graph.InsertAfter(first, layer, output);
        graph.Renumber();
        var dir = TestPaths.NewTempDir("plugin-out");
        var result = pipeline.Generate(graph, new HlsConfig(), dir);
        CollectionAssert.Contains(result.Files.ToList(), "firmware/nnet_utils/nnet_double.h");
        StringAssert.Contains(File.ReadAllText(Path.Combine(dir, "firmware", "parameters.h")), "#include \"nnet_utils/nnet_double.h\"");
        StringAssert.Contains(File.ReadAllText(Path.Combine(dir, "firmware", "myproject.cpp")), "nnet::double_it<");
    }

    [TestMethod]
    public void ExtensionLayerWithoutAStreamTemplateIsHls0302InIoStream()
    {
        var pipeline = HlsPipeline.CreateDefault(TestPaths.Templates);
        pipeline.Registry.LoadAssembly(typeof(DoubleItExtension).Assembly, "DoubleIt.Tests", ExtensionFolder());
        var graph = TestGraphs.Mlp(pipeline.Registry);
        var first = graph.Layers.First(l => l.Type == "Dense");
        var output = new TensorVariable { Name = "doubled", Shape = graph.Tensor(first.Outputs[0]).Shape };
        graph.InsertAfter(first, new Layer { Name = "doubled", Type = "DoubleIt", Attributes = { ["n_in"] = output.Size } }, output);
        graph.Renumber();
        var dir = Path.Combine(TestPaths.NewTempDir("plugin-stream"), "prj");
        var e = Assert.ThrowsExactly<HlsException>(() => pipeline.Generate(graph, new HlsConfig { IOType = "io_stream" }, dir));
        Assert.AreEqual("HLS0302", e.Diagnostic.Code);
        Assert.AreEqual("doubled", e.Diagnostic.Layer);
        StringAssert.Contains(e.Message, "io_stream");
        StringAssert.Contains(e.Message, "AddTemplateWithStream");
        Assert.IsFalse(Directory.Exists(dir), "nothing half-written");
    }

    [TestMethod]
    public void LoadingTheSameExtensionTwiceIsAConflict()
    {
        var registry = HlsRegistry.CreateDefault();
        registry.LoadAssembly(typeof(DoubleItExtension).Assembly, "first", ExtensionFolder());
        // Loading the same extension again registers 'DoubleIt' twice: a conflict naming both sources.
        var e = Assert.ThrowsExactly<HlsException>(() => registry.LoadAssembly(typeof(DoubleItExtension).Assembly, "second", ExtensionFolder()));
        Assert.AreEqual("HLS0602", e.Diagnostic.Code);
        StringAssert.Contains(e.Message, "'first'");
        StringAssert.Contains(e.Message, "'second'");
    }
}
