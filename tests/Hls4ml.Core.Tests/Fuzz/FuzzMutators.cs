using System.IO.Compression;
using System.Text;
using Google.Protobuf;
using Newtonsoft.Json;
using Newtonsoft.Json.Linq;

namespace Hls4ml.Tests.Fuzz;

/// <summary>
/// Deterministic mutations of model files for the fuzz test: raw bytes (any format), JSON values and structure (Keras
/// architecture JSON, the model_config text inside a full-model .h5, config.json of a .keras), zip entries (.keras)
/// and protobuf fields (ONNX). Every mutator takes the Random it is given and nothing else, so a (seed, index) pair
/// always reproduces the same input. Each returns a short description of what it changed, for the failure report.
/// </summary>
internal static class FuzzMutators
{
    // ---------------------------------------------------------------- bytes

    /// <summary>1-3 byte-level edits: bit flips, interesting bytes, truncation, deleted/duplicated/random ranges.</summary>
    public static byte[] Bytes(byte[] input, Random rng, List<string> log, int regionStart = 0, int regionEnd = -1)
    {
        var data = new List<byte>(input);
        int edits = 1 + rng.Next(3);
        for (int e = 0; e < edits && data.Count > 0; e++)
        {
            int end = regionEnd < 0 || regionEnd > data.Count ? data.Count : regionEnd;
            int start = Math.Min(regionStart, end - 1);
            if (start < 0) start = 0;
            int pos = start + rng.Next(Math.Max(1, end - start));
            switch (rng.Next(8))
            {
                case 0:
                    data[pos] ^= (byte)(1 << rng.Next(8));
                    log.Add($"bitflip@{pos}");
                    break;
                case 1:
                    var value = new byte[] { 0x00, 0xFF, 0x7F, 0x80, 0x01, 0xFE }[rng.Next(6)];
                    data[pos] = value;
                    log.Add($"byte@{pos}={value:X2}");
                    break;
                case 2:
                    data.RemoveRange(pos, data.Count - pos);
                    log.Add($"truncate@{pos}");
                    break;
                case 3:
                    int del = Math.Min(1 + rng.Next(64), data.Count - pos);
                    data.RemoveRange(pos, del);
                    log.Add($"delete@{pos}+{del}");
                    break;
                case 4:
                    int dup = Math.Min(1 + rng.Next(64), data.Count - pos);
                    data.InsertRange(pos, data.GetRange(pos, dup));
                    log.Add($"duplicate@{pos}+{dup}");
                    break;
                case 5:
                    int n = Math.Min(1 + rng.Next(16), data.Count - pos);
                    for (int i = 0; i < n; i++) data[pos + i] = (byte)rng.Next(256);
                    log.Add($"random@{pos}+{n}");
                    break;
                case 6:
                    // Little-endian integers set to extremes hit sizes, offsets and counts in binary headers.
                    var ext = new ulong[] { 0, ulong.MaxValue, int.MaxValue, 0x80000000, 1UL << 40 }[rng.Next(5)];
                    int w = new[] { 2, 4, 8 }[rng.Next(3)];
                    for (int i = 0; i < w && pos + i < data.Count; i++) data[pos + i] = (byte)(ext >> (8 * i));
                    log.Add($"int{w * 8}@{pos}={ext}");
                    break;
                default:
                    data.Insert(pos, (byte)rng.Next(256));
                    log.Add($"insert@{pos}");
                    break;
            }
        }
        return data.ToArray();
    }

    /// <summary>
    /// Edits inside a text region of a binary file without changing its length (the model_config JSON inside a
    /// full-model .h5): structural characters, digits and quotes swapped in, so the JSON parses differently.
    /// </summary>
    public static byte[] TextRegion(byte[] input, int start, int end, Random rng, List<string> log)
    {
        var data = (byte[])input.Clone();
        const string palette = "{}[]\",:0123456789-.eE ntfa\\";
        int edits = 1 + rng.Next(4);
        for (int e = 0; e < edits; e++)
        {
            int pos = start + rng.Next(end - start);
            if (rng.Next(3) == 0 && char.IsAsciiDigit((char)data[pos]))
            {
                // Same-length number change: 1 → 9, giving other sizes and shapes that still parse.
                data[pos] = (byte)('0' + rng.Next(10));
                log.Add($"digit@{pos}");
            }
            else
            {
                data[pos] = (byte)palette[rng.Next(palette.Length)];
                log.Add($"char@{pos}");
            }
        }
        return data;
    }

