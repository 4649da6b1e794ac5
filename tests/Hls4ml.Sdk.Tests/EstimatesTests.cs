using Newtonsoft.Json.Linq;
using static Hls4ml.Tests.MSBuildRunner;

namespace Hls4ml.Tests;

/// <summary>HlsGenerate's estimates through real MSBuild: the logged table, the JSON file, its incrementality and the threshold property.</summary>
[TestClass]
public sealed class EstimatesTests
{
    [TestMethod]
    public void EstimatesAreLoggedWrittenAndRegeneratedWhenMissing()
    {
        var dir = NewWorkDir("estimates");
        CopyDir(Path.Combine(TestPaths.RepoRoot, "samples", "jet_tagger"), dir);
        var estimates = EstimatesFile(dir, "jet_tagger");

        var first = Dotnet(dir, "build", "jet_tagger.hlsproj", "-v:n", "-p:HlsCSimOnBuild=false");
        Assert.IsTrue(first.Succeeded, first.ToString());
        StringAssert.Contains(first.Output, "estimates before synthesis");
        StringAssert.Contains(first.Output, "total: ");
        var json = JObject.Parse(File.ReadAllText(estimates));
        Assert.IsGreaterThan(0, (int)json["total_multipliers"]!);
        Assert.IsTrue(json["layers"]!.Any(l => (string?)l["type"] == "Dense"));

        File.Delete(estimates);
        var again = Dotnet(dir, "build", "jet_tagger.hlsproj", "-v:n", "-p:HlsCSimOnBuild=false");
        Assert.IsTrue(again.Succeeded, again.ToString());
        StringAssert.Contains(again.Output, "GenerateHls: jet_tagger (", "a missing estimates file reruns generation");
        Assert.IsTrue(File.Exists(estimates));

        // A lower threshold is a setting change: generation reruns and warns with a concrete fix.
        var low = Dotnet(dir, "build", "jet_tagger.hlsproj", "-p:HlsCSimOnBuild=false", "-p:HlsUnrollWarningThreshold=100");
        Assert.IsTrue(low.Succeeded, low.ToString());
        StringAssert.Contains(low.Output, "warning HLS0308");
        StringAssert.Contains(low.Output, "Strategy=\"Resource\" ReuseFactor=\"");

        Assert.IsTrue(Dotnet(dir, "clean", "jet_tagger.hlsproj").Succeeded);
        Assert.IsFalse(File.Exists(estimates), "clean removes the estimates");
    }
}
