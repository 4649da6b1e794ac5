using System.Globalization;
using Hls4ml.Config;
using Hls4ml.Types;

namespace Hls4ml.Tests;

/// <summary>
/// Convert → generate → C-simulate a model file with the library API (no MSBuild), for per-layer numeric tests.
/// Compiled simulations are cached under the system temp folder by content hash, so reruns are fast.
/// </summary>
public static class CSimHarness
{
    public sealed record Run(IReadOnlyList<double[]> Predictions, IReadOnlyList<double[]> FloatReference, string ProjectDir);

    /// <summary>
    /// Simulates the model in the given io type. An io_parallel run is repeated in io_stream with the Resource strategy
    /// at the smallest valid reuse factor above 1 on every layer that has it (io_stream alone when none has it); the
    /// predictions must be bit-identical (the issue's contract: same precisions, same results, whatever the
    /// architecture). One combined variant keeps the suite's compile time down; io_stream with Latency and io_parallel
    /// with Resource/Unrolled have their own tests. <paramref name="verifyVariants"/>: false where a test compares
    /// architectures itself.
    /// </summary>
    public static Run Simulate(string modelPath, string? weightsPath, string inputPath, string precision = "ap_fixed<16,6>",
        Action<HlsConfig>? configure = null, string ioType = "io_parallel", bool verifyVariants = true)
    {
        var run = SimulateOnce(modelPath, weightsPath, inputPath, precision, configure, ioType, out var graph);
        if (ioType != "io_parallel" || !verifyVariants) return run;
        var reused = ResourceSettings(graph);
        var variant = SimulateOnce(modelPath, weightsPath, inputPath, precision, c =>
        {
            configure?.Invoke(c);
            foreach (var (layer, rf) in reused)
            {
                var settings = c.LayerNames.TryGetValue(layer, out var s) ? s : c.LayerNames[layer] = new LayerSettings();
                settings.Values["Strategy"] = "Resource";
                settings.Values["ReuseFactor"] = rf.ToString(CultureInfo.InvariantCulture);
            }
        }, "io_stream", out _);
        AssertBitIdentical(run, variant, reused.Count == 0 ? "io_stream"
            : $"io_stream + Resource ({string.Join(", ", reused.Select(r => $"{r.Layer} RF {r.ReuseFactor}"))})");
        return run;
    }

    private static Run SimulateOnce(string modelPath, string? weightsPath, string inputPath, string precision,
        Action<HlsConfig>? configure, string ioType, out Hls4ml.Ir.ModelGraph converted)
    {
        var pipeline = HlsPipeline.CreateDefault(TestPaths.Templates);
        var graph = pipeline.Convert(modelPath, weightsPath);
        converted = graph;
        var config = new HlsConfig { ProjectName = "myproject", DefaultPrecision = Precision.Parse(precision), IOType = ioType };
        configure?.Invoke(config);
        var work = TestPaths.NewTempDir("csim");
        var project = Path.Combine(work, "prj");
        pipeline.Generate(graph, config, project);
        var cache = Path.Combine(Path.GetTempPath(), "hls4ml-tests", "csim-cache");
        var sim = pipeline.Simulate(graph, project, "myproject", inputPath, Path.Combine(work, "results.dat"), cache);
        var reference = new Hls4ml.Simulation.FloatReference(graph, pipeline.Registry).Predict(Hls4ml.Simulation.TestData.Read(inputPath));
        return new Run(sim.Predictions, reference, project);
    }

    /// <summary>(layer, smallest valid reuse factor above 1) for every layer of the converted graph that has the Resource strategy.</summary>
    public static List<(string Layer, int ReuseFactor)> ResourceSettings(Hls4ml.Ir.ModelGraph graph)
    {
        var registry = Hls4ml.Extensibility.HlsRegistry.CreateDefault();
        var result = new List<(string, int)>();
        foreach (var layer in graph.Layers)
        {
            if (registry.Layer(layer.Type) is not { HasReuseFactor: true } definition || !definition.Strategies.Contains("Resource")) continue;
            int nIn = layer.Get<int>("n_in"), nOut = layer.Get<int>("n_out");
            var rf = Hls4ml.Passes.ValidateReuseFactor.ValidValues(nIn, nOut).FirstOrDefault(v => v > 1);
            if (rf > 1) result.Add((layer.Name, rf));
        }
        return result;
    }

    private static void AssertBitIdentical(Run expected, Run actual, string variant)
    {
        Assert.HasCount(expected.Predictions.Count, actual.Predictions, $"{variant}: row count");
        for (int i = 0; i < expected.Predictions.Count; i++)
            CollectionAssert.AreEqual(expected.Predictions[i], actual.Predictions[i],
                $"{variant} differs from io_parallel/Latency in row {i + 1} (project {actual.ProjectDir})");
    }

    /// <summary>
    /// Lookup tables fine enough (16384 entries, wide table and softmax types) that at a wide default precision the
    /// remaining error against a float oracle is the oracle's own, not the tables' step.
    /// </summary>
    public static void FineTables(HlsConfig config)
    {
        config.LayerTypes["Softmax"] = LayerSettings.Of(("TableSize", "16384"), ("InpNormPrecision", "ufixed(19,5,TRN,SAT)"),
            ("ExpTablePrecision", "fixed(32,8,RND,SAT)"), ("InvTablePrecision", "fixed(32,16,RND,SAT)"),
            ("InvInpPrecision", "fixed(20,4,RND,SAT)"), ("AccumPrecision", "fixed(32,8)"));
        config.LayerTypes["Activation"] = LayerSettings.Of(("TableSize", "16384"), ("TablePrecision", "fixed(32,8,RND,SAT)"));
    }

    public static List<double[]> ReadRows(string path) => File.ReadAllLines(path)
        .Where(l => l.Trim().Length > 0)
        .Select(l => l.Split(new[] { ' ', '\t', ',' }, StringSplitOptions.RemoveEmptyEntries)
            .Select(v => double.Parse(v, CultureInfo.InvariantCulture)).ToArray())
        .ToList();

    public static double MaxAbsError(IReadOnlyList<double[]> a, IReadOnlyList<double[]> b)
    {
        Assert.HasCount(b.Count, a);
        double max = 0;
        for (int i = 0; i < a.Count; i++)
        {
            Assert.HasCount(b[i].Length, a[i], $"row {i + 1} width");
            for (int j = 0; j < a[i].Length; j++) max = Math.Max(max, Math.Abs(a[i][j] - b[i][j]));
        }
        return max;
    }
}