    // ---------------------------------------------------------------- JSON

    private static readonly Func<JToken>[] Palette =
    {
        () => JValue.CreateNull(), () => new JValue(true), () => new JValue(false),
        () => new JValue(0), () => new JValue(-1), () => new JValue(1), () => new JValue(2), () => new JValue(3),
        () => new JValue(int.MaxValue), () => new JValue(int.MaxValue + 1L), () => new JValue(long.MaxValue),
        () => new JValue(-1000000000000L), () => new JValue(1e308), () => new JValue(-1e308), () => new JValue(0.5),
        () => new JValue(double.NaN), () => new JValue(double.PositiveInfinity),
        () => new JValue(System.Numerics.BigInteger.Pow(10, 30)), () => new JValue(-System.Numerics.BigInteger.Pow(10, 30)),
        () => new JValue(""), () => new JValue("abc"), () => new JValue("relu"), () => new JValue("softmax"),
        () => new JValue("linear"), () => new JValue("same"), () => new JValue("valid"), () => new JValue("channels_first"),
        () => new JValue("Dense"), () => new JValue("InputLayer"), () => new JValue("Functional"), () => new JValue("Sequential"),
        () => new JValue("__keras_tensor__"), () => new JValue("a\nb"), () => new JValue("x\\"), () => new JValue("\""),
        () => new JValue("../../etc/passwd"), () => new JValue("\u0000"), () => new JValue(new string('z', 5000)),
        () => new JObject(), () => new JArray(), () => new JArray(1), () => new JArray(JValue.CreateNull(), 1),
        () => new JArray(JValue.CreateNull(), 4, 4), () => new JArray(JValue.CreateNull(), 100000, 100000),
        () => new JArray(1, 1, 1, 1, 1), () => new JArray(-1, -1), () => new JArray(new JArray(), new JArray()),
        () => new JObject { ["class_name"] = "__keras_tensor__", ["config"] = new JObject { ["keras_history"] = new JArray(5, "x") } },
    };

    /// <summary>Keras classes the readers know (and a few they do not), for class_name swaps.</summary>
    private static readonly string[] KerasClasses =
    {
        "InputLayer", "Dense", "Activation", "ReLU", "LeakyReLU", "PReLU", "ELU", "ThresholdedReLU", "Softmax", "Dropout",
        "Flatten", "Reshape", "Permute", "BatchNormalization", "Conv1D", "Conv2D", "DepthwiseConv1D", "DepthwiseConv2D",
        "SeparableConv1D", "SeparableConv2D", "MaxPooling1D", "MaxPooling2D", "AveragePooling1D", "AveragePooling2D",
        "GlobalMaxPooling1D", "GlobalAveragePooling2D", "ZeroPadding1D", "ZeroPadding2D", "Cropping1D", "Cropping2D",
        "UpSampling1D", "UpSampling2D", "Add", "Subtract", "Multiply", "Average", "Maximum", "Minimum", "Concatenate", "Dot",
        "LSTM", "Model", "Functional", "Sequential",
    };

    /// <summary>1-3 JSON edits: values replaced by other types/extremes, keys removed or renamed, array items duplicated, removed, swapped, subtrees copied.</summary>
    public static string Json(string text, Random rng, List<string> log)
    {
        JToken root;
        try
        {
            using var reader = new JsonTextReader(new StringReader(text)) { DateParseHandling = DateParseHandling.None, MaxDepth = 256 };
            root = JToken.ReadFrom(reader);
        }
        catch (JsonException)
        {
            log.Add("unparsable→bytes");
            return Encoding.UTF8.GetString(Bytes(Encoding.UTF8.GetBytes(text), rng, log));
        }
        int edits = 1 + rng.Next(3);
        for (int e = 0; e < edits; e++) EditJson(ref root, rng, log);
        var output = root.ToString(Formatting.None);
        if (rng.Next(10) == 0)
        {
            // Text-level damage on top: truncation, stray bytes.
            output = Encoding.UTF8.GetString(Bytes(Encoding.UTF8.GetBytes(output), rng, log));
        }
        return output;
    }

