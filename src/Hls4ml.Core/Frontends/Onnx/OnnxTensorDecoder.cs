using System.Buffers.Binary;
using Hls4ml.Diagnostics;
using Hls4ml.Extensibility;

namespace Hls4ml.Frontends.Onnx;

/// <summary>TensorProto → <see cref="OnnxTensor"/>: typed fields, raw_data (little-endian) or external data files.</summary>
internal static class OnnxTensorDecoder
{
    public static OnnxTensor Decode(OnnxTensorProto t, string modelPath)
    {
        var name = t.Name;
        var type = (OnnxDataType)t.DataType;
        if (t.Segmented)
            throw new HlsException(DiagnosticCodes.InvalidOnnxFile, $"tensor '{name}' is stored in segments, which this reader does not support.", modelPath);
        var dims = t.Dims.Select(d => d is < 0 or > int.MaxValue
            ? throw new HlsException(DiagnosticCodes.InvalidOnnxFile, $"tensor '{name}' has dimension {d}.", modelPath)
            : (int)d).ToArray();
        long count = dims.Aggregate(1L, (a, b) => a * b);
        if (count > 1 << 28)
            throw new HlsException(DiagnosticCodes.InvalidOnnxFile, $"tensor '{name}' has {count} elements; too large for an FPGA design.", modelPath);
        int n = (int)count;

        double[] values;
        if (t.DataLocation == 1)
            values = FromBytes(ReadExternal(t, modelPath, ElementSize(type, name, modelPath) * (long)n), type, n, name, modelPath);
        else if (t.HasRawData)
            values = FromBytes(t.RawData.Span, type, n, name, modelPath);
        else
            values = type switch
            {
                OnnxDataType.Float => t.FloatData.Select(f => (double)f).ToArray(),
                OnnxDataType.Double => t.DoubleData.ToArray(),
                OnnxDataType.Int64 => t.Int64Data.Select(v => (double)v).ToArray(),
                OnnxDataType.UInt32 or OnnxDataType.UInt64 => t.UInt64Data.Select(v => (double)v).ToArray(),
                OnnxDataType.Float16 => t.Int32Data.Select(v => (double)BitConverter.UInt16BitsToHalf((ushort)v)).ToArray(),
                OnnxDataType.BFloat16 => t.Int32Data.Select(v => (double)BFloat16((ushort)v)).ToArray(),
                OnnxDataType.Int32 or OnnxDataType.Int16 or OnnxDataType.Int8 or OnnxDataType.UInt16 or OnnxDataType.UInt8 or OnnxDataType.Bool
                    => t.Int32Data.Select(v => (double)v).ToArray(),
                _ => throw Unsupported(type, name, modelPath),
            };
        if (values.Length != n)
            throw new HlsException(DiagnosticCodes.InvalidOnnxFile,
                $"tensor '{name}' has dims [{string.Join(",", dims)}] ({n} values) but holds {values.Length} values.", modelPath);
        return new OnnxTensor(dims, values, type, name);
    }

    private static HlsException Unsupported(OnnxDataType type, string name, string path) =>
        new(DiagnosticCodes.UnsupportedOnnxNode, $"tensor '{name}' has element type {type} ({(int)type}), which the converter does not read (supported: float, double, float16, bfloat16 and integer types).", path);

    private static int ElementSize(OnnxDataType type, string name, string path) => type switch
    {
        OnnxDataType.Float or OnnxDataType.Int32 or OnnxDataType.UInt32 => 4,
        OnnxDataType.Double or OnnxDataType.Int64 or OnnxDataType.UInt64 => 8,
        OnnxDataType.Float16 or OnnxDataType.BFloat16 or OnnxDataType.Int16 or OnnxDataType.UInt16 => 2,
        OnnxDataType.Int8 or OnnxDataType.UInt8 or OnnxDataType.Bool => 1,
        _ => throw Unsupported(type, name, path),
    };

    private static double[] FromBytes(ReadOnlySpan<byte> raw, OnnxDataType type, int n, string name, string path)
    {
        int size = ElementSize(type, name, path);
        if (raw.Length != (long)n * size)
            throw new HlsException(DiagnosticCodes.InvalidOnnxFile,
                $"tensor '{name}' should hold {n} values of {size} bytes but its data has {raw.Length} bytes.", path);
        var v = new double[n];
        for (int i = 0; i < n; i++)
        {
            var b = raw.Slice(i * size, size);
            v[i] = type switch
            {
                OnnxDataType.Float => BinaryPrimitives.ReadSingleLittleEndian(b),
                OnnxDataType.Double => BinaryPrimitives.ReadDoubleLittleEndian(b),
                OnnxDataType.Int64 => BinaryPrimitives.ReadInt64LittleEndian(b),
                OnnxDataType.UInt64 => BinaryPrimitives.ReadUInt64LittleEndian(b),
                OnnxDataType.Int32 => BinaryPrimitives.ReadInt32LittleEndian(b),
                OnnxDataType.UInt32 => BinaryPrimitives.ReadUInt32LittleEndian(b),
                OnnxDataType.Int16 => BinaryPrimitives.ReadInt16LittleEndian(b),
                OnnxDataType.UInt16 => BinaryPrimitives.ReadUInt16LittleEndian(b),
                OnnxDataType.Float16 => (double)BinaryPrimitives.ReadHalfLittleEndian(b),
                OnnxDataType.BFloat16 => BFloat16(BinaryPrimitives.ReadUInt16LittleEndian(b)),
                OnnxDataType.Int8 => (sbyte)b[0],
                _ => b[0], // UInt8, Bool
            };
        }
        return v;
    }

    private static float BFloat16(ushort bits) => BitConverter.Int32BitsToSingle(bits << 16);

    /// <summary>Reads the bytes of an external-data tensor (location relative to the model's folder, offset, length).</summary>
    private static byte[] ReadExternal(OnnxTensorProto t, string modelPath, long expectedBytes)
    {
        string? location = null;
        long offset = 0, length = -1;
        foreach (var (key, value) in t.ExternalData)
        {
            switch (key)
            {
                case "location": location = value; break;
                case "offset": offset = long.Parse(value, System.Globalization.CultureInfo.InvariantCulture); break;
                case "length": length = long.Parse(value, System.Globalization.CultureInfo.InvariantCulture); break;
            }
        }
        if (string.IsNullOrEmpty(location))
            throw new HlsException(DiagnosticCodes.InvalidOnnxFile, $"tensor '{t.Name}' is marked as external data but names no location.", modelPath);
        var folder = Path.GetDirectoryName(Path.GetFullPath(modelPath))!;
        var file = Path.GetFullPath(Path.Combine(folder, location));
        if (!File.Exists(file))
            throw new HlsException(DiagnosticCodes.OnnxExternalDataMissing,
                $"tensor '{t.Name}' is stored in external file '{location}', which does not exist (looked for {file}).", modelPath);
        if (length < 0) length = expectedBytes;
        using var stream = File.OpenRead(file);
        if (offset < 0 || offset + length > stream.Length)
            throw new HlsException(DiagnosticCodes.OnnxExternalDataMissing,
                $"tensor '{t.Name}' needs bytes {offset}..{offset + length} of '{location}', which has only {stream.Length} bytes.", modelPath);
        var bytes = new byte[length];
        stream.Position = offset;
        stream.ReadExactly(bytes);
        return bytes;
    }
}
