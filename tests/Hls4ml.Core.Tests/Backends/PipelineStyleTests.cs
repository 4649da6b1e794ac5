using Hls4ml.Config;

namespace Hls4ml.Tests.Backends;

/// <summary>The top function pipelines, or switches to DATAFLOW when a convolution runs in several pixel partitions.</summary>
[TestClass]
public sealed class PipelineStyleTests
{
    private static string Top(string folder, string model, Action<HlsConfig>? configure = null)
    {
        var dir = Path.Combine(TestPaths.Fixtures, folder);
        var pipeline = HlsPipeline.CreateDefault(TestPaths.Templates);
        var graph = pipeline.Convert(Path.Combine(dir, $"{model}.json"), Path.Combine(dir, $"{model}_weights.h5"));
        var config = new HlsConfig();
        configure?.Invoke(config);
        var output = TestPaths.NewTempDir("style");
        pipeline.Generate(graph, config, output);
        return File.ReadAllText(Path.Combine(output, "firmware", "myproject.cpp"));
    }

    [TestMethod]
    public void DenseModelPipelines()
    {
        var top = Top("keras", "dense_act_layers");
        StringAssert.Contains(top, "#pragma HLS PIPELINE");
        Assert.DoesNotContain("#pragma HLS DATAFLOW", top);
    }

    [TestMethod]
    public void PartitionedConvolutionSwitchesToDataflow()
    {
        var top = Top(Path.Combine("layers", "cnn"), "cnn_mixed");
        StringAssert.Contains(top, "#pragma HLS DATAFLOW");
        Assert.DoesNotContain("#pragma HLS PIPELINE", top);
    }
}
