using System.Text.RegularExpressions;
using Newtonsoft.Json.Linq;
using static Hls4ml.Tests.MSBuildRunner;

namespace Hls4ml.Tests;

/// <summary>
/// The profiling loop through real MSBuild on the planted-overflow model (tests/fixtures/profiling): the build warns
/// HLS0410 on fc2 with the fix; -t:HlsSuggestPrecision writes a .props that, imported, removes the overflow;
/// HlsTrace and -t:HlsProfile write their files.
/// </summary>
[TestClass]
public sealed class ProfilingTargetTests
{
    private static string PlantedProject()
    {
        var dir = NewWorkDir("planted");
        var fixture = Path.Combine(TestPaths.RepoRoot, "tests", "fixtures", "profiling");
        foreach (var f in new[] { "planted_overflow.onnx", "planted_overflow.input.dat", "planted_overflow.expected.dat" })
            File.Copy(Path.Combine(fixture, f), Path.Combine(dir, f));
        File.WriteAllText(Path.Combine(dir, "planted.hlsproj"), """
            <Project Sdk="Hls4ml.Sdk">
              <ItemGroup>
                <HlsModel Include="planted_overflow.onnx" />
                <HlsTestData Include="planted_overflow.input.dat" Expected="planted_overflow.expected.dat" />
              </ItemGroup>
              <Import Project="planted.precision.props" Condition="Exists('planted.precision.props')" />
            </Project>
            """);
        return dir;
    }

    private static List<string> Codes(string output, string code) =>
        Regex.Matches(output, $@"warning {code}: [^\n]*").Select(m => m.Value).Distinct().ToList();

    [TestMethod]
    public void PlantedOverflowIsWarnedAndTheSuggestedPrecisionsRemoveIt()
    {
        var dir = PlantedProject();
        var build = Dotnet(dir, "build", "planted.hlsproj");
        Assert.IsTrue(build.Succeeded, build.ToString());
        var warnings = Codes(build.Output, "HLS0410");
        Assert.HasCount(1, warnings, build.Output);
        StringAssert.Contains(warnings[0], "layer 'fc2'");
        StringAssert.Contains(warnings[0], "ResultPrecision=\"fixed(17,7)\" AccumPrecision=\"fixed(17,7)\"");

        var trace = Dotnet(dir, "build", "planted.hlsproj", "-p:HlsTrace=true");
        Assert.IsTrue(trace.Succeeded, trace.ToString());
        var index = JObject.Parse(File.ReadAllText(Path.Combine(dir, "bin", "planted_trace", "layers.json")));
        Assert.AreEqual(48, (int)index["rows"]!);
        Assert.HasCount(5, (JArray)index["layers"]!);
        Assert.HasCount(48, File.ReadAllLines(Path.Combine(dir, "bin", "planted_trace", "04_fc2.csim.dat")));

        var suggest = Dotnet(dir, "build", "planted.hlsproj", "-t:HlsSuggestPrecision", "-p:HlsPrecisionTolerance=0.02");
        Assert.IsTrue(suggest.Succeeded, suggest.ToString());
        StringAssert.Contains(suggest.Output, "bits saved vs ap_fixed<16,6> everywhere");
        var props = File.ReadAllText(Path.Combine(dir, "planted.precision.props"));
        StringAssert.Contains(props, "<HlsLayerConfig Include=\"fc2\"");

        // The project imports the props when it exists: the overflow is gone.
        var rebuilt = Dotnet(dir, "build", "planted.hlsproj");
        Assert.IsTrue(rebuilt.Succeeded, rebuilt.ToString());
        Assert.IsEmpty(Codes(rebuilt.Output, "HLS0410"), rebuilt.Output);
        Assert.IsEmpty(Codes(rebuilt.Output, "HLS0406"), rebuilt.Output);
    }

    [TestMethod]
    public void ProfileTargetWritesJsonAndHtmlAndPrintsTheSummary()
    {
        var dir = PlantedProject();
        var r = Dotnet(dir, "build", "planted.hlsproj", "-t:HlsProfile");
        Assert.IsTrue(r.Succeeded, r.ToString());
        StringAssert.Contains(r.Output, "Profile of planted: 48 rows");
        StringAssert.Contains(r.Output, "overflow in 1 layer(s): fc2");
        StringAssert.Contains(r.Output, "1. fc2 (Dense");
        var json = JObject.Parse(File.ReadAllText(Path.Combine(dir, "bin", "planted_profile", "hls-profile.json")));
        var layers = (JArray)json["layers"]!;
        Assert.HasCount(5, layers);
        Assert.AreEqual("fc2", (string)layers.Single(l => (int)l["rank"]! == 1)["name"]!);
        var html = File.ReadAllText(Path.Combine(dir, "bin", "planted_profile", "hls-profile.html"));
        Assert.AreEqual(5, Regex.Matches(html, "<svg class=\"layer-plot\"").Count);
        Assert.IsFalse(Regex.IsMatch(html, @"<script|<link|@import|url\(|src=", RegexOptions.IgnoreCase), "self-contained: no scripts, links or fetched resources");

        var missing = Dotnet(dir, "build", "planted.hlsproj", "-t:HlsSuggestPrecision");
        AssertCodedFailure(missing, "HLS0010", "HlsPrecisionTolerance");
    }
}
