using System.Globalization;
using Hls4ml.Diagnostics;
using Hls4ml.Types;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace Hls4ml.Config;

/// <summary>
/// A project-level setting an hls4ml configuration file can carry. Each is the counterpart of the .hlsproj property
/// <c>Hls&lt;name&gt;</c> (<see cref="Hls4mlConfigFile.PropertyName"/>).
/// </summary>
public enum ConfigProperty
{
    ProjectName, OutputDir, Backend, Part, ClockPeriod, ClockUncertainty, IOType, Version, MaximumPartitionSize,
    DefaultPrecision, MaximumPrecision, ReuseFactor, Strategy, BramFactor,
}

/// <summary>A value read from the file with the line it is on (1-based).</summary>
public sealed record ConfigEntry(string Value, int Line);

/// <summary>
/// The model the file names (KerasJson + KerasH5, KerasH5 alone, KerasModel, OnnxModel, PytorchModel), resolved to
/// full paths. <see cref="Exists"/> is false when no candidate location held the file (<see cref="Searched"/>).
/// </summary>
public sealed record ConfigModelFiles(string Model, string? Weights, string Key, int Line, IReadOnlyList<string> Searched)
{
    public bool Exists => File.Exists(Model) && (Weights is null || File.Exists(Weights));
}

/// <summary>hls4ml's InputData / OutputPredictions: the testbench input and expected output.</summary>
public sealed record ConfigTestData(string Input, string? Expected, int Line);

/// <summary>
/// An hls4ml configuration file (config.yml, or the same keys as .json), as hls4ml's <c>convert_from_config</c>
/// reads it: model files, OutputDir, ProjectName, Part/Board, ClockPeriod, Backend, IOType, and HLSConfig with its
/// Model / LayerType / LayerName sections. Keys match case-insensitively. Every key this reader does not understand is
/// a warning naming it (HLS0021); keys it understands but Hls4ml.Sdk does not implement are a warning saying so
/// (HLS0022) when their value asks for something; wrong values are errors at their line (HLS0023). Usable without
/// MSBuild: <see cref="Read"/> then <see cref="ApplyTo"/>.
/// </summary>
public sealed class Hls4mlConfigFile
{
    /// <summary>File extensions read (YAML is a superset of JSON: one parser reads both).</summary>
    public static readonly IReadOnlyList<string> Extensions = new[] { ".yml", ".yaml", ".json" };

    /// <summary>Configuration files are small (a name-granularity config of a large model is some 100 KiB).</summary>
    public const long MaxFileSize = 4 << 20;

    /// <summary>YAML aliases can make a small file name the same big mapping many times: the reader stops after this many values.</summary>
    public const int MaxValues = 1_000_000;

    private readonly Dictionary<ConfigProperty, ConfigEntry> _properties = new();
    private readonly Dictionary<string, LayerSettings> _layerTypes = new(StringComparer.Ordinal);
    private readonly Dictionary<string, LayerSettings> _layerNames = new(StringComparer.Ordinal);
    private readonly List<HlsDiagnostic> _diagnostics = new();
    private readonly string? _projectDirectory;
    private int _values;

    private Hls4mlConfigFile(string path, string? projectDirectory)
    {
        Path = path;
        _projectDirectory = projectDirectory;
    }

    /// <summary>Full path of the file.</summary>
    public string Path { get; }
    public ConfigModelFiles? Model { get; private set; }
    public ConfigTestData? TestData { get; private set; }
    public IReadOnlyDictionary<ConfigProperty, ConfigEntry> Properties => _properties;
    /// <summary>HLSConfig.LayerType: settings by IR layer type, in the keys HlsLayerTypeConfig items use.</summary>
    public IReadOnlyDictionary<string, LayerSettings> LayerTypes => _layerTypes;
    /// <summary>HLSConfig.LayerName: settings by layer name, in the keys HlsLayerConfig items use.</summary>
    public IReadOnlyDictionary<string, LayerSettings> LayerNames => _layerNames;
    /// <summary>Warnings and notes about keys (errors are thrown as <see cref="HlsException"/>).</summary>
    public IReadOnlyList<HlsDiagnostic> Diagnostics => _diagnostics;

    /// <summary>The .hlsproj property a setting corresponds to.</summary>
    public static string PropertyName(ConfigProperty property) => "Hls" + property;

