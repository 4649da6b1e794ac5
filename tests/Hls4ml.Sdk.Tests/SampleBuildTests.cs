using static Hls4ml.Tests.MSBuildRunner;

namespace Hls4ml.Tests;

/// <summary>The README's sample command, incremental behaviour, clean and solution builds, through real MSBuild.</summary>
[TestCategory("Cxx")]   // may run g++ (C simulation); excluded by --filter "TestCategory!=Cxx"
[TestClass]
public sealed class SampleBuildTests
{
    private static string CopySample()
    {
        var dir = NewWorkDir("jet");
        CopyDir(Path.Combine(TestPaths.RepoRoot, "samples", "jet_tagger"), dir);
        return dir;
    }

    [TestMethod]
    public void JetTaggerBuildsSimulatesAndReportsAccuracy()
    {
        var dir = CopySample();
        var r = Dotnet(dir, "build", "jet_tagger.hlsproj");
        Assert.IsTrue(r.Succeeded, r.ToString());
        StringAssert.Contains(r.Output, "CSim accuracy summary for jet_tagger: 1000 samples");
        var results = ReadRows(ResultsFile(dir, "jet_tagger"));
        Assert.HasCount(1000, results);
        Assert.IsTrue(results.All(row => row.Length == 5));
        var expected = ReadRows(Path.Combine(dir, "expected.dat"));
        var agree = results.Zip(expected).Count(p => Array.IndexOf(p.First, p.First.Max()) == Array.IndexOf(p.Second, p.Second.Max()));
        Assert.IsGreaterThan(980, agree, $"argmax agreement with the PyTorch oracle: {agree}/1000\n{r.Output}");
        // ap_fixed<16,6> with 1024-entry softmax tables: small mean error against the float64 oracle.
        var meanErr = results.Zip(expected).Average(p => p.First.Zip(p.Second).Average(v => Math.Abs(v.First - v.Second)));
        Assert.IsLessThan(0.03, meanErr, r.Output);
        Assert.IsTrue(File.Exists(Path.Combine(dir, "bin", "jet_tagger_hls", "firmware", "jet_tagger.cpp")));
        Assert.IsFalse(r.Output.Contains("   at "), "no stack traces in build output");
    }

    /// <summary>The README's command for the other samples: each builds, simulates and agrees with its oracle.</summary>
    [TestMethod]
    [DataRow("cnn_classifier")]
    [DataRow("pytorch_mlp")]
    public void OtherSamplesBuildAndSimulate(string sample)
    {
        var dir = NewWorkDir(sample);
        CopyDir(Path.Combine(TestPaths.RepoRoot, "samples", sample), dir);
        var r = Dotnet(dir, "build", $"{sample}.hlsproj");
        Assert.IsTrue(r.Succeeded, r.ToString());
        StringAssert.Contains(r.Output, "CSim accuracy summary");
        var results = ReadRows(ResultsFile(dir, sample));
        var expected = ReadRows(Path.Combine(dir, "expected.dat"));
        Assert.HasCount(expected.Count, results);
        var agree = results.Zip(expected).Count(p => Array.IndexOf(p.First, p.First.Max()) == Array.IndexOf(p.Second, p.Second.Max()));
        Assert.IsGreaterThanOrEqualTo((int)(0.97 * expected.Count), agree, r.Output);
    }

    /// <summary>
    /// Every sample built in io_stream (and then with the Resource strategy on top) through MSBuild predicts exactly
    /// what its io_parallel build predicts: the same bits, row by row.
    /// </summary>
    [TestMethod]
    [DataRow("jet_tagger")]
    [DataRow("cnn_classifier")]
    [DataRow("pytorch_mlp")]
    [DataRow("custom_layer")]
    public void EverySampleIsBitIdenticalInIoStream(string sample)
    {
        var dir = NewWorkDir(sample + "_stream");
        CopyDir(Path.Combine(TestPaths.RepoRoot, "samples", sample), dir);
        var results = ResultsFile(dir, sample);
        var parallel = Dotnet(dir, "build", $"{sample}.hlsproj");
        Assert.IsTrue(parallel.Succeeded, parallel.ToString());
        var expected = File.ReadAllText(results);

        var stream = Dotnet(dir, "build", $"{sample}.hlsproj", "-p:HlsIOType=io_stream");
        Assert.IsTrue(stream.Succeeded, stream.ToString());
        var firmware = Directory.GetFiles(Path.Combine(dir, "bin"), "*.cpp", SearchOption.AllDirectories).Single(f => f.EndsWith($"firmware{Path.DirectorySeparatorChar}{sample}.cpp"));
        StringAssert.Contains(File.ReadAllText(firmware), "#pragma HLS DATAFLOW");
        Assert.AreEqual(expected, File.ReadAllText(results), "io_stream predictions differ from io_parallel");

        var resource = Dotnet(dir, "build", $"{sample}.hlsproj", "-p:HlsIOType=io_stream", "-p:HlsStrategy=Resource", "-p:HlsReuseFactor=2");
        if (!resource.Succeeded)
        {
            // Not every layer size accepts RF 2; the error must then be the coded one listing valid values.
            StringAssert.Contains(resource.Output, "HLS0008", resource.ToString());
            return;
        }
        Assert.AreEqual(expected, File.ReadAllText(results), "io_stream + Resource predictions differ from io_parallel");
    }

