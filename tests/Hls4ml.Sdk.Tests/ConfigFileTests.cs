using Hls4ml.Config;
using Hls4ml.Types;
using static Hls4ml.Tests.MSBuildRunner;

namespace Hls4ml.Tests;

/// <summary>hls4ml configuration files through MSBuild: &lt;HlsConfigFile Include="config.yml" /&gt; and -t:HlsConfigTemplate.</summary>
[TestClass]
public sealed class ConfigFileTests
{
    private static string Project(string dir, string name, string body)
    {
        File.WriteAllText(Path.Combine(dir, name + ".hlsproj"), $"""
            <Project Sdk="Hls4ml.Sdk">
            {body}
            </Project>
            """);
        return name + ".hlsproj";
    }

    private static string Fixture(string name) => Path.Combine(TestPaths.Fixtures, "keras", name);

    /// <summary>
    /// Every example model with a *-config.yml, named only through HlsConfigFile, converts with the per-layer types its
    /// configuration specifies (read back through -t:HlsConfigTemplate), or fails only with the unsupported-layer
    /// error (QKeras, GarNet) or, for a PyTorch checkpoint, the unsupported-format one: never a configuration error.
    /// </summary>
    [TestMethod]
    public void ExampleModelConfigsConvertAsIs()
    {
        var root = TestPaths.RequireShared("models", "example-models");
        var configs = Directory.GetFiles(root, "*-config.yml").Concat(Directory.GetFiles(Path.Combine(root, "config-files"), "*.yml")).Order().ToList();
        var converted = new List<string>();
        foreach (var config in configs)
        {
            var dir = NewWorkDir("excfg");
            var project = Project(dir, "example", $"""<ItemGroup><HlsConfigFile Include="{config}" /></ItemGroup>""");
            var r = Dotnet(dir, "msbuild", "-restore", "-nodeReuse:false", "-t:HlsConfigTemplate", project);
            var source = Hls4mlConfigFile.Read(config);
            if (!r.Succeeded)
            {
                var errors = r.Output.Split('\n').Where(l => l.Contains(": error ")).Select(l => l.Trim()).Distinct().ToList();
                var allowed = source.Model!.Key == "PytorchModel" ? "error HLS0106:" : "error HLS0103:";
                Assert.IsTrue(errors.Count > 0 && errors.All(e => e.Contains(allowed)), $"{config}:\n{r}");
                Assert.IsFalse(r.Output.Contains("HLS9999") || r.Output.Contains("   at "), r.Output);
                continue;
            }
            Assert.IsFalse(r.Output.Contains("warning HLS0021"), $"{config}: a key of hls4ml's own example was not understood\n{r.Output}");
            var template = Hls4mlConfigFile.Read(Path.Combine(dir, "bin", "example.hls4ml-config.yml"));
            foreach (var property in new[] { ConfigProperty.ProjectName, ConfigProperty.Backend, ConfigProperty.Part, ConfigProperty.ClockPeriod, ConfigProperty.IOType, ConfigProperty.ReuseFactor, ConfigProperty.Strategy })
                if (source.Properties.TryGetValue(property, out var entry))
                    Assert.AreEqual(entry.Value, template.Properties[property].Value, $"{config}: {property}");
            Assert.AreEqual(Precision.Parse(source.Properties[ConfigProperty.DefaultPrecision].Value), Precision.Parse(template.Properties[ConfigProperty.DefaultPrecision].Value), config);
            int slots = 0;
            bool quantizationAware = source.Model is { Exists: true } m && File.ReadAllText(m.Model).Contains("quantizer", StringComparison.Ordinal);
            foreach (var (layer, resolved) in template.LayerNames)
            {
                var byName = source.LayerNames.GetValueOrDefault(layer)?.Values;
                foreach (var (key, value) in resolved.Values.Where(kv => kv.Key.EndsWith("Precision")))
                {
                    string? Pick(Dictionary<string, string>? values, string k) => values is not null && values.TryGetValue(k, out var v) ? v : null;
                    var expected = Pick(byName, key) ?? Pick(byName, "Precision");
                    if (expected == "auto") continue;
                    if (expected is not null)
                        Assert.AreEqual(Precision.Parse(expected), Precision.Parse(value), $"{Path.GetFileName(config)}: {layer} {key}");
                    // Unnamed layers: accumulators may be derived (GarNet, softmax), and a quantization-aware model's types come
                    // from its quantizers (docs/quantization.md), not from the file's defaults.
                    else if (key is "ResultPrecision" or "WeightPrecision" or "BiasPrecision" && !quantizationAware)
                    {
                        // Not named: the layer's type section (name > type > model, as in hls4ml) or the model default.
                        // The template does not say which type a layer has, so any type section's value for the slot counts.
                        var candidates = source.LayerTypes.Values.Select(t => Pick(t.Values, key) ?? Pick(t.Values, "Precision"))
                            .Append(source.Properties[ConfigProperty.DefaultPrecision].Value)
                            .Where(c => c is not null && c != "auto").Select(c => Precision.Parse(c!)).ToList();
                        if (candidates.Count == 0) continue;
                        Assert.IsTrue(candidates.Contains(Precision.Parse(value)), $"{Path.GetFileName(config)}: {layer} {key} = {value}, expected one of {string.Join(", ", candidates)}");
                    }
                    slots++;
                }
            }
            Assert.IsTrue(slots >= template.LayerNames.Count, $"{config}: only {slots} slots compared");
            converted.Add(Path.GetFileName(config));
        }
        CollectionAssert.IsSubsetOf(new[] { "keras-config.yml", "onnx-config.yml" }, converted, string.Join(", ", converted));
    }

