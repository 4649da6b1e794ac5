using System.Text.RegularExpressions;
using Hls4ml.Config;
using Hls4ml.Diagnostics;
using Newtonsoft.Json;

namespace Hls4ml.Tests.Backends;

/// <summary>
/// Our generated projects against the ones hls4ml itself writes (../shared/fixtures/hls4ml-projects: six example
/// models × five configurations). Every structural difference (<see cref="HlsProjectStructure"/>) must match a rule
/// of the table in docs/hls4ml-differences.md, which says why it is deliberate; a new, undocumented difference fails
/// the test. The match rate per category is printed (HLS4ML_STRUCTURE_REPORT=file also writes every difference).
/// </summary>
[TestClass]
public sealed partial class Hls4mlStructureTests
{
    private static readonly (string Name, string Backend, string IOType, string Strategy, int ReuseFactor)[] Configurations =
    {
        ("c1", "Vivado", "io_parallel", "Latency", 1),
        ("c2", "Vivado", "io_parallel", "Resource", 4),
        ("c3", "Vivado", "io_stream", "Latency", 1),
        ("c4", "Vitis", "io_parallel", "Latency", 1),
        ("c5", "Vivado", "io_stream", "Resource", 4),
    };

    private static string DifferencesDoc => Path.Combine(TestPaths.RepoRoot, "docs", "hls4ml-differences.md");

    [TestMethod]
    [Timeout(900_000)]
    public void EveryDifferenceFromHls4mlsOwnProjectsIsDocumented()
    {
        var projects = TestPaths.RequireShared("fixtures", "hls4ml-projects");
        var models = TestPaths.RequireShared("models", "example-models", "keras");
        var rules = ReadRules();
        var pipeline = HlsPipeline.CreateDefault(TestPaths.Templates);
        var total = Categories();
        var matched = Categories();
        var undocumented = new List<string>();
        var all = new List<string>();
        var used = new HashSet<int>();
        var compared = 0;
        foreach (var modelDir in Directory.GetDirectories(projects).Order(StringComparer.Ordinal))
        {
            var model = Path.GetFileName(modelDir);
            var json = Path.Combine(models, model + ".json");
            if (!File.Exists(json)) continue;
            foreach (var c in Configurations)
            {
                var theirs = Path.Combine(modelDir, c.Name);
                if (!Directory.Exists(theirs)) continue;
                var ours = Path.Combine(TestPaths.NewTempDir("structure"), "prj");
                try
                {
                    var graph = pipeline.Convert(json, Path.Combine(models, model + "_weights.h5"));
                    var config = new HlsConfig { Backend = c.Backend, IOType = c.IOType, Strategy = c.Strategy, ReuseFactor = c.ReuseFactor };
                    // hls4ml replaced invalid reuse factors on its own (convert.log); we refuse them, so compare at its values.
                    foreach (var (layer, rf) in Hls4mlReuseFactors(theirs))
                        if (rf != c.ReuseFactor && graph.FindLayer(layer) is not null)
                            config.LayerNames[layer] = LayerSettings.Of(("ReuseFactor", rf.ToString()));
                    pipeline.Generate(graph, config, ours);
                    var differences = Compare(HlsProjectStructure.Read(theirs), HlsProjectStructure.Read(ours), total, matched);
                    compared++;
                    foreach (var d in differences)
                    {
                        all.Add($"{model}/{c.Name}: {d}");
                        var rule = rules.FindIndex(r => r.Pattern.IsMatch(d));
                        if (rule < 0) undocumented.Add($"{model}/{c.Name}: {d}");
                        else used.Add(rule);
                    }
                }
                catch (HlsException e) { undocumented.Add($"{model}/{c.Name}: our build failed: {e.Message}"); }
                finally { Directory.Delete(Path.GetDirectoryName(ours)!, true); }
            }
        }
        var summary = HlsProjectStructure.Categories
            .Select(c => $"{c}: {matched[c]}/{total[c]} hls4ml facts identical ({100.0 * matched[c] / Math.Max(1, total[c]):F1}%)")
            .Append($"{compared} projects compared, {all.Count} differences, {undocumented.Count} undocumented").ToList();
        summary.ForEach(Console.WriteLine);
        if (Environment.GetEnvironmentVariable("HLS4ML_STRUCTURE_REPORT") is { Length: > 0 } report)
            File.WriteAllLines(report, summary.Concat(all));
        Assert.AreEqual(30, compared, "model × configuration pairs compared");
        Assert.IsEmpty(undocumented, "differences from hls4ml's projects not documented in docs/hls4ml-differences.md:\n" + string.Join("\n", undocumented.Take(80)));
        var stale = rules.Where((r, i) => !used.Contains(i)).Select(r => r.Pattern.ToString()).ToList();
        Assert.IsEmpty(stale, "rules in docs/hls4ml-differences.md that no longer match any difference (remove them):\n" + string.Join("\n", stale));
    }

