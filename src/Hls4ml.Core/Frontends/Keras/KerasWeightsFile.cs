using Hls4ml.Diagnostics;
using Hls4ml.Ir;
using PureHDF;
using PureHDF.VOL.Native;

namespace Hls4ml.Frontends.Keras;

/// <summary>
/// The weights of a Keras 2 HDF5 file: the root of a <c>save_weights</c> file, or the <c>model_weights</c> group of a
/// full-model file. Layout: attribute <c>layer_names</c>, then one group per layer with attribute <c>weight_names</c>
/// and datasets at <c>&lt;layer&gt;/&lt;weight_name&gt;</c> (e.g. <c>fc1/fc1/kernel:0</c>). Handles both h5py 2
/// (fixed-length strings) and h5py 3 (variable-length strings) files, and the empty float64 <c>weight_names</c>
/// array that weight-less layers carry. Layers are read on demand and cached.
/// </summary>
internal sealed class KerasWeightsFile : IKerasWeightSource
{
    private readonly NativeFile _file;
    private readonly IH5Group _root;
    private readonly Dictionary<string, Dictionary<string, WeightVariable>?> _cache = new(StringComparer.Ordinal);

    /// <summary>Path of the HDF5 file, for messages.</summary>
    public string Path { get; }

    /// <summary>The file's <c>layer_names</c> attribute (layers that have a group), or null when it has none.</summary>
    public IReadOnlyList<string>? LayerNames { get; }

    private KerasWeightsFile(NativeFile file, IH5Group root, string path)
    {
        _file = file;
        _root = root;
        Path = path;
        LayerNames = Hdf5.AttributeExists(root, "layer_names") ? Hdf5.ReadStrings(root, "layer_names", path) : null;
    }

    /// <summary>Weights rooted at the file root (save_weights) or at its <c>model_weights</c> group (model.save) when present.</summary>
    public static KerasWeightsFile Open(string path)
    {
        var file = Hdf5.Open(path);
        try
        {
            IH5Group root = file;
            if (!Hdf5.AttributeExists(file, "layer_names") && Hdf5.LinkExists(file, "model_weights"))
                root = Hdf5.Guard(path, "opening group 'model_weights'", () => file.Group("model_weights"));
            return new KerasWeightsFile(file, root, path);
        }
        catch
        {
            file.Dispose();
            throw;
        }
    }

    /// <summary>Wraps the <c>model_weights</c> group of an already open full-model file (ownership moves here).</summary>
    public static KerasWeightsFile FromModelFile(NativeFile file, string path)
    {
        if (!Hdf5.LinkExists(file, "model_weights"))
            throw new HlsException(DiagnosticCodes.UnreadableModelFile,
                $"'{path}' has a 'model_config' attribute but no 'model_weights' group, so it holds no weights.", path);
        var root = Hdf5.Guard(path, "opening group 'model_weights'", () => file.Group("model_weights"));
        return new KerasWeightsFile(file, root, path);
    }

    /// <summary>
    /// Weights of one layer keyed by short name (<c>kernel</c>, <c>bias</c>, ...; the <c>&lt;layer&gt;/</c> prefix and
    /// <c>:0</c> suffix stripped), empty for a weight-less layer, or null when the file has no group for the layer.
    /// </summary>
    public IReadOnlyDictionary<string, WeightVariable>? Layer(string layerName)
    {
        if (!_cache.TryGetValue(layerName, out var weights))
            _cache[layerName] = weights = ReadLayer(layerName);
        return weights;
    }

