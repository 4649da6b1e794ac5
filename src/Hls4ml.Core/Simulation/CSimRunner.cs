using System.Diagnostics;
using System.Text;
using Hls4ml.Backends;
using Hls4ml.Diagnostics;

namespace Hls4ml.Simulation;

/// <summary>Compiles a generated project's testbench with g++ and runs it on test data (bit-accurate C simulation).</summary>
public sealed class CSimRunner
{
    /// <summary>Compiler executable (name on PATH or full path).</summary>
    public string Compiler { get; init; } = "g++";
    public string OptimizationFlags { get; init; } = "-O1";
    /// <summary>Messages for the build log (compile reused/compiled, timings).</summary>
    public Action<string>? Log { get; init; }
    /// <summary>Start and end of the (long) compile, for a progress line at the build's default verbosity.</summary>
    public Action<string>? Progress { get; init; }
    /// <summary>Every line the compiler prints (warnings, notes), for the log at a caller-chosen importance.</summary>
    public Action<string>? CompilerOutputLine { get; init; }
    /// <summary>Stops a running compile or simulation (the process tree is killed) and throws OperationCanceledException.</summary>
    public CancellationToken Cancellation { get; init; }

    /// <summary>
    /// Hash of the generated files the C simulation reads (sources, headers, weights): Tcl scripts, the manifest and
    /// tb_data do not change its result, so a change of part, clock or version neither recompiles nor reruns it.
    /// </summary>
    public static string SimulationSourcesHash(string projectDir) =>
        HlsWriter.HashTree(projectDir, rel => !rel.EndsWith(".tcl", StringComparison.OrdinalIgnoreCase) && rel != HlsWriter.ManifestFile);

    /// <summary>
    /// Builds (or reuses) the simulation binary for the project in 'projectDir' and returns its path. Binaries are
    /// cached by a hash of the generated sources, so regenerating an identical project never recompiles.
    /// </summary>
    public string Compile(string projectDir, string projectName, string cacheDir)
    {
        RemoveStaleBuilds(cacheDir);
        var hash = SimulationSourcesHash(projectDir);
        var key = $"{hash[..16]}-{StableHash(Compiler + " " + OptimizationFlags + " " + string.Join(" ", FixedFlags))}";
        var binary = Path.Combine(cacheDir, key, projectName + "_csim");
        if (File.Exists(binary))
        {
            Log?.Invoke($"CSim: reusing compiled simulation {binary}");
            return binary;
        }
        // The owner's PID in the name lets a later build tell an interrupted compile from a concurrent one.
        var buildDir = Path.Combine(cacheDir, $"{key}{BuildingMarker}{Environment.ProcessId}-{Guid.NewGuid().ToString("N")[..8]}");
        Directory.CreateDirectory(buildDir);
        try
        {
            return CompileInto(buildDir, binary, projectDir, projectName);
        }
        catch
        {
            // A failed compile leaves no partial folder behind (an interrupted one is removed by a later CSim).
            try { if (Directory.Exists(buildDir)) Directory.Delete(buildDir, true); } catch (Exception e) when (e is IOException or UnauthorizedAccessException) { }
            throw;
        }
    }

    private string CompileInto(string buildDir, string binary, string projectDir, string projectName)
    {
        var sw = Stopwatch.StartNew();
        Progress?.Invoke($"CSim: compiling {projectName} with {Compiler} {OptimizationFlags} (first build of this project; cached afterwards)...");
        var common = new[] { OptimizationFlags, "-I", Path.Combine(projectDir, "firmware"), "-I", Path.Combine(projectDir, "firmware", "ap_types") }
            .Concat(FixedFlags);
        // Two translation units compiled concurrently (the machine's cores), then linked.
        var units = new[] { Path.Combine(projectDir, $"{projectName}_test.cpp"), Path.Combine(projectDir, "firmware", $"{projectName}.cpp") };
        var objects = units.Select((u, i) => Path.Combine(buildDir, $"unit{i}.o")).ToArray();
        var tasks = units.Select((u, i) => Task.Run(() => RunCompiler(common.Concat(new[] { "-c", u, "-o", objects[i] }), projectDir))).ToArray();
        Task.WaitAll(tasks);
        foreach (var t in tasks) if (t.Result is { } error) throw error;
        var linked = Path.Combine(buildDir, projectName + "_csim");
        if (RunCompiler(objects.Concat(new[] { "-o", linked }), projectDir) is { } linkError) throw linkError;
        Progress?.Invoke($"CSim: compiled {projectName} in {sw.Elapsed.TotalSeconds:F2} s");
        var finalDir = Path.GetDirectoryName(binary)!;
        if (Directory.Exists(finalDir)) Directory.Delete(finalDir, true);
        Directory.Move(buildDir, finalDir);
        return binary;
    }

