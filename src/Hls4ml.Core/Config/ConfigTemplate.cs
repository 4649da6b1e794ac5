using System.Globalization;
using System.Xml.Linq;
using Hls4ml.Diagnostics;
using Hls4ml.Extensibility;
using Hls4ml.Ir;
using Hls4ml.Passes;
using Hls4ml.Types;
using YamlDotNet.RepresentationModel;

namespace Hls4ml.Config;

/// <summary>hls4ml's config_from_keras_model granularity: the Model section only, plus one entry per layer type, or per layer.</summary>
public enum ConfigGranularity { Model, Type, Name }

/// <summary>
/// The resolved settings of one layer (or of the first layer of a type): every precision slot (result, accum, weight,
/// ...), the reuse factor and strategy where the layer has them, and its own attributes under the keys items use
/// (TableSize, Implementation, ...).
/// </summary>
public sealed record ResolvedLayerSettings(string Name, string Type, IReadOnlyList<(string Slot, Precision Precision)> Precisions,
    int? ReuseFactor, string? Strategy, IReadOnlyList<(string Key, string Value)> Attributes);

/// <summary>
/// The default configuration on request (hls4ml's config_from_keras_model): what every setting resolves to for a
/// model under a project configuration, written as hls4ml YAML (usable as an HlsConfigFile) and as an MSBuild .props
/// with HlsLayerConfig / HlsLayerTypeConfig items. Layer names come from the model: both writers escape them.
/// </summary>
public sealed class ConfigTemplate
{
    public required ConfigGranularity Granularity { get; init; }
    public required HlsConfig Config { get; init; }
    /// <summary>Type granularity: the first layer of each IR type, named by the type.</summary>
    public IReadOnlyList<ResolvedLayerSettings> LayerTypes { get; init; } = Array.Empty<ResolvedLayerSettings>();
    /// <summary>Name granularity: every layer of the model.</summary>
    public IReadOnlyList<ResolvedLayerSettings> LayerNames { get; init; } = Array.Empty<ResolvedLayerSettings>();

    /// <summary>'model', 'type' or 'name' (any case); else HLS0027.</summary>
    public static ConfigGranularity ParseGranularity(string? text, string? file = null) => (text ?? "").Trim().ToLowerInvariant() switch
    {
        "" or "name" => ConfigGranularity.Name,
        "type" => ConfigGranularity.Type,
        "model" => ConfigGranularity.Model,
        _ => throw new HlsException(DiagnosticCodes.InvalidConfigGranularity, $"HlsConfigGranularity '{text}' is not valid; use model, type or name.", file),
    };

    /// <summary>
    /// Runs the backend flow on <paramref name="graph"/> (in place) and reads back the settings of the layers the
    /// configuration can address (those of the converted model; layers the flow inserts, such as io_stream clones, are
    /// not configurable and are left out).
    /// </summary>
    public static ConfigTemplate Create(ModelGraph graph, HlsRegistry registry, HlsConfig config, ConfigGranularity granularity, DiagnosticBag? diagnostics = null)
    {
        var configurable = graph.Layers.Select(l => l.Name).ToHashSet(StringComparer.Ordinal);
        config.Validate();
        var context = new PassContext { Registry = registry, Config = config };
        registry.Flow(PassFlow.BackendFlow).Run(graph, context);
        foreach (var d in context.Diagnostics.Items) diagnostics?.Add(d);

        var layers = graph.Layers.Where(l => configurable.Contains(l.Name)).Select(l => Describe(l, registry.RequireLayer(l.Type, l.Name))).ToList();
        return new ConfigTemplate
        {
            Granularity = granularity,
            Config = config,
            LayerTypes = granularity == ConfigGranularity.Type
                ? layers.GroupBy(l => l.Type).Select(g => g.First() with { Name = g.Key }).ToList()
                : Array.Empty<ResolvedLayerSettings>(),
            LayerNames = granularity == ConfigGranularity.Name ? layers : Array.Empty<ResolvedLayerSettings>(),
        };
    }

    private static ResolvedLayerSettings Describe(Layer layer, LayerDefinition definition)
    {
        var precisions = definition.TypeSlots.Where(s => layer.Types.ContainsKey(s.Name)).Select(s => (s.Name, layer.Types[s.Name])).ToList();
        var attributes = new List<(string, string)>();
        foreach (var spec in definition.Attributes)
            if (layer.Attributes.TryGetValue(spec.Name, out var value) && value is not null)
                attributes.Add((spec.ConfigKey, value switch
                {
                    bool b => b ? "true" : "false",
                    IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
                    _ => value.ToString() ?? "",
                }));
        return new ResolvedLayerSettings(layer.Name, layer.Type, precisions,
            definition.HasReuseFactor ? layer.Get("reuse_factor", 1) : null,
            definition.Strategies.Count > 1 ? layer.Get("strategy", "Latency") : null,
            attributes);
    }