    private Dictionary<string, WeightVariable>? ReadLayer(string layerName)
    {
        if (!Hdf5.LinkExists(_root, layerName)) return null;
        var group = Hdf5.Guard(Path, $"opening group '{layerName}'", () => _root.Group(layerName));
        var result = new Dictionary<string, WeightVariable>(StringComparer.Ordinal);
        var names = Hdf5.AttributeExists(group, "weight_names") ? Hdf5.ReadStrings(group, "weight_names", Path) : Array.Empty<string>();
        foreach (var kerasName in names)
        {
            var shortName = ShortName(layerName, kerasName);
            if (!Hdf5.LinkExists(group, kerasName))
                throw new HlsException(DiagnosticCodes.UnreadableModelFile,
                    $"'{Path}' lists weight '{kerasName}' for layer '{layerName}' but has no dataset '{layerName}/{kerasName}'.", Path, layerName);
            var dataset = Hdf5.Guard(Path, $"opening dataset '{layerName}/{kerasName}'", () => group.Dataset(kerasName));
            var (shape, data) = Hdf5.ReadFloats(dataset, Path, $"{layerName}/{kerasName}");
            result[shortName] = new WeightVariable { Name = shortName, Shape = shape, Data = data };
        }
        return result;
    }

    /// <summary><c>fc1/kernel:0</c> → <c>kernel</c>; <c>keep_negative:0</c> → <c>keep_negative</c>.</summary>
    internal static string ShortName(string layerName, string kerasName)
    {
        var name = kerasName;
        var colon = name.LastIndexOf(':');
        if (colon > 0 && colon < name.Length - 1 && name[(colon + 1)..].All(char.IsAsciiDigit)) name = name[..colon];
        var prefix = layerName + "/";
        if (name.StartsWith(prefix, StringComparison.Ordinal) && name.Length > prefix.Length) name = name[prefix.Length..];
        return name;
    }

    public void Dispose() => _file.Dispose();
}

/// <summary>Where a conversion gets each layer's weights from (Keras 2 HDF5, or a Keras 3 archive).</summary>
internal interface IKerasWeightSource : IDisposable
{
    /// <summary>File the weights come from, for messages.</summary>
    string Path { get; }

    /// <summary>Names of the layers that have weights stored, when the format lists them.</summary>
    IReadOnlyList<string>? LayerNames { get; }

    /// <summary>Weights of one layer keyed by short name (kernel, bias, ...), empty when weight-less, null when absent.</summary>
    IReadOnlyDictionary<string, WeightVariable>? Layer(string layerName);
}

/// <summary>PureHDF calls with the pitfalls of Keras files handled and every failure turned into a coded error.</summary>
internal static class Hdf5
{
    private static readonly byte[] Signature = { 0x89, (byte)'H', (byte)'D', (byte)'F', 0x0D, 0x0A, 0x1A, 0x0A };

    public static NativeFile Open(string path)
    {
        if (!HasSignature(path))
            throw new HlsException(DiagnosticCodes.UnreadableModelFile,
                $"'{path}' is not an HDF5 file (no HDF5 signature found); expected a Keras .h5 file.", path);
        return Guard(path, "opening the HDF5 file", () => H5File.OpenRead(path));
    }

    /// <summary>HDF5 files start with the signature at offset 0, 512, 1024, 2048, ... (after an optional user block).</summary>
    private static bool HasSignature(string path)
    {
        try
        {
            using var s = File.OpenRead(path);
            var buffer = new byte[Signature.Length];
            for (long offset = 0; offset + Signature.Length <= s.Length; offset = offset == 0 ? 512 : offset * 2)
            {
                s.Position = offset;
                s.ReadExactly(buffer);
                if (buffer.AsSpan().SequenceEqual(Signature)) return true;
            }
            return false;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new HlsException(DiagnosticCodes.UnreadableModelFile, $"'{path}' cannot be opened: {e.Message}", path);
        }
    }

    /// <summary>Runs a PureHDF call; any exception becomes HLS0102 naming the file and what was being read.</summary>
    public static T Guard<T>(string path, string what, Func<T> read, string? layer = null)
    {
        try
        {
            return read();
        }
        catch (HlsException)
        {
            throw;
        }
        catch (Exception e)
        {
            throw new HlsException(new HlsDiagnostic(DiagnosticCodes.UnreadableModelFile,
                $"'{path}' is damaged or not a Keras HDF5 file: {what} failed ({e.Message}).", path, 0, layer), e);
        }
    }

    public static bool AttributeExists(IH5Object obj, string name)
    {
        try { return obj.AttributeExists(name); }
        catch { return false; }
    }

