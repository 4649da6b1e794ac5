using System.Globalization;

namespace Hls4ml.Synthesis;

/// <summary>The vendor command-line tools this SDK drives.</summary>
public enum HlsToolKind
{
    /// <summary>Vivado HLS (vivado_hls), 2018.2–2020.1: the Vivado backend.</summary>
    VivadoHls,
    /// <summary>Vitis HLS (vitis_hls), 2020.2–2023.1: the Vitis backend.</summary>
    VitisHls,
    /// <summary>Vitis unified (vitis-run --mode hls), 2023.2+: the Vitis backend.</summary>
    VitisRun,
}

/// <summary>A located HLS tool: which one, where, its version (null when it could not be detected) and how it was found.</summary>
public sealed record HlsTool(HlsToolKind Kind, string Path, string? Version, string FoundVia)
{
    public string ExecutableName => ExecutableFor(Kind);

    public string DisplayName => Version is null ? ExecutableName : $"{ExecutableName} {Version}";

    public static string ExecutableFor(HlsToolKind kind) => kind switch
    {
        HlsToolKind.VivadoHls => "vivado_hls",
        HlsToolKind.VitisHls => "vitis_hls",
        HlsToolKind.VitisRun => "vitis-run",
        _ => throw new ArgumentOutOfRangeException(nameof(kind)),
    };

    /// <summary>Supported versions per tool, inclusive; null upper bound = no known upper limit.</summary>
    public static (string Min, string? Max) SupportedRange(HlsToolKind kind) => kind switch
    {
        HlsToolKind.VivadoHls => ("2018.2", "2020.1"),
        HlsToolKind.VitisHls => ("2020.2", "2023.1"),
        _ => ("2023.2", null),
    };

    /// <summary>True/false for a parsable version, null when the version is unknown.</summary>
    public bool? IsSupportedVersion
    {
        get
        {
            if (Version is null || !TryParseVersion(Version, out var v)) return null;
            var (min, max) = SupportedRange(Kind);
            TryParseVersion(min, out var lo);
            if (v < lo) return false;
            return max is null || (TryParseVersion(max, out var hi) && v <= hi);
        }
    }

    /// <summary>"2019.2" or "2023.2.1" → comparable number (year * 10 + release).</summary>
    internal static bool TryParseVersion(string text, out double value)
    {
        value = 0;
        var parts = text.Split('.');
        if (parts.Length < 2 || !int.TryParse(parts[0], NumberStyles.None, CultureInfo.InvariantCulture, out var year)
            || !int.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out var rel)) return false;
        value = year * 10 + rel;
        return true;
    }
}
