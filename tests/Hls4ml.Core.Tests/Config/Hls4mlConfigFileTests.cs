using Hls4ml.Config;
using Hls4ml.Diagnostics;
using Hls4ml.Extensibility;
using Hls4ml.Passes;
using Hls4ml.Types;

namespace Hls4ml.Tests.Configuration;

/// <summary>hls4ml configuration files (config.yml / .json) read by the library, without MSBuild.</summary>
[TestClass]
public sealed class Hls4mlConfigFileTests
{
    private static readonly HlsRegistry Registry = HlsRegistry.CreateDefault();

    private static string Write(string dir, string name, string text)
    {
        var path = Path.Combine(dir, name);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllText(path, text);
        return path;
    }

    private static Hls4mlConfigFile ParseText(string text, string name = "config.yml")
    {
        var dir = TestPaths.NewTempDir("cfg");
        return Hls4mlConfigFile.Read(Write(dir, name, text));
    }

    private static HlsException Fails(string text, string code, string name = "config.yml")
    {
        var e = Assert.ThrowsExactly<HlsException>(() => ParseText(text, name));
        Assert.AreEqual(code, e.Diagnostic.Code, e.Message);
        return e;
    }

    [TestMethod]
    public void TopLevelKeysBecomeProjectSettings()
    {
        var dir = TestPaths.NewTempDir("cfg");
        Write(dir, "model.json", "{}");
        Write(dir, "model_weights.h5", "");
        var file = Hls4mlConfigFile.Read(Write(dir, "config.yml", """
            KerasJson: model.json
            KerasH5:   model_weights.h5
            OutputDir: my-hls-test
            ProjectName: myproject
            XilinxPart: xcku115-flvb2104-2-i
            ClockPeriod: 5
            ClockUncertainty: 0.6
            Backend: vitis
            IOType: io_stream # a comment
            Version: 2.0.1
            MaximumSize: 8192
            HLSConfig:
              Model:
                Precision: ap_fixed<18,8>
                ReuseFactor: 4
                Strategy: resource
                BramFactor: 1_000_000_000
            """));
        Assert.AreEqual(0, file.Diagnostics.Count, string.Join("\n", file.Diagnostics));
        Assert.AreEqual("KerasJson", file.Model!.Key);
        Assert.AreEqual(Path.Combine(dir, "model.json"), file.Model.Model);
        Assert.AreEqual(Path.Combine(dir, "model_weights.h5"), file.Model.Weights);
        Assert.AreEqual(1, file.Model.Line);
        string P(ConfigProperty p) => file.Properties[p].Value;
        Assert.AreEqual("my-hls-test", P(ConfigProperty.OutputDir));
        Assert.AreEqual("myproject", P(ConfigProperty.ProjectName));
        Assert.AreEqual("xcku115-flvb2104-2-i", P(ConfigProperty.Part));
        Assert.AreEqual("5", P(ConfigProperty.ClockPeriod));
        Assert.AreEqual("0.6", P(ConfigProperty.ClockUncertainty));
        Assert.AreEqual("Vitis", P(ConfigProperty.Backend), "hls4ml's backend names are case-insensitive");
        Assert.AreEqual("io_stream", P(ConfigProperty.IOType));
        Assert.AreEqual("2.0.1", P(ConfigProperty.Version));
        Assert.AreEqual("8192", P(ConfigProperty.MaximumPartitionSize));
        Assert.AreEqual("ap_fixed<18,8>", P(ConfigProperty.DefaultPrecision));
        Assert.AreEqual("4", P(ConfigProperty.ReuseFactor));
        Assert.AreEqual("Resource", P(ConfigProperty.Strategy));
        Assert.AreEqual("1000000000", P(ConfigProperty.BramFactor));
        Assert.AreEqual(9, file.Properties[ConfigProperty.IOType].Line);

        var config = new HlsConfig();
        file.ApplyTo(config, new HashSet<ConfigProperty> { ConfigProperty.Backend });
        Assert.AreEqual("Vivado", config.Backend, "a property the project sets is kept");
        Assert.AreEqual("xcku115-flvb2104-2-i", config.Part);
        Assert.AreEqual(5.0, config.ClockPeriod);
        Assert.AreEqual("io_stream", config.IOType);
        Assert.AreEqual(new FixedPrecision(18, 8), config.DefaultPrecision);
        Assert.AreEqual(4, config.ReuseFactor);
        Assert.AreEqual("Resource", config.Strategy);
        Assert.AreEqual(1_000_000_000L, config.BramFactor);
        Assert.AreEqual(8192, config.MaximumPartitionSize);
        config.Validate();
    }