    public static bool LinkExists(IH5Group group, string path)
    {
        try { return group.LinkExists(path); }
        catch { return false; }
    }

    /// <summary>
    /// A string or string-array attribute (fixed-length or variable-length). An empty non-string array (what Keras
    /// writes as <c>weight_names</c> of a weight-less layer) reads as no strings.
    /// </summary>
    public static string[] ReadStrings(IH5Object obj, string name, string path) => Guard(path, $"reading attribute '{name}'", () =>
    {
        var attribute = obj.Attribute(name);
        if (attribute.Type.Class is H5DataTypeClass.String or H5DataTypeClass.VariableLength)
        {
            var values = attribute.Space.Rank == 0 ? new[] { attribute.Read<string>() } : attribute.Read<string[]>();
            return values.Select(v => (v ?? "").TrimEnd('\0')).ToArray();
        }
        if (attribute.Space.Dimensions.Aggregate(1UL, (a, b) => a * b) == 0) return Array.Empty<string>();
        throw new InvalidDataException($"attribute '{name}' holds {attribute.Type.Class} values, not strings");
    });

    /// <summary>A scalar string attribute (e.g. <c>model_config</c>).</summary>
    public static string ReadString(IH5Object obj, string name, string path) => Guard(path, $"reading attribute '{name}'", () =>
    {
        var attribute = obj.Attribute(name);
        if (attribute.Type.Class is not (H5DataTypeClass.String or H5DataTypeClass.VariableLength))
            throw new InvalidDataException($"attribute '{name}' holds {attribute.Type.Class} values, not a string");
        var value = attribute.Space.Rank == 0 ? attribute.Read<string>() : attribute.Read<string[]>().FirstOrDefault();
        return (value ?? "").TrimEnd('\0');
    });

    /// <summary>A numeric dataset as row-major float32 values and its shape (float16/32/64 and integer types).</summary>
    public static (int[] Shape, float[] Data) ReadFloats(IH5Dataset dataset, string path, string datasetPath) =>
        Guard(path, $"reading dataset '{datasetPath}'", () =>
        {
            var shape = dataset.Space.Dimensions.Select(d => checked((int)d)).ToArray();
            var type = dataset.Type;
            float[] data = (type.Class, type.Size) switch
            {
                (H5DataTypeClass.FloatingPoint, 4) => dataset.Read<float[]>(),
                (H5DataTypeClass.FloatingPoint, 8) => Array.ConvertAll(dataset.Read<double[]>(), v => (float)v),
                (H5DataTypeClass.FloatingPoint, 2) => Array.ConvertAll(dataset.Read<Half[]>(), v => (float)v),
                (H5DataTypeClass.FixedPoint, _) => ReadIntegers(dataset),
                _ => throw new InvalidDataException($"unsupported element type {type.Class} of {type.Size} bytes"),
            };
            long expected = shape.Aggregate(1L, (a, b) => a * b);
            if (data.Length != expected)
                throw new InvalidDataException($"{data.Length} values for shape [{string.Join(",", shape)}]");
            return (shape, data);
        });

    private static float[] ReadIntegers(IH5Dataset dataset)
    {
        bool signed = dataset.Type.FixedPoint.IsSigned;
        return dataset.Type.Size switch
        {
            1 => signed ? Array.ConvertAll(dataset.Read<sbyte[]>(), v => (float)v) : Array.ConvertAll(dataset.Read<byte[]>(), v => (float)v),
            2 => signed ? Array.ConvertAll(dataset.Read<short[]>(), v => (float)v) : Array.ConvertAll(dataset.Read<ushort[]>(), v => (float)v),
            4 => signed ? Array.ConvertAll(dataset.Read<int[]>(), v => (float)v) : Array.ConvertAll(dataset.Read<uint[]>(), v => (float)v),
            8 => signed ? Array.ConvertAll(dataset.Read<long[]>(), v => (float)v) : Array.ConvertAll(dataset.Read<ulong[]>(), v => (float)v),
            var n => throw new InvalidDataException($"unsupported integer size {n} bytes"),
        };
    }
}