    private static void EditJson(ref JToken root, Random rng, List<string> log)
    {
        var top = root;
        var all = new List<JToken> { root };
        if (root is JContainer c) all.AddRange(c.Descendants());
        var values = all.Where(t => t is not JProperty && t != top).ToList();
        var properties = all.OfType<JProperty>().ToList();
        var arrays = all.OfType<JArray>().Where(a => a.Count > 0).ToList();
        switch (rng.Next(11))
        {
            case 9 when values.Any(v => v is JValue { Value: long }):
            {
                // Small numeric changes keep the file plausible and reach shape checks deep in the pipeline.
                var ints = values.Where(v => v is JValue { Value: long }).ToList();
                var target = ints[rng.Next(ints.Count)];
                long old = (long)((JValue)target).Value!;
                long changed = rng.Next(5) switch { 0 => old + 1, 1 => old - 1, 2 => old * 2, 3 => old / 2, _ => old + rng.Next(-8, 9) };
                log.Add($"tweak {target.Path} {old}→{changed}");
                target.Replace(new JValue(changed));
                break;
            }
            case 10 when values.Any(v => v.Parent is JProperty { Name: "class_name" }):
            {
                var classes = values.Where(v => v.Parent is JProperty { Name: "class_name" }).ToList();
                var target = classes[rng.Next(classes.Count)];
                var name = KerasClasses[rng.Next(KerasClasses.Length)];
                log.Add($"class {target.Path}={name}");
                target.Replace(new JValue(name));
                break;
            }
            case 0 or 1 when values.Count > 0:
            {
                var target = values[rng.Next(values.Count)];
                var replacement = Palette[rng.Next(Palette.Length)]();
                log.Add($"set {target.Path}={Short(replacement)}");
                target.Replace(replacement);
                break;
            }
            case 2 when properties.Count > 0:
            {
                var p = properties[rng.Next(properties.Count)];
                log.Add($"remove {p.Path}");
                p.Remove();
                break;
            }
            case 3 when arrays.Count > 0:
            {
                var a = arrays[rng.Next(arrays.Count)];
                int i = rng.Next(a.Count);
                log.Add($"duplicate {a[i].Path}");
                a.Insert(rng.Next(a.Count + 1), a[i].DeepClone());
                break;
            }
            case 4 when arrays.Count > 0:
            {
                var a = arrays[rng.Next(arrays.Count)];
                int i = rng.Next(a.Count);
                log.Add($"delete {a[i].Path}");
                a.RemoveAt(i);
                break;
            }
            case 5 when arrays.Count > 0:
            {
                var a = arrays[rng.Next(arrays.Count)];
                int i = rng.Next(a.Count), j = rng.Next(a.Count);
                log.Add($"swap {a.Path}[{i}]<->[{j}]");
                (a[i], a[j]) = (a[j].DeepClone(), a[i].DeepClone());
                break;
            }
            case 6 when properties.Count > 0:
            {
                var p = properties[rng.Next(properties.Count)];
                var names = properties.Select(q => q.Name).Distinct().ToList();
                var newName = rng.Next(4) == 0 ? "" : names[rng.Next(names.Count)];
                if (p.Parent is JObject o && o.Property(newName) is null)
                {
                    log.Add($"rename {p.Path}→{newName}");
                    p.Replace(new JProperty(newName, p.Value));
                }
                break;
            }
            case 7 when values.Count > 1:
            {
                var source = values[rng.Next(values.Count)];
                var target = values[rng.Next(values.Count)];
                if (source.AncestorsAndSelf().Contains(target) || target.AncestorsAndSelf().Contains(source)) break;
                log.Add($"copy {source.Path}→{target.Path}");
                target.Replace(source.DeepClone());
                break;
            }
            case 8 when values.Count > 0:
            {
                var target = values[rng.Next(values.Count)];
                log.Add($"wrap {target.Path}");
                target.Replace(new JArray(target.DeepClone()));
                break;
            }
            default:
                if (rng.Next(20) == 0)
                {
                    log.Add("root=palette");
                    root = Palette[rng.Next(Palette.Length)]();
                }
                break;
        }
    }

    private static string Short(JToken t)
    {
        var s = t.ToString(Formatting.None);
        return s.Length > 24 ? s[..24] + "…" : s;
    }

    // ---------------------------------------------------------------- zip (.keras)

