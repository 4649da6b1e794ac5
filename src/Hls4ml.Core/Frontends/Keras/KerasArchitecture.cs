using Hls4ml.Diagnostics;
using Newtonsoft.Json.Linq;

namespace Hls4ml.Frontends.Keras;

/// <summary>One Keras layer of the architecture: its name, class, config and the layers it reads from.</summary>
internal sealed record KerasLayerSpec(string Name, string ClassName, JObject Config, IReadOnlyList<string> InboundLayers);

/// <summary>
/// The Keras 2 architecture (<c>model.to_json()</c> / the <c>model_config</c> attribute) reduced to what the reader
/// needs: layers in topological order with their inbound layers, plus the model's input and output layer names.
/// </summary>
internal sealed class KerasArchitecture
{
    public string? Name { get; private init; }
    public required IReadOnlyList<KerasLayerSpec> Layers { get; init; }
    /// <summary>Model inputs and outputs in model order (the testbench concatenates them in this order).</summary>
    public required IReadOnlyList<string> InputLayers { get; init; }
    public required IReadOnlyList<string> OutputLayers { get; init; }

    /// <summary>
    /// Graph features this version does not support (shared layers, layers with several outputs).
    /// Kept aside so that the reader reports unsupported layer classes first, the more useful message.
    /// </summary>
    public IReadOnlyList<HlsException> GraphProblems { get; private init; } = Array.Empty<HlsException>();

    /// <summary>Throws the first deferred graph problem, if any.</summary>
    public void ThrowIfUnsupportedGraph()
    {
        if (GraphProblems.Count > 0) throw GraphProblems[0];
    }

    private static readonly string[] FunctionalClasses = { "Model", "Functional" };

    /// <summary>Parses the model JSON; structural problems become HLS0102/HLS0106/HLS0107 naming 'file'.</summary>
    public static KerasArchitecture Parse(JObject root, string file)
    {
        var className = root["class_name"] as JValue;
        var config = root["config"];
        if (className?.Type != JTokenType.String || config is null)
            throw Unreadable(file, "the model JSON has no 'class_name' and 'config' (expected the output of model.to_json() or model.save())");
        // Keras 3 JSON carries keras_version 3.x, or (without a version) the 'module' key Keras 2 never writes at the root.
        var version = (root["keras_version"] as JValue)?.Value as string;
        if (version?.StartsWith('3') == true || (version is null && root["module"] is not null))
            throw new HlsException(DiagnosticCodes.UnsupportedModelFormat,
                "the model was saved by Keras 3, whose format is not supported in this version; save it with Keras 2 (tf.keras): model.to_json() + save_weights(), or model.save('model.h5').", file);
        var cls = (string)className!;
        if (cls == "Sequential") return ParseSequential(config, file);
        if (FunctionalClasses.Contains(cls)) return ParseFunctional(config, file);
        throw Unreadable(file, $"the top-level class_name is '{cls}'; expected a Keras model (Sequential, Model or Functional)");
    }

