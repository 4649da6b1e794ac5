using System.Diagnostics;
using System.Text.RegularExpressions;
using Hls4ml.Diagnostics;

namespace Hls4ml.Synthesis;

/// <summary>
/// Finds the HLS tool for a backend: the HlsToolPath property (an executable, an install folder or its bin/), then
/// $XILINX_HLS/bin, $XILINX_VITIS/bin, $XILINX_VIVADO/bin, then PATH. Vivado needs vivado_hls; Vitis takes vitis-run
/// (2023.2+) or vitis_hls, preferring vitis-run within one location. Not found → one HLS0501 error that says what was
/// looked for, where, and what to set.
/// </summary>
public sealed class HlsToolLocator
{
    public static readonly IReadOnlyList<string> EnvironmentVariables = new[] { "XILINX_HLS", "XILINX_VITIS", "XILINX_VIVADO" };

    public Func<string, string?> GetEnvironmentVariable { get; init; } = Environment.GetEnvironmentVariable;
    /// <summary>How long `tool -version` may take before the version is reported as unknown.</summary>
    public TimeSpan VersionTimeout { get; init; } = TimeSpan.FromSeconds(90);
    /// <summary>The .hlsproj, for diagnostics.</summary>
    public string? ProjectFile { get; init; }

    /// <summary>The other backends, for the "found a tool of another backend" hint; default the built-in ones.</summary>
    public IReadOnlyList<Backends.BackendDefinition> KnownBackends { get; init; } = Backends.BackendDefinition.BuiltIn;

    /// <summary>Locates the tool of a built-in backend by name (see <see cref="Find(Backends.BackendDefinition, string?, bool)"/>).</summary>
    public HlsTool Find(string backend, string? toolPath = null, bool detectVersion = true) =>
        Find(KnownBackends.FirstOrDefault(b => b.Name.Equals(backend, StringComparison.OrdinalIgnoreCase))
            ?? throw new HlsException(DiagnosticCodes.UnknownBackend, $"HlsBackend '{backend}' is not supported (supported: {string.Join(", ", KnownBackends.Select(b => b.Name))}).", ProjectFile),
            toolPath, detectVersion);

    /// <summary>Locates the tool and detects its version (no version warning here; see <see cref="HlsTool.IsSupportedVersion"/>).</summary>
    public HlsTool Find(Backends.BackendDefinition backend, string? toolPath = null, bool detectVersion = true)
    {
        var kinds = backend.ToolKinds;
        var names = string.Join(" or ", kinds.Select(HlsTool.ExecutableFor));
        var (path, kind, via, looked) = Locate(kinds, toolPath);
        if (path is null)
        {
            var hint = "";
            if (string.IsNullOrWhiteSpace(toolPath))
                foreach (var other in KnownBackends.Where(b => b.Name != backend.Name && !b.ToolKinds.SequenceEqual(kinds)))
                {
                    var (otherPath, otherKind, _, _) = Locate(other.ToolKinds, null);
                    if (otherPath is null) continue;
                    hint = $" Found {HlsTool.ExecutableFor(otherKind)} at {otherPath}: it belongs to the {other.Name} backend (set HlsBackend={other.Name} to use it).";
                    break;
                }
            var set = string.IsNullOrWhiteSpace(toolPath)
                ? $"Set HlsToolPath (e.g. -p:HlsToolPath={backend.ToolPathExample}) or {backend.ToolEnvironment}, or add the tool's bin folder to PATH."
                : "Point HlsToolPath at the executable, its bin folder or the install folder.";
            throw new HlsException(DiagnosticCodes.HlsToolNotFound,
                $"{names} (HlsBackend={backend.Name}) was not found. Looked in: {string.Join("; ", looked)}. {set}{hint}", ProjectFile);
        }
        var version = detectVersion ? DetectVersion(kind, path) : null;
        return new HlsTool(kind, path, version, via!);
    }