    [TestMethod]
    public void IncrementalBuildsRunOnlyWhatChanged()
    {
        var dir = CopySample();
        var first = Dotnet(dir, "build", "jet_tagger.hlsproj", "-v:n");
        Assert.IsTrue(first.Succeeded, first.ToString());
        StringAssert.Contains(first.Output, "Convert: model.json");
        StringAssert.Contains(first.Output, "GenerateHls: jet_tagger (");

        var noop = Dotnet(dir, "build", "jet_tagger.hlsproj", "-v:n");
        Assert.IsTrue(noop.Succeeded, noop.ToString());
        Assert.IsFalse(noop.Output.Contains("Convert: model.json"), "no-op build must not convert:\n" + noop.Output);
        Assert.IsFalse(noop.Output.Contains("GenerateHls: jet_tagger ("), "no-op build must not generate:\n" + noop.Output);
        Assert.IsFalse(noop.Output.Contains("CSim accuracy summary"), "no-op build must not simulate:\n" + noop.Output);

        // A command-line setting change regenerates and simulates, but does not convert.
        var rf = Dotnet(dir, "build", "jet_tagger.hlsproj", "-v:n", "-p:HlsReuseFactor=2");
        Assert.IsTrue(rf.Succeeded, rf.ToString());
        Assert.IsFalse(rf.Output.Contains("Convert: model.json"), rf.Output);
        StringAssert.Contains(rf.Output, "GenerateHls: jet_tagger (");
        StringAssert.Contains(rf.Output, "CSim accuracy summary");
        StringAssert.Contains(File.ReadAllText(Path.Combine(dir, "bin", "jet_tagger_hls", "firmware", "parameters.h")), "reuse_factor = 2");

        // A layer config change in the project file: same.
        var proj = Path.Combine(dir, "jet_tagger.hlsproj");
        File.WriteAllText(proj, File.ReadAllText(proj).Replace("AccumPrecision=\"fixed(18,8)\"", "AccumPrecision=\"fixed(20,8)\""));
        var cfg = Dotnet(dir, "build", "jet_tagger.hlsproj", "-v:n", "-p:HlsReuseFactor=2");
        Assert.IsTrue(cfg.Succeeded, cfg.ToString());
        Assert.IsFalse(cfg.Output.Contains("Convert: model.json"), cfg.Output);
        StringAssert.Contains(cfg.Output, "GenerateHls: jet_tagger (");
        StringAssert.Contains(File.ReadAllText(Path.Combine(dir, "bin", "jet_tagger_hls", "firmware", "defines.h")), "ap_fixed<20,8> accum2_t");

        // A touched but identical model file reconverts to the same IR (kept with its timestamp): nothing downstream reruns.
        File.SetLastWriteTimeUtc(Path.Combine(dir, "model_weights.h5"), DateTime.UtcNow.AddSeconds(5));
        var touched = Dotnet(dir, "build", "jet_tagger.hlsproj", "-v:n", "-p:HlsReuseFactor=2");
        Assert.IsTrue(touched.Succeeded, touched.ToString());
        StringAssert.Contains(touched.Output, "Convert: model.json");
        Assert.IsFalse(touched.Output.Contains("GenerateHls: jet_tagger ("), touched.Output);
        Assert.IsFalse(touched.Output.Contains("CSim accuracy summary"), touched.Output);

        // A changed model file reruns everything.
        var json = Path.Combine(dir, "model.json");
        var relu = "\"activation\": \"relu\"";
        StringAssert.Contains(File.ReadAllText(json), relu);
        File.WriteAllText(json, File.ReadAllText(json).Replace(relu, "\"activation\": \"tanh\""));
        var model = Dotnet(dir, "build", "jet_tagger.hlsproj", "-v:n", "-p:HlsReuseFactor=2");
        Assert.IsTrue(model.Succeeded, model.ToString());
        StringAssert.Contains(model.Output, "Convert: model.json");
        StringAssert.Contains(model.Output, "GenerateHls: jet_tagger (");
        StringAssert.Contains(model.Output, "CSim accuracy summary");
    }