    [TestMethod]
    public void ConfigExpressionsAreEvaluatedAndTypesResolved()
    {
        var dir = TestPaths.NewTempDir("structure-unit");
        Directory.CreateDirectory(Path.Combine(dir, "firmware"));
        File.WriteAllText(Path.Combine(dir, "firmware", "defines.h"), "typedef ap_fixed<16,6> model_default_t;\ntypedef nnet::array<ap_fixed<16,6,AP_TRN,AP_WRAP,0>, 5*1> layer2_t;\n");
        File.WriteAllText(Path.Combine(dir, "firmware", "parameters.h"),
            "struct config2 : nnet::dense_config {\n    static const unsigned n_in = 16;\n    static const unsigned n_out = 5;\n" +
            "    static const unsigned reuse_factor = 3;\n    static const unsigned multiplier_limit = DIV_ROUNDUP(n_in * n_out, reuse_factor) - 0 / reuse_factor;\n" +
            "    typedef model_default_t accum_t;\n    template<class x_T, class y_T>\n    using product = nnet::product::mult<x_T, y_T>;\n};\n");
        File.WriteAllText(Path.Combine(dir, "firmware", "myproject.cpp"),
            "void myproject(input_t in_x[16], result_t out_y[5]) {\n    #pragma HLS ARRAY_PARTITION variable=out_y complete dim=0\n" +
            "    nnet::dense<input_t, layer2_t, config2>(in_x, out_y, w2, b2); // fc1\n}\n");
        var s = HlsProjectStructure.Read(dir);
        Assert.AreEqual("27", s.Facts[("config", "fc1.multiplier_limit")]);
        Assert.AreEqual("ap_fixed<16,6>", s.Facts[("config", "fc1.accum_t")]);
        Assert.AreEqual("product::mult", s.Facts[("config", "fc1.product")]);
        Assert.AreEqual("nnet::array<ap_fixed<16,6>,5>", s.Facts[("type", "fc1")]);
        Assert.AreEqual("dense", s.Facts[("call", "fc1")]);
        Assert.IsTrue(s.Facts.ContainsKey(("pragma", "ARRAY_PARTITION variable=port_out complete dim=0")), string.Join("\n", s.Facts.Keys));
    }

    private static Dictionary<string, int> Categories() => HlsProjectStructure.Categories.ToDictionary(c => c, _ => 0);

    /// <summary>Differences, one line each: "category layer&lt;function&gt;.field: hls4ml X, ours Y" (absent when missing).
    /// A layer hls4ml calls and we do not (e.g. a BatchNormalization we folded) is one "layer" difference; its facts
    /// count as unmatched but are not listed again. Config fields only we write are not differences (our library may
    /// need more); anything else only we write is.</summary>
    internal static List<string> Compare(HlsProjectStructure theirs, HlsProjectStructure ours, Dictionary<string, int> total, Dictionary<string, int> matched)
    {
        var differences = new List<string>();
        string Function(string layer) =>
            theirs.Facts.GetValueOrDefault(("call", layer)) ?? ours.Facts.GetValueOrDefault(("call", layer)) ?? "?";
        var missingLayers = theirs.Facts.Keys.Where(k => k.Category == "call" && !ours.Facts.ContainsKey(k)).Select(k => k.Key).ToHashSet(StringComparer.Ordinal);
        foreach (var layer in missingLayers.Order(StringComparer.Ordinal))
            differences.Add($"layer {layer}<{Function(layer)}>: hls4ml present, ours absent");
        string? LayerOf(string category, string key) => category switch
        {
            "pragma" => OutputReferenceRegex().Match(key) is { Success: true } m ? m.Groups[1].Value : null,
            "tcl" => null,
            _ => key.Split('.')[0],
        };
        string Describe(string category, string key)
        {
            if (category is "pragma" or "tcl") return $"{category} {OutputReferenceRegex().Replace(key, m => $"out({m.Groups[1].Value}<{Function(m.Groups[1].Value)}>)")}";
            var dot = key.IndexOf('.');
            var layer = dot < 0 ? key : key[..dot];
            return $"{category} {layer}<{Function(layer)}>{(dot < 0 ? "" : key[dot..])}";
        }
        foreach (var ((category, key), value) in theirs.Facts)
        {
            total[category]++;
            if (ours.Facts.TryGetValue((category, key), out var mine) && mine == value) { matched[category]++; continue; }
            if (LayerOf(category, key) is { } layer && missingLayers.Contains(layer)) continue;
            differences.Add($"{Describe(category, key)}: hls4ml {value}, ours {mine ?? "absent"}");
        }
        foreach (var ((category, key), value) in ours.Facts)
            if (category != "config" && !theirs.Facts.ContainsKey((category, key)))
                differences.Add($"{Describe(category, key)}: hls4ml absent, ours {value}");
        return differences;
    }

    [GeneratedRegex(@"out\(([^)]+)\)")] private static partial Regex OutputReferenceRegex();

    /// <summary>The per-layer reuse factors hls4ml used ("# gen.py reuse_factor per layer: {...}" in convert.log).</summary>
    private static Dictionary<string, int> Hls4mlReuseFactors(string projectDir)
    {
        var log = Path.Combine(projectDir, "convert.log");
        const string prefix = "# gen.py reuse_factor per layer: ";
        var line = File.Exists(log) ? File.ReadLines(log).FirstOrDefault(l => l.StartsWith(prefix, StringComparison.Ordinal)) : null;
        return line is null ? new() : JsonConvert.DeserializeObject<Dictionary<string, int>>(line[prefix.Length..]) ?? new();
    }

    private sealed record Rule(Regex Pattern, string Reason);

    /// <summary>The rules table of docs/hls4ml-differences.md: rows "| `regex` | reason |".</summary>
    private static List<Rule> ReadRules()
    {
        var rules = new List<Rule>();
        foreach (var line in File.ReadLines(DifferencesDoc))
        {
            var m = RuleRowRegex().Match(line);
            if (m.Success) rules.Add(new Rule(new Regex("^" + m.Groups[1].Value.Replace("\\|", "|") + "$", RegexOptions.CultureInvariant), m.Groups[2].Value.Trim()));
        }
        Assert.IsNotEmpty(rules, "no rules found in " + DifferencesDoc);
        foreach (var r in rules) Assert.IsGreaterThan(20, r.Reason.Length, $"rule {r.Pattern} needs a reason");
        return rules;
    }

    [GeneratedRegex(@"^\|\s*`(.+)`\s*\|(.+)\|\s*$")] private static partial Regex RuleRowRegex();
}
