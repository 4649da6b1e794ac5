using Hls4ml.Config;

namespace Hls4ml.Tests.Backends;

/// <summary>The top-level pipeline style follows hls4ml's 'auto' choice (issue 16: structure vs hls4ml's projects).</summary>
[TestClass]
public sealed class PipelineStyleTests
{
    private static string TopPragma(Hls4ml.Ir.ModelGraph graph, HlsConfig config, HlsPipeline pipeline)
    {
        var dir = Path.Combine(TestPaths.NewTempDir("style"), "prj");
        pipeline.Generate(graph, config, dir);
        var top = File.ReadAllText(Path.Combine(dir, "firmware", "myproject.cpp"));
        return top.Contains("#pragma HLS DATAFLOW", StringComparison.Ordinal) ? "dataflow"
            : top.Contains("#pragma HLS PIPELINE", StringComparison.Ordinal) ? "pipeline" : "none";
    }

    [TestMethod]
    public void ModelLevelResourceIsDataflowEvenWithoutAResourceLayer()
    {
        var pipeline = HlsPipeline.CreateDefault(TestPaths.Templates);
        Hls4ml.Ir.ModelGraph ActivationsOnly()
        {
            var b = new GraphBuilder(pipeline.Registry);
            return b.Output(b.Softmax("sm", b.Activation("act", b.Input("x", 8), "relu")));
        }
        Assert.AreEqual("pipeline", TopPragma(ActivationsOnly(), new HlsConfig(), pipeline));
        Assert.AreEqual("dataflow", TopPragma(ActivationsOnly(), new HlsConfig { Strategy = "Resource" }, pipeline));
        Assert.AreEqual("pipeline", TopPragma(TestGraphs.Mlp(pipeline.Registry), new HlsConfig(), pipeline));
        Assert.AreEqual("dataflow", TopPragma(TestGraphs.Mlp(pipeline.Registry), new HlsConfig { Strategy = "Resource", ReuseFactor = 2 }, pipeline));
    }
}
