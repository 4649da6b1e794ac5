using System.Globalization;
using Hls4ml.Config;
using Hls4ml.Diagnostics;
using Hls4ml.Profiling;
using Hls4ml.Simulation;
using Hls4ml.Types;

namespace Hls4ml.Tests.Profiling;

/// <summary>
/// tests/fixtures/profiling/make_planted_overflow.py: an MLP whose third layer (fc2) exceeds ap_fixed&lt;16,6&gt; on
/// four rows. The oracle is numpy's pre-cast fc2 values (which values overflow) and its float outputs.
/// </summary>
[TestClass]
public sealed class PlantedOverflowTests
{
    private static string Fixture(string name) => Path.Combine(TestPaths.Fixtures, "profiling", name);
    private static string Cache => Path.Combine(Path.GetTempPath(), "hls4ml-tests", "csim-cache");

    internal static (ProfileRun Run, Hls4ml.Ir.ModelGraph Graph, string Work) Profile(Action<HlsConfig>? configure = null, string ioType = "io_parallel")
    {
        var pipeline = HlsPipeline.CreateDefault(TestPaths.Templates);
        var graph = pipeline.Convert(Fixture("planted_overflow.onnx"));
        var config = new HlsConfig { ProjectName = "planted", DefaultPrecision = Precision.Parse("ap_fixed<16,6>"), IOType = ioType };
        configure?.Invoke(config);
        var work = TestPaths.NewTempDir("profile");
        var project = Path.Combine(work, "prj");
        pipeline.Generate(graph, config, project);
        var run = ModelProfiling.Run(pipeline, graph, project, "planted", Fixture("planted_overflow.input.dat"),
            Path.Combine(work, "results.dat"), Path.Combine(work, "trace.log"), Cache);
        return (run, graph, work);
    }

    private static int[][] OracleOverflow() => File.ReadAllLines(Fixture("planted_overflow.fc2_overflow.dat"))
        .Where(l => l.Length > 0).Select(l => l.Split(' ').Select(v => int.Parse(v, CultureInfo.InvariantCulture)).ToArray()).ToArray();

    [TestMethod]
    public void OverflowIsFlaggedOnExactlyTheThirdLayerWithTheFix()
    {
        var (run, graph, _) = Profile();
        var oracle = OracleOverflow();
        var overflowing = run.Report.Overflowing.Select(l => l.Name).ToList();
        CollectionAssert.AreEqual(new[] { "fc2" }, overflowing, "only the planted layer overflows");
        Assert.AreEqual(3, graph.Layers.IndexOf(graph.FindLayer("fc2")!), "fc2 is the model's third layer after the input");

        var fc2 = run.Report.Layers.Single(l => l.Name == "fc2");
        // Dense: the accumulator (model default too) holds the output before its conversion, so it overflows as well.
        CollectionAssert.AreEqual(new[] { "result", "accum" }, fc2.Overflows.Select(x => x.Slot).ToArray());
        var o = fc2.Overflows[0];
        Assert.AreEqual(o with { Slot = "accum" }, fc2.Overflows[1]);
        Assert.AreEqual(oracle.Sum(r => r.Sum()), o.Values, "overflowing values (numpy's pre-cast fc2)");
        Assert.AreEqual(oracle.Count(r => r.Any(v => v == 1)), o.Rows, "overflowing rows");
        Assert.AreEqual(Array.FindIndex(oracle, r => r.Any(v => v == 1)), o.FirstRow);
        Assert.AreEqual("wrapped", o.Behaviour);
        // numpy: fc2 reaches ±47.7, so 7 integer bits (±64) are the smallest fix: one more bit, fractional bits kept.
        Assert.AreEqual(1, o.ExtraIntegerBits);
        Assert.AreEqual("fixed(17,7)", o.SuggestedType);
        Assert.IsTrue(o.ObservedMax > 47 && o.ObservedMax < 48.5 && o.ObservedMin < -47 && o.ObservedMin > -48.5, $"{o.ObservedMin} .. {o.ObservedMax}");

        var warning = run.Diagnostics.Single();
        Assert.AreEqual("HLS0410", warning.Code);
        Assert.AreEqual("fc2", warning.Layer);
        StringAssert.Contains(warning.Message, "ap_fixed<16,6>");
        StringAssert.Contains(warning.Message, "ResultPrecision=\"fixed(17,7)\" AccumPrecision=\"fixed(17,7)\"");
        // The wrapped layer dominates the output error: ranked first.
        Assert.AreEqual(1, fc2.Rank);
    }

    [TestMethod]
    public void TheSuggestedFixRemovesTheOverflowAndMatchesNumpy()
    {
        var (run, _, _) = Profile(c => c.LayerNames["fc2"] = LayerSettings.Of(("ResultPrecision", "fixed(17,7)"), ("AccumPrecision", "fixed(17,7)")));
        Assert.IsEmpty(run.Diagnostics, string.Join("\n", run.Diagnostics));
        Assert.IsFalse(run.Report.Overflowing.Any());
        var expected = TestData.Read(Fixture("planted_overflow.expected.dat"));
        var vs = Comparison.Compute("numpy", run.Simulation.Predictions, expected);
        Assert.IsLessThan(0.05, vs.MaxAbsError, $"max |err| vs numpy {vs.MaxAbsError}");
    }

    [TestMethod]
    public void TraceHoldsEveryLayerOnEveryRowAndMatchesTheResults()
    {
        var (run, graph, work) = Profile();
        Assert.AreEqual(48, run.Trace.Rows);
        CollectionAssert.AreEqual(graph.Layers.Select(l => l.Index).ToArray(), run.Trace.LayerIndexes.ToArray());
        // The last layer's trace is the model output the testbench wrote.
        var last = run.Trace.Of(graph.Layers[^1]);
        for (int r = 0; r < last.Count; r++) CollectionAssert.AreEqual(run.Simulation.Predictions[r], last[r]);
        // Input trace = the inputs as ap_fixed<16,6> holds them (the generator wrote exactly representable values).
        var inputs = TestData.Read(Fixture("planted_overflow.input.dat"));
        CollectionAssert.AreEqual(inputs[7], run.Trace.Of(graph.Layers[0])[7]);

        var files = TraceFiles.Write(Path.Combine(work, "trace"), graph, HlsPipeline.CreateDefault(TestPaths.Templates).Registry, run.Trace, inputs);
        Assert.HasCount(graph.Layers.Count * 2 + 1, files);
        var fc2Float = TestData.Read(Path.Combine(work, "trace", "04_fc2.float.dat"));
        Assert.HasCount(48, fc2Float);
    }

    [TestMethod]
    public void StreamTraceEqualsParallelTraceAndTheStreamsStillDeliver()
    {
        var (parallel, graph, _) = Profile();
        var (stream, _, _) = Profile(ioType: "io_stream");
        foreach (var layer in graph.Layers)
            for (int r = 0; r < parallel.Trace.Rows; r++)
                CollectionAssert.AreEqual(parallel.Trace.Of(layer)[r], stream.Trace.Of(layer)[r], $"{layer.Name} row {r}");
        for (int r = 0; r < parallel.Simulation.Predictions.Count; r++)
            CollectionAssert.AreEqual(parallel.Simulation.Predictions[r], stream.Simulation.Predictions[r]);
        CollectionAssert.AreEqual(new[] { "fc2" }, stream.Report.Overflowing.Select(l => l.Name).ToList());
    }
}
