using Hls4ml.Diagnostics;
using Hls4ml.Ir;
using Hls4ml.Simulation;

namespace Hls4ml.Profiling;

/// <summary>A traced C simulation and what the profiler made of it.</summary>
public sealed record ProfileRun(SimulationResult Simulation, LayerTrace Trace, ProfileReport Report, IReadOnlyList<HlsDiagnostic> Diagnostics);

/// <summary>Trace and profile without MSBuild: C-simulate a generated project with the trace on and analyse it.</summary>
public static class ModelProfiling
{
    /// <summary>
    /// Simulates the project in 'projectDir' (generated from 'graph' by <see cref="HlsPipeline.Generate"/>) on
    /// 'inputFile' with the trace written to 'traceFile', and profiles it.
    /// </summary>
    public static ProfileRun Run(HlsPipeline pipeline, ModelGraph graph, string projectDir, string projectName, string inputFile,
        string resultsFile, string traceFile, string cacheDir, CSimRunner? runner = null, string? expectedFile = null, int maxAttributionRows = 200)
    {
        var sim = pipeline.Simulate(graph, projectDir, projectName, inputFile, resultsFile, cacheDir, expectedFile, runner, traceFile);
        var trace = LayerTrace.Read(traceFile, graph);
        var inputs = TestData.Read(inputFile);
        var report = new LayerProfiler(graph, pipeline.Registry) { MaxAttributionRows = maxAttributionRows }
            .Analyze(projectName, inputs, trace, sim.Predictions);
        return new ProfileRun(sim, trace, report, LayerProfiler.Diagnose(report, inputFile));
    }
}
