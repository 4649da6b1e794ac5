using Google.Protobuf;
using Hls4ml.Extensibility;

namespace Hls4ml.Frontends.Onnx;

// The subset of onnx.proto (https://github.com/onnx/onnx/blob/main/onnx/onnx.proto) the frontend reads, as plain
// classes filled by hand-written readers over Google.Protobuf's CodedInputStream. Field numbers are ONNX's; every
// field not listed is skipped, so files written by any ONNX version parse. Nothing here interprets the graph.

/// <summary>ModelProto: IR version, opset imports and the main graph.</summary>
internal sealed class OnnxModelProto
{
    public long IrVersion;
    public string ProducerName = "";
    public string ProducerVersion = "";
    public List<(string Domain, long Version)> OpsetImports { get; } = new();
    public OnnxGraphProto? Graph;

    public static OnnxModelProto Parse(CodedInputStream s)
    {
        var m = new OnnxModelProto();
        uint tag;
        while ((tag = s.ReadTag()) != 0)
        {
            switch (WireFormat.GetTagFieldNumber(tag))
            {
                case 1: m.IrVersion = s.ReadInt64(); break;
                case 2: m.ProducerName = s.ReadString(); break;
                case 3: m.ProducerVersion = s.ReadString(); break;
                case 7: m.Graph = ProtoReader.Message(s, OnnxGraphProto.Parse); break;
                case 8:
                    m.OpsetImports.Add(ProtoReader.Message(s, r =>
                    {
                        string domain = "";
                        long version = 0;
                        uint t;
                        while ((t = r.ReadTag()) != 0)
                        {
                            switch (WireFormat.GetTagFieldNumber(t))
                            {
                                case 1: domain = r.ReadString(); break;
                                case 2: version = r.ReadInt64(); break;
                                default: r.SkipLastField(); break;
                            }
                        }
                        return (domain, version);
                    }));
                    break;
                default: s.SkipLastField(); break;
            }
        }
        return m;
    }
}

/// <summary>GraphProto: nodes (topologically sorted by the standard), initializers, inputs, outputs, value_info.</summary>
internal sealed class OnnxGraphProto
{
    public string Name = "";
    public List<OnnxNodeProto> Nodes { get; } = new();
    public List<OnnxTensorProto> Initializers { get; } = new();
    public List<OnnxValueInfoProto> Inputs { get; } = new();
    public List<OnnxValueInfoProto> Outputs { get; } = new();
    public List<OnnxValueInfoProto> ValueInfo { get; } = new();
    public int SparseInitializers;

    public static OnnxGraphProto Parse(CodedInputStream s)
    {
        var g = new OnnxGraphProto();
        uint tag;
        while ((tag = s.ReadTag()) != 0)
        {
            switch (WireFormat.GetTagFieldNumber(tag))
            {
                case 1: g.Nodes.Add(ProtoReader.Message(s, OnnxNodeProto.Parse)); break;
                case 2: g.Name = s.ReadString(); break;
                case 5: g.Initializers.Add(ProtoReader.Message(s, OnnxTensorProto.Parse)); break;
                case 11: g.Inputs.Add(ProtoReader.Message(s, OnnxValueInfoProto.Parse)); break;
                case 12: g.Outputs.Add(ProtoReader.Message(s, OnnxValueInfoProto.Parse)); break;
                case 13: g.ValueInfo.Add(ProtoReader.Message(s, OnnxValueInfoProto.Parse)); break;
                case 15: g.SparseInitializers++; s.SkipLastField(); break;
                default: s.SkipLastField(); break;
            }
        }
        return g;
    }
}

/// <summary>NodeProto: one operator application.</summary>
internal sealed class OnnxNodeProto
{
    public List<string> Inputs { get; } = new();
    public List<string> Outputs { get; } = new();
    public string Name = "";
    public string OpType = "";
    public string Domain = "";
    public List<OnnxAttributeProto> Attributes { get; } = new();

    public static OnnxNodeProto Parse(CodedInputStream s)
    {
        var n = new OnnxNodeProto();
        uint tag;
        while ((tag = s.ReadTag()) != 0)
        {
            switch (WireFormat.GetTagFieldNumber(tag))
            {
                case 1: n.Inputs.Add(s.ReadString()); break;
                case 2: n.Outputs.Add(s.ReadString()); break;
                case 3: n.Name = s.ReadString(); break;
                case 4: n.OpType = s.ReadString(); break;
                case 5: n.Attributes.Add(ProtoReader.Message(s, OnnxAttributeProto.Parse)); break;
                case 7: n.Domain = s.ReadString(); break;
                default: s.SkipLastField(); break;
            }
        }
        return n;
    }
}

