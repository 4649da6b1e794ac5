using Hls4ml.Backends;
using Hls4ml.Config;
using Hls4ml.Diagnostics;
using Hls4ml.Extensibility;
using Hls4ml.Frontends;
using Hls4ml.Ir;
using Hls4ml.Passes;
using Hls4ml.Simulation;

namespace Hls4ml;

/// <summary>
/// The pipeline without MSBuild: Convert (model → IR), Generate (IR + config → HLS project), Simulate (CSim).
/// The MSBuild tasks are thin wrappers over these three calls.
/// </summary>
public sealed class HlsPipeline(HlsRegistry registry, string templatesRoot)
{
    public HlsRegistry Registry { get; } = registry;
    public string TemplatesRoot { get; } = templatesRoot;

    /// <summary>Default pipeline over the built-in layers and the given templates folder.</summary>
    public static HlsPipeline CreateDefault(string templatesRoot) => new(HlsRegistry.CreateDefault(), templatesRoot);

    /// <summary>Reads a model and runs the configuration-independent passes.</summary>
    public ModelGraph Convert(string modelPath, string? weightsPath = null)
    {
        var graph = ModelFrontends.Read(modelPath, weightsPath, Registry);
        Registry.Flow(PassFlow.ConvertFlow).Run(graph, new PassContext { Registry = Registry });
        graph.Renumber();
        return graph;
    }

    /// <summary>Applies the configuration and backend passes to the graph (in place) and writes the HLS project.</summary>
    public GenerateResult Generate(ModelGraph graph, HlsConfig config, string outputDir, string? testInput = null)
    {
        config.Validate();
        var context = new PassContext { Registry = Registry, Config = config };
        Registry.Flow(PassFlow.BackendFlow).Run(graph, context);
        var files = new HlsWriter(Registry, TemplatesRoot).Write(graph, config, outputDir, testInput);
        return new GenerateResult(graph, files, context.Diagnostics.Items,
            context.Estimate ?? throw new InvalidOperationException("the backend flow ends with EstimateResources"));
    }

    /// <summary>Compiles (or reuses) and runs the C simulation, then compares with expected and float reference outputs.</summary>
    public SimulationResult Simulate(ModelGraph graph, string projectDir, string projectName, string inputFile,
        string resultsFile, string cacheDir, string? expectedFile = null, CSimRunner? runner = null, string? traceFile = null)
    {
        runner ??= new CSimRunner();
        int inputWidth = graph.Inputs.Sum(i => graph.Tensor(i).Size);
        int outputWidth = graph.Outputs.Sum(o => graph.Tensor(o).Size);
        var inputs = TestData.Read(inputFile, inputWidth);
        var binary = runner.Compile(projectDir, projectName, cacheDir);
        var sw = System.Diagnostics.Stopwatch.StartNew();
        var predictTime = runner.Run(binary, projectDir, inputFile, resultsFile, traceFile);
        var runTime = sw.Elapsed;
        var predictions = TestData.Read(resultsFile, outputWidth);
        var comparisons = new List<Comparison>();
        if (expectedFile is not null)
            comparisons.Add(Comparison.Compute("expected", predictions, TestData.Read(expectedFile, outputWidth)));
        comparisons.Add(Comparison.Compute("float reference", predictions, new FloatReference(graph, Registry).Predict(inputs)));
        return new SimulationResult(predictions, new AccuracyReport(projectName, predictions.Count, comparisons), runTime, predictTime);
    }
}

/// <summary>The generated project's files and warnings, and its per-layer estimates (multipliers, partitions, unrolled loops, cycles).</summary>
public sealed record GenerateResult(ModelGraph Graph, IReadOnlyList<string> Files, IReadOnlyList<HlsDiagnostic> Diagnostics, ResourceEstimate Estimate);

/// <param name="Predictions">One row of outputs per input row.</param>
/// <param name="Report">Accuracy against the expected outputs and the float reference.</param>
/// <param name="RunTime">Wall time of the simulation process, start-up included.</param>
/// <param name="PredictTime">Time the simulation reports for predicting (parse, infer, write), without start-up.</param>
public sealed record SimulationResult(IReadOnlyList<double[]> Predictions, AccuracyReport Report, TimeSpan RunTime, TimeSpan? PredictTime = null);
