using static Hls4ml.Tests.MSBuildRunner;

namespace Hls4ml.Tests;

/// <summary>User layers in their own assembly (samples/custom_layer), through real MSBuild builds.</summary>
[TestCategory("Cxx")]   // may run g++ (C simulation); excluded by --filter "TestCategory!=Cxx"
[TestClass]
public sealed class ExtensionTests
{
    private static string CopySample()
    {
        var dir = NewWorkDir("ext");
        CopyDir(Path.Combine(TestPaths.RepoRoot, "samples", "custom_layer"), dir);
        return dir;
    }

    [TestMethod]
    public void CustomLayerSampleBuildsAndMatchesTheOracle()
    {
        var dir = CopySample();
        var r = Dotnet(dir, "build", "custom_layer.hlsproj");
        Assert.IsTrue(r.Succeeded, r.ToString());
        var fw = Path.Combine(dir, "bin", "custom_layer_hls", "firmware");
        StringAssert.Contains(File.ReadAllText(Path.Combine(fw, "custom_layer.cpp")), "nnet::identity<");
        StringAssert.Contains(File.ReadAllText(Path.Combine(fw, "parameters.h")), "#include \"nnet_utils/nnet_id.h\"");
        Assert.IsTrue(File.Exists(Path.Combine(fw, "nnet_utils", "nnet_id.h")));
        var ours = ReadRows(ResultsFile(dir, "custom_layer"));
        var expected = ReadRows(Path.Combine(dir, "expected.dat"));
        Assert.HasCount(expected.Count, ours);
        var argmax = ours.Zip(expected).Count(p => Array.IndexOf(p.First, p.First.Max()) == Array.IndexOf(p.Second, p.Second.Max()));
        Assert.IsGreaterThanOrEqualTo(expected.Count - 1, argmax, r.Output);
        var mean = ours.Zip(expected).Average(p => p.First.Zip(p.Second).Average(v => Math.Abs(v.First - v.Second)));
        Assert.IsLessThan(0.05, mean, r.Output);
    }

    [TestMethod]
    public void UnknownLayerWithoutExtensionExplainsHowToWriteOne()
    {
        var dir = CopySample();
        var proj = Path.Combine(dir, "custom_layer.hlsproj");
        File.WriteAllText(proj, File.ReadAllText(proj).Replace("<HlsExtension Include=\"IdLayer/IdLayer.csproj\" />", "")
            .Replace("<HlsLayerConfig Include=\"id1\" Unroll=\"true\" ResultPrecision=\"fixed(16,6)\" />", ""));
        AssertCodedFailure(Dotnet(dir, "build", "custom_layer.hlsproj"), "HLS0103", "'ID'", "id1", "docs/extending.md");
    }

    [TestMethod]
    public void ExtensionAttributesAreValidated()
    {
        var dir = CopySample();
        var proj = Path.Combine(dir, "custom_layer.hlsproj");
        var original = File.ReadAllText(proj);
        File.WriteAllText(proj, original.Replace("Unroll=\"true\"", "Unroll=\"true\" Depth=\"3\""));
        AssertCodedFailure(Dotnet(dir, "build", "custom_layer.hlsproj"), "HLS0004", "Depth", "Unroll");
        File.WriteAllText(proj, original.Replace("Unroll=\"true\"", "Unroll=\"maybe\""));
        AssertCodedFailure(Dotnet(dir, "build", "custom_layer.hlsproj"), "HLS0002", "Unroll", "maybe");
        File.WriteAllText(proj, original.Replace("Unroll=\"true\"", "Unroll=\"false\""));
        var ok = Dotnet(dir, "build", "custom_layer.hlsproj");
        Assert.IsTrue(ok.Succeeded, ok.ToString());
        StringAssert.Contains(File.ReadAllText(Path.Combine(dir, "bin", "custom_layer_hls", "firmware", "parameters.h")), "unroll = false");
    }

    [TestMethod]
    public void RebuildingTheExtensionIsPickedUpWithoutLockedFiles()
    {
        var dir = CopySample();
        var first = Dotnet(dir, "build", "custom_layer.hlsproj", "-v:n");
        Assert.IsTrue(first.Succeeded, first.ToString());

        // A changed header reruns GenerateHls (and CSim), and the project gets the new header.
        var header = Path.Combine(dir, "IdLayer", "nnet_utils", "nnet_id.h");
        File.WriteAllText(header, File.ReadAllText(header).Replace("// ID layer", "// ID layer v2"));
        var second = Dotnet(dir, "build", "custom_layer.hlsproj", "-v:n");
        Assert.IsTrue(second.Succeeded, second.ToString());
        StringAssert.Contains(second.Output, "GenerateHls: custom_layer");
        StringAssert.Contains(File.ReadAllText(Path.Combine(dir, "bin", "custom_layer_hls", "firmware", "nnet_utils", "nnet_id.h")), "ID layer v2");

        // Changed extension code (the attribute default) is rebuilt and used by the very next build.
        var definition = Path.Combine(dir, "IdLayer", "IdLayerDefinition.cs");
        File.WriteAllText(definition, File.ReadAllText(definition).Replace("AttributeSpec.Bool(\"unroll\", \"Unroll\", true", "AttributeSpec.Bool(\"unroll\", \"Unroll\", false"));
        var proj = Path.Combine(dir, "custom_layer.hlsproj");
        File.WriteAllText(proj, File.ReadAllText(proj).Replace(" Unroll=\"true\"", ""));
        var third = Dotnet(dir, "build", "custom_layer.hlsproj", "-v:n");
        Assert.IsTrue(third.Succeeded, third.ToString());
        StringAssert.Contains(File.ReadAllText(Path.Combine(dir, "bin", "custom_layer_hls", "firmware", "parameters.h")), "unroll = false");

        // No build left the DLL locked: it can be deleted right away.
        foreach (var dll in Directory.EnumerateFiles(Path.Combine(dir, "IdLayer", "bin"), "IdLayer.dll", SearchOption.AllDirectories))
            File.Delete(dll);
    }

    [TestMethod]
    public void ExtensionOverridingABuiltInWithoutSayingSoIsAConflict()
    {
        var dir = CopySample();
        var ext = Path.Combine(dir, "IdLayer", "IdExtension.cs");
        File.WriteAllText(ext, File.ReadAllText(ext).Replace("registry.AddKerasHandler(new IdKerasHandler());",
            "registry.AddKerasHandler(new IdKerasHandler());\n        registry.AddKerasHandler(new DenseTakeover());") +
            "\npublic sealed class DenseTakeover : IKerasLayerHandler\n{\n    public IReadOnlyList<string> ClassNames { get; } = new[] { \"Dense\" };\n    public void Parse(KerasLayerContext context) { }\n}\n");
        AssertCodedFailure(Dotnet(dir, "build", "custom_layer.hlsproj"), "HLS0602", "'Dense'", "Hls4ml.Core", "IdLayer", "overrideExisting");
    }

    [TestMethod]
    public void MissingExtensionDllIsOneCodedError()
    {
        var dir = CopySample();
        var proj = Path.Combine(dir, "custom_layer.hlsproj");
        File.WriteAllText(proj, File.ReadAllText(proj).Replace("IdLayer/IdLayer.csproj", "nowhere/Missing.dll"));
        AssertCodedFailure(Dotnet(dir, "build", "custom_layer.hlsproj"), "HLS0601", "Missing.dll");
    }
}
