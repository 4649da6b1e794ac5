using System.Diagnostics;
using System.Globalization;
using System.Runtime.InteropServices;
using System.Text;
using System.Text.RegularExpressions;

namespace Hls4ml.Synthesis;

/// <summary>The build_prj.tcl options (hls4ml's build() keywords), passed to the script as one "key=value ..." argument.</summary>
public sealed record HlsBuildOptions
{
    public bool Reset { get; init; }
    public bool CSim { get; init; }
    public bool Synth { get; init; }
    public bool CoSim { get; init; }
    public bool Validation { get; init; }
    public bool Export { get; init; }
    public bool VivadoSynth { get; init; }

    public string ToArgument()
    {
        static int B(bool b) => b ? 1 : 0;
        return $"reset={B(Reset)} csim={B(CSim)} synth={B(Synth)} cosim={B(CoSim)} validation={B(Validation)} export={B(Export)} vsynth={B(VivadoSynth)}";
    }
}

/// <summary>What a tool run left behind.</summary>
public sealed record HlsRunResult(int ExitCode, bool Cancelled, IReadOnlyList<string> ErrorLines, IReadOnlyList<string> LastLines,
    TimeSpan Elapsed, string LogFile)
{
    public bool Succeeded => ExitCode == 0 && !Cancelled;
}

/// <summary>
/// Runs the HLS tool on a generated project: streams every line (phase lines separately, prefixed with the elapsed
/// time), keeps the whole output in a log file in the project folder, collects the first ERROR lines, and on
/// cancellation kills the tool's whole process tree.
/// </summary>
public sealed class HlsToolRunner
{
    /// <summary>Driver script written for vitis-run, which passes no arguments to a Tcl script.</summary>
    public const string VitisRunDriver = "hls4ml_run.tcl";

    /// <summary>Phase lines ("***** C/RTL SYNTHESIS *****", "Starting hardware synthesis", "Finished ..."), with elapsed time.</summary>
    public Action<string>? PhaseLine { get; init; }
    /// <summary>Every line as printed.</summary>
    public Action<string>? OutputLine { get; init; }
    /// <summary>Extra environment for the tool (null value removes a variable).</summary>
    public IReadOnlyDictionary<string, string?>? Environment { get; init; }
    public int MaxErrorLines { get; init; } = 5;
    /// <summary>Stop the tool when this process's parent exits (e.g. the MSBuild node of a task host was killed).</summary>
    public bool StopWhenOrphaned { get; init; } = true;

    [DllImport("libc", EntryPoint = "getppid")]
    private static extern int GetPPid();

    /// <summary>This process's parent (0 when unknown, e.g. on Windows).</summary>
    private static int ParentProcessId()
    {
        if (OperatingSystem.IsWindows()) return 0;
        try { return GetPPid(); } catch (Exception e) when (e is DllNotFoundException or EntryPointNotFoundException) { return 0; }
    }

    private static readonly Regex Phase = new(
        @"^(\*{5}\s|Sourcing Tcl script|CRITICAL WARNING:|ERROR:|Command: |Starting synth_design|synth_design completed|" +
        @"INFO: \[HLS 200-10\] (Analyzing design file|Starting |Checking synthesizability|Synthesizing )|" +
        @"INFO: \[(HLS 200-111|HLS 200-112|HLS 200-1510|HLS 200-789|SIM 211-[12]|COSIM 212-(47|316|323|1000)|IMPL 213-8|Common 17-206)\])",
        RegexOptions.Compiled);

    public static bool IsPhaseLine(string line)
    {
        if (!Phase.IsMatch(line)) return false;
        // Ruler lines such as "INFO: [HLS 200-10] ------------------------".
        return !Regex.IsMatch(line, @"\]\s*-{8,}\s*$");
    }

    /// <summary>The command line for a tool kind (file name and arguments), run in the project folder.</summary>
    public static (string File, IReadOnlyList<string> Args) CommandLine(HlsTool tool, HlsBuildOptions options) => tool.Kind switch
    {
        HlsToolKind.VitisRun => (tool.Path, new[] { "--mode", "hls", "--tcl", VitisRunDriver }),
        _ => (tool.Path, new[] { "-f", "build_prj.tcl", options.ToArgument() }),
    };

    /// <summary>vitis-run cannot pass arguments to a script: a driver sets ::argv and sources build_prj.tcl.</summary>
    public static string DriverScript(HlsBuildOptions options) =>
        "# Written by Hls4ml.Sdk for vitis-run (which passes no arguments to Tcl scripts): run build_prj.tcl with these options.\n" +
        $"set ::argv [list {{{options.ToArgument()}}}]\n" +
        "set ::argc 1\n" +
        "source [file join [file dirname [info script]] build_prj.tcl]\n";

