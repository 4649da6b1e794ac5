using Google.Protobuf;

namespace Hls4ml.Tests.Frontends.Onnx;

/// <summary>
/// Writes small ONNX models from C# (protobuf by hand, field numbers of onnx.proto), for tests of reader edge cases
/// that no exporter writes on purpose: packed and unpacked repeated fields, opsets, symbolic shapes, external data.
/// </summary>
internal sealed class OnnxModelBuilder
{
    private readonly List<byte[]> _nodes = new(), _initializers = new(), _inputs = new(), _outputs = new();
    public long IrVersion { get; set; } = 8;
    public List<(string Domain, long Version)> Opsets { get; } = new() { ("", 13) };
    /// <summary>Write repeated integers unpacked (one tag per value), as some old writers do.</summary>
    public bool Unpacked { get; set; }

    private static byte[] Message(Action<CodedOutputStream> write)
    {
        using var ms = new MemoryStream();
        var s = new CodedOutputStream(ms);
        write(s);
        s.Flush();
        return ms.ToArray();
    }

    private static void Sub(CodedOutputStream s, int field, byte[] message)
    {
        s.WriteTag(field, WireFormat.WireType.LengthDelimited);
        s.WriteBytes(ByteString.CopyFrom(message));
    }

    private static void String(CodedOutputStream s, int field, string value)
    {
        s.WriteTag(field, WireFormat.WireType.LengthDelimited);
        s.WriteString(value);
    }

    private void Int64s(CodedOutputStream s, int field, IEnumerable<long> values)
    {
        var list = values.ToList();
        if (Unpacked)
        {
            foreach (var v in list) { s.WriteTag(field, WireFormat.WireType.Varint); s.WriteInt64(v); }
            return;
        }
        Sub(s, field, Message(p => { foreach (var v in list) p.WriteInt64(v); }));
    }

    /// <summary>A tensor value_info; dims are ints or strings (symbolic).</summary>
    private static byte[] ValueInfo(string name, object[]? dims) => Message(s =>
    {
        String(s, 1, name);
        Sub(s, 2, Message(type => Sub(type, 1, Message(tensor =>
        {
            tensor.WriteTag(1, WireFormat.WireType.Varint);
            tensor.WriteInt32(1); // FLOAT
            if (dims is null) return;
            Sub(tensor, 2, Message(shape =>
            {
                foreach (var d in dims)
                    Sub(shape, 1, Message(dim =>
                    {
                        if (d is string p) String(dim, 2, p);
                        else { dim.WriteTag(1, WireFormat.WireType.Varint); dim.WriteInt64(Convert.ToInt64(d)); }
                    }));
            }));
        }))));
    });

    public OnnxModelBuilder Input(string name, params object[] dims) { _inputs.Add(ValueInfo(name, dims)); return this; }
    public OnnxModelBuilder InputWithoutShape(string name) { _inputs.Add(ValueInfo(name, null)); return this; }
    public OnnxModelBuilder Output(string name) { _outputs.Add(ValueInfo(name, null)); return this; }

    public byte[] Tensor(string name, int[] dims, float[] data, bool raw = true, string? external = null) => Message(s =>
    {
        Int64s(s, 1, dims.Select(d => (long)d));
        s.WriteTag(2, WireFormat.WireType.Varint);
        s.WriteInt32(1);
        String(s, 8, name);
        if (external is not null)
        {
            Sub(s, 13, Message(e => { String(e, 1, "location"); String(e, 2, external); }));
            Sub(s, 13, Message(e => { String(e, 1, "offset"); String(e, 2, "0"); }));
            Sub(s, 13, Message(e => { String(e, 1, "length"); String(e, 2, (data.Length * 4).ToString(System.Globalization.CultureInfo.InvariantCulture)); }));
            s.WriteTag(14, WireFormat.WireType.Varint);
            s.WriteEnum(1);
        }
        else if (raw)
        {
            var bytes = new byte[data.Length * 4];
            Buffer.BlockCopy(data, 0, bytes, 0, bytes.Length);
            s.WriteTag(9, WireFormat.WireType.LengthDelimited);
            s.WriteBytes(ByteString.CopyFrom(bytes));
        }
        else if (Unpacked)
            foreach (var v in data) { s.WriteTag(4, WireFormat.WireType.Fixed32); s.WriteFloat(v); }
        else
            Sub(s, 4, Message(p => { foreach (var v in data) p.WriteFloat(v); }));
    });

    public OnnxModelBuilder Initializer(string name, int[] dims, float[] data, bool raw = true, string? external = null)
    {
        _initializers.Add(Tensor(name, dims, data, raw, external));
        return this;
    }

    /// <summary>A node; attribute values: long/int (INT), float (FLOAT), string (STRING), long[] (INTS), float[] (FLOATS).</summary>
    public OnnxModelBuilder Node(string op, string[] inputs, string[] outputs, string name = "", string domain = "", params (string Name, object Value)[] attributes)
    {
        _nodes.Add(Message(s =>
        {
            foreach (var i in inputs) String(s, 1, i);
            foreach (var o in outputs) String(s, 2, o);
            if (name.Length > 0) String(s, 3, name);
            String(s, 4, op);
            foreach (var (attrName, value) in attributes)
                Sub(s, 5, Message(a =>
                {
                    String(a, 1, attrName);
                    int type;
                    switch (value)
                    {
                        case float f: a.WriteTag(2, WireFormat.WireType.Fixed32); a.WriteFloat(f); type = 1; break;
                        case int or long: a.WriteTag(3, WireFormat.WireType.Varint); a.WriteInt64(Convert.ToInt64(value)); type = 2; break;
                        case string str: a.WriteTag(4, WireFormat.WireType.LengthDelimited); a.WriteBytes(ByteString.CopyFromUtf8(str)); type = 3; break;
                        case long[] ints: Int64s(a, 8, ints); type = 7; break;
                        case float[] floats: Sub(a, 7, Message(p => { foreach (var f in floats) p.WriteFloat(f); })); type = 6; break;
                        default: throw new ArgumentException($"attribute {attrName}: {value?.GetType()}");
                    }
                    a.WriteTag(20, WireFormat.WireType.Varint);
                    a.WriteEnum(type);
                }));
            if (domain.Length > 0) String(s, 7, domain);
        }));
        return this;
    }

    public byte[] Build() => Message(s =>
    {
        s.WriteTag(1, WireFormat.WireType.Varint);
        s.WriteInt64(IrVersion);
        String(s, 2, "OnnxModelBuilder");
        Sub(s, 7, Message(g =>
        {
            foreach (var n in _nodes) Sub(g, 1, n);
            String(g, 2, "test_graph");
            foreach (var t in _initializers) Sub(g, 5, t);
            foreach (var i in _inputs) Sub(g, 11, i);
            foreach (var o in _outputs) Sub(g, 12, o);
        }));
        foreach (var (domain, version) in Opsets)
            Sub(s, 8, Message(o =>
            {
                if (domain.Length > 0) String(o, 1, domain);
                o.WriteTag(2, WireFormat.WireType.Varint);
                o.WriteInt64(version);
            }));
    });

    public string Save(string directory, string name = "model.onnx")
    {
        var path = Path.Combine(directory, name);
        File.WriteAllBytes(path, Build());
        return path;
    }
}
