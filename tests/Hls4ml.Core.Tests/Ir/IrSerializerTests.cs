using Hls4ml.Backends;
using Hls4ml.Config;
using Hls4ml.Diagnostics;
using Hls4ml.Extensibility;
using Hls4ml.Ir;
using Hls4ml.Simulation;
using Hls4ml.Types;

namespace Hls4ml.Tests.Ir;

/// <summary>The IR file is the hand-over between Convert and GenerateHls: nothing may change across it.</summary>
[TestClass]
public sealed class IrSerializerTests
{
    private static readonly HlsRegistry Registry = HlsRegistry.CreateDefault();

    private static ModelGraph RoundTrip(ModelGraph g, string dir)
    {
        var path = Path.Combine(dir, "model.ir.json");
        IrSerializer.Save(g, path);
        return IrSerializer.Load(path);
    }

    private static HlsConfig Config()
    {
        var c = new HlsConfig();
        c.LayerNames["d1"] = new LayerSettings { Values = { ["ReuseFactor"] = "2", ["ResultPrecision"] = "fixed<20,8>" } };
        return c;
    }

    [TestMethod]
    public void StructureWeightsAndAttributesSurvive()
    {
        var g = TestGraphs.Mlp(Registry);
        var back = RoundTrip(g, TestPaths.NewTempDir("ir"));
        Assert.AreEqual(g.Name, back.Name);
        CollectionAssert.AreEqual(g.Inputs, back.Inputs);
        CollectionAssert.AreEqual(g.Outputs, back.Outputs);
        CollectionAssert.AreEqual(TestGraphs.LayerNames(g), TestGraphs.LayerNames(back));
        foreach (var l in g.Layers)
        {
            var b = back.FindLayer(l.Name)!;
            Assert.AreEqual(l.Type, b.Type);
            Assert.AreEqual(l.Index, b.Index);
            CollectionAssert.AreEqual(l.Inputs, b.Inputs);
            CollectionAssert.AreEqual(g.Tensor(l.Outputs[0]).Shape, back.Tensor(b.Outputs[0]).Shape);
            foreach (var (k, w) in l.Weights)
            {
                CollectionAssert.AreEqual(w.Shape, b.Weights[k].Shape);
                CollectionAssert.AreEqual(w.Data, b.Weights[k].Data, "weights are stored exactly");
            }
        }
        CollectionAssert.AreEqual(new[] { 8 }, back.FindLayer("input1")!.Get<int[]>("shape"));
        Assert.AreEqual("relu", back.FindLayer("relu1")!.Get<string>("activation"));
        Assert.AreEqual(8, back.FindLayer("d1")!.Get<int>("n_in"));
    }

    [TestMethod]
    public void GeneratingFromTheIrFileGivesTheSameProject()
    {
        var pipeline = HlsPipeline.CreateDefault(TestPaths.Templates);
        var tmp = TestPaths.NewTempDir("ir");
        var direct = TestGraphs.Mlp(pipeline.Registry);
        var loaded = RoundTrip(TestGraphs.Mlp(pipeline.Registry), tmp);
        pipeline.Generate(direct, Config(), Path.Combine(tmp, "a"));
        pipeline.Generate(loaded, Config(), Path.Combine(tmp, "b"));
        Assert.AreEqual(HlsWriter.HashTree(Path.Combine(tmp, "a")), HlsWriter.HashTree(Path.Combine(tmp, "b")));

        // A graph that has been through the backend flow (types, derived attributes) round-trips too.
        var again = RoundTrip(direct, tmp);
        Assert.AreEqual(new FixedPrecision(20, 8), again.FindLayer("d1")!.Types["result"]);
        Assert.AreEqual(16, again.FindLayer("d1")!.Get<int>("multiplier_limit"));
        pipeline.Generate(again, Config(), Path.Combine(tmp, "c"));
        Assert.AreEqual(HlsWriter.HashTree(Path.Combine(tmp, "a")), HlsWriter.HashTree(Path.Combine(tmp, "c")));
    }

    [TestMethod]
    public void FloatReferenceIsUnchangedByTheRoundTrip()
    {
        var g = TestGraphs.Mlp(Registry, seed: 5);
        var back = RoundTrip(g, TestPaths.NewTempDir("ir"));
        var x = new[] { 0.5, -1, 1.25, 0, 2, -0.75, 0.125, 1 };
        CollectionAssert.AreEqual(new FloatReference(g, Registry).Predict(x), new FloatReference(back, Registry).Predict(x));
    }

    [TestMethod]
    public void InvalidFileIsHls0202()
    {
        var dir = TestPaths.NewTempDir("ir");
        var path = Path.Combine(dir, "bad.json");
        File.WriteAllText(path, "{\"format\": \"something-else\"}");
        var e = Assert.ThrowsExactly<HlsException>(() => IrSerializer.Load(path));
        Assert.AreEqual("HLS0202", e.Diagnostic.Code);
        StringAssert.Contains(e.Diagnostic.Message, "bad.json");

        File.WriteAllText(path, "not json");
        Assert.AreEqual("HLS0202", Assert.ThrowsExactly<HlsException>(() => IrSerializer.Load(path)).Diagnostic.Code);
    }
}
