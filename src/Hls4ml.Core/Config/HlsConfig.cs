using Hls4ml.Diagnostics;
using Hls4ml.Types;

namespace Hls4ml.Config;

/// <summary>Per-layer settings from one HlsLayerConfig/HlsLayerTypeConfig item: setting name → value text.</summary>
public sealed class LayerSettings
{
    public Dictionary<string, string> Values { get; } = new(StringComparer.OrdinalIgnoreCase);
    /// <summary>Where the item was declared (project file and line), for diagnostics.</summary>
    public string? File { get; init; }
    public int Line { get; init; }

    /// <summary>
    /// The hls4ml configuration file (HlsConfigFile) some of these settings came from; <see cref="ConfigFileKeys"/>
    /// holds those keys with their line there. hls4ml ignores a key a layer does not have, so for these keys that is
    /// a warning (HLS0021) at the file's line, not the error a project item gets.
    /// </summary>
    public string? ConfigFile { get; init; }
    public Dictionary<string, int> ConfigFileKeys { get; } = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>Every setting came from the configuration file (the project adds none).</summary>
    public bool FromConfigFileOnly => ConfigFile is not null && Values.Keys.All(ConfigFileKeys.ContainsKey);

    /// <summary>Settings from (key, value) pairs, as an HlsLayerConfig item's metadata would give them.</summary>
    public static LayerSettings Of(params (string Key, string Value)[] values) => Of(null, 0, values);

    public static LayerSettings Of(string? file, int line, params (string Key, string Value)[] values)
    {
        var settings = new LayerSettings { File = file, Line = line };
        foreach (var (key, value) in values) settings.Values[key] = value;
        return settings;
    }
}

/// <summary>
/// Project configuration (hls4ml's top-level config + HLSConfig). Defaults are hls4ml's; precedence for layer
/// settings is layer name &gt; layer type &gt; model default.
/// </summary>
public sealed class HlsConfig
{
    public string ProjectName { get; set; } = "myproject";
    public string Backend { get; set; } = "Vivado";
    public string Part { get; set; } = "xcvu13p-flga2577-2-e";
    public double ClockPeriod { get; set; } = 5;
    /// <summary>e.g. "12.5%"; null = backend default (Vivado 12.5%, Vitis 27%).</summary>
    public string? ClockUncertainty { get; set; }
    public string IOType { get; set; } = "io_parallel";
    public string Strategy { get; set; } = "Latency";
    public int ReuseFactor { get; set; } = 1;
    public Precision DefaultPrecision { get; set; } = new FixedPrecision(16, 6);
    /// <summary>
    /// HlsMaximumPrecision (hls4ml's Precision.maximum): a cap on precisions inferred for 'auto' slots — the width and
    /// the integer bits are limited separately; null = no cap. A layer's MaximumPrecision setting wins over it.
    /// </summary>
    public Precision? MaximumPrecision { get; set; }
    /// <summary>HlsCompatibility: Default (Hls4ml.Sdk's numerics) or Hls4ml (hls4ml's arithmetic bit for bit).</summary>
    public HlsCompatibility Compatibility { get; set; } = HlsCompatibility.Default;
    /// <summary>The numeric choices of <see cref="Compatibility"/>, resolved once (passes and layers read these).</summary>
    public NumericsProfile Numerics => Compatibility == HlsCompatibility.Default
        ? NumericsProfile.Default with { FoldBatchNorm = FoldBatchNorm }
        : NumericsProfile.For(Compatibility);
    /// <summary>
    /// HlsFoldBatchNorm: fold a BatchNormalization into the preceding Dense/Conv (saves its multipliers). Off by default:
    /// quantizing the folded weights is measurably less accurate than hls4ml's separate layer (docs/numerics.md), and
    /// the default never trades accuracy. Never folds under HlsCompatibility=hls4ml.
    /// </summary>
    public bool FoldBatchNorm { get; set; }
    public string Version { get; set; } = "1.0.0";
    /// <summary>config_array_partition -maximum_size and the partition warning threshold.</summary>
    public int MaximumPartitionSize { get; set; } = 4096;
    /// <summary>
    /// hls4ml's BramFactor: weight arrays with more elements than this become ports of the top function (bound to
    /// BRAM, filled by the surrounding design) instead of constants inside it. Default: never.
    /// </summary>
    public long BramFactor { get; set; } = long.MaxValue;
    /// <summary>
    /// HLS0308 fires when a layer fully unrolls more multiplications than this. 4096 is where Vivado HLS stops
    /// unrolling a loop (XFORM 203-504), the wall hls4ml users hit with large Latency layers.
    /// </summary>
    public int UnrollWarningThreshold { get; set; } = 4096;
    public Dictionary<string, LayerSettings> LayerNames { get; } = new(StringComparer.Ordinal);
    public Dictionary<string, LayerSettings> LayerTypes { get; } = new(StringComparer.Ordinal);
    /// <summary>The project file, for diagnostics about properties.</summary>
    public string? ProjectFile { get; set; }

