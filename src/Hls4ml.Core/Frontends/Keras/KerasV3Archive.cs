using System.IO.Compression;
using System.Text;
using Hls4ml.Diagnostics;
using Hls4ml.Ir;
using Newtonsoft.Json.Linq;
using PureHDF;
using PureHDF.VOL.Native;

namespace Hls4ml.Frontends.Keras;

/// <summary>
/// Keras 3 <c>.keras</c> archives: a zip with <c>config.json</c> (Keras 3 serialization) and <c>model.weights.h5</c>.
/// The config is rewritten into the Keras 2 shape the rest of the frontend reads (so every handler works for both),
/// and weights are found through each layer's <c>vars</c> group, whose <c>name</c> attribute is the layer name.
/// </summary>
internal static class KerasV3Archive
{
    /// <summary>Config key marking a layer that came from a Keras 3 archive.</summary>
    public const string KerasV3Marker = "_hls4ml_keras_major";

    /// <summary>Largest config.json read (also the limit for a Keras 2 architecture JSON): 64 MiB.</summary>
    public const long MaxConfigBytes = 64L << 20;

    /// <summary>Largest model.weights.h5 read from an archive (it is held in memory, never extracted): 1 GiB.</summary>
    public const long MaxWeightsBytes = 1L << 30;

    public static (JObject Json, IKerasWeightSource Weights) Open(string path, string? weightsPath)
    {
        JObject config;
        MemoryStream? weights = null;
        try
        {
            using var zip = ZipFile.OpenRead(path);
            var configData = ReadEntry(zip, "config.json", MaxConfigBytes, path);
            var text = Encoding.UTF8.GetString(configData.GetBuffer(), 0, (int)configData.Length);
            config = KerasModelReader.ParseJson(text, path, "its config.json");
            if (weightsPath is null) weights = ReadEntry(zip, "model.weights.h5", MaxWeightsBytes, path);
        }
        catch (Exception e) when (e is not HlsException)
        {
            // Everything the zip reader throws (bad headers, bad deflate data, unsupported methods) is a damaged archive.
            throw Unreadable(path, e.Message);
        }
        var normalized = Normalize(config, path);
        var layers = new Dictionary<string, (string, JObject)>(StringComparer.Ordinal);
        foreach (var l in ((JArray)normalized["config"]!["layers"]!).OfType<JObject>())
            // Unnamed and duplicate layers are reported by KerasArchitecture.Parse, with their position.
            if (Text(l["name"]) is { } name) layers.TryAdd(name, (Text(l["class_name"]) ?? "", (JObject)l["config"]!));
        IKerasWeightSource source = weights is null
            ? new Keras3Weights(Hdf5.Open(weightsPath!), weightsPath!, layers)
            : new Keras3Weights(Hdf5.Open(weights, path), path, layers);
        return (normalized, source);
    }

    /// <summary>
    /// The bytes of one archive entry (a read-only stream at position 0), refusing a duplicated name (two readers
    /// could see two different files), a declared size over 'limit', and data that inflates past it whatever the
    /// header claims.
    /// </summary>
    private static MemoryStream ReadEntry(ZipArchive zip, string name, long limit, string path)
    {
        var matches = zip.Entries.Where(e => e.FullName == name).ToList();
        if (matches.Count == 0) throw Unreadable(path, $"the archive has no {name}");
        if (matches.Count > 1) throw Unreadable(path, $"the archive has {matches.Count} entries named {name}");
        var entry = matches[0];
        if (entry.Length > limit) throw TooLarge(path, name, entry.Length, limit);
        using var stream = entry.Open();
        // The declared size is only a hint: a header may claim 1 GiB for a few bytes.
        var buffer = new MemoryStream((int)Math.Min(entry.Length, 16 << 20));
        var chunk = new byte[81920];
        int read;
        while ((read = stream.Read(chunk, 0, chunk.Length)) > 0)
        {
            if (buffer.Length + read > limit) throw TooLarge(path, name, buffer.Length + read, limit);
            buffer.Write(chunk, 0, read);
        }
        return new MemoryStream(buffer.GetBuffer(), 0, (int)buffer.Length, writable: false, publiclyVisible: true);
    }