    private static KerasArchitecture ParseSequential(JToken config, string file)
    {
        // Keras 2.0-2.2.2 write a bare list of layers; later versions {name, layers}.
        var (name, layersToken) = config switch
        {
            JArray a => ((string?)null, (JToken?)a),
            JObject o => ((string?)(o["name"] as JValue), o["layers"]),
            _ => (null, null),
        };
        if (layersToken is not JArray layers)
            throw Unreadable(file, "the Sequential config has no 'layers' list");
        if (layers.Count == 0)
            throw new HlsException(DiagnosticCodes.UnsupportedGraph, "the Sequential model has no layers.", file);

        var specs = new List<KerasLayerSpec>();
        string? previous = null;
        for (int i = 0; i < layers.Count; i++)
        {
            var (layerName, layerClass, layerConfig) = LayerHeader(layers[i], i, file);
            if (i == 0 && layerClass != "InputLayer")
            {
                // No explicit InputLayer (Keras 2.0-2.2 and most Sequential models): build one from batch_input_shape,
                // named like tf.keras names it.
                var batchShape = layerConfig["batch_input_shape"] ?? layerConfig["batch_shape"];
                if (batchShape is not JArray)
                    throw Unreadable(file, $"the first layer '{layerName}' has no 'batch_input_shape', so the model input shape is unknown (build the model with an input shape before saving)");
                var inputName = layerName + "_input";
                specs.Add(new KerasLayerSpec(inputName, "InputLayer",
                    new JObject { ["name"] = inputName, ["batch_input_shape"] = batchShape.DeepClone() }, Array.Empty<string>()));
                previous = inputName;
            }
            else if (i > 0 && layerClass == "InputLayer")
                throw new HlsException(DiagnosticCodes.UnsupportedGraph, $"the Sequential model has an InputLayer ('{layerName}') after its first layer.", file, layerName);
            specs.Add(new KerasLayerSpec(layerName, layerClass, layerConfig, previous is null ? Array.Empty<string>() : new[] { previous }));
            previous = layerName;
        }
        CheckUniqueNames(specs, file);
        return new KerasArchitecture { Name = name, Layers = specs, InputLayers = new[] { specs[0].Name }, OutputLayers = new[] { specs[^1].Name } };
    }

    private static KerasArchitecture ParseFunctional(JToken config, string file)
    {
        if (config is not JObject o || o["layers"] is not JArray layers)
            throw Unreadable(file, "the model config has no 'layers' list");
        var problems = new List<HlsException>();
        var specs = new List<KerasLayerSpec>();
        for (int i = 0; i < layers.Count; i++)
        {
            var (layerName, layerClass, layerConfig) = LayerHeader(layers[i], i, file);
            specs.Add(new KerasLayerSpec(layerName, layerClass, layerConfig, InboundLayers(layers[i], layerName, file, problems)));
        }
        CheckUniqueNames(specs, file);
        var inputs = Endpoints(o["input_layers"], "input_layers", file);
        var outputs = Endpoints(o["output_layers"], "output_layers", file);
        var known = specs.Select(s => s.Name).ToHashSet(StringComparer.Ordinal);
        foreach (var endpoint in inputs.Concat(outputs))
            if (!known.Contains(endpoint))
                throw Unreadable(file, $"input_layers/output_layers name '{endpoint}', which is not a layer of the model");
        if (inputs.Count == 0 || outputs.Count == 0)
            throw new HlsException(DiagnosticCodes.UnsupportedGraph, "the model declares no input or no output layer.", file);
        if (outputs.Distinct().Count() != outputs.Count)
            throw new HlsException(DiagnosticCodes.UnsupportedGraph,
                $"the model lists the same output layer twice ({string.Join(", ", outputs)}); this version needs distinct output layers.", file);
        return new KerasArchitecture
        {
            Name = (string?)(o["name"] as JValue),
            Layers = TopologicalOrder(specs, file),
            InputLayers = inputs,
            OutputLayers = outputs,
            GraphProblems = problems,
        };
    }

    private static (string Name, string ClassName, JObject Config) LayerHeader(JToken token, int index, string file)
    {
        if (token is not JObject layer || layer["class_name"] is not JValue { Type: JTokenType.String } cls)
            throw Unreadable(file, $"layer #{index + 1} of the model has no 'class_name'");
        var config = layer["config"] as JObject ?? new JObject();
        var name = (layer["name"] as JValue)?.Value as string ?? (config["name"] as JValue)?.Value as string;
        if (string.IsNullOrEmpty(name))
            throw Unreadable(file, $"layer #{index + 1} ({(string)cls!}) has no name");
        return (name, (string)cls!, config);
    }

