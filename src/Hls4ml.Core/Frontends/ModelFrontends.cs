using Hls4ml.Diagnostics;
using Hls4ml.Extensibility;
using Hls4ml.Ir;

[assembly: Hls4ml.Extensibility.HlsExtension(typeof(Hls4ml.Frontends.BuiltInModelReaders))]

namespace Hls4ml.Frontends;

/// <summary>
/// A model file format: the extensions it is chosen by, optionally the leading bytes that identify it when the
/// extension is not a registered one, and the reader into the IR. Built-in formats and extensions register readers
/// the same way (<see cref="HlsRegistry.AddModelReader"/>).
/// </summary>
public interface IModelReader
{
    /// <summary>Format name for messages, e.g. "ONNX model, e.g. from torch.onnx.export".</summary>
    string Format { get; }

    /// <summary>File extensions with the dot, e.g. ".onnx".</summary>
    IReadOnlyList<string> Extensions { get; }

    /// <summary>Whether a file with an unregistered extension is in this format, from its first bytes (up to 64).</summary>
    bool Recognizes(ReadOnlySpan<byte> head) => false;

    ModelGraph Read(string modelPath, string? weightsPath, HlsRegistry registry);
}

/// <summary>Reads a model file with the reader the registry has for it (by extension, else by content).</summary>
public static class ModelFrontends
{
    /// <summary>
    /// Largest tensor a frontend creates: 2^28 values. Shapes come from the model file; past this their sizes overflow
    /// the IR's int sizes (and no FPGA holds them), so a damaged or hostile shape is stopped where it is made.
    /// </summary>
    public const long MaxTensorValues = 1L << 28;

    /// <summary>HLS0121 when 'shape' (without batch) holds more than <see cref="MaxTensorValues"/> values.</summary>
    public static void CheckTensorSize(int[] shape, string irType, string file, string layer)
    {
        var values = shape.Aggregate(1.0, (a, d) => a * d);
        if (values > MaxTensorValues)
            throw new HlsException(DiagnosticCodes.InputTooLarge,
                $"the output of this {irType} layer would have shape [{string.Join(",", shape)}], {values:G4} values; the limit is {MaxTensorValues:N0} (2^28) per tensor.",
                file, layer);
    }

    public static ModelGraph Read(string modelPath, string? weightsPath, HlsRegistry registry)
    {
        var reader = registry.ModelReader(modelPath)
            ?? throw new HlsException(DiagnosticCodes.UnsupportedModelFormat,
                $"'{Path.GetFileName(modelPath)}' has an unsupported extension; supported: {string.Join(", ", registry.ModelReaders.Select(r => $"{string.Join("/", r.Extensions)} ({r.Format})"))}." +
                (Path.GetExtension(modelPath).ToLowerInvariant() is ".yml" or ".yaml"
                    ? $" An hls4ml configuration file is read with <HlsConfigFile Include=\"{Path.GetFileName(modelPath)}\" /> instead of HlsModel." : ""), modelPath);
        return reader.Read(modelPath, string.IsNullOrWhiteSpace(weightsPath) ? null : weightsPath, registry);
    }
}

/// <summary>The built-in formats: Keras 2 JSON/HDF5, Keras 3 archives, ONNX.</summary>
public sealed class BuiltInModelReaders : IHlsExtension
{
    private static readonly byte[] Hdf5Signature = { 0x89, (byte)'H', (byte)'D', (byte)'F', 0x0d, 0x0a, 0x1a, 0x0a };
    private static readonly byte[] ZipSignature = { (byte)'P', (byte)'K', 3, 4 };

    public void Register(HlsRegistry registry)
    {
        registry.AddModelReader(new Reader("Keras architecture JSON (+ Weights .h5)", new[] { ".json" }, Keras.KerasModelReader.Read,
            head => head.TrimStart(" \t\r\n"u8).StartsWith("{"u8)));
        registry.AddModelReader(new Reader("Keras full model HDF5", new[] { ".h5", ".hdf5" }, Keras.KerasModelReader.Read,
            head => head.StartsWith(Hdf5Signature)));
        // A zip whose first entry is a Keras archive member (PyTorch's .pt zips start with <name>/data.pkl).
        registry.AddModelReader(new Reader("Keras 3 archive", new[] { ".keras" }, Keras.KerasModelReader.Read,
            head => head.StartsWith(ZipSignature) && FirstZipEntry(head) is "metadata.json" or "config.json" or "model.weights.h5"));
        // A ModelProto starts with field 1 (ir_version, varint): byte 0x08.
        registry.AddModelReader(new Reader("ONNX model, e.g. from torch.onnx.export", new[] { ".onnx" }, Onnx.OnnxModelReader.Read,
            head => head.Length > 1 && head[0] == 0x08 && head[1] is > 0 and < 0x80));
    }

    /// <summary>The name in a zip's first local file header (offset 26: name length, offset 30: name), or null.</summary>
    private static string? FirstZipEntry(byte[] head)
    {
        if (head.Length < 30) return null;
        int length = head[26] | head[27] << 8;
        return head.Length >= 30 + length ? System.Text.Encoding.ASCII.GetString(head, 30, length) : null;
    }

    private sealed class Reader(string format, IReadOnlyList<string> extensions,
        Func<string, string?, HlsRegistry, ModelGraph> read, Func<byte[], bool> recognizes) : IModelReader
    {
        public string Format => format;
        public IReadOnlyList<string> Extensions => extensions;
        public bool Recognizes(ReadOnlySpan<byte> head) => recognizes(head.ToArray());
        public ModelGraph Read(string modelPath, string? weightsPath, HlsRegistry registry) => read(modelPath, weightsPath, registry);
    }
}
