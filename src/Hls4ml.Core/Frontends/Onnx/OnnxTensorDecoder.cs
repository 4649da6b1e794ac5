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

    /// <summary>
    /// Reads the bytes of an external-data tensor (location relative to the model's folder, offset, length). The
    /// model file is untrusted: the location must stay inside the model's folder (no absolute path, no '..', no
    /// symbolic link leading out) and name a regular file, as onnx itself enforces since CVE-2022-25882.
    /// </summary>
    private static byte[] ReadExternal(OnnxTensorProto t, string modelPath, long expectedBytes)
    {
        string? location = null, offsetText = null, lengthText = null;
        foreach (var (key, value) in t.ExternalData)
        {
            switch (key)
            {
                case "location": location = value; break;
                case "offset": offsetText = value; break;
                case "length": lengthText = value; break;
            }
        }
        if (string.IsNullOrEmpty(location))
            throw new HlsException(DiagnosticCodes.InvalidOnnxFile, $"tensor '{t.Name}' is marked as external data but names no location.", modelPath);
        long offset = ParseRange(offsetText, "offset", 0), length = ParseRange(lengthText, "length", expectedBytes);
        long ParseRange(string? text, string what, long fallback)
        {
            if (text is null) return fallback;
            if (long.TryParse(text, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var v)) return v;
            throw new HlsException(DiagnosticCodes.OnnxExternalDataRange,
                $"tensor '{t.Name}' has external data {what} '{Shorten(text)}', which is not a non-negative integer.", modelPath);
        }
        if (length != expectedBytes)
            throw new HlsException(DiagnosticCodes.OnnxExternalDataRange,
                $"tensor '{t.Name}' should hold {expectedBytes} bytes but its external data length is {length}.", modelPath);

        var file = ConfinedExternalFile(location, modelPath, t.Name);
        if (length == 0) return Array.Empty<byte>();
        // A FIFO, device or socket reports size 0, so it is refused here, before an open that could block forever.
        var size = new FileInfo(file).Length;
        if (offset > size || length > size - offset)
            throw new HlsException(DiagnosticCodes.OnnxExternalDataRange,
                $"tensor '{t.Name}' needs {length} bytes at offset {offset} of '{Shorten(location)}', which has only {size} bytes.", modelPath);
        using var stream = new FileStream(file, FileMode.Open, FileAccess.Read, FileShare.Read);
        if (!stream.CanSeek)
            throw new HlsException(DiagnosticCodes.OnnxExternalDataOutsideModel,
                $"tensor '{t.Name}' is stored in '{Shorten(location)}', which is not a regular file.", modelPath);
        var bytes = new byte[length];
        stream.Position = offset;
        stream.ReadExactly(bytes);
        return bytes;
    }

    /// <summary>The external data file's full path once it is known to be a regular file inside the model's folder.</summary>
    internal static string ConfinedExternalFile(string location, string modelPath, string tensor)
    {
        HlsException Refused(string why) => new(DiagnosticCodes.OnnxExternalDataOutsideModel,
            $"tensor '{tensor}' names external data file '{Shorten(location)}', which {why}; only files inside the model's folder are read.", modelPath);
        if (location.IndexOf('\0') >= 0 || location.Any(char.IsControl)) throw Refused("contains control characters");
        if (Path.IsPathRooted(location) || location.StartsWith('/') || location.StartsWith('\\') || (location.Length > 1 && location[1] == ':'))
            throw Refused("is an absolute path");
        if (location.Split('/', '\\').Any(part => part == ".."))
            throw Refused("leads out of the folder ('..')");

        var folder = RealPath(Path.GetDirectoryName(Path.GetFullPath(modelPath))!);
        var file = Path.GetFullPath(Path.Combine(folder, location));
        if (Directory.Exists(file)) throw Refused("is a folder");
        if (!File.Exists(file))
            throw new HlsException(DiagnosticCodes.OnnxExternalDataMissing,
                $"tensor '{tensor}' is stored in external file '{Shorten(location)}', which does not exist (looked for {file}).", modelPath);
        var real = RealPath(file);
        var root = folder.EndsWith(Path.DirectorySeparatorChar) ? folder : folder + Path.DirectorySeparatorChar;
        if (!real.StartsWith(root, OperatingSystem.IsWindows() ? StringComparison.OrdinalIgnoreCase : StringComparison.Ordinal))
            throw Refused("is a symbolic link leading out of the folder");
        return real;
    }

    /// <summary>The path with every symbolic link along it resolved (links may be relative and chained).</summary>
    private static string RealPath(string path)
    {
        var full = Path.GetFullPath(path);
        var root = Path.GetPathRoot(full)!;
        var current = root;
        var pending = new Stack<string>(full[root.Length..].Split(Path.DirectorySeparatorChar, StringSplitOptions.RemoveEmptyEntries).Reverse());
        int links = 0;
        while (pending.Count > 0)
        {
            var next = Path.Combine(current, pending.Pop());
            var target = new FileInfo(next).LinkTarget;
            if (target is null) { current = next; continue; }
            if (++links > 40) throw new IOException($"too many levels of symbolic links at {next}");
            var resolved = Path.GetFullPath(Path.IsPathRooted(target) ? target : Path.Combine(current, target));
            var resolvedRoot = Path.GetPathRoot(resolved)!;
            foreach (var part in resolved[resolvedRoot.Length..].Split(Path.DirectorySeparatorChar, StringSplitOptions.RemoveEmptyEntries).Reverse())
                pending.Push(part);
            current = resolvedRoot;
        }
        return current;
    }

    private static string Shorten(string text) => text.Length <= 200 ? text : text[..200] + "...";
}
