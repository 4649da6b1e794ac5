using System.IO.Compression;
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

    public static (JObject Json, IKerasWeightSource Weights) Open(string path, string? weightsPath)
    {
        JObject config;
        string weightsFile;
        try
        {
            using var zip = ZipFile.OpenRead(path);
            var entry = zip.GetEntry("config.json")
                ?? throw Unreadable(path, "the archive has no config.json");
            using (var reader = new StreamReader(entry.Open()))
                config = JObject.Parse(reader.ReadToEnd());
            if (weightsPath is null)
            {
                var weightsEntry = zip.GetEntry("model.weights.h5")
                    ?? throw Unreadable(path, "the archive has no model.weights.h5");
                weightsFile = Path.Combine(Path.GetTempPath(), $"hls4ml-keras3-{Guid.NewGuid():N}.weights.h5");
                weightsEntry.ExtractToFile(weightsFile);
            }
            else weightsFile = weightsPath;
        }
        catch (Exception e) when (e is InvalidDataException or IOException or Newtonsoft.Json.JsonException)
        {
            throw Unreadable(path, e.Message);
        }
        var normalized = Normalize(config, path);
        var layers = ((JArray)normalized["config"]!["layers"]!).OfType<JObject>()
            .ToDictionary(l => (string)l["name"]!, l => ((string?)l["class_name"] ?? "", (JObject)l["config"]!), StringComparer.Ordinal);
        return (normalized, new Keras3Weights(weightsFile, deleteOnDispose: weightsPath is null, path, layers));
    }

    /// <summary>Keras 3 config → Keras 2 layout: inbound nodes as [["layer", 0, 0, {}], ...], batch_input_shape.</summary>
    private static JObject Normalize(JObject root, string path)
    {
        var className = (string?)root["class_name"];
        if (root["config"] is not JObject config || config["layers"] is not JArray layers)
            throw Unreadable(path, $"config.json describes a '{className}', not a Sequential or Functional model with layers");
        var outLayers = new JArray();
        foreach (var token in layers)
        {
            if (token is not JObject layer) continue;
            var layerConfig = (layer["config"] as JObject)?.DeepClone() as JObject ?? new JObject();
            if (layerConfig["batch_shape"] is { } batchShape && layerConfig["batch_input_shape"] is null)
                layerConfig["batch_input_shape"] = batchShape.DeepClone();
            // Keras 3 keeps the dtype policy as an object; handlers never need it.
            if (layerConfig["dtype"] is JObject) layerConfig["dtype"] = "float32";
            // Definitions that changed between Keras 2 and 3 (e.g. hard_sigmoid's slope) need the version.
            layerConfig[KerasV3Marker] = 3;
            var name = (string?)layer["name"] ?? (string?)layerConfig["name"];
            var converted = new JObject { ["class_name"] = layer["class_name"]?.DeepClone(), ["config"] = layerConfig, ["name"] = name };
            if (layer["inbound_nodes"] is JArray nodes)
                converted["inbound_nodes"] = new JArray(nodes.Select(n => new JArray(History(n).Select(h => new JArray(h, 0, 0, new JObject())))));
            outLayers.Add(converted);
        }
        var outConfig = new JObject { ["name"] = config["name"]?.DeepClone(), ["layers"] = outLayers };
        if (config["input_layers"] is { } ins) outConfig["input_layers"] = Endpoints(ins);
        if (config["output_layers"] is { } outs) outConfig["output_layers"] = Endpoints(outs);
        return new JObject { ["class_name"] = className, ["config"] = outConfig };
    }

    /// <summary>Keras 3 writes a single endpoint as ["name", 0, 0] and several as a list of those.</summary>
    private static JArray Endpoints(JToken token) =>
        token is JArray { Count: > 0 } a && a[0].Type == JTokenType.String ? new JArray(a.DeepClone()) : (JArray)token.DeepClone();

    /// <summary>Source layer names of one Keras 3 inbound node: every keras_history in its args, in order.</summary>
    private static IEnumerable<string> History(JToken node)
    {
        IEnumerable<string> Walk(JToken? t)
        {
            switch (t)
            {
                case JObject o when (string?)o["class_name"] == "__keras_tensor__":
                    if (o["config"]?["keras_history"] is JArray h && h.Count > 0) yield return (string)h[0]!;
                    break;
                case JArray a:
                    foreach (var x in a) foreach (var s in Walk(x)) yield return s;
                    break;
            }
        }
        return Walk(node is JObject o ? o["args"] : node);
    }

    private static HlsException Unreadable(string path, string what) =>
        new(DiagnosticCodes.UnreadableModelFile, $"'{path}' cannot be read as a Keras 3 archive: {what}.", path);

    /// <summary>
    /// model.weights.h5: layers/&lt;object&gt;/vars/0..n, with the layer name as the 'name' attribute of 'vars'.
    /// Variables are unnamed; their order is the layer's build order, mapped to Keras 2 names per class.
    /// </summary>
    private sealed class Keras3Weights : IKerasWeightSource
    {
        private readonly NativeFile _file;
        private readonly bool _delete;
        private readonly Dictionary<string, IH5Group> _byLayer = new(StringComparer.Ordinal);
        private readonly IReadOnlyDictionary<string, (string ClassName, JObject Config)> _layers;

        public string Path { get; }
        public IReadOnlyList<string>? LayerNames => _byLayer.Keys.ToList();

        public Keras3Weights(string file, bool deleteOnDispose, string archive, IReadOnlyDictionary<string, (string, JObject)> layers)
        {
            Path = archive;
            _layers = layers;
            _delete = deleteOnDispose;
            _file = Hdf5.Open(file);
            try
            {
                if (Hdf5.LinkExists(_file, "layers"))
                    Index(_file.Group("layers"));
            }
            catch
            {
                Dispose();
                throw;
            }
        }

        /// <summary>Finds every vars group (also inside nested models) and keys it by the layer name it records.</summary>
        private void Index(IH5Group layers)
        {
            foreach (var child in layers.Children().OfType<IH5Group>())
            {
                if (Hdf5.LinkExists(child, "vars"))
                {
                    var vars = child.Group("vars");
                    var name = Hdf5.AttributeExists(vars, "name") ? Hdf5.ReadString(vars, "name", Path) : child.Name;
                    _byLayer[name] = vars;
                }
                if (Hdf5.LinkExists(child, "layers")) Index(child.Group("layers"));
            }
        }

        public IReadOnlyDictionary<string, WeightVariable>? Layer(string layerName)
        {
            if (!_byLayer.TryGetValue(layerName, out var vars)) return null;
            var datasets = vars.Children().OfType<IH5Dataset>()
                .Where(d => int.TryParse(d.Name, out _)).OrderBy(d => int.Parse(d.Name)).ToList();
            var names = _layers.TryGetValue(layerName, out var l) ? VariableNames(l.ClassName, l.Config, datasets.Count) : VariableNames("", new JObject(), datasets.Count);
            var result = new Dictionary<string, WeightVariable>(StringComparer.Ordinal);
            for (int i = 0; i < datasets.Count; i++)
            {
                var (shape, data) = Hdf5.ReadFloats(datasets[i], Path, $"{layerName}/vars/{i}");
                var name = i < names.Length ? names[i] : i.ToString(System.Globalization.CultureInfo.InvariantCulture);
                result[name] = new WeightVariable { Name = name, Shape = shape, Data = data };
            }
            return result;
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

        public void Dispose()
        {
            _file.Dispose();
            if (_delete && _file.Path is { } path) try { File.Delete(path); } catch (IOException) { }
        }
    }
}