/// <summary>AttributeProto: a named attribute of a node (sub-graphs are skipped: no supported op has one).</summary>
internal sealed class OnnxAttributeProto
{
    public string Name = "";
    public OnnxAttributeType Type;
    public float F;
    public long I;
    public ByteString S = ByteString.Empty;
    public OnnxTensorProto? T;
    public List<float> Floats { get; } = new();
    public List<long> Ints { get; } = new();
    public List<ByteString> Strings { get; } = new();
    public List<OnnxTensorProto> Tensors { get; } = new();
    public string? RefAttrName;

    public static OnnxAttributeProto Parse(CodedInputStream s)
    {
        var a = new OnnxAttributeProto();
        uint tag;
        while ((tag = s.ReadTag()) != 0)
        {
            switch (WireFormat.GetTagFieldNumber(tag))
            {
                case 1: a.Name = s.ReadString(); break;
                case 2: a.F = s.ReadFloat(); break;
                case 3: a.I = s.ReadInt64(); break;
                case 4: a.S = s.ReadBytes(); break;
                case 5: a.T = ProtoReader.Message(s, OnnxTensorProto.Parse); break;
                case 7: ProtoReader.Floats(s, tag, a.Floats); break;
                case 8: ProtoReader.Int64s(s, tag, a.Ints); break;
                case 9: a.Strings.Add(s.ReadBytes()); break;
                case 10: a.Tensors.Add(ProtoReader.Message(s, OnnxTensorProto.Parse)); break;
                case 20: a.Type = (OnnxAttributeType)s.ReadEnum(); break;
                case 21: a.RefAttrName = s.ReadString(); break;
                default: s.SkipLastField(); break;
            }
        }
        // Files from before the 'type' field (IR version 1) leave it undefined: infer it from what is set.
        if (a.Type == OnnxAttributeType.Undefined)
            a.Type = a.Ints.Count > 0 ? OnnxAttributeType.Ints : a.Floats.Count > 0 ? OnnxAttributeType.Floats
                : a.Strings.Count > 0 ? OnnxAttributeType.Strings : a.T is not null ? OnnxAttributeType.Tensor
                : !a.S.IsEmpty ? OnnxAttributeType.String : a.F != 0 ? OnnxAttributeType.Float : OnnxAttributeType.Int;
        return a;
    }
}

/// <summary>TensorProto: dims, element type and data (typed fields, raw_data, or external data).</summary>
internal sealed class OnnxTensorProto
{
    public List<long> Dims { get; } = new();
    public int DataType;
    public string Name = "";
    public List<float> FloatData { get; } = new();
    public List<int> Int32Data { get; } = new();
    public List<long> Int64Data { get; } = new();
    public List<double> DoubleData { get; } = new();
    public List<ulong> UInt64Data { get; } = new();
    public int StringCount;
    public ByteString RawData = ByteString.Empty;
    public bool HasRawData;
    public List<(string Key, string Value)> ExternalData { get; } = new();
    public int DataLocation;
    public bool Segmented;

    public static OnnxTensorProto Parse(CodedInputStream s)
    {
        var t = new OnnxTensorProto();
        uint tag;
        while ((tag = s.ReadTag()) != 0)
        {
            switch (WireFormat.GetTagFieldNumber(tag))
            {
                case 1: ProtoReader.Int64s(s, tag, t.Dims); break;
                case 2: t.DataType = s.ReadInt32(); break;
                case 3: t.Segmented = true; s.SkipLastField(); break;
                case 4: ProtoReader.Floats(s, tag, t.FloatData); break;
                case 5: ProtoReader.Int32s(s, tag, t.Int32Data); break;
                case 6: t.StringCount++; s.SkipLastField(); break;
                case 7: ProtoReader.Int64s(s, tag, t.Int64Data); break;
                case 8: t.Name = s.ReadString(); break;
                case 9: t.RawData = s.ReadBytes(); t.HasRawData = true; break;
                case 10: ProtoReader.Doubles(s, tag, t.DoubleData); break;
                case 11: ProtoReader.UInt64s(s, tag, t.UInt64Data); break;
                case 13:
                    t.ExternalData.Add(ProtoReader.Message(s, r =>
                    {
                        string key = "", value = "";
                        uint e;
                        while ((e = r.ReadTag()) != 0)
                        {
                            switch (WireFormat.GetTagFieldNumber(e))
                            {
                                case 1: key = r.ReadString(); break;
                                case 2: value = r.ReadString(); break;
                                default: r.SkipLastField(); break;
                            }
                        }
                        return (key, value);
                    }));
                    break;
                case 14: t.DataLocation = s.ReadEnum(); break;
                default: s.SkipLastField(); break;
            }
        }
        return t;
    }
}

