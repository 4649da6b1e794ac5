using System.IO.Compression;
using static Hls4ml.Tests.MSBuildRunner;

namespace Hls4ml.Tests;

/// <summary>
/// Every clone packs Hls4ml.Sdk under the same version: a project must resolve the SDK packed by its own clone, never
/// one that another clone on the machine packed later (NuGet.config gives each clone its own package cache).
/// </summary>
[TestClass]
public sealed class SdkResolutionTests
{
    // A target in the project body prints where the SDK came from, without building a model.
    private const string ProbeProject = """
        <Project Sdk="Hls4ml.Sdk">
          <Target Name="Probe">
            <Message Importance="high" Text="SDKROOT=$(Hls4mlSdkRoot)" />
            <Message Importance="high" Text="MARKER=[$(Hls4mlCloneMarker)]" />
          </Target>
        </Project>
        """;

    private static (string Root, string Marker) Probe(string dir)
    {
        File.WriteAllText(Path.Combine(dir, "probe.hlsproj"), ProbeProject);
        var r = Dotnet(dir, "msbuild", "probe.hlsproj", "-t:Probe", "-nologo");
        Assert.IsTrue(r.Succeeded, r.ToString());
        string Value(string key) => r.Output.Split('\n').Select(l => l.Trim()).Single(l => l.StartsWith(key))[key.Length..];
        return (Path.GetFullPath(Value("SDKROOT=")), Value("MARKER="));
    }

    private static Guid Mvid(string assembly)
    {
        using var pe = new System.Reflection.PortableExecutable.PEReader(File.OpenRead(assembly));
        var md = System.Reflection.Metadata.PEReaderExtensions.GetMetadataReader(pe);
        return md.GetGuid(md.GetModuleDefinition().Mvid);
    }

    private static bool IsInside(string path, string folder) =>
        Path.GetFullPath(path).StartsWith(Path.TrimEndingDirectorySeparator(Path.GetFullPath(folder)) + Path.DirectorySeparatorChar, StringComparison.Ordinal);

    [TestMethod]
    public void ProjectInThisCloneUsesTheSdkBuiltFromThisClone()
    {
        var (root, _) = Probe(NewWorkDir("sdkprobe"));
        Assert.IsTrue(IsInside(root, TestPaths.RepoRoot), $"SDK resolved from {root}, outside this clone {TestPaths.RepoRoot}");

        // Same targets and templates as the sources, and the same Hls4ml.Core build these tests link.
        Assert.AreEqual(File.ReadAllText(Path.Combine(TestPaths.RepoRoot, "sdk", "Hls4ml.Sdk", "Sdk", "Sdk.targets")),
                        File.ReadAllText(Path.Combine(root, "Sdk", "Sdk.targets")));
        Assert.AreEqual(File.ReadAllText(Path.Combine(TestPaths.Templates, "hls", "ap_types", "ap_fixed.h")),
                        File.ReadAllText(Path.Combine(root, "templates", "hls", "ap_types", "ap_fixed.h")));
        var packedCore = Mvid(Path.Combine(root, "tasks", "net10.0", "Hls4ml.Core.dll"));
        Assert.AreEqual(typeof(Hls4ml.Diagnostics.DiagnosticCodes).Assembly.ManifestModule.ModuleVersionId, packedCore,
                        "the packed tasks carry a different Hls4ml.Core build than the one these tests were built with");
    }

    /// <summary>
    /// Clone B (a folder outside this repository with the same global.json and NuGet.config) packs an SDK of the same
    /// version with different content. B's projects get B's SDK; this clone's projects keep this clone's.
    /// </summary>
    [TestMethod]
    public void SecondCloneWithTheSameSdkVersionDoesNotReplaceThisClonesSdk()
    {
        var nupkg = Directory.GetFiles(Path.Combine(TestPaths.RepoRoot, "artifacts", "packages"), "Hls4ml.Sdk.*.nupkg").Single();
        var before = Probe(NewWorkDir("sdkprobe"));
        Assert.AreEqual("[]", before.Marker);

        var cloneB = TestPaths.NewTempDir("clone-b");
        try
        {
            File.Copy(Path.Combine(TestPaths.RepoRoot, "global.json"), Path.Combine(cloneB, "global.json"));
            File.Copy(Path.Combine(TestPaths.RepoRoot, "NuGet.config"), Path.Combine(cloneB, "NuGet.config"));
            var feedB = Path.Combine(cloneB, "artifacts", "packages");
            Directory.CreateDirectory(feedB);
            var nupkgB = Path.Combine(feedB, Path.GetFileName(nupkg));
            File.Copy(nupkg, nupkgB);
            // B's "pack": the same package with a marker property in Sdk.props.
            using (var zip = ZipFile.Open(nupkgB, ZipArchiveMode.Update))
            {
                var entry = zip.GetEntry("Sdk/Sdk.props")!;
                string props;
                using (var reader = new StreamReader(entry.Open())) props = reader.ReadToEnd();
                entry.Delete();
                var marked = props.Replace("<UsingHls4mlSdk>true</UsingHls4mlSdk>",
                                           "<UsingHls4mlSdk>true</UsingHls4mlSdk><Hls4mlCloneMarker>clone-b</Hls4mlCloneMarker>");
                Assert.AreNotEqual(props, marked);
                using var writer = new StreamWriter(zip.CreateEntry("Sdk/Sdk.props").Open());
                writer.Write(marked);
            }
            var projB = Path.Combine(cloneB, "proj");
            Directory.CreateDirectory(projB);

            var b = Probe(projB);
            Assert.AreEqual("[clone-b]", b.Marker, $"clone B resolved {b.Root}, not its own SDK");
            Assert.IsTrue(IsInside(b.Root, cloneB), b.Root);

            var after = Probe(NewWorkDir("sdkprobe"));
            Assert.AreEqual("[]", after.Marker, $"this clone now resolves clone B's SDK from {after.Root}");
            Assert.AreEqual(before.Root, after.Root);
            Assert.IsTrue(IsInside(after.Root, TestPaths.RepoRoot), after.Root);
        }
        finally
        {
            Directory.Delete(cloneB, true);
        }
    }
}
