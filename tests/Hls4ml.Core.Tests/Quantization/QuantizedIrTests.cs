using Hls4ml.Ir;
using Hls4ml.Types;

namespace Hls4ml.Tests.Quantization;

/// <summary>The types a model fixes travel through the IR file (the MSBuild Convert task's output) unchanged.</summary>
[TestClass]
public sealed class QuantizedIrTests
{
    [TestMethod]
    [DataRow("qonnx_dense.onnx")]
    [DataRow("hgq_synthetic_proxy.h5")]
    public void ModelTypesSurviveTheIrFile(string file)
    {
        var graph = HlsPipeline.CreateDefault(TestPaths.Templates).Convert(Path.Combine(TestPaths.Fixtures, "quantization", file), null);
        var fixedLayers = graph.Layers.Where(l => l.ModelTypes.Count > 0).ToList();
        Assert.IsNotEmpty(fixedLayers);
        var path = Path.Combine(TestPaths.NewTempDir("qir"), "model.ir.json");
        IrSerializer.Save(graph, path);
        var loaded = IrSerializer.Load(path);
        foreach (var layer in fixedLayers)
        {
            var back = loaded.FindLayer(layer.Name)!;
            CollectionAssert.AreEquivalent(layer.ModelTypes.ToList(), back.ModelTypes.ToList(), layer.Name);
        }
        // Per-element quantizer attributes (int arrays, mode strings) round-trip too.
        foreach (var q in graph.Layers.Where(l => l.Type == "FixedPointQuantizer"))
            CollectionAssert.AreEqual(q.Get<int[]>("bits"), loaded.FindLayer(q.Name)!.Get<int[]>("bits"));
    }

    [TestMethod]
    public void ProjectSettingsWinOverQuantizerTypes()
    {
        var pipeline = HlsPipeline.CreateDefault(TestPaths.Templates);
        var graph = pipeline.Convert(Path.Combine(TestPaths.Fixtures, "quantization", "qonnx_dense.onnx"), null);
        var quant = graph.Layers.First(l => l.Type == "Activation" && l.ModelTypes.ContainsKey("result") && l.Name != graph.Layers[0].Name);
        var config = new Hls4ml.Config.HlsConfig { ProjectName = "myproject" };
        config.LayerNames[quant.Name] = Hls4ml.Config.LayerSettings.Of(("ResultPrecision", "fixed(20,8)"));
        pipeline.Generate(graph, config, TestPaths.NewTempDir("qcfg"));
        Assert.AreEqual(Precision.Parse("ap_fixed<20,8>"), graph.FindLayer(quant.Name)!.Types["result"]);
    }
}