/// <summary>ValueInfoProto with the tensor type flattened: element type and shape (null dims are symbolic or absent).</summary>
internal sealed class OnnxValueInfoProto
{
    public string Name = "";
    public int ElemType;
    public bool IsTensor;
    public bool HasShape;
    /// <summary>Each dimension: its value, or null with the symbolic name in <see cref="DimParams"/>.</summary>
    public List<long?> Dims { get; } = new();
    public List<string?> DimParams { get; } = new();

    public static OnnxValueInfoProto Parse(CodedInputStream s)
    {
        var v = new OnnxValueInfoProto();
        uint tag;
        while ((tag = s.ReadTag()) != 0)
        {
            switch (WireFormat.GetTagFieldNumber(tag))
            {
                case 1: v.Name = s.ReadString(); break;
                case 2: ProtoReader.Message(s, r => { ParseType(r, v); return 0; }); break;
                default: s.SkipLastField(); break;
            }
        }
        return v;
    }

    private static void ParseType(CodedInputStream s, OnnxValueInfoProto v)
    {
        uint tag;
        while ((tag = s.ReadTag()) != 0)
        {
            if (WireFormat.GetTagFieldNumber(tag) != 1) { s.SkipLastField(); continue; }
            v.IsTensor = true;
            ProtoReader.Message(s, r =>
            {
                uint t;
                while ((t = r.ReadTag()) != 0)
                {
                    switch (WireFormat.GetTagFieldNumber(t))
                    {
                        case 1: v.ElemType = r.ReadInt32(); break;
                        case 2: v.HasShape = true; ProtoReader.Message(r, sh => { ParseShape(sh, v); return 0; }); break;
                        default: r.SkipLastField(); break;
                    }
                }
                return 0;
            });
        }
    }

    private static void ParseShape(CodedInputStream s, OnnxValueInfoProto v)
    {
        uint tag;
        while ((tag = s.ReadTag()) != 0)
        {
            if (WireFormat.GetTagFieldNumber(tag) != 1) { s.SkipLastField(); continue; }
            long? value = null;
            string? param = null;
            ProtoReader.Message(s, r =>
            {
                uint t;
                while ((t = r.ReadTag()) != 0)
                {
                    switch (WireFormat.GetTagFieldNumber(t))
                    {
                        case 1: value = r.ReadInt64(); break;
                        case 2: param = r.ReadString(); break;
                        default: r.SkipLastField(); break;
                    }
                }
                return 0;
            });
            v.Dims.Add(value);
            v.DimParams.Add(param);
        }
    }
}

/// <summary>Length-delimited sub-messages and repeated scalars in both packed and unpacked encodings.</summary>
internal static class ProtoReader
{
    /// <summary>A length-delimited sub-message, parsed from its own stream (the limit API of CodedInputStream is internal).</summary>
    public static T Message<T>(CodedInputStream s, Func<CodedInputStream, T> parse) => parse(s.ReadBytes().CreateCodedInput());

    private static void Repeated<T>(CodedInputStream s, uint tag, List<T> list, Func<CodedInputStream, T> read)
    {
        if (WireFormat.GetTagWireType(tag) != WireFormat.WireType.LengthDelimited)
        {
            list.Add(read(s));
            return;
        }
        var packed = s.ReadBytes().CreateCodedInput();
        while (!packed.IsAtEnd) list.Add(read(packed));
    }

    public static void Int64s(CodedInputStream s, uint tag, List<long> list) => Repeated(s, tag, list, r => r.ReadInt64());
    public static void UInt64s(CodedInputStream s, uint tag, List<ulong> list) => Repeated(s, tag, list, r => r.ReadUInt64());
    public static void Int32s(CodedInputStream s, uint tag, List<int> list) => Repeated(s, tag, list, r => r.ReadInt32());
    public static void Floats(CodedInputStream s, uint tag, List<float> list) => Repeated(s, tag, list, r => r.ReadFloat());
    public static void Doubles(CodedInputStream s, uint tag, List<double> list) => Repeated(s, tag, list, r => r.ReadDouble());
}
