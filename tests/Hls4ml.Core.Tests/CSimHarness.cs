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

    public static Run Simulate(string modelPath, string? weightsPath, string inputPath, string precision = "ap_fixed<16,6>",
        Action<HlsConfig>? configure = null, string ioType = "io_parallel")
    {
        var pipeline = HlsPipeline.CreateDefault(TestPaths.Templates);
        var graph = pipeline.Convert(modelPath, weightsPath);
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