    /// <summary>
    /// Defined only by this C simulation: enables the diagnostics of our hls_stream.h that the vendor's lacks (HLS0407
    /// empty read, HLS0408 leftover words, stream names). Generated code uses them only under this macro, so it also
    /// compiles with the HLS tools' own headers.
    /// </summary>
    public const string CSimDefine = "HLS4ML_SDK_CSIM";

    /// <summary>
    /// Compiles the per-layer trace into the simulation (nnet_trace.h); it writes only when <see cref="Run"/> is given a
    /// trace file, so one binary serves both. The HLS tools never define it.
    /// </summary>
    public const string TraceDefine = "HLS4ML_SDK_TRACE";

    /// <summary>Compiler flags that do not depend on the project (part of the binary cache key).</summary>
    private static readonly string[] FixedFlags =
    [
        "-std=c++17", "-fno-strict-aliasing", "-D" + CSimDefine, "-D" + TraceDefine,
        // Relative to the project folder the simulation runs in: binaries are cached by content, and an identical
        // project generated elsewhere (or the original one deleted) must not send them to a stale folder.
        "-DWEIGHTS_DIR=\"firmware/weights\"",
    ];

    private const string BuildingMarker = ".building-";

    /// <summary>Folders without an owner PID in their name (older SDKs) are removed once they are this old.</summary>
    internal static readonly TimeSpan UnownedBuildLifetime = TimeSpan.FromHours(1);

    /// <summary>
    /// Removes '*.building-*' folders that interrupted compiles left behind: those whose owner process is gone (or
    /// whose PID now belongs to a process started after the folder was last written), and unowned ones older than
    /// <see cref="UnownedBuildLifetime"/>. A concurrent build's folder (owner alive) is kept. Best effort: a folder
    /// that cannot be removed now is retried by the next CSim.
    /// </summary>
    internal static void RemoveStaleBuilds(string cacheDir)
    {
        if (!Directory.Exists(cacheDir)) return;
        foreach (var dir in Directory.EnumerateDirectories(cacheDir, "*" + BuildingMarker + "*"))
        {
            try
            {
                if (IsStaleBuild(dir, DateTime.UtcNow)) Directory.Delete(dir, true);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException) { }
        }
    }

    internal static bool IsStaleBuild(string dir, DateTime nowUtc)
    {
        var lastWrite = Directory.GetLastWriteTimeUtc(dir);
        var name = Path.GetFileName(dir);
        var suffix = name[(name.LastIndexOf(BuildingMarker, StringComparison.Ordinal) + BuildingMarker.Length)..].Split('-');
        if (suffix.Length != 2 || !int.TryParse(suffix[0], System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var pid))
            return nowUtc - lastWrite > UnownedBuildLifetime;
        try
        {
            using var process = Process.GetProcessById(pid);
            // A reused PID: the process started after the folder was last written (a 2 s margin for clock granularity).
            return process.HasExited || process.StartTime.ToUniversalTime() > lastWrite.AddSeconds(2);
        }
        catch (ArgumentException) { return true; }                    // no such process
        catch (Exception e) when (e is InvalidOperationException or System.ComponentModel.Win32Exception or NotSupportedException) { return false; }
    }