    [TestMethod]
    public void JsonFilesHaveTheSameKeys()
    {
        var file = ParseText("""
            { "OnnxModel": "m.onnx", "Part": "xc7z020clg400-1", "IOType": "io_parallel",
              "HLSConfig": { "Model": { "Precision": { "default": "fixed<16,6>", "maximum": "fixed<32,16>" }, "ReuseFactor": 1 },
                             "LayerName": { "fc1": { "Precision": { "weight": "ap_fixed<8,3>" }, "ReuseFactor": 2 } } } }
            """, "config.json");
        Assert.AreEqual("OnnxModel", file.Model!.Key);
        Assert.IsFalse(file.Model.Exists);
        Assert.AreEqual("fixed<16,6>", file.Properties[ConfigProperty.DefaultPrecision].Value);
        Assert.AreEqual("ap_fixed<8,3>", file.LayerNames["fc1"].Values["WeightPrecision"]);
        Assert.AreEqual("2", file.LayerNames["fc1"].Values["ReuseFactor"]);
        Assert.IsEmpty(file.Diagnostics);
        Assert.AreEqual("fixed<32,16>", file.Properties[ConfigProperty.MaximumPrecision].Value);
    }

    [TestMethod]
    public void LayerSectionsUseTheItemKeys()
    {
        var file = ParseText("""
            HLSConfig:
              LayerType:
                Dense:
                  Precision:
                    accum: ap_fixed<18, 8>
                    result: ap_fixed<16, 6, AP_RND, AP_SAT>
                  Strategy: Latency
              LayerName:
                softmax:
                  Precision: ap_fixed<16,6>
                  ReuseFactor: 1
                  Trace: true
                  exp_table_t: ap_fixed<18,8>
                  inv_table_t: ap_fixed<18,4>
                  table_size: 1024
                activation_3:
                  Strategy: Stable
                fc1:
                  Precision:
                    default: ap_fixed<10,4>
                    weight: auto
                  Compression: false
                  ParallelizationFactor: 2
            """);
        var dense = file.LayerTypes["Dense"];
        Assert.AreEqual("ap_fixed<18, 8>", dense.Values["AccumPrecision"]);
        Assert.AreEqual("ap_fixed<16, 6, AP_RND, AP_SAT>", dense.Values["ResultPrecision"]);
        Assert.AreEqual("Latency", dense.Values["Strategy"]);
        Assert.AreEqual(file.Path, dense.ConfigFile);
        Assert.AreEqual(5, dense.ConfigFileKeys["AccumPrecision"], "each key keeps its line");
        Assert.IsTrue(dense.FromConfigFileOnly);

        var softmax = file.LayerNames["softmax"].Values;
        CollectionAssert.AreEquivalent(new[] { "Precision", "ReuseFactor", "ExpTablePrecision", "InvTablePrecision", "TableSize" }, softmax.Keys.ToArray());
        Assert.AreEqual("ap_fixed<18,4>", softmax["InvTablePrecision"]);
        Assert.AreEqual("1024", softmax["TableSize"]);
        Assert.AreEqual("stable", file.LayerNames["activation_3"].Values["Implementation"]);
        Assert.AreEqual("ap_fixed<10,4>", file.LayerNames["fc1"].Values["Precision"]);
        Assert.AreEqual("auto", file.LayerNames["fc1"].Values["WeightPrecision"], "'auto' passes through for precision inference");
        Assert.AreEqual("2", file.LayerNames["fc1"].Values["ParallelizationFactor"]);

        // Trace: true and Strategy: Stable are reported; Compression: false asks for nothing.
        var codes = file.Diagnostics.Select(d => (d.Code, d.Line)).ToList();
        CollectionAssert.AreEquivalent(new[] { ("HLS0022", 12), ("HLS0022", 17) }, codes, string.Join("\n", file.Diagnostics));
    }