    /// <summary>
    /// A .keras archive re-written with one kind of damage: config.json mutated as JSON, model.weights.h5 mutated as
    /// bytes, both, an entry removed/duplicated/renamed/emptied, weights swapped for another archive's, or the whole
    /// zip's bytes damaged.
    /// </summary>
    public static byte[] Keras(byte[] archive, byte[] otherArchive, Random rng, List<string> log)
    {
        var entries = ReadZip(archive);
        int kind = rng.Next(100);
        if (kind < 10)
        {
            log.Add("zip-bytes");
            return Bytes(archive, rng, log);
        }
        if (kind < 50) MutateEntry(entries, "config.json", rng, log, json: true);
        else if (kind < 75) MutateEntry(entries, "model.weights.h5", rng, log, json: false);
        else if (kind < 85)
        {
            MutateEntry(entries, "config.json", rng, log, json: true);
            MutateEntry(entries, "model.weights.h5", rng, log, json: false);
        }
        else
        {
            var names = entries.Select(e => e.Name).ToList();
            var name = names[rng.Next(names.Count)];
            int i = entries.FindIndex(e => e.Name == name);
            switch (rng.Next(5))
            {
                case 0: entries.RemoveAt(i); log.Add($"zip-remove {name}"); break;
                case 1: entries.Add(entries[i]); log.Add($"zip-duplicate {name}"); break;
                case 2: entries[i] = ($"x/{name}", entries[i].Data); log.Add($"zip-rename {name}"); break;
                case 3: entries[i] = (name, Array.Empty<byte>()); log.Add($"zip-empty {name}"); break;
                default:
                    var other = ReadZip(otherArchive).FirstOrDefault(e => e.Name == "model.weights.h5");
                    int w = entries.FindIndex(e => e.Name == "model.weights.h5");
                    if (other.Data is not null && w >= 0) { entries[w] = other; log.Add("zip-foreign-weights"); }
                    break;
            }
        }
        return WriteZip(entries, rng.Next(2) == 0 ? CompressionLevel.NoCompression : CompressionLevel.Fastest);
    }

    private static void MutateEntry(List<(string Name, byte[] Data)> entries, string name, Random rng, List<string> log, bool json)
    {
        int i = entries.FindIndex(e => e.Name == name);
        if (i < 0) return;
        log.Add(name + ":");
        var data = json
            ? Encoding.UTF8.GetBytes(Json(Encoding.UTF8.GetString(entries[i].Data), rng, log))
            : Bytes(entries[i].Data, rng, log, 0, rng.Next(3) == 0 ? -1 : Math.Min(entries[i].Data.Length, 4096));
        entries[i] = (name, data);
    }

    public static List<(string Name, byte[] Data)> ReadZip(byte[] archive)
    {
        using var zip = new ZipArchive(new MemoryStream(archive), ZipArchiveMode.Read);
        return zip.Entries.Select(e =>
        {
            using var s = e.Open();
            using var ms = new MemoryStream();
            s.CopyTo(ms);
            return (e.FullName, ms.ToArray());
        }).ToList();
    }

    public static byte[] WriteZip(IEnumerable<(string Name, byte[] Data)> entries, CompressionLevel level = CompressionLevel.Fastest)
    {
        using var ms = new MemoryStream();
        using (var zip = new ZipArchive(ms, ZipArchiveMode.Create, leaveOpen: true))
            foreach (var (name, data) in entries)
            {
                using var s = zip.CreateEntry(name, level).Open();
                s.Write(data);
            }
        return ms.ToArray();
    }

    // ---------------------------------------------------------------- protobuf (ONNX)

    /// <summary>One protobuf field; length-delimited fields that parse as a message keep their parsed children.</summary>
    private sealed class PbField
    {
        public int Number;
        public WireFormat.WireType Type;
        public ulong Value;
        public byte[] Bytes = Array.Empty<byte>();
        public List<PbField>? Children;
    }

