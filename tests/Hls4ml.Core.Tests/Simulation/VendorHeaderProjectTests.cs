using System.Diagnostics;
using System.Security.Cryptography;
using System.Text;
using System.Text.RegularExpressions;
using Hls4ml.Config;
using Hls4ml.Diagnostics;
using Hls4ml.Simulation;
using Hls4ml.Tests.Backends;

namespace Hls4ml.Tests.Simulation;

/// <summary>
/// The generated projects compile with the headers the HLS tools use and predict exactly what our C simulation
/// predicts. Each project (every sample and every fixture model of <see cref="GeneratedSnapshotTests"/>, io_parallel and
/// io_stream) is compiled like `csim_design` would: firmware and testbench against Xilinx's ap_int/ap_fixed
/// (../shared/vendor/xilinx-ap-types) and tests/cpp/vendor_api/hls_stream.h (the documented hls::stream API and nothing
/// more), without our ap_types folder on the include path at all, at -std=c++11 (build_prj.tcl's -std=c++0x),
/// without HLS4ML_SDK_CSIM. It runs in the project folder (WEIGHTS_DIR relative, as in the tool) on the model's test
/// inputs; its results file must be byte-identical to our CSim's, with a clean exit and nothing on stderr.
///
/// Runtime: generating every project takes seconds, compiling one against the vendor headers ~5 s of CPU. By default
/// the test compiles every sample plus the smallest set of fixture projects (chosen greedily) that together use every
/// nnet function, configuration enum and generated layer-function kind any fixture project uses, in both io types; HLS4ML_VENDOR_ALL=1 compiles every distinct project. Identical projects
/// (e.g. a model's .json and .keras forms) are compiled once, and vendor binaries are cached by content hash (project,
/// inputs, vendor headers, stub, flags) under the temp folder, so reruns only execute.
/// </summary>
[TestCategory("Cxx")]   // may run g++ (C simulation); excluded by --filter "TestCategory!=Cxx"
[TestClass]
public sealed class VendorHeaderProjectTests
{
    private const string AllVariable = "HLS4ML_VENDOR_ALL";
    private static readonly string[] VendorFlags = ["-std=c++11", "-O1", "-fno-strict-aliasing", "-DWEIGHTS_DIR=\"firmware/weights\""];

    public TestContext TestContext { get; set; } = null!;

    [TestMethod]
    [Timeout(7_200_000)]
    public void GeneratedProjectsPredictIdenticallyWithTheVendorHeaders()
    {
        var vendor = TestPaths.RequireShared("vendor", "xilinx-ap-types");
        var stub = Path.Combine(TestPaths.RepoRoot, "tests", "cpp", "vendor_api");
        var all = Environment.GetEnvironmentVariable(AllVariable) == "1";
        var work = TestPaths.NewTempDir("vendor");
        var toolKey = Hash(HashFolder(vendor) + HashFolder(stub) + string.Join(" ", VendorFlags));
        var vendorCache = Path.Combine(Path.GetTempPath(), "hls4ml-tests", "vendor-cache");
        var csimCache = Path.Combine(Path.GetTempPath(), "hls4ml-tests", "csim-cache");

        try { Check(work, vendor, stub, all, toolKey, vendorCache, csimCache); }
        finally
        {
            // HLS4ML_VENDOR_KEEP=1 keeps the generated projects for inspection.
            if (Environment.GetEnvironmentVariable("HLS4ML_VENDOR_KEEP") == "1") Log($"projects kept in {work}");
            else Directory.Delete(work, true);
        }
    }

    private void Check(string work, string vendor, string stub, bool all, string toolKey, string vendorCache, string csimCache)
    {
        var projects = GenerateAll(work);
        Assert.IsTrue(projects.Any(p => p.IoType == "io_stream") && projects.Any(p => p.IoType == "io_parallel"), "both io types generated");
        var selected = all ? projects : Representative(projects);
        Log($"{projects.Count} distinct projects generated ({projects.Sum(p => p.Keys.Count)} model/io-type pairs); " +
                              $"checking {selected.Count}{(all ? "" : $" (set {AllVariable}=1 for all)")}");

        var failures = new List<string>();
        var runner = new CSimRunner();
        int identical = 0;
        foreach (var p in selected)
        {
            var name = string.Join(", ", p.Keys);
            try
            {
                var ours = Path.Combine(p.Dir, "..", "ours.dat");
                runner.Run(runner.Compile(p.Dir, "myproject", csimCache), p.Dir, p.Input, ours);
                var binary = CompileWithVendorHeaders(p, vendor, stub, Path.Combine(vendorCache, Hash(toolKey + p.Hash)[..24]));
                var theirs = Path.Combine(p.Dir, "..", "vendor.dat");
                var (code, stdout, stderr) = Execute(binary, [p.Input, theirs], p.Dir);
                if (code != 0 || stderr.Trim().Length > 0)
                    failures.Add($"{name}: vendor-header build exited {code}: {First(stderr + stdout)}");
                else if (!File.ReadAllBytes(ours).AsSpan().SequenceEqual(File.ReadAllBytes(theirs)))
                    failures.Add($"{name}: predictions differ ({FirstDifference(ours, theirs)})");
                else identical++;
            }
            catch (Exception e) when (e is HlsException or InvalidOperationException)
            {
                failures.Add($"{name}: {First(e.Message)}");
            }
        }
        Log($"{identical} of {selected.Count} projects ({selected.Sum(p => p.Keys.Count)} model/io-type pairs) " +
                              $"predict byte-identically with the vendor headers ({selected.Count(p => p.IoType == "io_stream")} io_stream)");
        Assert.IsEmpty(failures, string.Join("\n", failures));
        if (!all) Assert.IsGreaterThanOrEqualTo(12, selected.Count, "representative subset");
    }