    [TestMethod]
    public void KeysNotUnderstoodAreWarningsNamingTheKey()
    {
        var file = ParseText("""
            KerasJson: m.json
            OutputDirectory: out
            Stamp: 1a2b3c
            WriterConfig:
              Namespace: ns
            HLSConfig:
              Modle:
                Precision: ap_fixed<8,3>
              Model:
                ReuseFactr: 2
                TraceOutput: false
              Flows: [vivado:fifo_depth_optimization]
            """);
        var byLine = file.Diagnostics.ToDictionary(d => d.Line);
        Assert.AreEqual("HLS0021", byLine[2].Code);
        StringAssert.Contains(byLine[2].Message, "'OutputDirectory'");
        StringAssert.Contains(byLine[2].Message, "did you mean OutputDir?");
        Assert.AreEqual(file.Path, byLine[2].File);
        Assert.AreEqual("HLS0026", byLine[3].Code);
        Assert.AreEqual(DiagnosticSeverity.Info, byLine[3].Severity);
        Assert.AreEqual("HLS0022", byLine[4].Code);
        Assert.AreEqual("HLS0021", byLine[7].Code);
        StringAssert.Contains(byLine[7].Message, "'Modle' in HLSConfig");
        Assert.AreEqual("HLS0021", byLine[10].Code);
        StringAssert.Contains(byLine[10].Message, "did you mean ReuseFactor?");
        Assert.AreEqual("HLS0022", byLine[12].Code);
        Assert.AreEqual(6, file.Diagnostics.Count, string.Join("\n", file.Diagnostics));
        Assert.IsFalse(file.Properties.ContainsKey(ConfigProperty.ReuseFactor));
        Assert.IsFalse(file.Properties.ContainsKey(ConfigProperty.DefaultPrecision), "a misspelled section is not read");
    }

    [TestMethod]
    public void BoardGivesThePartWhenNoneIsSet()
    {
        var file = ParseText("Backend: VivadoAccelerator\nBoard: pynq-z2\n");
        Assert.AreEqual("xc7z020clg400-1", file.Properties[ConfigProperty.Part].Value);
        Assert.AreEqual("Vivado", file.Properties[ConfigProperty.Backend].Value);
        Assert.AreEqual(2, file.Diagnostics.Count(d => d.Code == "HLS0022"));
        var withPart = ParseText("Board: zcu102\nPart: xcvu9p-flga2577-2-e\n");
        Assert.AreEqual("xcvu9p-flga2577-2-e", withPart.Properties[ConfigProperty.Part].Value);
    }

    [TestMethod]
    public void WrongValuesAreErrorsAtTheirLine()
    {
        Assert.AreEqual(3, Fails("ProjectName: p\nHLSConfig:\n  Model: {ReuseFactor: two}\n", "HLS0023").Diagnostic.Line);
        StringAssert.Contains(Fails("ClockPeriod: fast\n", "HLS0023").Message, "positive number");
        StringAssert.Contains(Fails("IOType: io_serial\n", "HLS0023").Message, "old name of io_stream");
        StringAssert.Contains(Fails("ProjectName: my-project\n", "HLS0023").Message, "C++ identifier");
        var precision = Fails("HLSConfig:\n  LayerName:\n    fc1:\n      Precision: ap_fixed<16>\n", "HLS0023");
        Assert.AreEqual(4, precision.Diagnostic.Line);
        StringAssert.Contains(precision.Message, "ap_fixed<16>");
        StringAssert.Contains(Fails("HLSConfig:\n  LayerName:\n    fc1: [1, 2]\n", "HLS0023").Message, "must be a mapping");
        StringAssert.Contains(Fails("HLSConfig:\n  LayerName:\n    fc1:\n      Strategy: fastest\n", "HLS0023").Message, "Strategy 'fastest'");
        StringAssert.Contains(Fails("ProjectName: [a]\n", "HLS0023").Message, "not a list");
        StringAssert.Contains(Fails("KerasJson: a.json\nOnnxModel: b.onnx\n", "HLS0023").Message, "more than one model");
    }

