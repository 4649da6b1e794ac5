using System.Security.Cryptography;
using System.Text;
using Hls4ml.Backends;
using Hls4ml.Config;
using Hls4ml.Diagnostics;
using Newtonsoft.Json;

namespace Hls4ml.Tests.Backends;

/// <summary>
/// Refactoring guard: the generated project of every model under tests/fixtures and samples/, in io_parallel and
/// io_stream, must stay byte-identical to tests/fixtures/generated-projects.json (the header line naming the SDK
/// version excepted; the verbatim copies of templates/hls are not generated and are not compared). A deliberate change
/// to generated code updates the snapshot: HLS4ML_UPDATE_SNAPSHOT=1 dotnet test ... --filter GeneratedSnapshot.
/// </summary>
[TestClass]
public sealed class GeneratedSnapshotTests
{
    private static string SnapshotFile => Path.Combine(TestPaths.Fixtures, "generated-projects.json");

    [TestMethod]
    public void EveryFixtureGeneratesTheSnapshotProject()
    {
        var actual = new SortedDictionary<string, string>(StringComparer.Ordinal);
        var pipeline = HlsPipeline.CreateDefault(TestPaths.Templates);
        foreach (var (key, model, weights) in Models())
        {
            Hls4ml.Ir.ModelGraph graph;
            try { graph = pipeline.Convert(model, weights); }
            catch (HlsException e) { actual[key] = "convert " + e.Diagnostic.Code; continue; }
            foreach (var ioType in HlsConfig.IOTypes)
            {
                var dir = Path.Combine(TestPaths.NewTempDir("snapshot"), "prj");
                try
                {
                    // Each io type converts afresh: the backend flow changes the graph it is given.
                    pipeline.Generate(ioType == "io_parallel" ? graph : pipeline.Convert(model, weights), new HlsConfig { IOType = ioType }, dir);
                    actual[$"{key} {ioType}"] = HashProject(dir);
                }
                catch (HlsException e) { actual[$"{key} {ioType}"] = "generate " + e.Diagnostic.Code; }
                finally { if (Directory.Exists(dir)) Directory.Delete(dir, true); }
            }
        }
        Assert.IsGreaterThan(100, actual.Count, "fixtures found");
        if (Environment.GetEnvironmentVariable("HLS4ML_UPDATE_SNAPSHOT") == "1")
            File.WriteAllText(SnapshotFile, JsonConvert.SerializeObject(actual, Formatting.Indented) + "\n");
        var expected = JsonConvert.DeserializeObject<SortedDictionary<string, string>>(File.ReadAllText(SnapshotFile))!;
        var differences = expected.Keys.Union(actual.Keys)
            .Where(k => !expected.TryGetValue(k, out var e) || !actual.TryGetValue(k, out var a) || e != a)
            .Select(k => $"{k}: expected {expected.GetValueOrDefault(k, "(none)")}, got {actual.GetValueOrDefault(k, "(none)")}")
            .ToList();
        Assert.IsEmpty(differences, "generated projects changed (HLS4ML_UPDATE_SNAPSHOT=1 updates the snapshot when intended):\n" + string.Join("\n", differences));
    }

    /// <summary>Every model file of the fixtures and samples: (snapshot key, model, weights).</summary>
    internal static IEnumerable<(string Key, string Model, string? Weights)> Models()
    {
        var roots = new[] { TestPaths.Fixtures, Path.Combine(TestPaths.RepoRoot, "samples") };
        foreach (var root in roots)
            foreach (var file in Directory.EnumerateFiles(root, "*", SearchOption.AllDirectories).Order(StringComparer.Ordinal))
            {
                var rel = Path.GetRelativePath(TestPaths.RepoRoot, file).Replace('\\', '/');
                if (rel.Contains("/bin/") || rel.Contains("/obj/") || rel.Contains("/hostile/") || rel.Contains("node_modules")) continue;
                var ext = Path.GetExtension(file);
                if (ext is ".h5" && file.EndsWith("_weights.h5", StringComparison.Ordinal)) continue;
                if (ext is ".json")
                {
                    var weights = Path.Combine(Path.GetDirectoryName(file)!, Path.GetFileNameWithoutExtension(file) + "_weights.h5");
                    if (!File.Exists(weights)) weights = Path.Combine(Path.GetDirectoryName(file)!, "model_weights.h5");
                    if (!File.Exists(weights)) continue;
                    yield return (rel, file, weights);
                }
                else if (ext is ".h5" or ".keras" or ".onnx") yield return (rel, file, null);
            }
    }

    private static string HashProject(string dir)
    {
        using var sha = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        foreach (var file in Directory.EnumerateFiles(dir, "*", SearchOption.AllDirectories)
                     .Select(f => Path.GetRelativePath(dir, f).Replace('\\', '/')).Order(StringComparer.Ordinal))
        {
            if (file.StartsWith("firmware/nnet_utils/", StringComparison.Ordinal) || file.StartsWith("firmware/ap_types/", StringComparison.Ordinal)) continue;
            var text = File.ReadAllText(Path.Combine(dir, file));
            // The top file's first line names the SDK version, which changes with every release.
            if (text.StartsWith("// ", StringComparison.Ordinal) && text.Contains("generated by Hls4ml.Sdk", StringComparison.Ordinal))
                text = text[(text.IndexOf('\n') + 1)..];
            sha.AppendData(Encoding.UTF8.GetBytes(file + "\n" + text + "\0"));
        }
        return Convert.ToHexString(sha.GetHashAndReset())[..16].ToLowerInvariant();
    }
}
