using Hls4ml.Config;
using Hls4ml.Ir;

namespace Hls4ml.Tests.Layers.Merge;

/// <summary>Merges and functional graphs against the TensorFlow.js oracle (tests/fixtures/layers/merge).</summary>
[TestCategory("Cxx")]   // may run g++ (C simulation); excluded by --filter "TestCategory!=Cxx"
[TestClass]
public sealed class MergeTests
{
    private static string Fixture(string file) => Path.Combine(TestPaths.Fixtures, "layers", "merge", file);

    /// <summary>Wide precision and fine lookup tables: the remaining error is the oracle's float32.</summary>
    private static void Wide(HlsConfig c)
    {
        CSimHarness.FineTables(c);
        c.LayerTypes["Dot"] = LayerSettings.Of(("AccumPrecision", "fixed(40,16)"));
    }

    [TestMethod]
    [DataRow("merge_branches", 4)]
    [DataRow("multi_io", 5)]
    public void WidePrecisionMatchesTheOracle(string name, int outputs)
    {
        var run = CSimHarness.Simulate(Fixture($"{name}.json"), Fixture($"{name}_weights.h5"), Fixture($"{name}.input.dat"), "ap_fixed<32,16>", Wide);
        var expected = CSimHarness.ReadRows(Fixture($"{name}.expected.dat"));
        Assert.IsTrue(expected.All(r => r.Length == outputs));
        Assert.IsLessThan(1e-5, CSimHarness.MaxAbsError(run.FloatReference, expected), "float reference vs tfjs");
        var err = CSimHarness.MaxAbsError(run.Predictions, expected);
        Assert.IsLessThan(0.01, err, $"{name}: max |error| {err}");
    }

    [TestMethod]
    [DataRow("merge_branches")]
    [DataRow("multi_io")]
    public void DefaultPrecisionStaysClose(string name)
    {
        var run = CSimHarness.Simulate(Fixture($"{name}.json"), Fixture($"{name}_weights.h5"), Fixture($"{name}.input.dat"));
        var expected = CSimHarness.ReadRows(Fixture($"{name}.expected.dat"));
        var err = CSimHarness.MaxAbsError(run.Predictions, expected);
        Assert.IsLessThan(0.25, err, $"{name} at ap_fixed<16,6>: max |error| {err}");
    }

    [TestMethod]
    public void MultiInputModelHasPortsInModelOrder()
    {
        var pipeline = HlsPipeline.CreateDefault(TestPaths.Templates);
        var graph = pipeline.Convert(Fixture("multi_io.json"), Fixture("multi_io_weights.h5"));
        CollectionAssert.AreEqual(new[] { "in_a", "in_b" }, graph.Inputs);
        Assert.HasCount(2, graph.Outputs);
        var dir = TestPaths.NewTempDir("multi-io");
        pipeline.Generate(graph, new HlsConfig(), dir);
        var top = File.ReadAllText(Path.Combine(dir, "firmware", "myproject.cpp"));
        var signature = top[top.IndexOf("void myproject(", StringComparison.Ordinal)..top.IndexOf(')', top.IndexOf("void myproject(", StringComparison.Ordinal))];
        StringAssert.Contains(signature, "input_t in1_in_a[5]");
        StringAssert.Contains(signature, "input2_t in2_in_b[3]");
        StringAssert.Contains(signature, "result_t");
        StringAssert.Contains(signature, "result2_t");
        Assert.IsLessThan(signature.IndexOf("in2_in_b", StringComparison.Ordinal), signature.IndexOf("in1_in_a", StringComparison.Ordinal));
    }

    /// <summary>Concatenate along a non-last axis of 2-D tensors: pure data movement, checked index by index.</summary>
    [TestMethod]
    [DataRow(0, "io_parallel")]
    [DataRow(1, "io_parallel")]
    [DataRow(0, "io_stream")]   // stream words are rows of 3 (inputs) re-sliced into rows of 3 (output)
    [DataRow(1, "io_stream")]   // words of 3 and 2 joined into words of 5
    public void ConcatenateAnyAxis(int axis, string ioType)
    {
        var pipeline = HlsPipeline.CreateDefault(TestPaths.Templates);
        int[] a = { 2, 3 }, b = axis == 0 ? new[] { 1, 3 } : new[] { 2, 2 };
        var graph = new ModelGraph { Name = "cat" };
        void Input(string name, int[] shape)
        {
            graph.Tensors[name] = new TensorVariable { Name = name, Shape = shape };
            var l = new Layer { Name = name, Type = "Input", Outputs = new() { name } };
            l.Attributes["shape"] = shape;
            graph.Layers.Add(l);
            graph.Inputs.Add(name);
        }
        Input("a", a);
        Input("b", b);
        var cat = new Layer { Name = "cat", Type = "Concatenate", Inputs = new() { "a", "b" }, Outputs = new() { "cat" } };
        cat.Attributes["axis"] = axis;
        graph.Tensors["cat"] = new TensorVariable { Name = "cat", Shape = pipeline.Registry.RequireLayer("Concatenate").InferShape(cat, new[] { a, b }) };
        graph.Layers.Add(cat);
        graph.Outputs.Add("cat");
        graph.Renumber();

        var dir = TestPaths.NewTempDir("concat");
        pipeline.Generate(graph, new HlsConfig { IOType = ioType }, Path.Combine(dir, "prj"));
        var row = Enumerable.Range(1, 6 + b[0] * b[1]).Select(i => i * 0.25).ToArray();
        var input = Path.Combine(dir, "in.dat");
        File.WriteAllText(input, string.Join(" ", row.Select(v => v.ToString(System.Globalization.CultureInfo.InvariantCulture))) + "\n");
        var sim = pipeline.Simulate(graph, Path.Combine(dir, "prj"), "myproject", input, Path.Combine(dir, "out.dat"), Path.Combine(dir, "cache"));

        // Expected: row-major concatenation, computed directly.
        var x = row[..6]; var y = row[6..];
        var expected = axis == 0 ? x.Concat(y).ToArray()
            : new[] { x[0], x[1], x[2], y[0], y[1], x[3], x[4], x[5], y[2], y[3] };
        CollectionAssert.AreEqual(expected, sim.Predictions[0]);
        CollectionAssert.AreEqual(expected, new Hls4ml.Simulation.FloatReference(graph, pipeline.Registry).Predict(row));
    }
}
