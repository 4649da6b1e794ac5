using Hls4ml.Diagnostics;
using Hls4ml.Types;
using Newtonsoft.Json;
using Newtonsoft.Json.Linq;

namespace Hls4ml.Ir;

/// <summary>
/// Reads and writes the IR as JSON (the Convert task's output). Weights are stored as base64 little-endian float32,
/// exact and compact; attributes as plain JSON values.
/// </summary>
public static class IrSerializer
{
    public const int FormatVersion = 1;

    public static JObject ToJson(ModelGraph graph)
    {
        var layers = new JArray();
        foreach (var l in graph.Layers)
        {
            var weights = new JObject();
            foreach (var (k, w) in l.Weights)
                weights[k] = new JObject
                {
                    ["name"] = w.Name,
                    ["shape"] = new JArray(w.Shape),
                    ["precision"] = w.Precision?.ToHls4mlString(),
                    ["data"] = Convert.ToBase64String(System.Runtime.InteropServices.MemoryMarshal.AsBytes(w.Data.AsSpan())),
                };
            var types = new JObject();
            foreach (var (k, p) in l.Types) types[k] = p.ToHls4mlString();
            var modelTypes = new JObject();
            foreach (var (k, p) in l.ModelTypes) modelTypes[k] = p.ToHls4mlString();
            layers.Add(new JObject
            {
                ["name"] = l.Name,
                ["type"] = l.Type,
                ["source_class"] = l.SourceClass,
                ["index"] = l.Index,
                ["inputs"] = new JArray(l.Inputs),
                ["outputs"] = new JArray(l.Outputs),
                ["attributes"] = JObject.FromObject(l.Attributes),
                ["types"] = types,
                ["model_types"] = modelTypes,
                ["weights"] = weights,
            });
        }
        var tensors = new JObject();
        foreach (var (k, t) in graph.Tensors)
            tensors[k] = new JObject { ["shape"] = new JArray(t.Shape), ["precision"] = t.Precision?.ToHls4mlString() };
        return new JObject
        {
            ["format"] = "hls4ml-sdk-ir",
            ["version"] = FormatVersion,
            ["name"] = graph.Name,
            ["source"] = graph.SourceFile,
            ["inputs"] = new JArray(graph.Inputs),
            ["outputs"] = new JArray(graph.Outputs),
            ["tensors"] = tensors,
            ["layers"] = layers,
        };
    }

    public static void Save(ModelGraph graph, string path)
    {
        var json = ToJson(graph).ToString(Formatting.Indented);
        AtomicFile.WriteAllText(path, json);
    }

    public static ModelGraph Load(string path)
    {
        try
        {
            return FromJson(JObject.Parse(File.ReadAllText(path)));
        }
        catch (Exception e) when (e is JsonException or InvalidCastException or FormatException or NullReferenceException or IOException)
        {
            throw new HlsException(DiagnosticCodes.InvalidIrFile, $"Cannot read '{path}': {e.Message}", path);
        }
    }

    public static ModelGraph FromJson(JObject root)
    {
        if ((string?)root["format"] != "hls4ml-sdk-ir" || (int?)root["version"] != FormatVersion)
            throw new FormatException("not an IR file of this version");
        var g = new ModelGraph { Name = (string)root["name"]!, SourceFile = (string?)root["source"] };
        g.Inputs.AddRange(root["inputs"]!.Values<string>()!);
        g.Outputs.AddRange(root["outputs"]!.Values<string>()!);
        foreach (var (k, v) in (JObject)root["tensors"]!)
            g.Tensors[k] = new TensorVariable
            {
                Name = k,
                Shape = v!["shape"]!.Values<int>().ToArray(),
                Precision = ParseOpt((string?)v["precision"]),
            };
        foreach (JObject jl in (JArray)root["layers"]!)
        {
            var l = new Layer
            {
                Name = (string)jl["name"]!,
                Type = (string)jl["type"]!,
                SourceClass = (string?)jl["source_class"],
                Index = (int)jl["index"]!,
                Inputs = jl["inputs"]!.Values<string>().Select(s => s!).ToList(),
                Outputs = jl["outputs"]!.Values<string>().Select(s => s!).ToList(),
            };
            foreach (var (k, v) in (JObject)jl["attributes"]!) l.Attributes[k] = ToPlain(v);
            foreach (var (k, v) in (JObject)jl["types"]!) l.Types[k] = Precision.Parse((string)v!);
            if (jl["model_types"] is JObject mt)
                foreach (var (k, v) in mt) l.ModelTypes[k] = Precision.Parse((string)v!);
            foreach (var (k, v) in (JObject)jl["weights"]!)
            {
                var bytes = Convert.FromBase64String((string)v!["data"]!);
                var data = new float[bytes.Length / 4];
                Buffer.BlockCopy(bytes, 0, data, 0, bytes.Length);
                l.Weights[k] = new WeightVariable
                {
                    Name = (string)v["name"]!,
                    Shape = v["shape"]!.Values<int>().ToArray(),
                    Data = data,
                    Precision = ParseOpt((string?)v["precision"]),
                };
            }
            g.Layers.Add(l);
        }
        return g;
    }

    private static Precision? ParseOpt(string? s) => s is null ? null : Precision.Parse(s);

    /// <summary>JSON value to the plain CLR value used in layer attributes.</summary>
    internal static object? ToPlain(JToken? t) => t switch
    {
        null => null,
        JValue { Type: JTokenType.Integer } v => v.Value is long l && l is >= int.MinValue and <= int.MaxValue ? (int)l : v.Value,
        JValue { Type: JTokenType.Float } v => Convert.ToDouble(v.Value, System.Globalization.CultureInfo.InvariantCulture),
        JValue { Type: JTokenType.Null } => null,
        JValue v => v.Value,
        JArray a when a.All(x => x.Type == JTokenType.Integer) => a.Values<int>().ToArray(),
        JArray a => a.Select(ToPlain).ToList(),
        JObject o => o.Properties().ToDictionary(p => p.Name, p => ToPlain(p.Value)),
        _ => t.ToString(),
    };
}
