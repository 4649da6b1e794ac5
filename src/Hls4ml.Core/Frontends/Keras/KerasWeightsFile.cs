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
    private readonly ValueBudget _budget = new();

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
            if (!Hdf5.AttributeExists(file, "layer_names") && Hdf5.Group(file, "model_weights", path) is { } weights)
                root = weights;
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
        var root = Hdf5.Group(file, "model_weights", path)
            ?? throw new HlsException(DiagnosticCodes.UnreadableModelFile,
                $"'{path}' has a 'model_config' attribute but no 'model_weights' group, so it holds no weights.", path);
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
        var group = Hdf5.Group(_root, layerName, Path, layerName);
        if (group is null) return null;
        var result = new Dictionary<string, WeightVariable>(StringComparer.Ordinal);
        var names = Hdf5.AttributeExists(group, "weight_names") ? Hdf5.ReadStrings(group, "weight_names", Path) : Array.Empty<string>();
        foreach (var kerasName in names)
        {
            var shortName = ShortName(layerName, kerasName);
            var dataset = Hdf5.Dataset(group, kerasName, Path, layerName)
                ?? throw new HlsException(DiagnosticCodes.UnreadableModelFile,
                    $"'{Path}' lists weight '{kerasName}' for layer '{layerName}' but has no dataset '{layerName}/{kerasName}'.", Path, layerName);
            var (shape, data) = Hdf5.ReadFloats(dataset, Path, $"{layerName}/{kerasName}", _budget, layerName);
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