    /// <summary>The template as an hls4ml configuration file (top-level project keys + HLSConfig), without model keys.</summary>
    public string ToYaml()
    {
        static YamlScalarNode S(string s) => new(s);
        var model = new YamlMappingNode
        {
            { "Precision", new YamlMappingNode { { "default", S(Config.DefaultPrecision.ToCpp()) } } },
            { "ReuseFactor", S(Config.ReuseFactor.ToString(CultureInfo.InvariantCulture)) },
            { "Strategy", S(Config.Strategy) },
        };
        if (Config.BramFactor != long.MaxValue) model.Add("BramFactor", S(Config.BramFactor.ToString(CultureInfo.InvariantCulture)));
        var hls = new YamlMappingNode { { "Model", model } };
        if (LayerTypes.Count > 0) hls.Add("LayerType", Sections(LayerTypes));
        if (LayerNames.Count > 0) hls.Add("LayerName", Sections(LayerNames));
        var root = new YamlMappingNode
        {
            { "ProjectName", S(Config.ProjectName) },
            { "Backend", S(Config.Backend) },
            { "Part", S(Config.Part) },
            { "ClockPeriod", S(Config.ClockPeriod.ToString("R", CultureInfo.InvariantCulture)) },
            { "IOType", S(Config.IOType) },
            { "HLSConfig", hls },
        };
        if (Config.ClockUncertainty is not null) root.Children.Add(S("ClockUncertainty"), S(Config.ClockUncertainty));
        var writer = new StringWriter { NewLine = "\n" };
        writer.WriteLine($"# Resolved configuration (granularity {Granularity.ToString().ToLowerInvariant()}), written by -t:HlsConfigTemplate.");
        writer.WriteLine("# Use it as <HlsConfigFile Include=\"...\" /> next to the project's HlsModel; edit what you want to change.");
        new YamlStream(new YamlDocument(root)).Save(writer, assignAnchors: false);
        // YamlStream ends a document with "...": not needed for a single-document file.
        return writer.ToString().Replace("\n...\n", "\n").TrimEnd() + "\n";

        static YamlMappingNode Sections(IEnumerable<ResolvedLayerSettings> layers)
        {
            var map = new YamlMappingNode();
            foreach (var layer in layers)
            {
                var entry = new YamlMappingNode();
                var precision = new YamlMappingNode();
                foreach (var (slot, p) in layer.Precisions) precision.Add(slot, S(p.ToCpp()));
                entry.Add("Precision", precision);
                if (layer.ReuseFactor is { } rf) entry.Add("ReuseFactor", S(rf.ToString(CultureInfo.InvariantCulture)));
                if (layer.Strategy is { } st) entry.Add("Strategy", S(st));
                foreach (var (key, value) in layer.Attributes) entry.Add(key, S(value));
                map.Add(S(layer.Name), entry);
            }
            return map;
        }
    }

    /// <summary>The template as an MSBuild .props: the model-wide properties and one item per layer (type), every value MSBuild-escaped.</summary>
    public string ToProps()
    {
        var properties = new XElement("PropertyGroup",
            new XElement("HlsDefaultPrecision", XmlFriendly(Config.DefaultPrecision)),
            new XElement("HlsReuseFactor", Config.ReuseFactor.ToString(CultureInfo.InvariantCulture)),
            new XElement("HlsStrategy", Config.Strategy));
        var items = new XElement("ItemGroup");
        foreach (var (layers, itemType) in new[] { (LayerTypes, "HlsLayerTypeConfig"), (LayerNames, "HlsLayerConfig") })
            foreach (var layer in layers)
            {
                var item = new XElement(itemType, new XAttribute("Include", EscapeMSBuild(layer.Name)));
                foreach (var (slot, p) in layer.Precisions) item.Add(new XAttribute(new TypeSlot(slot).ConfigKey, XmlFriendly(p)));
                if (layer.ReuseFactor is { } rf) item.Add(new XAttribute("ReuseFactor", rf.ToString(CultureInfo.InvariantCulture)));
                if (layer.Strategy is { } st) item.Add(new XAttribute("Strategy", st));
                foreach (var (key, value) in layer.Attributes) item.Add(new XAttribute(key, EscapeMSBuild(value)));
                items.Add(item);
            }
        var project = new XElement("Project",
            new XComment($" Resolved configuration (granularity {Granularity.ToString().ToLowerInvariant()}), written by -t:HlsConfigTemplate. Import it into the .hlsproj or copy the items you want to change. "),
            properties);
        if (items.HasElements) project.Add(items);
        return project.ToString() + "\n";
    }

    /// <summary>ap_fixed(16,6,AP_RND,AP_SAT): the parenthesised spelling needs no &amp;lt; in project files.</summary>
    private static string XmlFriendly(Precision p) => p.ToCpp().Replace('<', '(').Replace('>', ')');

    /// <summary>MSBuild's escaping (%XX) of the characters it would otherwise interpret in an item spec or metadata.</summary>
    public static string EscapeMSBuild(string text)
    {
        var sb = new System.Text.StringBuilder(text.Length);
        foreach (var c in text)
            if (c is '%' or '$' or '@' or '\'' or ';' or '?' or '*') sb.Append('%').Append(((int)c).ToString("X2", CultureInfo.InvariantCulture));
            else sb.Append(c);
        return sb.ToString();
    }
}