    private static HlsException TooLarge(string path, string name, long size, long limit) =>
        new(DiagnosticCodes.InputTooLarge,
            $"'{path}': {name} inflates to {(size > limit ? "more than " : "")}{size:N0} bytes; the limit is {limit / (1 << 20):N0} MiB.", path);

    /// <summary>A JSON string value, or null for anything else (Keras 3 names and classes are always strings).</summary>
    private static string? Text(JToken? token) => token is JValue { Type: JTokenType.String } v ? (string?)v.Value : null;

    /// <summary>Keras 3 config → Keras 2 layout: inbound nodes as [["layer", 0, 0, {}], ...], batch_input_shape.</summary>
    private static JObject Normalize(JObject root, string path)
    {
        var className = root["class_name"];
        if (root["config"] is not JObject config || config["layers"] is not JArray layers)
            throw Unreadable(path, $"config.json describes {(Text(className) is { } c ? $"a '{c}'" : "no model class")}, not a Sequential or Functional model with layers");
        var outLayers = new JArray();
        for (int i = 0; i < layers.Count; i++)
        {
            // Anything but an object is passed on for KerasArchitecture.Parse to report with its position.
            if (layers[i] is not JObject layer)
            {
                outLayers.Add(layers[i].DeepClone());
                continue;
            }
            var layerConfig = (layer["config"] as JObject)?.DeepClone() as JObject ?? new JObject();
            if (layerConfig["batch_shape"] is { } batchShape && layerConfig["batch_input_shape"] is null)
                layerConfig["batch_input_shape"] = batchShape.DeepClone();
            // Keras 3 keeps the dtype policy as an object; handlers never need it.
            if (layerConfig["dtype"] is JObject) layerConfig["dtype"] = "float32";
            // Definitions that changed between Keras 2 and 3 (e.g. hard_sigmoid's slope) need the version.
            layerConfig[KerasV3Marker] = 3;
            var name = Text(layer["name"]) ?? Text(layerConfig["name"]);
            var converted = new JObject { ["class_name"] = layer["class_name"]?.DeepClone(), ["config"] = layerConfig, ["name"] = name };
            switch (layer["inbound_nodes"])
            {
                case JArray nodes:
                    converted["inbound_nodes"] = new JArray(nodes.Select(n =>
                        new JArray(History(n, name ?? $"#{i + 1}", path).Select(h => new JArray(h, 0, 0, new JObject())))));
                    break;
                case null or { Type: JTokenType.Null }:
                    break;
                case var other:
                    throw Unreadable(path, $"layer '{name ?? $"#{i + 1}"}' has inbound_nodes {Shorten(other)}, expected a list of calls", name);
            }
            outLayers.Add(converted);
        }
        var outConfig = new JObject { ["name"] = config["name"]?.DeepClone(), ["layers"] = outLayers };
        if (config["input_layers"] is { } ins) outConfig["input_layers"] = Endpoints(ins);
        if (config["output_layers"] is { } outs) outConfig["output_layers"] = Endpoints(outs);
        return new JObject { ["class_name"] = className?.DeepClone(), ["config"] = outConfig };
    }

    /// <summary>Keras 3 writes a single endpoint as ["name", 0, 0] and several as a list of those; other shapes pass through for Parse to report.</summary>
    private static JToken Endpoints(JToken token) =>
        token is JArray { Count: > 0 } a && a[0].Type == JTokenType.String ? new JArray(a.DeepClone()) : token.DeepClone();

    /// <summary>Source layer names of one Keras 3 inbound node: every keras_history in its args, in order.</summary>
    private static List<string> History(JToken node, string layer, string path)
    {
        var sources = new List<string>();
        void Walk(JToken? t)
        {
            switch (t)
            {
                case JObject o when Text(o["class_name"]) == "__keras_tensor__":
                    var history = (o["config"] as JObject)?["keras_history"];
                    if (history is not JArray { Count: > 0 } h || Text(h[0]) is not { } source)
                        throw Unreadable(path, $"layer '{layer}' reads a tensor whose keras_history is {Shorten(history)}, expected [\"layer_name\", node_index, tensor_index]", layer);
                    sources.Add(source);
                    break;
                case JArray a:
                    foreach (var x in a) Walk(x);
                    break;
            }
        }
        Walk(node is JObject o ? o["args"] : node);
        // layer(x, initial_state=[h, c]): the states follow the sequence, as Keras 2 saves them. A tensor passed through
        // any other keyword would change what the layer computes without the converter knowing: refused.
        if (node is JObject { } call && call["kwargs"] is JObject kwargs)
            foreach (var (key, value) in kwargs)
            {
                int before = sources.Count;
                Walk(value);
                if (sources.Count > before && key != "initial_state")
                    throw new HlsException(DiagnosticCodes.UnsupportedGraph,
                        $"layer '{layer}' receives a tensor through its call argument {Shorten(new JValue(key))}; only the sequence and initial_state of recurrent layers are supported.", path, layer);
            }
        return sources;
    }

    private static string Shorten(JToken? token)
    {
        var s = token?.ToString(Newtonsoft.Json.Formatting.None) ?? "missing";
        return s.Length > 120 ? s[..120] + "…" : s;
    }

    private static HlsException Unreadable(string path, string what, string? layer = null) =>
        new(DiagnosticCodes.UnreadableModelFile, $"'{path}' cannot be read as a Keras 3 archive: {what}.", path, layer);

    /// <summary>
    /// model.weights.h5: layers/&lt;object&gt;/vars/0..n, with the layer name as the 'name' attribute of 'vars'.
    /// Variables are unnamed; their order is the layer's build order, mapped to Keras 2 names per class.
    /// </summary>
    private sealed class Keras3Weights : IKerasWeightSource
    {
        /// <summary>Most groups indexed: far beyond any model, and the end of a cycle of hard links.</summary>
        private const int MaxGroups = 100_000;

        private readonly NativeFile _file;
        private readonly Dictionary<string, (IH5Group Vars, string GroupPath, IH5Group Layer)> _byLayer = new(StringComparer.Ordinal);
        private readonly IReadOnlyDictionary<string, (string ClassName, JObject Config)> _layers;
        private readonly ValueBudget _budget = new();
        private int _groups;

        /// <summary>The archive, or the weights file given instead of the archive's own.</summary>
        public string Path { get; }
        public IReadOnlyList<string>? LayerNames => _byLayer.Keys.ToList();

        /// <summary>Takes ownership of 'file' (disposed here on failure).</summary>
        public Keras3Weights(NativeFile file, string path, IReadOnlyDictionary<string, (string, JObject)> layers)
        {
            Path = path;
            _layers = layers;
            _file = file;
            try
            {
                if (Hdf5.Group(_file, "layers", Path) is { } top) Index(top, "layers", 1);
            }
            catch
            {
                Dispose();
                throw;
            }
        }

        /// <summary>Finds every vars group (also inside nested models) and keys it by the layer name it records.</summary>
        private void Index(IH5Group layers, string groupPath, int depth)
        {
            if (depth > Hdf5.MaxGroupDepth || ++_groups > MaxGroups)
                throw new HlsException(DiagnosticCodes.UnreadableModelFile,
                    $"{Hdf5.Describe(Path)} is damaged: its layer groups nest deeper than {Hdf5.MaxGroupDepth} levels or number more than {MaxGroups} (at '{groupPath}'; a group that contains itself?).", Path);
            foreach (var child in Hdf5.Children(layers, Path, groupPath).OfType<IH5Group>())
            {
                var childPath = $"{groupPath}/{child.Name}";
                if (Hdf5.Group(child, "vars", Path) is { } vars)
                {
                    var name = Hdf5.AttributeExists(vars, "name") ? Hdf5.ReadString(vars, "name", Path) : child.Name;
                    _byLayer[name] = (vars, childPath + "/vars", child);
                }
                if (Hdf5.Group(child, "layers", Path) is { } nested) Index(nested, childPath + "/layers", depth + 1);
            }
        }

        public IReadOnlyDictionary<string, WeightVariable>? Layer(string layerName)
        {
            if (!_byLayer.TryGetValue(layerName, out var entry)) return null;
            var datasets = Hdf5.Children(entry.Vars, Path, entry.GroupPath).OfType<IH5Dataset>()
                .Select(d => (Index: int.TryParse(d.Name, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var n) ? n : -1, Dataset: d))
                .Where(d => d.Index >= 0).OrderBy(d => d.Index).Select(d => d.Dataset).ToList();
            var names = _layers.TryGetValue(layerName, out var l) ? VariableNames(l.ClassName, l.Config, datasets.Count) : VariableNames("", new JObject(), datasets.Count);
            var result = new Dictionary<string, WeightVariable>(StringComparer.Ordinal);
            ReadVariables(datasets, names, entry.GroupPath, "", layerName, result);
            // Layers that own sub-layers (a recurrent layer's cell, Bidirectional's two layers) keep their variables in
            // the sub-layers' vars groups: named '<path>/kernel', ... ('cell/kernel', 'forward_layer/cell/kernel').
            if (datasets.Count == 0)
            {
                // TimeDistributed keeps the wrapped layer's variables under 'layer', in that layer's build order.
                var wrapped = l.Config?["layer"] as JObject;
                ReadNested(entry.Layer, entry.GroupPath[..^"/vars".Length], "", layerName, result, 0,
                    l.ClassName == "TimeDistributed" && wrapped?["class_name"] is JValue { Type: JTokenType.String } c ? ((string)c!, wrapped["config"] as JObject ?? new JObject()) : null);
            }
            return result;
        }

        private void ReadVariables(List<IH5Dataset> datasets, string[] names, string groupPath, string prefix, string layerName, Dictionary<string, WeightVariable> result)
        {
            for (int i = 0; i < datasets.Count; i++)
            {
                var (shape, data) = Hdf5.ReadFloats(datasets[i], Path, $"{groupPath}/{datasets[i].Name}", _budget, layerName);
                var name = prefix + (i < names.Length ? names[i] : i.ToString(System.Globalization.CultureInfo.InvariantCulture));
                result[name] = new WeightVariable { Name = name, Shape = shape, Data = data };
            }
        }

        private void ReadNested(IH5Group group, string groupPath, string prefix, string layerName, Dictionary<string, WeightVariable> result, int depth,
            (string ClassName, JObject Config)? wrapped = null)
        {
            if (depth > 4) return;
            foreach (var child in Hdf5.Children(group, Path, groupPath).OfType<IH5Group>())
            {
                if (child.Name == "vars") continue;
                var childPath = $"{groupPath}/{child.Name}";
                var childPrefix = $"{prefix}{child.Name}/";
                if (Hdf5.Group(child, "vars", Path) is { } vars)
                {
                    var datasets = Hdf5.Children(vars, Path, childPath + "/vars").OfType<IH5Dataset>()
                        .Select(d => (Index: int.TryParse(d.Name, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var n) ? n : -1, Dataset: d))
                        .Where(d => d.Index >= 0).OrderBy(d => d.Index).Select(d => d.Dataset).ToList();
                    // A TimeDistributed's wrapped layer: that class's names. Recurrent cells build kernel, recurrent_kernel, bias.
                    var names = child.Name == "layer" && wrapped is { } w ? VariableNames(w.ClassName, w.Config, datasets.Count)
                        : datasets.Count <= 3 ? new[] { "kernel", "recurrent_kernel", "bias" } : Array.Empty<string>();
                    ReadVariables(datasets, names, childPath + "/vars", childPrefix, layerName, result);
                }
                ReadNested(child, childPath, childPrefix, layerName, result, depth + 1);
            }
        }

        /// <summary>
        /// Keras 2 names of a layer's variables in Keras 3 build order, so handlers ask for the same names in both
        /// formats. Unknown classes: kernel[, bias] for one or two variables, otherwise the index.
        /// </summary>
        private static string[] VariableNames(string className, JObject config, int count)
        {
            bool Flag(string key) => config[key] is not JValue { Type: JTokenType.Boolean } v || (bool)v;
            var names = className switch
            {
                "DepthwiseConv1D" or "DepthwiseConv2D" => new[] { "depthwise_kernel", "bias" },
                "SeparableConv1D" or "SeparableConv2D" => new[] { "depthwise_kernel", "pointwise_kernel", "bias" },
                "BatchNormalization" => (Flag("scale") ? new[] { "gamma" } : Array.Empty<string>())
                    .Concat(Flag("center") ? new[] { "beta" } : Array.Empty<string>())
                    .Concat(new[] { "moving_mean", "moving_variance" }).ToArray(),
                "PReLU" => new[] { "alpha" },
                "Embedding" => new[] { "embeddings" },
                _ => new[] { "kernel", "bias" },
            };
            return names.Length >= count ? names : Array.Empty<string>();
        }

        public void Dispose() => _file.Dispose();
    }
}