    /// <summary>
    /// Runs the simulation binary on an input file, writing one line of outputs per sample. Returns the time the
    /// simulation reports for its own work (parsing, inference, writing), or null if it did not report one.
    /// With <paramref name="traceFile"/>, the simulation also writes every layer's output for every sample there
    /// (read it with <see cref="Profiling.LayerTrace.Read"/>).
    /// </summary>
    public TimeSpan? Run(string binary, string projectDir, string inputFile, string resultsFile, string? traceFile = null)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(resultsFile))!);
        var tmp = resultsFile + ".tmp";
        var args = new List<string> { Path.GetFullPath(inputFile), Path.GetFullPath(tmp) };
        if (traceFile is not null)
        {
            Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(traceFile))!);
            args.Add(Path.GetFullPath(traceFile));
        }
        var (code, stdout, stderr) = Execute(binary, args, projectDir);
        if (code != 0)
        {
            if (File.Exists(tmp)) File.Delete(tmp);
            if (traceFile is not null && File.Exists(traceFile)) File.Delete(traceFile);
            if (StreamError(stderr, projectDir, inputFile) is { } streamError) throw streamError;
            throw new HlsException(DiagnosticCodes.SimulationFailed,
                $"the simulation exited with code {code}: {FirstLines(stderr + stdout, 10)}", inputFile);
        }
        File.Move(tmp, resultsFile, overwrite: true);
        var m = System.Text.RegularExpressions.Regex.Match(stdout, @"samples in ([0-9.]+) ms");
        return m.Success ? TimeSpan.FromMilliseconds(double.Parse(m.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture)) : null;
    }

    /// <summary>
    /// The coded error for an io_stream dataflow bug reported by hls_stream.h (HLS0407 empty read, HLS0408 leftover
    /// data), naming the stream's writer and reader from the project manifest.
    /// </summary>
    private static HlsException? StreamError(string stderr, string projectDir, string inputFile)
    {
        var m = System.Text.RegularExpressions.Regex.Match(stderr, @"HLS-CSIM-ERROR: (HLS040[78]): (?:read from empty stream '([^']*)'|stream '([^']*)' holds (\d+) unread element\(s\)(?:: (.*))?)");
        if (!m.Success) return null;
        var name = m.Groups[2].Success ? m.Groups[2].Value : m.Groups[3].Value;
        string writer = "?", reader = "?";
        var manifest = Path.Combine(projectDir, Backends.HlsWriter.ManifestFile);
        if (File.Exists(manifest) && Newtonsoft.Json.Linq.JObject.Parse(File.ReadAllText(manifest))["streams"]?[name] is Newtonsoft.Json.Linq.JArray ends)
            (writer, reader) = ((string?)ends[0] ?? "?", (string?)ends[1] ?? "?");
        return m.Groups[1].Value == "HLS0407"
            ? new HlsException(DiagnosticCodes.StreamReadEmpty,
                $"'{reader}' read from stream '{name}' after '{writer}' had written its last word (the reader expects more words than the writer produces).", inputFile, reader)
            : new HlsException(DiagnosticCodes.StreamLeftover,
                $"stream '{name}' still holds {m.Groups[4].Value} word(s) after the inference: '{writer}' wrote them but '{reader}' did not read them{(m.Groups[5].Success ? $" ({m.Groups[5].Value.Trim()})" : "")}.", inputFile, reader);
    }

    private HlsException? RunCompiler(IEnumerable<string> args, string workDir)
    {
        (int code, string stdout, string stderr) r;
        try
        {
            r = Execute(Compiler, args, workDir);
        }
        catch (System.ComponentModel.Win32Exception)
        {
            return new HlsException(DiagnosticCodes.CompilerNotFound, Path.IsPathRooted(Compiler) ? $"the C++ compiler '{Compiler}' does not exist." : $"the C++ compiler '{Compiler}' was not found on PATH.");
        }
        if (CompilerOutputLine is not null)
            foreach (var line in (r.stderr + r.stdout).Split('\n', StringSplitOptions.RemoveEmptyEntries)) CompilerOutputLine(line.TrimEnd('\r'));
        if (r.code == 0) return null;
        if ((r.stderr + r.stdout).Contains("No space left on device", StringComparison.Ordinal))
            return new HlsException(DiagnosticCodes.CannotWriteOutput,
                $"{Compiler} could not write the compiled simulation (HlsCSimCacheDir): the disk is full: {FirstLines(r.stderr + r.stdout, 3)}");
        var errors = (r.stderr + r.stdout).Split('\n').Where(l => l.Contains("error", StringComparison.OrdinalIgnoreCase)).Take(8);
        return new HlsException(DiagnosticCodes.CompileFailed, $"{Compiler} failed (exit {r.code}): {string.Join(" | ", errors.DefaultIfEmpty(FirstLines(r.stderr, 8)))}");
    }

    private (int Code, string Stdout, string Stderr) Execute(string file, IEnumerable<string> args, string workDir)
    {
        Cancellation.ThrowIfCancellationRequested();
        var psi = new ProcessStartInfo(file) { WorkingDirectory = workDir, RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var a in args) psi.ArgumentList.Add(a);
        using var p = Process.Start(psi)!;
        var stdout = p.StandardOutput.ReadToEndAsync();
        var stderr = p.StandardError.ReadToEndAsync();
        using (Cancellation.Register(() => { try { p.Kill(entireProcessTree: true); } catch (InvalidOperationException) { } }))
            p.WaitForExit();
        Cancellation.ThrowIfCancellationRequested();
        return (p.ExitCode, stdout.Result, stderr.Result);
    }

    private static string FirstLines(string text, int n) => string.Join(" | ", text.Split('\n', StringSplitOptions.RemoveEmptyEntries).Take(n));

    private static string StableHash(string s)
    {
        var bytes = System.Security.Cryptography.SHA256.HashData(Encoding.UTF8.GetBytes(s));
        return Convert.ToHexString(bytes)[..8].ToLowerInvariant();
    }
}
