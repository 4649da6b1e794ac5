using static Hls4ml.Tests.MSBuildRunner;

namespace Hls4ml.Tests;

/// <summary>Bad input gives one coded error with file (and line), exit code 1, no stack trace, no trusted half output.</summary>
[TestClass]
public sealed class ErrorReportingTests
{
    private static string ProjectWith(string body, string name = "bad")
    {
        var dir = NewWorkDir(name);
        CopyDir(Path.Combine(TestPaths.RepoRoot, "samples", "jet_tagger"), dir, rel => !rel.EndsWith(".hlsproj"));
        File.WriteAllText(Path.Combine(dir, "model.hlsproj"), $"""
            <Project Sdk="Hls4ml.Sdk">
              <ItemGroup>
            {body}
              </ItemGroup>
            </Project>
            """);
        return dir;
    }

    [TestMethod]
    public void InvalidPrecisionNamesTheFileLineAndLayer()
    {
        var dir = ProjectWith("""
                <HlsModel Include="model.json" Weights="model_weights.h5" />
                <HlsLayerConfig Include="fc2" ResultPrecision="fixed(16)" />
            """);
        var r = Dotnet(dir, "build", "model.hlsproj");
        AssertCodedFailure(r, "HLS0001", "model.hlsproj(4", "fc2", "fixed(16)");
        Assert.IsFalse(File.Exists(Path.Combine(dir, "bin", "model_hls", "hls4ml-project.json")), "no project written");
    }

    [TestMethod]
    public void UnknownLayerNameListsTheLayers()
    {
        var dir = ProjectWith("""
                <HlsModel Include="model.json" Weights="model_weights.h5" />
                <HlsLayerConfig Include="fc9" ReuseFactor="2" />
            """);
        AssertCodedFailure(Dotnet(dir, "build", "model.hlsproj"), "HLS0003", "fc9", "fc1");
    }

    [TestMethod]
    public void InvalidReuseFactorListsValidValues()
    {
        var dir = ProjectWith("""
                <HlsModel Include="model.json" Weights="model_weights.h5" />
                <HlsLayerConfig Include="output" ReuseFactor="7" />
            """);
        AssertCodedFailure(Dotnet(dir, "build", "model.hlsproj"), "HLS0008", "nearest valid values");
    }

    [TestMethod]
    public void MissingModelFileIsOneCodedError()
    {
        var dir = ProjectWith("""<HlsModel Include="nope.json" Weights="model_weights.h5" />""");
        AssertCodedFailure(Dotnet(dir, "build", "model.hlsproj"), "HLS0101", "nope.json");
    }

    [TestMethod]
    public void UnsupportedLayerNamesClassLayerAndExtensionDocs()
    {
        var fixtures = Path.Combine(TestPaths.Fixtures, "keras");
        var dir = ProjectWith($"""<HlsModel Include="{fixtures}/unsupported_layer.json" Weights="{fixtures}/unsupported_layer_weights.h5" />""");
        AssertCodedFailure(Dotnet(dir, "build", "model.hlsproj"), "HLS0103", "Lambda");
    }

    [TestMethod]
    public void MissingCompilerIsOneCodedError()
    {
        var dir = ProjectWith("""
                <HlsModel Include="model.json" Weights="model_weights.h5" />
                <HlsTestData Include="input.dat" />
            """);
        var r = Dotnet(dir, "build", "model.hlsproj", "-p:HlsCxx=/nonexistent/g++");
        AssertCodedFailure(r, "HLS0401", "/nonexistent/g++");
        // MSBuild repeats errors in its summary; there must be one distinct error.
        Assert.AreEqual(1, r.Output.Split('\n').Where(l => l.Contains("error HLS")).Select(l => l.Trim()).Distinct().Count(), r.Output);
    }

    [TestMethod]
    public void BadPropertyValueIsCoded()
    {
        var dir = ProjectWith("""<HlsModel Include="model.json" Weights="model_weights.h5" />""");
        AssertCodedFailure(Dotnet(dir, "build", "model.hlsproj", "-p:HlsBackend=Quartus"), "HLS0301", "Quartus");
    }
}