    private void Log(string message)
    {
        TestContext.WriteLine(message);
        Console.WriteLine(message);
    }

    private sealed record Project(string Dir, string IoType, string Input, string Hash, List<string> Keys, HashSet<string> Features, bool Sample);

    /// <summary>Every model with test inputs, in both io types; projects with identical sources and inputs merged.</summary>
    private static List<Project> GenerateAll(string work)
    {
        var pipeline = HlsPipeline.CreateDefault(TestPaths.Templates);
        var byHash = new Dictionary<string, Project>();
        var result = new List<Project>();
        int n = 0;
        foreach (var (key, model, weights) in GeneratedSnapshotTests.Models())
        {
            var input = InputFor(model);
            if (input is null) continue;
            foreach (var ioType in HlsConfig.IOTypes)
            {
                var dir = Path.Combine(work, $"p{n++}", "prj");
                try { pipeline.Generate(pipeline.Convert(model, weights), new HlsConfig { ProjectName = "myproject", IOType = ioType }, dir); }
                catch (HlsException) { continue; } // a model the snapshot records as refused (custom_layer without its extension)
                var hash = HashProject(dir, input);
                var label = $"{key} {ioType}";
                if (byHash.TryGetValue(hash, out var same)) { same.Keys.Add(label); Directory.Delete(Path.GetDirectoryName(dir)!, true); continue; }
                var p = new Project(dir, ioType, input, hash, [label], Features(dir, ioType), key.StartsWith("samples/", StringComparison.Ordinal));
                byHash[hash] = p;
                result.Add(p);
            }
        }
        return result;
    }

    /// <summary>name.input.dat beside a fixture model, input.dat in a sample folder.</summary>
    private static string? InputFor(string model)
    {
        var dir = Path.GetDirectoryName(model)!;
        var own = Path.Combine(dir, Path.GetFileNameWithoutExtension(model) + ".input.dat");
        if (File.Exists(own)) return own;
        var shared = Path.Combine(dir, "input.dat");
        return File.Exists(shared) ? shared : null;
    }

    /// <summary>
    /// What a project exercises in the headers: nnet functions and configuration enums and kinds of generated layer
    /// functions, per io type.
    /// </summary>
    private static HashSet<string> Features(string dir, string ioType)
    {
        var features = new HashSet<string>(StringComparer.Ordinal);
        foreach (var file in Directory.EnumerateFiles(Path.Combine(dir, "firmware"), "*", SearchOption.AllDirectories))
        {
            var rel = Path.GetRelativePath(dir, file).Replace('\\', '/');
            if (rel.StartsWith("firmware/nnet_utils/", StringComparison.Ordinal) || rel.StartsWith("firmware/ap_types/", StringComparison.Ordinal)
                || rel.StartsWith("firmware/weights/", StringComparison.Ordinal)) continue;
            var text = File.ReadAllText(file);
            // ap types and quantization/overflow modes are cross-checked on their own (tests/cpp/ap_types); here what a
            // project can get wrong with the vendor API is which nnet functions and generated kinds it instantiates.
            foreach (Match m in Regex.Matches(text, @"nnet::\w+(?:::\w+)?|static void ([a-z_]+?)\d*\("))
                features.Add(ioType + " " + (m.Groups[1].Success ? "fn " + m.Groups[1].Value : m.Value));
        }
        return features;
    }