    /// <summary>
    /// Reads the file. Relative model and test-data paths are looked up beside the file, then in
    /// <paramref name="projectDirectory"/> (hls4ml resolves them from the working directory, which for a project is its
    /// folder), then in the folders above the file (the example-models repository's config-files/*.yml name
    /// keras/... from the repository root).
    /// </summary>
    public static Hls4mlConfigFile Read(string path, string? projectDirectory = null)
    {
        var full = System.IO.Path.GetFullPath(path);
        var extension = System.IO.Path.GetExtension(full).ToLowerInvariant();
        if (!Extensions.Contains(extension))
            throw new HlsException(DiagnosticCodes.ConfigFileUnreadable,
                $"'{System.IO.Path.GetFileName(full)}' is not an hls4ml configuration file: expected {string.Join(", ", Extensions)}.", full);
        var info = new FileInfo(full);
        if (!info.Exists)
            throw new HlsException(DiagnosticCodes.ConfigFileUnreadable, $"the configuration file {full} does not exist.", full);
        if (info.Length > MaxFileSize)
            throw new HlsException(DiagnosticCodes.ConfigFileUnreadable,
                $"the configuration file is {info.Length:N0} bytes; configuration files are limited to {MaxFileSize:N0} bytes.", full);
        string text;
        try { text = File.ReadAllText(full); }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new HlsException(new HlsDiagnostic(DiagnosticCodes.ConfigFileUnreadable, $"cannot read {full}: {e.Message}", full), e);
        }
        return Parse(text, full, projectDirectory);
    }

    /// <summary>Parses configuration text; <paramref name="path"/> names it in diagnostics and anchors relative paths.</summary>
    public static Hls4mlConfigFile Parse(string text, string path, string? projectDirectory = null)
    {
        var file = new Hls4mlConfigFile(System.IO.Path.GetFullPath(path), projectDirectory is null ? null : System.IO.Path.GetFullPath(projectDirectory));
        var stream = new YamlStream();
        try
        {
            stream.Load(new StringReader(text));
        }
        catch (YamlException e)
        {
            var why = (e.InnerException?.Message ?? e.Message).Trim();
            throw new HlsException(new HlsDiagnostic(DiagnosticCodes.ConfigFileUnreadable,
                $"syntax error at line {e.Start.Line}, column {e.Start.Column}: {why}", file.Path, (int)e.Start.Line), e);
        }
        if (stream.Documents.Count == 0 || stream.Documents[0].RootNode is YamlScalarNode { Value: null or "" })
            throw new HlsException(DiagnosticCodes.ConfigFileUnreadable, "the configuration file is empty.", file.Path);
        if (stream.Documents.Count > 1)
            throw new HlsException(DiagnosticCodes.ConfigFileUnreadable,
                $"the file holds {stream.Documents.Count} YAML documents (separated by '---'); an hls4ml configuration is one.", file.Path);
        if (stream.Documents[0].RootNode is not YamlMappingNode root)
            throw new HlsException(DiagnosticCodes.ConfigFileUnreadable,
                "the top level is not a mapping of keys (KerasJson: ..., OutputDir: ..., HLSConfig: ...).", file.Path, line: LineOf(stream.Documents[0].RootNode));
        file.ReadTopLevel(root);
        return file;
    }

    // ---- top level ------------------------------------------------------------------------------------------------

    private static readonly string[] TopLevelKeys =
    {
        "KerasJson", "KerasH5", "KerasModel", "OnnxModel", "PytorchModel", "OutputDir", "ProjectName", "Backend", "Part",
        "XilinxPart", "Board", "ClockPeriod", "ClockUncertainty", "IOType", "Version", "MaximumSize", "InputData",
        "OutputPredictions", "HLSConfig", "WriterConfig", "ProjectDir", "TraceOutput", "InputShape", "Stamp", "InputShapes",
        "OutputShapes",
    };

    /// <summary>Parts of the boards hls4ml's VivadoAccelerator backend knows (its Board key), for a file without Part.</summary>
    private static readonly Dictionary<string, string> BoardParts = new(StringComparer.OrdinalIgnoreCase)
    {
        ["pynq-z2"] = "xc7z020clg400-1",
        ["zcu102"] = "xczu9eg-ffvb1156-2-e",
        ["alveo-u50"] = "xcu50-fsvh2104-2-e",
        ["alveo-u200"] = "xcu200-fsgd2104-2-e",
        ["alveo-u250"] = "xcu250-figd2104-2L-e",
        ["alveo-u280"] = "xcu280-fsvh2892-2L-e",
    };

    private void ReadTopLevel(YamlMappingNode root)
    {
        var models = new Dictionary<string, (string Value, int Line)>(StringComparer.Ordinal);
        (string Value, int Line)? input = null, expected = null, board = null;
        foreach (var (keyNode, value) in Entries(root, ""))
        {
            var key = Canonical(keyNode, TopLevelKeys, "the top level");
            if (key is null) continue;
            int line = LineOf(keyNode);
            switch (key)
            {
                case "KerasJson" or "KerasH5" or "KerasModel" or "OnnxModel" or "PytorchModel":
                    if (Scalar(value, key) is { } model) models[key] = (model, line);
                    break;
                case "OutputDir": Set(ConfigProperty.OutputDir, value, key); break;
                case "ProjectName":
                    if (Scalar(value, key) is { } name)
                    {
                        if (!System.Text.RegularExpressions.Regex.IsMatch(name, "^[A-Za-z_][A-Za-z0-9_]*$"))
                            throw Invalid(value, $"ProjectName '{name}' must be a C++ identifier (letters, digits, underscore; it names the top function).");
                        _properties[ConfigProperty.ProjectName] = new(name, line);
                    }
                    break;
                case "Backend": ReadBackend(value); break;
                case "Part" or "XilinxPart": Set(ConfigProperty.Part, value, key); break;
                case "Board":
                    if (Scalar(value, key) is { } b) board = (b, line);
                    break;
                case "ClockPeriod": SetNumber(ConfigProperty.ClockPeriod, value, key); break;
                case "ClockUncertainty":
                    if (Scalar(value, key) is { } u)
                    {
                        if (!System.Text.RegularExpressions.Regex.IsMatch(u, @"^[0-9]+(\.[0-9]+)?%?$"))
                            throw Invalid(value, $"ClockUncertainty '{u}' must be nanoseconds (0.6) or a percentage of the clock period (12.5%).");
                        _properties[ConfigProperty.ClockUncertainty] = new(u, line);
                    }
                    break;
                case "IOType":
                    if (Scalar(value, key) is { } io)
                    {
                        var known = HlsConfig.IOTypes.FirstOrDefault(t => t.Equals(io, StringComparison.OrdinalIgnoreCase))
                            ?? throw Invalid(value, $"IOType '{io}' is not valid; use {string.Join(" or ", HlsConfig.IOTypes)}" +
                                                    (io.Equals("io_serial", StringComparison.OrdinalIgnoreCase) ? " (io_serial was the old name of io_stream)." : "."));
                        _properties[ConfigProperty.IOType] = new(known, line);
                    }
                    break;
                case "Version": Set(ConfigProperty.Version, value, key); break;
                case "MaximumSize": SetInteger(ConfigProperty.MaximumPartitionSize, value, key, 1); break;
                case "InputData":
                    if (Scalar(value, key) is { } i) input = (i, line);
                    break;
                case "OutputPredictions":
                    if (Scalar(value, key) is { } o) expected = (o, line);
                    break;
                case "HLSConfig": ReadHlsConfig(value); break;
                case "WriterConfig":
                    NoEffect(keyNode, "WriterConfig (hls4ml's writer options): the generated project has one layout, with weights as headers and the testbench reading tb_data/*.dat.");
                    break;
                case "ProjectDir":
                    NoEffect(keyNode, "ProjectDir: the vendor tool's project folder is <HlsProjectName>_prj inside HlsOutputDir.");
                    break;
                case "TraceOutput":
                    if (Bool(value, key) == true) NoEffect(keyNode, "TraceOutput: per-layer tracing is not implemented; compare layers through the float reference in the CSim summary.");
                    break;
                case "InputShape":
                    NoEffect(keyNode, "InputShape is for PyTorch models; ONNX and Keras files carry their input shapes.");
                    break;
                case "Stamp" or "InputShapes" or "OutputShapes":
                    _diagnostics.Add(new HlsDiagnostic(DiagnosticCodes.ConfigBookkeepingIgnored, $"'{key}' is written by hls4ml and ignored.", Path, line));
                    break;
            }
        }

        if (board is { } bd)
        {
            if (!_properties.ContainsKey(ConfigProperty.Part) && BoardParts.TryGetValue(bd.Value, out var part))
                _properties[ConfigProperty.Part] = new(part, bd.Line);
            _diagnostics.Add(new HlsDiagnostic(DiagnosticCodes.ConfigSettingWithoutEffect,
                BoardParts.ContainsKey(bd.Value)
                    ? $"Board '{bd.Value}': no accelerator wrapper (hls4ml's VivadoAccelerator) is generated; the HLS project targets the board's part{(_properties[ConfigProperty.Part].Line == bd.Line ? $" {_properties[ConfigProperty.Part].Value}" : "")}."
                    : $"Board '{bd.Value}' is not a board this reader knows ({string.Join(", ", BoardParts.Keys)}); set Part (HlsPart) to the board's FPGA part.",
                Path, bd.Line));
        }
        ReadModel(models);
        if (input is { } inputData) ReadTestData(inputData, expected);
        else if (expected is { } e)
            _diagnostics.Add(new HlsDiagnostic(DiagnosticCodes.ConfigSettingWithoutEffect,
                "OutputPredictions without InputData: expected outputs need the inputs they belong to.", Path, e.Line));
    }

    private void ReadBackend(YamlNode value)
    {
        if (Scalar(value, "Backend") is not { } backend) return;
        int line = LineOf(value);
        // hls4ml's backend names are case-insensitive; VivadoAccelerator wraps the Vivado project for a board.
        if (backend.Equals("VivadoAccelerator", StringComparison.OrdinalIgnoreCase))
        {
            _diagnostics.Add(new HlsDiagnostic(DiagnosticCodes.ConfigSettingWithoutEffect,
                "Backend 'VivadoAccelerator': the accelerator wrapper is not generated; the Vivado HLS project is.", Path, line));
            backend = "Vivado";
        }
        var canonical = new[] { "Vivado", "Vitis" }.FirstOrDefault(b => b.Equals(backend, StringComparison.OrdinalIgnoreCase)) ?? backend;
        _properties[ConfigProperty.Backend] = new(canonical, line);
    }

    private void ReadModel(Dictionary<string, (string Value, int Line)> models)
    {
        if (models.Count == 0) return;
        var formats = models.Keys.Where(k => k != "KerasH5").ToList();
        bool kerasPair = models.ContainsKey("KerasJson") && models.ContainsKey("KerasH5");
        if (formats.Count > 1 || (formats.Count == 1 && models.ContainsKey("KerasH5") && formats[0] != "KerasJson"))
            throw new HlsException(DiagnosticCodes.ConfigValueInvalid,
                $"the file names more than one model ({string.Join(", ", models.Keys)}); name one: KerasJson with KerasH5, KerasH5 alone, KerasModel, OnnxModel or PytorchModel.",
                Path, line: models.Values.Max(m => m.Line));
        var key = kerasPair ? "KerasJson" : models.Keys.Single();
        var (modelValue, line) = models[key];
        var searched = new List<string>();
        var model = ResolvePath(modelValue, searched);
        var weights = kerasPair ? ResolvePath(models["KerasH5"].Value, searched) : null;
        Model = new ConfigModelFiles(model, weights, key, line, searched);
    }

    private void ReadTestData((string Value, int Line) input, (string Value, int Line)? expected)
    {
        foreach (var (value, line) in expected is { } e ? new[] { input, e } : new[] { input })
            if (value.EndsWith(".npy", StringComparison.OrdinalIgnoreCase))
            {
                _diagnostics.Add(new HlsDiagnostic(DiagnosticCodes.ConfigSettingWithoutEffect,
                    $"'{value}': NumPy .npy test data is not read; save it as text (numpy.savetxt('input.dat', x.reshape(len(x), -1))) and name the .dat file.",
                    Path, line));
                return;
            }
        var ignored = new List<string>();
        TestData = new ConfigTestData(ResolvePath(input.Value, ignored), expected is { } x ? ResolvePath(x.Value, ignored) : null, input.Line);
    }

    /// <summary>The first existing location (beside the file, in the project folder, then above the file), else beside the file.</summary>
    private string ResolvePath(string value, List<string> searched)
    {
        if (System.IO.Path.IsPathRooted(value))
        {
            searched.Add(value);
            return System.IO.Path.GetFullPath(value);
        }
        var here = System.IO.Path.GetDirectoryName(Path)!;
        var candidates = new List<string> { System.IO.Path.GetFullPath(System.IO.Path.Combine(here, value)) };
        if (_projectDirectory is not null) candidates.Add(System.IO.Path.GetFullPath(System.IO.Path.Combine(_projectDirectory, value)));
        for (var d = Directory.GetParent(here); d is not null; d = d.Parent)
            candidates.Add(System.IO.Path.GetFullPath(System.IO.Path.Combine(d.FullName, value)));
        candidates = candidates.Distinct().ToList();
        var found = candidates.FirstOrDefault(File.Exists);
        searched.AddRange(found is null ? candidates : new[] { found });
        return found ?? candidates[0];
    }

    // ---- HLSConfig ------------------------------------------------------------------------------------------------

    private static readonly string[] HlsConfigKeys = { "Model", "LayerType", "LayerName", "Flows", "Optimizers", "SkipOptimizers" };

    private void ReadHlsConfig(YamlNode node)
    {
        if (IsNull(node)) return;
        if (node is not YamlMappingNode map) throw Invalid(node, "HLSConfig must be a mapping with Model, LayerType and LayerName sections.");
        foreach (var (keyNode, value) in Entries(map, "HLSConfig"))
        {
            switch (Canonical(keyNode, HlsConfigKeys, "HLSConfig"))
            {
                case "Model": ReadModelSection(value); break;
                case "LayerType": ReadLayerSections(value, "LayerType", _layerTypes); break;
                case "LayerName": ReadLayerSections(value, "LayerName", _layerNames); break;
                case "Flows" or "Optimizers" or "SkipOptimizers":
                    NoEffect(keyNode, $"HLSConfig.{Key(keyNode)}: hls4ml's flow and optimizer selection; passes here are selected by extensions (docs/extending.md).");
                    break;
            }
        }
    }

    private static readonly string[] ModelSectionKeys =
    {
        "Precision", "ReuseFactor", "Strategy", "BramFactor", "TraceOutput", "PipelineStyle", "PipelineInterval", "BitExact",
        "Compression", "TargetCycles", "AllowDAFallback", "AllowV2Fallback", "ChannelsLastConversion", "TransposeOutputs",
    };

    private void ReadModelSection(YamlNode node)
    {
        if (IsNull(node)) return;
        if (node is not YamlMappingNode map) throw Invalid(node, "HLSConfig.Model must be a mapping (Precision, ReuseFactor, Strategy, ...).");
        foreach (var (keyNode, value) in Entries(map, "HLSConfig.Model"))
        {
            var key = Canonical(keyNode, ModelSectionKeys, "HLSConfig.Model");
            switch (key)
            {
                case null: break;
                case "Precision": ReadModelPrecision(value); break;
                case "ReuseFactor": SetInteger(ConfigProperty.ReuseFactor, value, "HLSConfig.Model.ReuseFactor", 1); break;
                case "Strategy":
                    if (Scalar(value, "Strategy") is { } s)
                        _properties[ConfigProperty.Strategy] = new(HlsConfig.CanonicalStrategy(s)
                            ?? throw Invalid(value, $"Strategy '{s}' is not valid; use {string.Join(", ", HlsConfig.Strategies)} (Unrolled is hls4ml's resource_unrolled)."), LineOf(value));
                    break;
                case "BramFactor": SetInteger(ConfigProperty.BramFactor, value, "HLSConfig.Model.BramFactor", 0); break;
                case "TraceOutput" or "Compression":
                    if (Bool(value, key) == true) NoEffect(keyNode, NoEffectReason(key));
                    break;
                case "PipelineStyle":
                    if (Scalar(value, key) is { } style && !style.Equals("auto", StringComparison.OrdinalIgnoreCase))
                        NoEffect(keyNode, $"PipelineStyle '{style}': the top function's pragma is chosen as hls4ml's 'auto' does (DATAFLOW for io_stream or Resource, PIPELINE otherwise).");
                    break;
                case "BitExact":
                    if (Scalar(value, key) is { } exact && !exact.Equals("None", StringComparison.OrdinalIgnoreCase) && Bool(value, key) != false)
                        NoEffect(keyNode, "BitExact: precisions come from the configuration (and 'auto' inference), not from HGQ's bit-exact pass.");
                    break;
                default:
                    NoEffect(keyNode, $"HLSConfig.Model.{key} is not implemented.");
                    break;
            }
        }
    }

    private void ReadModelPrecision(YamlNode value)
    {
        if (value is YamlMappingNode slots)
        {
            foreach (var (slotNode, slotValue) in Entries(slots, "HLSConfig.Model.Precision"))
            {
                var slot = Key(slotNode);
                if (slot.Equals("default", StringComparison.OrdinalIgnoreCase))
                    SetPrecision(ConfigProperty.DefaultPrecision, slotValue, "HLSConfig.Model.Precision.default");
                else if (slot.Equals("maximum", StringComparison.OrdinalIgnoreCase))
                    SetPrecision(ConfigProperty.MaximumPrecision, slotValue, "HLSConfig.Model.Precision.maximum");
                else
                    NoEffect(slotNode, $"a model-wide '{slot}' precision is not implemented; set it for every type under LayerType (e.g. LayerType: {{Dense: {{Precision: {{{slot}: ...}}}}}}) or in HlsLayerTypeConfig items.");
            }
        }
        else SetPrecision(ConfigProperty.DefaultPrecision, value, "HLSConfig.Model.Precision");
    }

    private void ReadLayerSections(YamlNode node, string section, Dictionary<string, LayerSettings> into)
    {
        if (IsNull(node)) return;
        if (node is not YamlMappingNode map) throw Invalid(node, $"HLSConfig.{section} must map {(section == "LayerType" ? "layer types" : "layer names")} to their settings.");
        foreach (var (nameNode, value) in Entries(map, $"HLSConfig.{section}"))
        {
            var name = Key(nameNode);
            var settings = new LayerSettings { File = Path, Line = LineOf(nameNode), ConfigFile = Path };
            if (!IsNull(value))
            {
                if (value is not YamlMappingNode layer) throw Invalid(value, $"HLSConfig.{section}.{name} must be a mapping of settings (Precision, ReuseFactor, ...).");
                ReadLayerSettings(layer, $"HLSConfig.{section}.{name}", settings);
            }
            into[name] = settings;
        }
    }

    /// <summary>
    /// One layer's settings, renamed to the keys HlsLayerConfig items use: Precision (string = every slot, mapping =
    /// per slot, 'default' = every slot), ReuseFactor, Strategy, hls4ml's direct '*_t' type keys (accum_t →
    /// AccumPrecision), snake_case keys in PascalCase (table_size → TableSize). Whether the layer has the setting is
    /// checked when the model is known (ApplyLayerConfig: HLS0021 for keys from a file).
    /// </summary>
    private void ReadLayerSettings(YamlMappingNode layer, string where, LayerSettings settings)
    {
        void Put(string key, string value, YamlNode at)
        {
            settings.Values[key] = value;
            settings.ConfigFileKeys[key] = LineOf(at);
        }

        foreach (var (keyNode, value) in Entries(layer, where))
        {
            var key = Key(keyNode);
            var path = $"{where}.{key}";
            if (key.Equals("Precision", StringComparison.OrdinalIgnoreCase))
            {
                if (value is YamlMappingNode slots)
                {
                    foreach (var (slotNode, slotValue) in Entries(slots, path))
                    {
                        var slot = Key(slotNode);
                        if (PrecisionText(slotValue, $"{path}.{slot}") is { } p)
                            Put(slot.Equals("default", StringComparison.OrdinalIgnoreCase) ? "Precision"
                                : slot.Equals("maximum", StringComparison.OrdinalIgnoreCase) ? "MaximumPrecision" : SlotKey(StripTypeSuffix(slot)), p, slotNode);
                    }
                }
                else if (PrecisionText(value, path) is { } p) Put("Precision", p, keyNode);
            }
            else if (key.Equals("ReuseFactor", StringComparison.OrdinalIgnoreCase))
            {
                if (Integer(value, path, 1) is { } rf) Put("ReuseFactor", rf.ToString(CultureInfo.InvariantCulture), keyNode);
            }
            else if (key.Equals("Strategy", StringComparison.OrdinalIgnoreCase))
            {
                if (Scalar(value, path) is not { } s) continue;
                if (HlsConfig.CanonicalStrategy(s) is { } strategy) Put("Strategy", strategy, keyNode);
                else if (s.ToLowerInvariant() is "stable" or "argmax")
                {
                    // hls4ml's older configs (and its softmax tests) name the softmax implementation with Strategy; hls4ml
                    // then keeps its default ('stable'); the intent is the implementation.
                    Put("Implementation", s.ToLowerInvariant(), keyNode);
                    NoEffect(keyNode, $"{path} '{s}' is read as the softmax Implementation '{s.ToLowerInvariant()}' (hls4ml's Strategy is Latency, Resource or Unrolled; write Implementation: {s.ToLowerInvariant()}).");
                }
                else throw Invalid(value, $"Strategy '{s}' is not valid; use {string.Join(", ", HlsConfig.Strategies)}, or Implementation for a softmax (stable, latency, argmax).");
            }
            else if (key.Equals("Trace", StringComparison.OrdinalIgnoreCase) || key.Equals("Compression", StringComparison.OrdinalIgnoreCase))
            {
                if (Bool(value, path) == true) NoEffect(keyNode, NoEffectReason(key));
            }
            else if (key.EndsWith("_t", StringComparison.Ordinal) && key.Length > 2)
            {
                if (PrecisionText(value, path) is { } p) Put(SlotKey(key[..^2]), p, keyNode);
            }
            else if (Scalar(value, path) is { } text)
            {
                Put(PascalCase(key), text, keyNode);
            }
        }
    }

    private static string NoEffectReason(string key) => key.ToLowerInvariant() switch
    {
        "trace" or "traceoutput" => $"{key}: per-layer tracing is not implemented; compare layers through the float reference in the CSim summary.",
        "compression" => "Compression: sparse (compressed) weight storage is not implemented; weights stay dense (zero weights are still skipped by the multiplier count).",
        _ => $"{key} is not implemented.",
    };

    // ---- values ---------------------------------------------------------------------------------------------------

    private void Set(ConfigProperty property, YamlNode value, string key)
    {
        if (Scalar(value, key) is { } s) _properties[property] = new(s, LineOf(value));
    }

    private void SetNumber(ConfigProperty property, YamlNode value, string key)
    {
        if (Scalar(value, key) is not { } s) return;
        if (!double.TryParse(s, NumberStyles.Float, CultureInfo.InvariantCulture, out var d) || d <= 0 || !double.IsFinite(d))
            throw Invalid(value, $"{key} '{s}' must be a positive number (nanoseconds).");
        _properties[property] = new(d.ToString("R", CultureInfo.InvariantCulture), LineOf(value));
    }

    private void SetInteger(ConfigProperty property, YamlNode value, string key, long minimum)
    {
        if (Integer(value, key, minimum) is { } i) _properties[property] = new(i.ToString(CultureInfo.InvariantCulture), LineOf(value));
    }

    private void SetPrecision(ConfigProperty property, YamlNode value, string key)
    {
        if (PrecisionText(value, key) is { } p) _properties[property] = new(p, LineOf(value));
    }

    /// <summary>
    /// An integer (YAML allows 1_000 and 1e9 for integral values); property values that are integers in hls4ml are
    /// ints or very large ints (BramFactor 1e9), so long.
    /// </summary>
    private long? Integer(YamlNode value, string key, long minimum)
    {
        if (Scalar(value, key) is not { } s) return null;
        var text = s.Replace("_", "");
        if (long.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var i) && i >= minimum) return Math.Min(i, int.MaxValue);
        if (double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var d) && double.IsFinite(d) && d == Math.Floor(d) && d >= minimum)
            return (long)Math.Min(d, int.MaxValue);
        throw Invalid(value, $"{key} '{s}' must be an integer >= {minimum}.");
    }

    /// <summary>A precision string, checked here so the error points at the file's line; 'auto' passes through (resolved later).</summary>
    private string? PrecisionText(YamlNode value, string key)
    {
        if (Scalar(value, key) is not { } s) return null;
        if (s.Trim().Equals("auto", StringComparison.OrdinalIgnoreCase)) return "auto";
        if (!Precision.TryParse(s, out _))
        {
            try { Precision.Parse(s, key); }
            catch (HlsException e) { throw new HlsException(new HlsDiagnostic(DiagnosticCodes.ConfigValueInvalid, e.Diagnostic.Message, Path, LineOf(value)), e); }
        }
        return s.Trim();
    }

    private bool? Bool(YamlNode value, string key)
    {
        if (Scalar(value, key) is not { } s) return null;
        return s.ToLowerInvariant() switch
        {
            "true" or "yes" or "on" or "1" => true,
            "false" or "no" or "off" or "0" => false,
            _ => throw Invalid(value, $"{key} '{s}' must be true or false."),
        };
    }

    /// <summary>The scalar's text; null for a YAML null (~, null, nothing); HLS0023 for a mapping or list.</summary>
    private string? Scalar(YamlNode value, string key)
    {
        if (IsNull(value)) return null;
        if (value is YamlScalarNode scalar) return scalar.Value;
        throw Invalid(value, $"{key} must be a single value, not a {(value is YamlMappingNode ? "mapping" : "list")}.");
    }

    private static bool IsNull(YamlNode node) =>
        node is YamlScalarNode { Style: ScalarStyle.Plain or ScalarStyle.Any, Value: null or "" or "~" or "null" or "Null" or "NULL" };

    private HlsException Invalid(YamlNode at, string message) =>
        new(new HlsDiagnostic(DiagnosticCodes.ConfigValueInvalid, message, Path, LineOf(at)));

    private void NoEffect(YamlNode at, string message) =>
        _diagnostics.Add(new HlsDiagnostic(DiagnosticCodes.ConfigSettingWithoutEffect, message, Path, LineOf(at)));

    private static int LineOf(YamlNode node) => (int)node.Start.Line;

    // ---- keys -----------------------------------------------------------------------------------------------------

    /// <summary>Entries of a mapping, counting values against <see cref="MaxValues"/>.</summary>
    private IEnumerable<(YamlNode Key, YamlNode Value)> Entries(YamlMappingNode map, string where)
    {
        foreach (var (key, value) in map.Children)
        {
            if (++_values > MaxValues)
                throw new HlsException(DiagnosticCodes.ConfigFileUnreadable,
                    $"the file expands to more than {MaxValues:N0} values (YAML aliases repeating mappings?); an hls4ml configuration has a few per layer.", Path, line: LineOf(key));
            yield return (key, value);
        }
    }

    private string Key(YamlNode keyNode) => keyNode is YamlScalarNode { Value: { } k }
        ? k
        : throw new HlsException(DiagnosticCodes.ConfigValueInvalid, "a key must be a plain name, not a mapping or list.", Path, line: LineOf(keyNode));

    /// <summary>The known key the node spells (case-insensitively); else HLS0021 naming it and the known keys, and null.</summary>
    private string? Canonical(YamlNode keyNode, IReadOnlyList<string> known, string where)
    {
        var key = Key(keyNode);
        var match = known.FirstOrDefault(k => k.Equals(key, StringComparison.OrdinalIgnoreCase));
        if (match is not null) return match;
        string lower = key.ToLowerInvariant();
        var near = known.Where(k => Distance(k.ToLowerInvariant(), lower) <= 2
                                    || (lower.Length >= 4 && (lower.Contains(k.ToLowerInvariant()) || k.ToLowerInvariant().Contains(lower)))).ToList();
        _diagnostics.Add(new HlsDiagnostic(DiagnosticCodes.ConfigKeyNotUnderstood,
            $"'{key}' in {where} is not an hls4ml configuration key{(near.Count > 0 ? $" (did you mean {string.Join(" or ", near)}?)" : "")}; known there: {string.Join(", ", known)}.",
            Path, LineOf(keyNode)));
        return null;
    }

    private static int Distance(string a, string b)
    {
        var d = new int[a.Length + 1, b.Length + 1];
        for (int i = 0; i <= a.Length; i++) d[i, 0] = i;
        for (int j = 0; j <= b.Length; j++) d[0, j] = j;
        for (int i = 1; i <= a.Length; i++)
            for (int j = 1; j <= b.Length; j++)
                d[i, j] = Math.Min(Math.Min(d[i - 1, j] + 1, d[i, j - 1] + 1), d[i - 1, j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1));
        return d[a.Length, b.Length];
    }

    private static string StripTypeSuffix(string slot) => slot.EndsWith("_t", StringComparison.Ordinal) && slot.Length > 2 ? slot[..^2] : slot;

    /// <summary>The item key of a precision slot: result → ResultPrecision, exp_table → ExpTablePrecision (as TypeSlot.ConfigKey).</summary>
    public static string SlotKey(string slot) => PascalCase(slot) + "Precision";

    /// <summary>table_size → TableSize; keys already in PascalCase stay.</summary>
    public static string PascalCase(string key) =>
        string.Concat(key.Split('_', StringSplitOptions.RemoveEmptyEntries).Select(p => char.ToUpperInvariant(p[0]) + p[1..]));

    // ---- applying -------------------------------------------------------------------------------------------------

    /// <summary>
    /// Applies the file to <paramref name="config"/>: every property not in <paramref name="setByProject"/>, and the
    /// LayerType/LayerName sections under what the config already holds (project items win key by key; a project
    /// Precision replaces the file's precisions of that layer).
    /// </summary>
    public void ApplyTo(HlsConfig config, IReadOnlySet<ConfigProperty>? setByProject = null)
    {
        foreach (var (property, entry) in _properties)
        {
            if (setByProject?.Contains(property) == true) continue;
            var v = entry.Value;
            switch (property)
            {
                case ConfigProperty.ProjectName: config.ProjectName = v; break;
                case ConfigProperty.OutputDir: break; // where the project is written: the caller's choice (HlsOutputDir)
                case ConfigProperty.Backend: config.Backend = v; break;
                case ConfigProperty.Part: config.Part = v; break;
                case ConfigProperty.ClockPeriod: config.ClockPeriod = double.Parse(v, CultureInfo.InvariantCulture); break;
                case ConfigProperty.ClockUncertainty: config.ClockUncertainty = v; break;
                case ConfigProperty.IOType: config.IOType = v; break;
                case ConfigProperty.Version: config.Version = v; break;
                case ConfigProperty.MaximumPartitionSize: config.MaximumPartitionSize = int.Parse(v, CultureInfo.InvariantCulture); break;
                case ConfigProperty.DefaultPrecision:
                    if (!v.Equals("auto", StringComparison.OrdinalIgnoreCase)) config.DefaultPrecision = Precision.Parse(v);
                    break;
                case ConfigProperty.MaximumPrecision: config.MaximumPrecision = Precision.Parse(v); break;
                case ConfigProperty.ReuseFactor: config.ReuseFactor = int.Parse(v, CultureInfo.InvariantCulture); break;
                case ConfigProperty.Strategy: config.Strategy = v; break;
                case ConfigProperty.BramFactor: config.BramFactor = long.Parse(v, CultureInfo.InvariantCulture); break;
            }
        }
        MergeLayers(config);
    }

    /// <summary>Merges the LayerType/LayerName sections under the config's own (project) settings.</summary>
    public void MergeLayers(HlsConfig config)
    {
        foreach (var (type, settings) in _layerTypes)
            config.LayerTypes[type] = Merge(settings, config.LayerTypes.GetValueOrDefault(type));
        foreach (var (name, settings) in _layerNames)
            config.LayerNames[name] = Merge(settings, config.LayerNames.GetValueOrDefault(name));
    }

    /// <summary>The file's settings with the project's on top (key by key).</summary>
    public static LayerSettings Merge(LayerSettings fromFile, LayerSettings? fromProject)
    {
        if (fromProject is null) return fromFile;
        var merged = new LayerSettings { File = fromProject.File, Line = fromProject.Line, ConfigFile = fromFile.ConfigFile };
        bool projectSetsAllPrecisions = fromProject.Values.ContainsKey("Precision");
        foreach (var (key, value) in fromFile.Values)
        {
            if (projectSetsAllPrecisions && key.EndsWith("Precision", StringComparison.OrdinalIgnoreCase)) continue;
            merged.Values[key] = value;
            if (fromFile.ConfigFileKeys.TryGetValue(key, out var line)) merged.ConfigFileKeys[key] = line;
        }
        foreach (var (key, value) in fromProject.Values)
        {
            merged.Values[key] = value;
            merged.ConfigFileKeys.Remove(key);
        }
        return merged;
    }
}