    /// <summary>Turns a project or file name into a valid C++ identifier (hls4ml's ProjectName is the top function).</summary>
    public static string SanitizeName(string name)
    {
        var chars = name.Select(c => char.IsAsciiLetterOrDigit(c) || c == '_' ? c : '_').ToArray();
        var s = new string(chars);
        if (s.Length == 0 || char.IsAsciiDigit(s[0])) s = "_" + s;
        return s;
    }

    /// <summary>Checks values that have a fixed set of choices; throws HLS0002 naming the property.</summary>
    public void Validate()
    {
        HlsException Invalid(string property, string value, string allowed) => new(DiagnosticCodes.InvalidProperty,
            $"{property} '{value}' is not valid; use {allowed}.", ProjectFile);
        void Bad(string property, string value, string allowed) => throw Invalid(property, value, allowed);
        if (!System.Text.RegularExpressions.Regex.IsMatch(ProjectName, "^[A-Za-z_][A-Za-z0-9_]*$"))
            Bad("HlsProjectName", ProjectName, "a C++ identifier (letters, digits, underscore)");
        if (ClockPeriod <= 0) Bad("HlsClockPeriod", ClockPeriod.ToString(System.Globalization.CultureInfo.InvariantCulture), "a positive number of nanoseconds");
        if (ReuseFactor < 1) Bad("HlsReuseFactor", ReuseFactor.ToString(), "an integer >= 1");
        if (BramFactor < 0) Bad("HlsBramFactor", BramFactor.ToString(System.Globalization.CultureInfo.InvariantCulture), "a number of elements >= 0");
        if (UnrollWarningThreshold < 1) Bad("HlsUnrollWarningThreshold", UnrollWarningThreshold.ToString(), "an integer >= 1");
        Strategy = CanonicalStrategy(Strategy) ?? throw Invalid("HlsStrategy", Strategy, string.Join(" or ", Strategies));
        if (!IOTypes.Contains(IOType)) Bad("HlsIOType", IOType, string.Join(" or ", IOTypes));
        // These reach Tcl scripts; they are quoted there too, but a value of the wrong shape is a mistake to report.
        if (!System.Text.RegularExpressions.Regex.IsMatch(Part, "^[A-Za-z0-9][A-Za-z0-9_.-]*$"))
            Bad("HlsPart", Part, "an FPGA part name such as xcvu13p-flga2577-2-e (letters, digits, '-', '_', '.')");
        if (!System.Text.RegularExpressions.Regex.IsMatch(Version, @"^[0-9]+(\.[0-9]+){0,2}$"))
            Bad("HlsVersion", Version, "an IP version such as 1.0 or 1.0.0");
        if (ClockUncertainty is not null && !System.Text.RegularExpressions.Regex.IsMatch(ClockUncertainty, @"^[0-9]+(\.[0-9]+)?%?$"))
            Bad("HlsClockUncertainty", ClockUncertainty, "nanoseconds (e.g. 0.6) or a percentage of the clock period (e.g. 12.5%)");
    }

    /// <summary>Layer strategies (hls4ml's Latency, Resource and resource_unrolled, which it documents as Unrolled).</summary>
    public static readonly IReadOnlyList<string> Strategies = new[] { "Latency", "Resource", "Unrolled" };

    /// <summary>A strategy name in its canonical casing (hls4ml's ResourceUnrolled/resource_unrolled = Unrolled), or null.</summary>
    public static string? CanonicalStrategy(string value)
    {
        var name = value.Replace("_", "").Equals("ResourceUnrolled", StringComparison.OrdinalIgnoreCase) ? "Unrolled" : value;
        return Strategies.FirstOrDefault(s => s.Equals(name, StringComparison.OrdinalIgnoreCase));
    }

    /// <summary>HlsCompatibility's value (Default or hls4ml, any casing); anything else is HLS0002 naming the choices.</summary>
    public static HlsCompatibility ParseCompatibility(string value, string? projectFile = null)
    {
        foreach (var mode in Enum.GetValues<HlsCompatibility>())
            if (mode.ToString().Equals(value.Trim(), StringComparison.OrdinalIgnoreCase)) return mode;
        throw new HlsException(DiagnosticCodes.InvalidProperty,
            $"HlsCompatibility '{value}' is not valid; use Default (Hls4ml.Sdk's numerics) or hls4ml (hls4ml's arithmetic bit for bit, docs/numerics.md).", projectFile);
    }

    public static readonly IReadOnlyList<string> IOTypes = new[] { "io_parallel", "io_stream" };
}