    /// <summary>
    /// Every sample, then greedily the fixture project covering most features not yet covered, until all are or the
    /// CI budget of projects is reached (HLS4ML_VENDOR_MAX, default 12; the log says how many features that leaves out,
    /// HLS4ML_VENDOR_ALL=1 checks every project).
    /// </summary>
    private static List<Project> Representative(List<Project> projects)
    {
        int max = int.TryParse(Environment.GetEnvironmentVariable("HLS4ML_VENDOR_MAX"), out var m) && m > 0 ? m : 12;
        var chosen = projects.Where(p => p.Sample).ToList();
        var covered = new HashSet<string>(chosen.SelectMany(p => p.Features), StringComparer.Ordinal);
        var rest = projects.Where(p => !p.Sample).ToList();
        while (true)
        {
            var best = rest.Select(p => (p, gain: p.Features.Count(f => !covered.Contains(f)))).Where(x => x.gain > 0)
                .OrderByDescending(x => x.gain).Select(x => x.p).FirstOrDefault();
            if (best is null) break;
            if (chosen.Count >= max)
            {
                var left = rest.SelectMany(p => p.Features).Where(f => !covered.Contains(f)).Distinct().Count();
                Console.WriteLine($"vendor check stops at {max} projects (HLS4ML_VENDOR_MAX); {left} features of other projects are not compiled against the vendor headers in this run");
                break;
            }
            chosen.Add(best);
            covered.UnionWith(best.Features);
            rest.Remove(best);
        }
        return chosen;
    }

    /// <summary>Compiles the two translation units (concurrently) and links them, or reuses the cached binary.</summary>
    private static string CompileWithVendorHeaders(Project p, string vendor, string stub, string cacheDir)
    {
        var binary = Path.Combine(cacheDir, "vendor_csim");
        if (File.Exists(binary)) return binary;
        var build = cacheDir + ".building-" + Guid.NewGuid().ToString("N")[..8];
        Directory.CreateDirectory(build);
        try
        {
            // Vendor headers first; our firmware/ap_types is not on the path, so nothing of ours can fill a gap.
            string[] includes = ["-I", vendor, "-I", stub, "-I", Path.Combine(p.Dir, "firmware")];
            string[] units = [Path.Combine(p.Dir, "myproject_test.cpp"), Path.Combine(p.Dir, "firmware", "myproject.cpp")];
            var compiles = units.Select((u, i) => Task.Run(() =>
                Execute("g++", [.. VendorFlags, .. includes, "-c", u, "-o", Path.Combine(build, $"unit{i}.o")], p.Dir))).ToArray();
            Task.WaitAll(compiles);
            foreach (var c in compiles)
                if (c.Result.Code != 0) throw new InvalidOperationException("vendor-header compile failed: " + c.Result.Stderr);
            var linked = Execute("g++", [Path.Combine(build, "unit0.o"), Path.Combine(build, "unit1.o"), "-o", Path.Combine(build, "vendor_csim")], p.Dir);
            if (linked.Code != 0) throw new InvalidOperationException("vendor-header link failed: " + linked.Stderr);
            if (Directory.Exists(cacheDir)) Directory.Delete(cacheDir, true);
            Directory.Move(build, cacheDir);
            return binary;
        }
        finally
        {
            if (Directory.Exists(build)) Directory.Delete(build, true);
        }
    }

    private static (int Code, string Stdout, string Stderr) Execute(string file, IEnumerable<string> args, string workDir)
    {
        var psi = new ProcessStartInfo(file) { WorkingDirectory = workDir, RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var a in args) psi.ArgumentList.Add(a);
        using var process = Process.Start(psi)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        process.WaitForExit();
        return (process.ExitCode, stdout.Result, stderr.Result);
    }

    /// <summary>The project's sources (the header line naming the model file excepted) and its test inputs.</summary>
    private static string HashProject(string dir, string input)
    {
        var text = new StringBuilder();
        foreach (var rel in Directory.EnumerateFiles(dir, "*", SearchOption.AllDirectories)
                     .Select(f => Path.GetRelativePath(dir, f).Replace('\\', '/')).Order(StringComparer.Ordinal))
        {
            var content = File.ReadAllText(Path.Combine(dir, rel));
            if (content.StartsWith("// ", StringComparison.Ordinal) && content.Contains("generated by Hls4ml.Sdk", StringComparison.Ordinal))
                content = content[(content.IndexOf('\n') + 1)..];
            text.Append(rel).Append('\n').Append(Hash(content)).Append('\n');
        }
        return Hash(text + File.ReadAllText(input));
    }

    private static string HashFolder(string dir) => Hash(string.Concat(Directory.EnumerateFiles(dir, "*", SearchOption.AllDirectories)
        .Order(StringComparer.Ordinal).Select(f => Path.GetRelativePath(dir, f) + "\n" + Hash(File.ReadAllText(f)))));

    private static string Hash(string s) => Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(s))).ToLowerInvariant();

    private static string First(string text) => string.Join(" | ", text.Split('\n', StringSplitOptions.RemoveEmptyEntries).Take(6));

    private static string FirstDifference(string a, string b)
    {
        var x = File.ReadAllLines(a);
        var y = File.ReadAllLines(b);
        if (x.Length != y.Length) return $"{x.Length} vs {y.Length} rows";
        for (int i = 0; i < x.Length; i++)
            if (x[i] != y[i]) return $"row {i + 1}: ours '{x[i]}', vendor '{y[i]}'";
        return "line endings";
    }
}
