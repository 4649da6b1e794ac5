using System.Xml.Linq;
using Hls4ml.Config;
using Hls4ml.Diagnostics;
using Hls4ml.Extensibility;
using Hls4ml.Ir;
using Hls4ml.Types;

namespace Hls4ml.Tests.Configuration;

/// <summary>HlsConfigTemplate's library part: resolved per-layer settings as hls4ml YAML and as MSBuild items.</summary>
[TestClass]
public sealed class ConfigTemplateTests
{
    private static readonly HlsRegistry Registry = HlsRegistry.CreateDefault();

    private static HlsConfig Configured()
    {
        var config = new HlsConfig { DefaultPrecision = new FixedPrecision(14, 5), Strategy = "Resource", ReuseFactor = 2 };
        config.LayerNames["d1"] = LayerSettings.Of(("AccumPrecision", "fixed(24,10)"), ("ReuseFactor", "4"));
        config.LayerTypes["Softmax"] = LayerSettings.Of(("TableSize", "512"), ("Implementation", "latency"));
        return config;
    }

    private static Dictionary<(string Layer, string Slot), Precision> Types(ModelGraph graph) =>
        graph.Layers.SelectMany(l => l.Types.Select(t => ((l.Name, t.Key), t.Value))).ToDictionary(x => x.Item1, x => x.Value);

    [TestMethod]
    public void NameGranularityListsEverySlotOfEveryLayerAndRoundTrips()
    {
        var graph = TestGraphs.Mlp(Registry);
        var template = ConfigTemplate.Create(graph, Registry, Configured(), ConfigGranularity.Name);
        CollectionAssert.AreEqual(new[] { "input1", "d1", "relu1", "d2", "softmax" }, template.LayerNames.Select(l => l.Name).ToArray());
        var d1 = template.LayerNames.Single(l => l.Name == "d1");
        CollectionAssert.AreEquivalent(new[] { "result", "accum", "weight", "bias" }, d1.Precisions.Select(p => p.Slot).ToArray());
        Assert.AreEqual(new FixedPrecision(24, 10), d1.Precisions.Single(p => p.Slot == "accum").Precision);
        Assert.AreEqual(new FixedPrecision(14, 5), d1.Precisions.Single(p => p.Slot == "weight").Precision);
        Assert.AreEqual(4, d1.ReuseFactor);
        Assert.AreEqual("Resource", d1.Strategy);
        var softmax = template.LayerNames.Single(l => l.Name == "softmax");
        Assert.IsNull(softmax.ReuseFactor, "Softmax has no reuse factor");
        CollectionAssert.Contains(softmax.Attributes.ToList(), ("TableSize", "512"));
        CollectionAssert.Contains(softmax.Attributes.ToList(), ("Implementation", "latency"));
        Assert.AreEqual(6, softmax.Precisions.Count, "result, accum, exp/inv table, inv_inp, inp_norm");

        // The YAML, read back as an HlsConfigFile on a fresh graph, resolves every slot of every layer identically.
        var yaml = template.ToYaml();
        StringAssert.Contains(yaml, "LayerName:");
        StringAssert.Contains(yaml, "accum: ap_fixed<24,10>");
        var dir = TestPaths.NewTempDir("template");
        File.WriteAllText(Path.Combine(dir, "t.yml"), yaml);
        var file = Hls4mlConfigFile.Read(Path.Combine(dir, "t.yml"));
        Assert.AreEqual(0, file.Diagnostics.Count, string.Join("\n", file.Diagnostics));
        var again = new HlsConfig();
        file.ApplyTo(again);
        var fresh = TestGraphs.Mlp(Registry);
        var second = ConfigTemplate.Create(fresh, Registry, again, ConfigGranularity.Name);
        CollectionAssert.AreEquivalent(Types(graph).ToList(), Types(fresh).ToList());
        Assert.AreEqual(yaml, second.ToYaml());
    }