    /// <summary>
    /// Vivado (logic synthesis of the exported RTL; build_prj.tcl runs `vivado -mode batch -source vivado_synth.tcl`):
    /// the HLS tool's own bin folder, then $XILINX_VIVADO/bin, then PATH. Returns its folder.
    /// </summary>
    public string FindVivado(HlsTool hls)
    {
        var name = OperatingSystem.IsWindows() ? "vivado.bat" : "vivado";
        var candidates = new List<(string Dir, string Label)> { (Path.GetDirectoryName(hls.Path)!, $"{hls.ExecutableName}'s folder") };
        if (GetEnvironmentVariable("XILINX_VIVADO") is { Length: > 0 } xv) candidates.Add((Path.Combine(xv, "bin"), "$XILINX_VIVADO/bin"));
        var pathDirs = (GetEnvironmentVariable("PATH") ?? "").Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries);
        candidates.AddRange(pathDirs.Select(d => (d, "PATH")));
        foreach (var (dir, _) in candidates)
        {
            var p = Path.Combine(dir, name);
            if (File.Exists(p) && IsExecutable(p)) return Path.GetFullPath(dir);
        }
        throw new HlsException(DiagnosticCodes.HlsToolNotFound,
            $"vivado (needed for HlsVivadoSynth=true: logic synthesis with vivado_synth.tcl) was not found. Looked in: {Path.GetDirectoryName(hls.Path)}; " +
            $"$XILINX_VIVADO/bin{(GetEnvironmentVariable("XILINX_VIVADO") is { Length: > 0 } ? "" : " (not set)")}; PATH ({pathDirs.Length} folders). " +
            "Set XILINX_VIVADO (source Vivado's settings64.sh) or add Vivado's bin folder to PATH, or drop -p:HlsVivadoSynth=true.", ProjectFile);
    }

    private (string? Path, HlsToolKind Kind, string? Via, List<string> Looked) Locate(IReadOnlyList<HlsToolKind> kinds, string? toolPath)
    {
        var looked = new List<string>();
        var names = string.Join("/", kinds.Select(HlsTool.ExecutableFor));
        if (!string.IsNullOrWhiteSpace(toolPath))
        {
            var full = Path.GetFullPath(toolPath);
            if (File.Exists(full))
            {
                if (IsExecutable(full)) return (full, KindFromFileName(full) ?? kinds[0], "HlsToolPath", looked);
                looked.Add($"HlsToolPath={toolPath} (not executable)");
                return (null, kinds[0], null, looked);
            }
            if (Directory.Exists(full))
            {
                foreach (var dir in new[] { full, Path.Combine(full, "bin") })
                    if (Probe(dir, kinds) is { } hit) return (hit.Path, hit.Kind, "HlsToolPath", looked);
                looked.Add($"HlsToolPath={toolPath} (no {names} in it or its bin/)");
            }
            else looked.Add($"HlsToolPath={toolPath} (does not exist)");
            return (null, kinds[0], null, looked);
        }
        looked.Add("HlsToolPath (not set)");
        foreach (var variable in EnvironmentVariables)
        {
            var value = GetEnvironmentVariable(variable);
            if (string.IsNullOrWhiteSpace(value)) { looked.Add($"${variable}/bin (not set)"); continue; }
            var bin = Path.Combine(value, "bin");
            if (Probe(bin, kinds) is { } hit) return (hit.Path, hit.Kind, $"${variable}", looked);
            looked.Add($"${variable}/bin = {bin} (no {names})");
        }
        var pathDirs = (GetEnvironmentVariable("PATH") ?? "").Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries);
        foreach (var dir in pathDirs)
            if (Probe(dir, kinds) is { } hit) return (hit.Path, hit.Kind, "PATH", looked);
        looked.Add($"PATH ({pathDirs.Length} folders)");
        return (null, kinds[0], null, looked);
    }

    private static (string Path, HlsToolKind Kind)? Probe(string dir, IReadOnlyList<HlsToolKind> kinds)
    {
        if (!Directory.Exists(dir)) return null;
        foreach (var kind in kinds)
            foreach (var ext in OperatingSystem.IsWindows() ? new[] { ".bat", ".cmd", ".exe", "" } : new[] { "" })
            {
                var p = Path.Combine(dir, HlsTool.ExecutableFor(kind) + ext);
                if (File.Exists(p) && IsExecutable(p)) return (Path.GetFullPath(p), kind);
            }
        return null;
    }

    private static bool IsExecutable(string path)
    {
        if (OperatingSystem.IsWindows()) return true;
        var mode = File.GetUnixFileMode(path);
        return (mode & (UnixFileMode.UserExecute | UnixFileMode.GroupExecute | UnixFileMode.OtherExecute)) != 0;
    }

    private static HlsToolKind? KindFromFileName(string path) => Path.GetFileNameWithoutExtension(path).ToLowerInvariant() switch
    {
        "vivado_hls" => HlsToolKind.VivadoHls,
        "vitis_hls" => HlsToolKind.VitisHls,
        "vitis-run" => HlsToolKind.VitisRun,
        _ => null,
    };

    private static readonly Regex PathVersion = new(@"(?:^|[/\\])(20\d\d\.\d)(?:\.\d+)?(?=[/\\])", RegexOptions.Compiled);
    private static readonly Regex BannerVersion = new(@"\bv(20\d\d\.\d)(?:\.\d+)?\b", RegexOptions.Compiled);

    /// <summary>
    /// The install folder's version (…/Vivado/2019.2/bin/vivado_hls) when it has one, else what `tool -version`
    /// prints ("… v2019.2 (64-bit)"); null when neither says.
    /// </summary>
    public string? DetectVersion(HlsToolKind kind, string path)
    {
        var m = PathVersion.Matches(path.Replace('\\', '/'));
        if (m.Count > 0) return m[^1].Groups[1].Value;
        try
        {
            var psi = new ProcessStartInfo(path)
            {
                RedirectStandardOutput = true, RedirectStandardError = true, RedirectStandardInput = true, UseShellExecute = false,
                WorkingDirectory = Path.GetTempPath(),
            };
            psi.ArgumentList.Add(kind == HlsToolKind.VitisRun ? "--version" : "-version");
            using var p = Process.Start(psi)!;
            p.StandardInput.Close();
            var stdout = p.StandardOutput.ReadToEndAsync();
            var stderr = p.StandardError.ReadToEndAsync();
            if (!p.WaitForExit(VersionTimeout))
            {
                try { p.Kill(entireProcessTree: true); } catch (InvalidOperationException) { }
                return null;
            }
            var v = BannerVersion.Match(stdout.Result + "\n" + stderr.Result);
            return v.Success ? v.Groups[1].Value : null;
        }
        catch (Exception e) when (e is System.ComponentModel.Win32Exception or IOException)
        {
            return null;
        }
    }
}