    /// <summary>Keras 2 inbound_nodes: [[["name", node_index, tensor_index, {kwargs}], ...]] — one node per call.</summary>
    private static IReadOnlyList<string> InboundLayers(JToken layer, string layerName, string file, List<HlsException> problems)
    {
        var nodes = layer["inbound_nodes"];
        if (nodes is null || nodes.Type == JTokenType.Null) return Array.Empty<string>();
        if (nodes is not JArray nodeList)
            throw Unreadable(file, $"layer '{layerName}' has an invalid 'inbound_nodes' value", layerName);
        if (nodeList.Count == 0) return Array.Empty<string>();
        var node = nodeList[0];
        if (node is JObject)
            throw new HlsException(DiagnosticCodes.UnsupportedModelFormat,
                "the model uses the Keras 3 inbound_nodes format, which is not supported in this version; save it with Keras 2 (tf.keras).", file, layerName);
        if (node is not JArray refs)
            throw Unreadable(file, $"layer '{layerName}' has an invalid inbound node", layerName);
        if (nodeList.Count > 1)
            problems.Add(new HlsException(DiagnosticCodes.UnsupportedGraph,
                $"layer '{layerName}' is called {nodeList.Count} times (a shared layer); this version supports layers used once.", file, layerName));
        var result = new List<string>();
        foreach (var r in refs)
        {
            if (r is not JArray { Count: >= 3 } parts || parts[0] is not JValue { Type: JTokenType.String } source)
                throw Unreadable(file, $"layer '{layerName}' has an invalid inbound reference '{r.ToString(Newtonsoft.Json.Formatting.None)}'", layerName);
            // Any tensor index but 0 (including one too large for a long) means a layer with several outputs.
            if (parts[2] is JValue { Type: JTokenType.Integer } t && !(JsonInts.TryLong(t, out var index) && index == 0))
                problems.Add(new HlsException(DiagnosticCodes.UnsupportedGraph,
                    $"layer '{layerName}' reads output #{t} of '{(string)source!}'; layers with several outputs are not supported in this version.", file, layerName));
            result.Add((string)source!);
        }
        return result;
    }

    /// <summary>input_layers/output_layers: [["name", 0, 0], ...], or a single ["name", 0, 0].</summary>
    private static List<string> Endpoints(JToken? token, string key, string file)
    {
        if (token is not JArray list)
            throw Unreadable(file, $"the model config has no '{key}' list");
        if (list.Count > 0 && list[0] is JValue { Type: JTokenType.String } single) return new List<string> { (string)single! };
        var result = new List<string>();
        foreach (var item in list)
        {
            if (item is not JArray { Count: >= 1 } parts || parts[0] is not JValue { Type: JTokenType.String } name)
                throw Unreadable(file, $"'{key}' holds an invalid entry '{item.ToString(Newtonsoft.Json.Formatting.None)}'");
            result.Add((string)name!);
        }
        return result;
    }

    private static void CheckUniqueNames(IEnumerable<KerasLayerSpec> specs, string file)
    {
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var s in specs)
            if (!seen.Add(s.Name))
                throw Unreadable(file, $"two layers are named '{s.Name}'", s.Name);
    }

    /// <summary>Kahn's algorithm, keeping the file's order among ready layers (Keras already writes them in order).</summary>
    private static List<KerasLayerSpec> TopologicalOrder(List<KerasLayerSpec> specs, string file)
    {
        var byName = specs.ToDictionary(s => s.Name, StringComparer.Ordinal);
        foreach (var s in specs)
            foreach (var source in s.InboundLayers)
                if (!byName.ContainsKey(source))
                    throw Unreadable(file, $"layer '{s.Name}' reads from '{source}', which is not a layer of the model", s.Name);
        var done = new HashSet<string>(StringComparer.Ordinal);
        var order = new List<KerasLayerSpec>(specs.Count);
        while (order.Count < specs.Count)
        {
            var next = specs.FirstOrDefault(s => !done.Contains(s.Name) && s.InboundLayers.All(done.Contains));
            if (next is null)
            {
                var stuck = specs.First(s => !done.Contains(s.Name));
                throw Unreadable(file, $"the layer graph has a cycle through '{stuck.Name}'", stuck.Name);
            }
            done.Add(next.Name);
            order.Add(next);
        }
        return order;
    }

    private static HlsException Unreadable(string file, string what, string? layer = null) =>
        new(DiagnosticCodes.UnreadableModelFile, $"'{file}' cannot be read as a Keras model: {what}.", file, layer);
}