    [TestMethod]
    public void PropsHoldTheSameSettingsAsItems()
    {
        var graph = TestGraphs.Mlp(Registry);
        var template = ConfigTemplate.Create(graph, Registry, Configured(), ConfigGranularity.Name);
        var props = XDocument.Parse(template.ToProps());
        Assert.AreEqual("ap_fixed(14,5)", props.Descendants("HlsDefaultPrecision").Single().Value);
        Assert.AreEqual("Resource", props.Descendants("HlsStrategy").Single().Value);
        var items = props.Descendants("HlsLayerConfig").ToList();
        Assert.AreEqual(5, items.Count);
        var d1 = items.Single(i => (string?)i.Attribute("Include") == "d1");
        Assert.AreEqual("ap_fixed(24,10)", (string?)d1.Attribute("AccumPrecision"));
        Assert.AreEqual("4", (string?)d1.Attribute("ReuseFactor"));

        // The items, applied as the project's, give the same types (the parenthesised precisions parse).
        var config = new HlsConfig();
        foreach (var item in items)
            config.LayerNames[(string)item.Attribute("Include")!] = LayerSettings.Of(item.Attributes().Where(a => a.Name != "Include").Select(a => (a.Name.LocalName, a.Value)).ToArray());
        config.DefaultPrecision = Precision.Parse(props.Descendants("HlsDefaultPrecision").Single().Value);
        config.Strategy = "Resource";
        var fresh = TestGraphs.Mlp(Registry);
        ConfigTemplate.Create(fresh, Registry, config, ConfigGranularity.Model);
        CollectionAssert.AreEquivalent(Types(graph).ToList(), Types(fresh).ToList());
    }

    [TestMethod]
    public void TypeAndModelGranularity()
    {
        var byType = ConfigTemplate.Create(TestGraphs.Mlp(Registry), Registry, Configured(), ConfigGranularity.Type);
        CollectionAssert.AreEqual(new[] { "Input", "Dense", "Activation", "Softmax" }, byType.LayerTypes.Select(l => l.Name).ToArray());
        Assert.AreEqual(0, byType.LayerNames.Count);
        Assert.AreEqual(4, byType.LayerTypes.Single(l => l.Name == "Dense").ReuseFactor, "the first Dense (d1) speaks for its type, as in hls4ml");
        StringAssert.Contains(byType.ToYaml(), "LayerType:");
        Assert.AreEqual(4, XDocument.Parse(byType.ToProps()).Descendants("HlsLayerTypeConfig").Count());

        var model = ConfigTemplate.Create(TestGraphs.Mlp(Registry), Registry, Configured(), ConfigGranularity.Model);
        var yaml = model.ToYaml();
        Assert.IsFalse(yaml.Contains("LayerName") || yaml.Contains("LayerType"), yaml);
        StringAssert.Contains(yaml, "default: ap_fixed<14,5>");
        Assert.IsFalse(XDocument.Parse(model.ToProps()).Descendants("ItemGroup").Any());
    }

    [TestMethod]
    public void LayerNamesFromTheModelAreEscapedInBothFormats()
    {
        const string hostile = "d1'; $(Evil) @(X) %41 *?\n\"#: {x}";
        var b = new GraphBuilder(Registry);
        var x = b.Input("input1", 4);
        x = b.Dense(hostile, x, 3);
        var graph = b.Output(x);
        var template = ConfigTemplate.Create(graph, Registry, new HlsConfig(), ConfigGranularity.Name);

        var dir = TestPaths.NewTempDir("template");
        File.WriteAllText(Path.Combine(dir, "t.yml"), template.ToYaml());
        var file = Hls4mlConfigFile.Read(Path.Combine(dir, "t.yml"));
        CollectionAssert.Contains(file.LayerNames.Keys.ToList(), hostile, template.ToYaml());
        Assert.AreEqual(2, file.LayerNames.Count, "the name opens no other section");

        var include = (string)XDocument.Parse(template.ToProps()).Descendants("HlsLayerConfig").Single(i => ((string)i.Attribute("Include")!).StartsWith("d1"))
            .Attribute("Include")!;
        Assert.IsFalse(include.IndexOfAny(new[] { ';', '$', '@', '*', '?', '\'' }) >= 0, include);
        Assert.AreEqual(hostile, Uri.UnescapeDataString(include.Replace("+", "%2B")), "MSBuild unescapes %XX back to the name");
    }

    [TestMethod]
    public void GranularityNamesAreChecked()
    {
        Assert.AreEqual(ConfigGranularity.Name, ConfigTemplate.ParseGranularity(""));
        Assert.AreEqual(ConfigGranularity.Type, ConfigTemplate.ParseGranularity("Type"));
        Assert.AreEqual(ConfigGranularity.Model, ConfigTemplate.ParseGranularity("model"));
        var e = Assert.ThrowsExactly<HlsException>(() => ConfigTemplate.ParseGranularity("layer", "p.hlsproj"));
        Assert.AreEqual("HLS0027", e.Diagnostic.Code);
        Assert.AreEqual("p.hlsproj", e.Diagnostic.File);
    }
}