    /// <summary>1-3 field-level edits of a protobuf (ONNX) file: varints set to extremes, fields removed, duplicated, swapped, strings replaced.</summary>
    public static byte[] Protobuf(byte[] input, Random rng, List<string> log)
    {
        var fields = ParsePb(input, 0);
        if (fields is null)
        {
            log.Add("unparsable→bytes");
            return Bytes(input, rng, log);
        }
        var all = new List<(PbField Field, List<PbField> Parent)>();
        void Collect(List<PbField> list)
        {
            foreach (var f in list)
            {
                all.Add((f, list));
                if (f.Children is not null) Collect(f.Children);
            }
        }
        Collect(fields);
        var strings = all.Where(x => x.Field.Type == WireFormat.WireType.LengthDelimited && x.Field.Children is null && x.Field.Bytes.Length is > 0 and < 64)
            .Select(x => x.Field.Bytes).ToList();
        int edits = 1 + rng.Next(3);
        for (int e = 0; e < edits && all.Count > 0; e++)
        {
            var (field, parent) = all[rng.Next(all.Count)];
            switch (field.Type)
            {
                case WireFormat.WireType.Varint when rng.Next(4) != 0:
                {
                    var v = new ulong[] { 0, 1, 2, 3, ulong.MaxValue, ulong.MaxValue - 1, int.MaxValue, 1UL << 31, 1UL << 40, field.Value + 1, field.Value - 1, (ulong)rng.Next(64) }[rng.Next(12)];
                    log.Add($"pb varint #{field.Number} {field.Value}→{v}");
                    field.Value = v;
                    break;
                }
                case WireFormat.WireType.Fixed32 when rng.Next(4) != 0:
                {
                    var f = new[] { float.NaN, float.PositiveInfinity, 0f, -1f, 1e30f }[rng.Next(5)];
                    log.Add($"pb fixed32 #{field.Number}={f}");
                    field.Value = BitConverter.SingleToUInt32Bits(f);
                    break;
                }
                case WireFormat.WireType.LengthDelimited when field.Children is null && rng.Next(3) != 0:
                {
                    if (rng.Next(2) == 0 && strings.Count > 0)
                    {
                        field.Bytes = strings[rng.Next(strings.Count)];
                        log.Add($"pb bytes #{field.Number}=other string");
                    }
                    else
                    {
                        field.Bytes = Bytes(field.Bytes.Length == 0 ? new byte[] { 0 } : field.Bytes, rng, log);
                        log.Add($"pb bytes #{field.Number} mutated");
                    }
                    break;
                }
                default:
                    switch (rng.Next(3))
                    {
                        case 0:
                            parent.Remove(field);
                            log.Add($"pb remove #{field.Number}");
                            break;
                        case 1:
                            parent.Insert(rng.Next(parent.Count + 1), Clone(field));
                            log.Add($"pb duplicate #{field.Number}");
                            break;
                        default:
                            int i = parent.IndexOf(field), j = rng.Next(parent.Count);
                            (parent[i], parent[j]) = (parent[j], parent[i]);
                            log.Add($"pb swap #{field.Number}");
                            break;
                    }
                    // The flattened list is stale after a structural edit.
                    e = edits;
                    break;
            }
        }
        return WritePb(fields);
    }

    private static PbField Clone(PbField f) => new()
    {
        Number = f.Number, Type = f.Type, Value = f.Value, Bytes = f.Bytes, Children = f.Children?.Select(Clone).ToList(),
    };

    private static List<PbField>? ParsePb(byte[] data, int depth)
    {
        var result = new List<PbField>();
        try
        {
            var s = new CodedInputStream(data);
            while (!s.IsAtEnd)
            {
                uint tag = s.ReadTag();
                int number = WireFormat.GetTagFieldNumber(tag);
                if (number <= 0) return null;
                var f = new PbField { Number = number, Type = WireFormat.GetTagWireType(tag) };
                switch (f.Type)
                {
                    case WireFormat.WireType.Varint: f.Value = s.ReadUInt64(); break;
                    case WireFormat.WireType.Fixed32: f.Value = s.ReadFixed32(); break;
                    case WireFormat.WireType.Fixed64: f.Value = s.ReadFixed64(); break;
                    case WireFormat.WireType.LengthDelimited:
                        f.Bytes = s.ReadBytes().ToByteArray();
                        // Sub-messages are parsed to mutate inside them; strings that happen to parse are harmless.
                        if (depth < 8 && f.Bytes.Length > 1) f.Children = ParsePb(f.Bytes, depth + 1);
                        break;
                    default: return null;
                }
                result.Add(f);
            }
            return result;
        }
        catch (InvalidProtocolBufferException)
        {
            return null;
        }
    }

    private static byte[] WritePb(List<PbField> fields)
    {
        using var ms = new MemoryStream();
        var s = new CodedOutputStream(ms);
        foreach (var f in fields)
        {
            s.WriteTag(f.Number, f.Type);
            switch (f.Type)
            {
                case WireFormat.WireType.Varint: s.WriteUInt64(f.Value); break;
                case WireFormat.WireType.Fixed32: s.WriteFixed32((uint)f.Value); break;
                case WireFormat.WireType.Fixed64: s.WriteFixed64(f.Value); break;
                default: s.WriteBytes(ByteString.CopyFrom(f.Children is null ? f.Bytes : WritePb(f.Children))); break;
            }
        }
        s.Flush();
        return ms.ToArray();
    }
}
