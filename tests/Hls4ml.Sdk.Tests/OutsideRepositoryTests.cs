using System.IO.Compression;
using System.Text.Json;
using System.Xml.Linq;
using static Hls4ml.Tests.MSBuildRunner;

namespace Hls4ml.Tests;

/// <summary>
/// The new user's flow, in a temporary folder outside the repository: install the templates from the packed feed,
/// `dotnet new hlsproj`, `dotnet build` → CSim summary; `dotnet new hlsext` builds and its tests pass.
/// </summary>
[TestClass]
public sealed class OutsideRepositoryTests
{
    private static string Feed => Path.Combine(TestPaths.RepoRoot, "artifacts", "packages");

    private static string Version => XDocument.Load(Path.Combine(TestPaths.RepoRoot, "Directory.Build.props"))
        .Descendants("Hls4mlVersion").Single().Value;

    [TestMethod]
    public void TemplatesFromTheFeedCreateProjectsThatBuildOutsideTheRepository()
    {
        var root = Path.Combine(Path.GetTempPath(), $"hls4ml-outside-{Guid.NewGuid():N}");
        Assert.IsFalse(Path.GetFullPath(root).StartsWith(TestPaths.RepoRoot, StringComparison.Ordinal), root);
        Directory.CreateDirectory(root);
        // A user's machine: its own template-engine settings and package cache (never the repository's).
        var env = new Dictionary<string, string?>
        {
            ["DOTNET_CLI_HOME"] = Path.Combine(root, "home"),
            ["NUGET_PACKAGES"] = Path.Combine(root, "packages"),
            ["DOTNET_SKIP_FIRST_TIME_EXPERIENCE"] = "1",
        };
        try
        {
            var install = Dotnet(root, env, "new", "install", $"Hls4ml.Templates::{Version}", "--add-source", Feed);
            Assert.IsTrue(install.Succeeded, install.ToString());
            var list = Dotnet(root, env, "new", "list", "hls");
            StringAssert.Contains(list.Output, "hlsproj", list.ToString());
            StringAssert.Contains(list.Output, "hlsext", list.ToString());

            // Command 1: the project (model and test data from the jet_tagger sample, as a user's own files).
            var sample = Path.Combine(TestPaths.RepoRoot, "samples", "jet_tagger");
            var created = Dotnet(root, env, "new", "hlsproj", "-n", "jets", "-o", "jets", "--model", "model.json", "--weights", "model_weights.h5",
                "--testdata", "input.dat", "--expected", "expected.dat", "--feed", Feed, "--precision", "ap_fixed<16,6>");
            Assert.IsTrue(created.Succeeded, created.ToString());
            foreach (var f in new[] { "model.json", "model_weights.h5", "input.dat", "expected.dat" })
                File.Copy(Path.Combine(sample, f), Path.Combine(root, "jets", f));
            var project = File.ReadAllText(Path.Combine(root, "jets", "jets.hlsproj"));
            StringAssert.Contains(project, $"Sdk=\"Hls4ml.Sdk/{Version}\"");
            StringAssert.Contains(project, "<HlsDefaultPrecision>ap_fixed&lt;16,6&gt;</HlsDefaultPrecision>");
            StringAssert.Contains(project, "<!-- <HlsClockPeriod>5</HlsClockPeriod> -->", "every property is there, commented");
            StringAssert.Contains(File.ReadAllText(Path.Combine(root, "jets", "NuGet.config")), Feed);

            // Command 2: build → convert, generate, C simulation summary.
            var build = Dotnet(Path.Combine(root, "jets"), env, "build");
            Assert.IsTrue(build.Succeeded, build.ToString());
            StringAssert.Contains(build.Output, "CSim accuracy summary for jets", build.Output);
            var summary = File.ReadAllText(SummaryFile(Path.Combine(root, "jets"), "jets"));
            StringAssert.Contains(summary, "vs expected");

            // The extension template: a class library with its tests, building and passing as created. The repository's
            // package folder is a read-only fallback so the test does not download MSTest again (same versions).
            var ext = Dotnet(root, env, "new", "hlsext", "-n", "Scale", "-o", "ext", "--feed", Feed);
            Assert.IsTrue(ext.Succeeded, ext.ToString());
            foreach (var f in new[] { "Scale.slnx", "Scale/Scale.csproj", "Scale/ScaleKerasHandler.cs", "Scale/ScaleDefinition.cs",
                                      "Scale/templates/scale_config.sbn", "Scale/nnet_utils/nnet_scale.h", "Scale/nnet_utils/nnet_scale_stream.h", "Scale.Tests/ScaleTests.cs" })
                Assert.IsTrue(File.Exists(Path.Combine(root, "ext", f)), f);
            var fallback = Path.Combine(TestPaths.RepoRoot, "artifacts", "nuget-packages");
            var test = Dotnet(Path.Combine(root, "ext"), env, "test", $"-p:RestoreAdditionalProjectFallbackFolders={fallback}");
            Assert.IsTrue(test.Succeeded, test.ToString());
            StringAssert.Contains(test.Output, "succeeded: 4", test.Output);
        }
        finally
        {
            Dotnet(root, env, "build-server", "shutdown");
            try { Directory.Delete(root, true); } catch (IOException) { } catch (UnauthorizedAccessException) { }
        }
    }

    /// <summary>The packages carry complete metadata, and the templates default to the SDK version being packed.</summary>
    [TestMethod]
    public void PackagesHaveCompleteMetadata()
    {
        foreach (var id in new[] { "Hls4ml.Sdk", "Hls4ml.Core", "Hls4ml.Templates" })
        {
            var nupkg = Path.Combine(Feed, $"{id}.{Version}.nupkg");
            Assert.IsTrue(File.Exists(nupkg), $"{nupkg} (build Hls4ml.sln first)");
            using var zip = ZipFile.OpenRead(nupkg);
            var nuspecEntry = zip.Entries.Single(e => e.FullName.EndsWith(".nuspec", StringComparison.Ordinal));
            using var stream = nuspecEntry.Open();
            var metadata = XDocument.Load(stream).Root!.Elements().Single(e => e.Name.LocalName == "metadata");
            string? Get(string name) => metadata.Elements().FirstOrDefault(e => e.Name.LocalName == name)?.Value;
            Assert.AreEqual("Apache-2.0", Get("license"), id);
            Assert.IsFalse(string.IsNullOrWhiteSpace(Get("projectUrl")), id);
            Assert.IsFalse(string.IsNullOrWhiteSpace(Get("description")), id);
            StringAssert.Contains(Get("tags") ?? "", "hls4ml", id);
            var readme = Get("readme");
            Assert.IsFalse(string.IsNullOrWhiteSpace(readme), id);
            Assert.IsTrue(zip.Entries.Any(e => e.FullName == readme), $"{id}: {readme} is in the package");
        }
        foreach (var template in new[] { "hlsproj", "hlsext" })
        {
            var json = JsonDocument.Parse(File.ReadAllText(Path.Combine(TestPaths.RepoRoot, "sdk", "Hls4ml.Templates", "templates", template, ".template.config", "template.json")));
            Assert.AreEqual(Version, json.RootElement.GetProperty("symbols").GetProperty("sdk-version").GetProperty("defaultValue").GetString(), template);
        }
    }
}
