using static Hls4ml.Tests.MSBuildRunner;

namespace Hls4ml.Tests;

/// <summary>Several .hlsproj in one folder: each has its own outputs and stamps, so none reports another's results.</summary>
[TestCategory("Cxx")]   // may run g++ (C simulation); excluded by --filter "TestCategory!=Cxx"
[TestClass]
public sealed class ProjectIsolationTests
{
    /// <summary>A sample's project file moved up one folder (its files in 'sub/'), with HlsProjectName forced to 'myproject'.</summary>
    private static void WriteProject(string dir, string sample, string sub, string name)
    {
        CopyDir(Path.Combine(TestPaths.RepoRoot, "samples", sample), Path.Combine(dir, sub), rel => !rel.EndsWith(".hlsproj"));
        var text = File.ReadAllText(Path.Combine(TestPaths.RepoRoot, "samples", sample, sample + ".hlsproj"));
        foreach (var file in new[] { "model.json", "model_weights.h5", "model.onnx", "input.dat", "expected.dat" })
            text = text.Replace($"\"{file}\"", $"\"{sub}/{file}\"");
        text = text.Replace($"<HlsProjectName>{sample}</HlsProjectName>", "<HlsProjectName>myproject</HlsProjectName>");
        StringAssert.Contains(text, "<HlsProjectName>myproject</HlsProjectName>");
        File.WriteAllText(Path.Combine(dir, name + ".hlsproj"), text);
    }

    [TestMethod]
    public void TwoProjectsInOneFolderWithTheSameHlsProjectNameKeepTheirOwnResults()
    {
        var dir = NewWorkDir("twoproj");
        WriteProject(dir, "jet_tagger", "jet", "a");    // 16 inputs -> 5 outputs, 1000 rows
        WriteProject(dir, "pytorch_mlp", "torch", "b"); // 10 inputs -> 4 outputs, 500 rows

        var a = Dotnet(dir, "build", "a.hlsproj", "-v:n");
        Assert.IsTrue(a.Succeeded, a.ToString());
        var aResults = File.ReadAllText(ResultsFile(dir, "a"));
        var b = Dotnet(dir, "build", "b.hlsproj", "-v:n");
        Assert.IsTrue(b.Succeeded, b.ToString());
        StringAssert.Contains(b.Output, "Convert: model.onnx", b.Output);
        StringAssert.Contains(b.Output, "GenerateHls: myproject (", "b must generate, not reuse a's project:\n" + b.Output);
        StringAssert.Contains(b.Output, "CSim accuracy summary for myproject: 500 samples", b.Output);

        // Each project's own results, summary, estimates, HLS project and intermediate folder.
        var aRows = ReadRows(ResultsFile(dir, "a"));
        var bRows = ReadRows(ResultsFile(dir, "b"));
        Assert.HasCount(1000, aRows);
        Assert.IsTrue(aRows.All(r => r.Length == 5));
        Assert.HasCount(500, bRows);
        Assert.IsTrue(bRows.All(r => r.Length == 4));
        var bExpected = ReadRows(Path.Combine(dir, "torch", "expected.dat"));
        var agree = bRows.Zip(bExpected).Count(p => Array.IndexOf(p.First, p.First.Max()) == Array.IndexOf(p.Second, p.Second.Max()));
        Assert.IsGreaterThanOrEqualTo(485, agree, "b's predictions agree with b's oracle");
        StringAssert.Contains(File.ReadAllText(SummaryFile(dir, "a")), "1000 samples");
        StringAssert.Contains(File.ReadAllText(SummaryFile(dir, "b")), "500 samples");
        Assert.AreNotEqual(File.ReadAllText(EstimatesFile(dir, "a")), File.ReadAllText(EstimatesFile(dir, "b")));
        var aCpp = File.ReadAllText(Path.Combine(dir, "bin", "a_hls", "firmware", "myproject.cpp"));
        var bCpp = File.ReadAllText(Path.Combine(dir, "bin", "b_hls", "firmware", "myproject.cpp"));
        Assert.AreNotEqual(aCpp, bCpp);
        Assert.IsTrue(File.Exists(Path.Combine(IntermediateDir(dir, "a"), "myproject.ir.json")));
        Assert.IsTrue(File.Exists(Path.Combine(IntermediateDir(dir, "b"), "myproject.ir.json")));
        Assert.IsFalse(File.Exists(Path.Combine(dir, "bin", "csim_results.dat")), "no shared results file");

        // Building b did not touch a: a is a no-op and its results are unchanged; so is b after a.
        var aAgain = Dotnet(dir, "build", "a.hlsproj", "-v:n");
        Assert.IsTrue(aAgain.Succeeded, aAgain.ToString());
        Assert.IsFalse(aAgain.Output.Contains("GenerateHls: myproject ("), aAgain.Output);
        Assert.IsFalse(aAgain.Output.Contains("CSim accuracy summary"), aAgain.Output);
        Assert.AreEqual(aResults, File.ReadAllText(ResultsFile(dir, "a")));
        var bAgain = Dotnet(dir, "build", "b.hlsproj", "-v:n");
        Assert.IsTrue(bAgain.Succeeded, bAgain.ToString());
        Assert.IsFalse(bAgain.Output.Contains("Convert: model.onnx"), bAgain.Output);
        Assert.IsFalse(bAgain.Output.Contains("GenerateHls: myproject ("), bAgain.Output);
        Assert.IsFalse(bAgain.Output.Contains("CSim accuracy summary"), bAgain.Output);

        // Cleaning b leaves a's outputs in place.
        var clean = Dotnet(dir, "clean", "b.hlsproj");
        Assert.IsTrue(clean.Succeeded, clean.ToString());
        Assert.IsFalse(File.Exists(ResultsFile(dir, "b")));
        Assert.IsFalse(Directory.Exists(Path.Combine(dir, "bin", "b_hls")));
        Assert.IsFalse(Directory.Exists(IntermediateDir(dir, "b")));
        Assert.AreEqual(aResults, File.ReadAllText(ResultsFile(dir, "a")));
        Assert.IsTrue(File.Exists(Path.Combine(dir, "bin", "a_hls", "firmware", "myproject.cpp")));
        Assert.IsTrue(File.Exists(Path.Combine(IntermediateDir(dir, "a"), "myproject.ir.json")));
    }
}