    public HlsRunResult Run(HlsTool tool, string projectDir, HlsBuildOptions options, string logFile, CancellationToken cancellation = default)
    {
        if (tool.Kind == HlsToolKind.VitisRun)
            File.WriteAllText(Path.Combine(projectDir, VitisRunDriver), DriverScript(options));
        var (file, args) = CommandLine(tool, options);
        var psi = new ProcessStartInfo(file)
        {
            WorkingDirectory = projectDir,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true, // closed at once: a script without `exit` must not wait at the Tcl prompt
            UseShellExecute = false,
        };
        foreach (var a in args) psi.ArgumentList.Add(a);
        if (Environment is not null)
            foreach (var (k, v) in Environment)
                if (v is null) psi.Environment.Remove(k); else psi.Environment[k] = v;

        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(logFile))!);
        var log = new StreamWriter(logFile, append: false, new UTF8Encoding(false)) { AutoFlush = true };
        bool closed = false;
        log.WriteLine($"# {file} {string.Join(" ", args.Select(a => a.Contains(' ') ? $"\"{a}\"" : a))}");
        log.WriteLine($"# in {projectDir}, started {DateTimeOffset.Now:yyyy-MM-dd HH:mm:ss zzz}");

        var errors = new List<string>();
        var last = new Queue<string>();
        var gate = new object();
        var sw = Stopwatch.StartNew();
        void OnLine(string? line)
        {
            if (line is null) return;
            lock (gate)
            {
                if (closed) return;
                log.WriteLine(line);
                var trimmed = line.TrimEnd();
                if (trimmed.Length > 0)
                {
                    last.Enqueue(trimmed);
                    if (last.Count > 12) last.Dequeue();
                }
                if (trimmed.TrimStart().StartsWith("ERROR:", StringComparison.Ordinal) && errors.Count < MaxErrorLines) errors.Add(trimmed.Trim());
                OutputLine?.Invoke(line);
                if (IsPhaseLine(trimmed)) PhaseLine?.Invoke($"[{Elapsed(sw.Elapsed)}] {trimmed}");
            }
        }

        using var p = new Process { StartInfo = psi, EnableRaisingEvents = true };
        p.OutputDataReceived += (_, e) => OnLine(e.Data);
        p.ErrorDataReceived += (_, e) => OnLine(e.Data);
        try
        {
            p.Start();
        }
        catch
        {
            log.Dispose();
            throw;
        }
        p.BeginOutputReadLine();
        p.BeginErrorReadLine();
        try { p.StandardInput.Close(); } catch (IOException) { }

        bool cancelled = false;
        void KillTree()
        {
            try { if (!p.HasExited) p.Kill(entireProcessTree: true); } catch (Exception e) when (e is InvalidOperationException or System.ComponentModel.Win32Exception or NotSupportedException) { }
        }
        // The tool must not outlive this process: stop it when we are terminated (SIGTERM/SIGINT/SIGHUP/SIGQUIT, process
        // exit) or orphaned (the MSBuild node that started this task host died without cancelling the task).
        EventHandler onExit = (_, _) => KillTree();
        AppDomain.CurrentDomain.ProcessExit += onExit;
        var signals = new List<PosixSignalRegistration>();
        if (!OperatingSystem.IsWindows())
            foreach (var signal in new[] { PosixSignal.SIGTERM, PosixSignal.SIGINT, PosixSignal.SIGHUP, PosixSignal.SIGQUIT })
                try { signals.Add(PosixSignalRegistration.Create(signal, _ => KillTree())); } catch (PlatformNotSupportedException) { }
        int parent = ParentProcessId();
        try
        {
            using (cancellation.Register(() => { cancelled = true; KillTree(); }))
            {
                while (!p.WaitForExit(200))
                {
                    if (cancellation.IsCancellationRequested || (StopWhenOrphaned && parent > 1 && ParentProcessId() != parent))
                    {
                        cancelled = true;
                        KillTree();
                    }
                }
            }
            // Drain the output (bounded: a stray grandchild must not keep us waiting on the pipes).
            var drained = Task.Run(() => p.WaitForExit());
            drained.Wait(TimeSpan.FromSeconds(10));
        }
        finally
        {
            AppDomain.CurrentDomain.ProcessExit -= onExit;
            foreach (var r in signals) r.Dispose();
        }
        int exitCode = p.HasExited ? p.ExitCode : -1;
        lock (gate)
        {
            log.WriteLine($"# exit code {exitCode}{(cancelled ? " (cancelled)" : "")} after {Elapsed(sw.Elapsed)}");
            closed = true;
            log.Dispose();
            return new HlsRunResult(exitCode, cancelled, errors.ToList(), last.ToList(), sw.Elapsed, Path.GetFullPath(logFile));
        }
    }

    public static string Elapsed(TimeSpan t) => t.TotalHours >= 1
        ? string.Create(CultureInfo.InvariantCulture, $"{(int)t.TotalHours}:{t.Minutes:00}:{t.Seconds:00}")
        : string.Create(CultureInfo.InvariantCulture, $"{t.Minutes:00}:{t.Seconds:00}");
}