    /// <summary>
    /// The file sets what the project leaves unset; project properties (also when equal to the SDK default), -p:
    /// properties and HlsLayerConfig items override it key by key; keys not understood are warnings at their line;
    /// OutputDir and ProjectName place and name the generated project.
    /// </summary>
    [TestMethod]
    public void ProjectSettingsOverrideTheFile()
    {
        var dir = NewWorkDir("cfgover");
        File.Copy(Fixture("dense_relu_softmax.json"), Path.Combine(dir, "model.json"));
        File.Copy(Fixture("dense_relu_softmax_weights.h5"), Path.Combine(dir, "model_weights.h5"));
        File.WriteAllText(Path.Combine(dir, "config.yml"), """
            KerasJson: model.json
            KerasH5: model_weights.h5
            OutputDir: hls-out
            ProjectName: fromfile
            Part: xcku115-flvb2104-2-i
            Backend: Vitis
            IOType: io_stream
            ClockPeriod: 4
            HLSConfig:
              Model:
                Precision: ap_fixed<14,5>
                ReuseFactor: 1
              LayerName:
                dense_1:
                  Precision:
                    accum: ap_fixed<24,10>
                    result: ap_fixed<12,4>
                  ReuseFactor: 2
                  Frobnicate: 3
            """);
        var project = Project(dir, "over", """
              <PropertyGroup>
                <HlsBackend>Vivado</HlsBackend>
              </PropertyGroup>
              <ItemGroup>
                <HlsConfigFile Include="config.yml" />
                <HlsLayerConfig Include="dense_1" ResultPrecision="fixed(10,3)" />
              </ItemGroup>
            """);
        var r = Dotnet(dir, "msbuild", "-restore", "-nodeReuse:false", "-t:HlsGenerate;HlsConfigTemplate", "-p:HlsClockPeriod=8", project);
        Assert.IsTrue(r.Succeeded, r.ToString());
        StringAssert.Contains(r.Output, "config.yml(19): warning HLS0021", "the unknown key, at its line in the file");
        StringAssert.Contains(r.Output, "'Frobnicate'");
        var generated = Path.Combine(dir, "hls-out");
        Assert.IsTrue(File.Exists(Path.Combine(generated, "firmware", "fromfile.cpp")), "OutputDir and ProjectName from the file");
        StringAssert.Contains(File.ReadAllText(Path.Combine(generated, "project.tcl")), "xcku115-flvb2104-2-i");

        var t = Hls4mlConfigFile.Read(Path.Combine(dir, "bin", "over.hls4ml-config.yml"));
        Assert.AreEqual("Vivado", t.Properties[ConfigProperty.Backend].Value, "the project's property, though equal to the SDK default");
        Assert.AreEqual("8", t.Properties[ConfigProperty.ClockPeriod].Value, "-p: beats the file");
        Assert.AreEqual("io_stream", t.Properties[ConfigProperty.IOType].Value);
        Assert.AreEqual("fromfile", t.Properties[ConfigProperty.ProjectName].Value);
        var dense1 = t.LayerNames["dense_1"].Values;
        Assert.AreEqual(new FixedPrecision(10, 3), Precision.Parse(dense1["ResultPrecision"]), "the project's item beats the file's key");
        Assert.AreEqual(new FixedPrecision(24, 10), Precision.Parse(dense1["AccumPrecision"]), "the file's other keys stay");
        Assert.AreEqual("2", dense1["ReuseFactor"]);
        Assert.AreEqual(new FixedPrecision(14, 5), Precision.Parse(t.LayerNames["dense_2"].Values["ResultPrecision"]), "model default from the file");

        // Clean removes the OutputDir the file names.
        var clean = Dotnet(dir, "clean", project);
        Assert.IsTrue(clean.Succeeded, clean.ToString());
        Assert.IsFalse(Directory.Exists(generated));
    }

    /// <summary>Errors in the file are coded, with the file and line; a config handed to HlsModel says what to do.</summary>
    [TestMethod]
    public void BrokenFilesAreCodedErrorsAtTheirLine()
    {
        var dir = NewWorkDir("cfgbad");
        File.WriteAllText(Path.Combine(dir, "bad.yml"), "KerasJson: model.json\nHLSConfig:\n  Model:\n    ReuseFactor: many\n");
        var bad = Dotnet(dir, "build", Project(dir, "bad", """<ItemGroup><HlsConfigFile Include="bad.yml" /></ItemGroup>"""));
        AssertCodedFailure(bad, "HLS0023", "bad.yml(4)", "ReuseFactor 'many'");

        File.WriteAllText(Path.Combine(dir, "missing.yml"), "ProjectName: p\nKerasJson: nowhere.json\n");
        var missing = Dotnet(dir, "build", Project(dir, "missing", """<ItemGroup><HlsConfigFile Include="missing.yml" /></ItemGroup>"""));
        AssertCodedFailure(missing, "HLS0101", "missing.yml(2)", "nowhere.json");

        var asModel = Dotnet(dir, "build", Project(dir, "asmodel", """<ItemGroup><HlsModel Include="missing.yml" /></ItemGroup>"""));
        AssertCodedFailure(asModel, "HLS0106", "HlsConfigFile Include=");
    }
}
