using Hls4ml.Diagnostics;
using Hls4ml.Extensibility;
using Hls4ml.Frontends.Keras;
using Hls4ml.Ir;

namespace Hls4ml.Frontends;

/// <summary>Model file formats by extension; each entry reads a model file (plus optional weights) into the IR.</summary>
public static class ModelFrontends
{
    public delegate ModelGraph Reader(string modelPath, string? weightsPath, HlsRegistry registry);

    private static readonly Dictionary<string, (string Format, Reader Read)> Readers = new(StringComparer.OrdinalIgnoreCase)
    {
        [".json"] = ("Keras architecture JSON (+ Weights .h5)", KerasModelReader.Read),
        [".h5"] = ("Keras full model HDF5", KerasModelReader.Read),
        [".hdf5"] = ("Keras full model HDF5", KerasModelReader.Read),
        // Keras 3 archives: the Keras reader explains what is (not yet) supported.
        [".keras"] = ("Keras 3 archive", KerasModelReader.Read),
        [".onnx"] = ("ONNX model, e.g. from torch.onnx.export", Onnx.OnnxModelReader.Read),
    };

    public static IEnumerable<string> SupportedExtensions => Readers.Keys;

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
        var ext = Path.GetExtension(modelPath);
        if (!Readers.TryGetValue(ext, out var reader))
            throw new HlsException(DiagnosticCodes.UnsupportedModelFormat,
                $"'{Path.GetFileName(modelPath)}' has an unsupported extension; supported: {string.Join(", ", Readers.Select(r => $"{r.Key} ({r.Value.Format})"))}.", modelPath);
        return reader.Read(modelPath, string.IsNullOrWhiteSpace(weightsPath) ? null : weightsPath, registry);
    }
}