    [TestMethod]
    public void UnreadableFilesAreHls0020()
    {
        var syntax = Fails("KerasJson: m.json\nHLSConfig:\n  Model:\n    Precision: [unclosed\n", "HLS0020");
        Assert.IsTrue(syntax.Diagnostic.Line >= 4, syntax.Message);
        StringAssert.Contains(syntax.Message, "syntax error");
        StringAssert.Contains(Fails("- a\n- b\n", "HLS0020").Message, "not a mapping");
        StringAssert.Contains(Fails("", "HLS0020").Message, "empty");
        StringAssert.Contains(Fails("a: 1\n---\nb: 2\n", "HLS0020").Message, "2 YAML documents");
        StringAssert.Contains(Fails("a: 1\na: 2\n", "HLS0020").Message, "line 2");
        StringAssert.Contains(Fails("KerasJson: m.json\n", "HLS0020", "config.txt").Message, ".yml");
        var missing = Assert.ThrowsExactly<HlsException>(() => Hls4mlConfigFile.Read(Path.Combine(TestPaths.NewTempDir("cfg"), "nope.yml")));
        Assert.AreEqual("HLS0020", missing.Diagnostic.Code);
    }

    [TestMethod]
    public void AliasesCannotMultiplyTheWork()
    {
        // 1,000 layers each aliasing a mapping of 2,000 keys: 2 million values from a small file.
        var big = string.Join(", ", Enumerable.Range(0, 2000).Select(i => $"k{i}: {i}"));
        var layers = string.Join("\n", Enumerable.Range(0, 1000).Select(i => $"    l{i}: *big"));
        var text = $"base: &big {{{big}}}\nHLSConfig:\n  LayerName:\n{layers}\n";
        StringAssert.Contains(Fails(text, "HLS0020").Message, "more than 1,000,000 values");
    }

    [TestMethod]
    public void RelativePathsAreFoundBesideTheFileThenInTheProjectThenAbove()
    {
        var root = TestPaths.NewTempDir("cfg");
        Write(root, "keras/m.json", "{}");
        Write(root, "project/here.json", "{}");
        Write(root, "config-files/near.json", "{}");
        var config = Write(root, "config-files/c.yml", "KerasJson: keras/m.json\n");
        Assert.AreEqual(Path.Combine(root, "keras", "m.json"), Hls4mlConfigFile.Read(config, Path.Combine(root, "project")).Model!.Model);
        config = Write(root, "config-files/c.yml", "KerasJson: here.json\n");
        Assert.AreEqual(Path.Combine(root, "project", "here.json"), Hls4mlConfigFile.Read(config, Path.Combine(root, "project")).Model!.Model);
        config = Write(root, "config-files/c.yml", "KerasJson: near.json\n");
        Assert.AreEqual(Path.Combine(root, "config-files", "near.json"), Hls4mlConfigFile.Read(config, Path.Combine(root, "project")).Model!.Model);
        config = Write(root, "config-files/c.yml", "KerasJson: missing.json\nInputData: in.npy\n");
        var missing = Hls4mlConfigFile.Read(config, Path.Combine(root, "project"));
        Assert.IsFalse(missing.Model!.Exists);
        Assert.IsTrue(missing.Model.Searched.Count >= 3, string.Join(", ", missing.Model.Searched));
        Assert.IsNull(missing.TestData, ".npy test data is not read");
        Assert.AreEqual("HLS0022", missing.Diagnostics.Single().Code);
    }