    /// <summary>A project hooks its own targets in through the $(XDependsOn) properties, as in Microsoft.Common.</summary>
    [TestMethod]
    public void DependsOnPropertiesRunAProjectsTargetsFirst()
    {
        var dir = CopySample();
        var project = Path.Combine(dir, "jet_tagger.hlsproj");
        File.WriteAllText(project, File.ReadAllText(project).Replace("</Project>", """
              <PropertyGroup>
                <HlsGenerateDependsOn>CheckBeforeGenerate</HlsGenerateDependsOn>
                <HlsBuildDependsOn>AfterEverything</HlsBuildDependsOn>
                <CleanDependsOn>BeforeClean</CleanDependsOn>
              </PropertyGroup>
              <Target Name="CheckBeforeGenerate"><Message Importance="high" Text="hook: before generate" /></Target>
              <Target Name="AfterEverything"><Message Importance="high" Text="hook: after build steps" /></Target>
              <Target Name="BeforeClean"><Message Importance="high" Text="hook: before clean" /></Target>
            </Project>
            """));
        var build = Dotnet(dir, "build", "jet_tagger.hlsproj", "-p:HlsCSimOnBuild=false");
        Assert.IsTrue(build.Succeeded, build.ToString());
        int hook = build.Output.IndexOf("hook: before generate", StringComparison.Ordinal);
        int after = build.Output.IndexOf("hook: after build steps", StringComparison.Ordinal);
        Assert.IsGreaterThanOrEqualTo(0, hook, build.ToString());
        Assert.IsGreaterThan(hook, after, "the SDK's own steps run before a project's additions to HlsBuildDependsOn");
        Assert.IsTrue(File.Exists(Path.Combine(dir, "bin", "jet_tagger_hls", "firmware", "jet_tagger.cpp")), "HlsGenerate still ran");
        var clean = Dotnet(dir, "clean", "jet_tagger.hlsproj");
        StringAssert.Contains(clean.Output, "hook: before clean");
    }

    [TestMethod]
    public void CleanRemovesEveryOutput()
    {
        var dir = CopySample();
        Assert.IsTrue(Dotnet(dir, "build", "jet_tagger.hlsproj").Succeeded);
        var clean = Dotnet(dir, "clean", "jet_tagger.hlsproj");
        Assert.IsTrue(clean.Succeeded, clean.ToString());
        Assert.IsFalse(Directory.Exists(Path.Combine(dir, "bin", "jet_tagger_hls")));
        Assert.IsFalse(Directory.Exists(Path.Combine(dir, "obj", "hls4ml", "jet_tagger")));
        Assert.IsFalse(File.Exists(ResultsFile(dir, "jet_tagger")));
        Assert.IsFalse(File.Exists(EstimatesFile(dir, "jet_tagger")));
    }

    [TestMethod]
    public void ResultsFileIsOverridableFromTheCommandLine()
    {
        var dir = CopySample();
        var target = Path.Combine(dir, "custom", "preds.txt");
        var r = Dotnet(dir, "build", "jet_tagger.hlsproj", $"-p:HlsCSimResultsFile={target}");
        Assert.IsTrue(r.Succeeded, r.ToString());
        Assert.HasCount(1000, ReadRows(target));
    }

    [TestMethod]
    public void SolutionBuildBuildsAnHlsProject()
    {
        var dir = CopySample();
        Assert.IsTrue(Dotnet(dir, "new", "sln", "-n", "models", "--format", "sln").Succeeded);
        var add = Dotnet(dir, "sln", "models.sln", "add", "jet_tagger.hlsproj");
        Assert.IsTrue(add.Succeeded, add.ToString());
        Assert.IsFalse(add.Output.Contains("unknown project type"), add.Output);
        StringAssert.Contains(File.ReadAllText(Path.Combine(dir, "models.sln")), "\"jet_tagger.hlsproj\"");
        var r = Dotnet(dir, "build", "models.sln");
        Assert.IsTrue(r.Succeeded, r.ToString());
        Assert.IsTrue(File.Exists(ResultsFile(dir, "jet_tagger")), r.Output);
    }
}
