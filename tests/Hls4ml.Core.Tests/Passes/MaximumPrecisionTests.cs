using Hls4ml.Config;
using Hls4ml.Extensibility;
using Hls4ml.Ir;
using Hls4ml.Passes;
using Hls4ml.Types;

namespace Hls4ml.Tests.Passes;

/// <summary>
/// hls4ml's Precision.maximum: HlsMaximumPrecision / a layer's MaximumPrecision / 'maximum' in a configuration file
/// cap the types inferred for 'auto' slots — width and integer bits limited separately, the capped type taking the
/// maximum's modes — with the usual precedence (layer name over layer type over model).
/// </summary>
[TestClass]
public sealed class MaximumPrecisionTests
{
    [TestMethod]
    [DataRow("fixed<40,20>", "fixed<32,16,RND,SAT>", "fixed<32,16,RND,SAT,0>")]
    [DataRow("fixed<20,18>", "fixed<32,16>", "fixed<20,16>")]
    [DataRow("ufixed<40,30>", "fixed<64,16,RND_CONV,WRAP>", "ufixed<40,16,RND_CONV,WRAP,0>")]
    [DataRow("fixed<24,10>", "fixed<32,16,RND,SAT>", "fixed<24,10>")]
    [DataRow("int<40>", "fixed<32,16>", "fixed<32,16>")]
    [DataRow("fixed<40,20>", "int<24>", "fixed<24,20>")]
    public void WidthAndIntegerBitsAreCappedSeparately(string inferred, string maximum, string expected)
    {
        var capped = AutoPrecisionRules.Cap(Precision.Parse(inferred), Precision.Parse(maximum));
        Assert.AreEqual(Precision.Parse(expected), capped);
    }

    private static ModelGraph Infer(Action<HlsConfig> configure)
    {
        var dir = Path.Combine(TestPaths.Fixtures, "wide");
        var graph = HlsPipeline.CreateDefault(TestPaths.Templates).Convert(Path.Combine(dir, "wide_dense.json"), Path.Combine(dir, "wide_dense_weights.h5"));
        var config = new HlsConfig();
        config.LayerNames["x"] = LayerSettings.Of(("ResultPrecision", "ap_fixed<48,24>"));
        config.LayerNames["dense"] = LayerSettings.Of(("WeightPrecision", "ap_fixed<25,2>"), ("AccumPrecision", "auto"), ("ResultPrecision", "auto"));
        configure(config);
        HlsRegistry.CreateDefault().Flow(PassFlow.BackendFlow).Run(graph, new PassContext { Registry = HlsRegistry.CreateDefault(), Config = config });
        return graph;
    }

    [TestMethod]
    public void ModelLayerTypeAndLayerNameMaximumsApplyInThatPrecedence()
    {
        string Accum(ModelGraph g) => g.Layers.Single(l => l.Name == "dense").Types["accum"].ToHls4mlString();
        // Uncapped: the exact 75-bit accumulator.
        Assert.AreEqual("fixed<75,28>", Accum(Infer(_ => { })));
        // Model-wide cap.
        Assert.AreEqual("fixed<64,24,RND,SAT,0>", Accum(Infer(c => c.MaximumPrecision = Precision.Parse("fixed<64,24,RND,SAT>"))));
        // Layer type over model, layer name over layer type.
        Assert.AreEqual("fixed<48,28>", Accum(Infer(c =>
        {
            c.MaximumPrecision = Precision.Parse("fixed<64,24>");
            c.LayerTypes["Dense"] = LayerSettings.Of(("MaximumPrecision", "fixed<48,32>"));
        })));
        Assert.AreEqual("fixed<40,12>", Accum(Infer(c =>
        {
            c.LayerTypes["Dense"] = LayerSettings.Of(("MaximumPrecision", "fixed<48,32>"));
            c.LayerNames["dense"].Values["MaximumPrecision"] = "fixed<40,12>";
        })));
    }

    [TestMethod]
    public void ConfigurationFileMaximumsReachTheModelAndTheLayers()
    {
        var dir = TestPaths.NewTempDir("maximum");
        var path = Path.Combine(dir, "config.yml");
        File.WriteAllText(path, """
            HLSConfig:
              Model:
                Precision:
                  default: fixed<16,6>
                  maximum: fixed<32,16>
              LayerName:
                dense:
                  Precision:
                    maximum: fixed<24,8,RND,SAT>
            """);
        var file = Hls4mlConfigFile.Read(path, dir);
        Assert.IsEmpty(file.Diagnostics, string.Join("; ", file.Diagnostics.Select(d => d.Message)));
        var config = new HlsConfig();
        file.ApplyTo(config);
        Assert.AreEqual(Precision.Parse("fixed<32,16>"), config.MaximumPrecision);
        Assert.AreEqual("fixed<24,8,RND,SAT>", config.LayerNames["dense"].Values["MaximumPrecision"]);
    }

    [TestMethod]
    public void AFloatingPointMaximumIsAnError()
    {
        var e = Assert.Throws<Hls4ml.Diagnostics.HlsException>(() => Infer(c => c.LayerNames["dense"].Values["MaximumPrecision"] = "float"));
        Assert.AreEqual("HLS0001", e.Diagnostic.Code);
        StringAssert.Contains(e.Diagnostic.Message, "MaximumPrecision");
    }
}