    [TestMethod]
    public void ProjectItemsOverrideTheFileKeyByKey()
    {
        var file = ParseText("""
            HLSConfig:
              LayerName:
                fc1:
                  Precision: {result: "ap_fixed<12,4>", accum: "ap_fixed<20,8>"}
                  ReuseFactor: 4
                fc2:
                  ReuseFactor: 2
            """);
        var config = new HlsConfig();
        config.LayerNames["fc1"] = LayerSettings.Of("p.hlsproj", 9, ("ReuseFactor", "8"));
        config.LayerNames["fc2"] = LayerSettings.Of("p.hlsproj", 10, ("Precision", "fixed(8,3)"));
        file.MergeLayers(config);
        var fc1 = config.LayerNames["fc1"];
        Assert.AreEqual("8", fc1.Values["ReuseFactor"]);
        Assert.AreEqual("ap_fixed<12,4>", fc1.Values["ResultPrecision"]);
        Assert.IsFalse(fc1.ConfigFileKeys.ContainsKey("ReuseFactor"), "the project's key is the project's");
        Assert.IsTrue(fc1.ConfigFileKeys.ContainsKey("ResultPrecision"));
        Assert.AreEqual("p.hlsproj", fc1.File);
        Assert.IsFalse(fc1.FromConfigFileOnly);
        // A project Precision (every slot) replaces the file's precisions of the layer.
        var fc2 = config.LayerNames["fc2"];
        Assert.AreEqual("fixed(8,3)", fc2.Values["Precision"]);
        Assert.AreEqual("2", fc2.Values["ReuseFactor"]);
    }

    [TestMethod]
    public void SettingsFromAFileApplyToTheModelAndWarnWhereHls4mlIgnores()
    {
        var file = ParseText("""
            HLSConfig:
              Model:
                Precision: ap_fixed<14,5>
              LayerType:
                Dense:
                  Precision: {accum: "ap_fixed<24,10>"}
              LayerName:
                d1:
                  Precision: {result: "ap_fixed<12,4>", weight: "ap_fixed<8,2>"}
                  ReuseFactor: 2
                  Strategy: Resource
                  TableSize: 512
                softmax:
                  exp_table_t: ap_fixed<20,10>
                  Precision: ap_fixed<18,8>
                dropout_1:
                  ReuseFactor: 1
            """);
        var config = new HlsConfig();
        file.ApplyTo(config);
        var graph = TestGraphs.Mlp(Registry);
        var context = new PassContext { Registry = Registry, Config = config };
        Registry.Flow(PassFlow.BackendFlow).Run(graph, context);

        var d1 = graph.FindLayer("d1")!;
        Assert.AreEqual(new FixedPrecision(12, 4), d1.Types["result"]);
        Assert.AreEqual(new FixedPrecision(8, 2), d1.Types["weight"]);
        Assert.AreEqual(new FixedPrecision(24, 10), d1.Types["accum"], "LayerType under LayerName");
        Assert.AreEqual(new FixedPrecision(14, 5), d1.Types["bias"], "model default");
        Assert.AreEqual(2, d1.Get<int>("reuse_factor"));
        Assert.AreEqual("Resource", d1.Get<string>("strategy"));
        var softmax = graph.FindLayer("softmax")!;
        Assert.AreEqual(new FixedPrecision(18, 8), softmax.Types["result"]);
        Assert.AreEqual(new FixedPrecision(20, 10), softmax.Types["exp_table"], "a slot's own key refines Precision, in either order");

        var warnings = context.Diagnostics.Items;
        var unknownKey = warnings.Single(w => w.Code == "HLS0021");
        Assert.AreEqual("d1", unknownKey.Layer);
        Assert.AreEqual(file.Path, unknownKey.File);
        Assert.AreEqual(12, unknownKey.Line, "the key's own line");
        StringAssert.Contains(unknownKey.Message, "'TableSize'");
        var noLayer = warnings.Single(w => w.Code == "HLS0024");
        Assert.AreEqual(16, noLayer.Line);
        StringAssert.Contains(noLayer.Message, "dropout_1");
    }

    [TestMethod]
    public void ExampleModelConfigsReadWithoutErrors()
    {
        var root = TestPaths.RequireShared("models", "example-models");
        var files = Directory.GetFiles(root, "*-config.yml").Concat(Directory.GetFiles(Path.Combine(root, "config-files"), "*.yml")).ToList();
        Assert.IsTrue(files.Count >= 7, string.Join(", ", files));
        foreach (var path in files)
        {
            var file = Hls4mlConfigFile.Read(path);
            Assert.IsNotNull(file.Model, path);
            Assert.IsTrue(file.Model.Exists, $"{path}: {string.Join(", ", file.Model.Searched)}");
            Assert.IsFalse(file.Diagnostics.Any(d => d.Code == "HLS0021"), $"{path}: {string.Join("\n", file.Diagnostics)}");
        }
    }

    /// <summary>
    /// Every example model with a configuration converts through it with the precisions the configuration names
    /// (LayerName over LayerType over Model, per slot), or fails only because a layer is not supported yet (QKeras,
    /// GarNet: HLS0103) or the format holds no graph (PyTorch .pt: HLS0106) — never with a configuration error.
    /// </summary>
    [TestMethod]
    public void ExampleModelsConvertWithTheTypesTheirConfigsSpecify()
    {
        var root = TestPaths.RequireShared("models", "example-models");
        var pipeline = HlsPipeline.CreateDefault(TestPaths.Templates);
        var files = Directory.GetFiles(root, "*-config.yml").Concat(Directory.GetFiles(Path.Combine(root, "config-files"), "*.yml")).Order().ToList();
        var converted = new List<string>();
        foreach (var path in files)
        {
            var file = Hls4mlConfigFile.Read(path);
            Hls4ml.Ir.ModelGraph graph;
            try { graph = pipeline.Convert(file.Model!.Model, file.Model.Weights); }
            catch (HlsException e) when (e.Diagnostic.Code is "HLS0103" || (e.Diagnostic.Code is "HLS0106" && file.Model!.Key == "PytorchModel"))
            {
                continue;
            }
            var config = new HlsConfig();
            file.ApplyTo(config);
            config.Validate();
            var context = new PassContext { Registry = pipeline.Registry, Config = config };
            pipeline.Registry.Flow(PassFlow.BackendFlow).Run(graph, context);
            Assert.IsFalse(context.Diagnostics.Items.Any(d => d.Code is "HLS0021" or "HLS0023"), $"{path}: {string.Join("\n", context.Diagnostics.Items)}");
            int checkedSlots = 0;
            bool quantizationAware = File.ReadAllText(file.Model!.Model).Contains("quantizer", StringComparison.Ordinal);
            foreach (var layer in graph.Layers)
            {
                var byName = file.LayerNames.GetValueOrDefault(layer.Name)?.Values;
                var byType = file.LayerTypes.GetValueOrDefault(layer.Type)?.Values;
                foreach (var (slot, actual) in layer.Types)
                {
                    var key = Hls4mlConfigFile.SlotKey(slot);
                    string? Pick(Dictionary<string, string>? values, string k) => values is not null && values.TryGetValue(k, out var v) ? v : null;
                    var expected = Pick(byName, key) ?? Pick(byName, "Precision") ?? Pick(byType, key) ?? Pick(byType, "Precision");
                    // A quantization-aware model's unset types come from its quantizers (docs/quantization.md).
                    if (expected is null && slot == "result" && !quantizationAware) expected = file.Properties[ConfigProperty.DefaultPrecision].Value;
                    if (expected is null || expected == "auto") continue;
                    Assert.AreEqual(Precision.Parse(expected), actual, $"{Path.GetFileName(path)}: {layer.Name}.{slot}");
                    checkedSlots++;
                }
            }
            Assert.IsTrue(quantizationAware || checkedSlots >= graph.Layers.Count, $"{path}: {checkedSlots} slots checked");
            converted.Add(Path.GetFileName(path));
        }
        CollectionAssert.IsSubsetOf(new[] { "keras-config.yml", "onnx-config.yml" }, converted, string.Join(", ", converted));
    }
}
