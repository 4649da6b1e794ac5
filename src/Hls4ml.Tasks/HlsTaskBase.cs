using Hls4ml.Diagnostics;
using Microsoft.Build.Framework;
using Microsoft.Build.Utilities;

namespace Hls4ml.Tasks;

/// <summary>
/// Common task plumbing: coded diagnostics become MSBuild errors/warnings with file and line; unexpected failures
/// become one HLS9999 error with the message (never a stack trace in the build output).
/// </summary>
public abstract class HlsTaskBase : Microsoft.Build.Utilities.Task
{
    /// <summary>The .hlsproj, for diagnostics about properties and items.</summary>
    public string? ProjectFile { get; set; }

    /// <summary>The SDK's templates/ folder.</summary>
    public string? TemplatesDirectory { get; set; }

    /// <summary>Extension assemblies (HlsExtension items resolved to DLL paths).</summary>
    public ITaskItem[] Extensions { get; set; } = Array.Empty<ITaskItem>();

    public sealed override bool Execute()
    {
        try
        {
            Run();
        }
        catch (HlsException e)
        {
            Report(e.Diagnostic);
        }
        catch (AggregateException e) when (e.InnerExceptions.All(x => x is HlsException))
        {
            foreach (HlsException x in e.InnerExceptions) Report(x.Diagnostic);
        }
        catch (Exception e) when (e is OperationCanceledException || e is AggregateException a && a.InnerExceptions.All(x => x is OperationCanceledException))
        {
            Log.LogMessage(MessageImportance.High, $"{GetType().Name}: cancelled");
            return false;
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            Log.LogError(null, "HLS9999", null, ProjectFile, 0, 0, 0, 0,
                $"internal error in {GetType().Name}: {e.GetType().Name}: {e.Message} (please report this with the model that triggers it)");
        }
        return !Log.HasLoggedErrors;
    }

    protected abstract void Run();

    /// <summary>
    /// Runs an operation that writes the task's outputs. An IO failure on one of those locations (read-only folder,
    /// disk full, a file where a folder should be) is the environment's, not the model's: HLS0009 with the path.
    /// Failures elsewhere (e.g. reading test data) propagate unchanged.
    /// </summary>
    protected T WritingOutputs<T>(Func<T> operation, params (string What, string? Path)[] outputs)
    {
        try
        {
            return operation();
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException && e is not FileNotFoundException
                                  && outputs.MaxBy(o => Mentions(e, o.Path)) is { Path: { } path } output && Mentions(e, path) > 0)
        {
            throw new HlsException(new HlsDiagnostic(DiagnosticCodes.CannotWriteOutput,
                $"cannot write {output.What} at {path}: {e.Message}{Cause(e, path)}", ProjectFile), e);
        }
        catch (IOException e) when (IsStorageFull(e))
        {
            // The OS names no path for these (e.g. File.Copy on a full disk): every output the operation writes.
            var where = string.Join(" or ", outputs.Where(o => !string.IsNullOrWhiteSpace(o.Path)).Select(o => $"{o.What} at {o.Path}"));
            throw new HlsException(new HlsDiagnostic(DiagnosticCodes.CannotWriteOutput,
                $"cannot write {where}: {e.Message}{Cause(e, null)}", ProjectFile), e);
        }
    }

    protected void WritingOutputs(Action operation, params (string What, string? Path)[] outputs) =>
        WritingOutputs(() => { operation(); return 0; }, outputs);

    private static bool IsStorageFull(IOException e) => IsDiskFull(e) || IsReadOnlyFileSystem(e);

    // ENOSPC, EDQUOT (.NET on Unix puts the errno in HResult); ERROR_DISK_FULL, ERROR_HANDLE_DISK_FULL on Windows; and
    // .NET's own message when preallocating a file fails.
    private static bool IsDiskFull(Exception e) =>
        e.HResult is 28 or 122 or unchecked((int)0x80070070) or unchecked((int)0x80070027)
        || e.Message.Contains("No space left", StringComparison.OrdinalIgnoreCase)
        || e.Message.Contains("disk was full", StringComparison.OrdinalIgnoreCase);

    private static bool IsReadOnlyFileSystem(Exception e) =>
        e.HResult == 30 || e.Message.Contains("Read-only file system", StringComparison.OrdinalIgnoreCase);

    /// <summary>
    /// How closely the exception names the output: the length of the output's path, or of its folder (temporary and
    /// staging files live beside it), found in the message; 0 if neither. The closest output is the one reported.
    /// </summary>
    private static int Mentions(Exception e, string? output)
    {
        if (string.IsNullOrWhiteSpace(output)) return 0;
        var full = Path.TrimEndingDirectorySeparator(Path.GetFullPath(output));
        if (e.Message.Contains(full, StringComparison.Ordinal)) return full.Length;
        var parent = Path.GetDirectoryName(full);
        return parent is not null && e.Message.Contains(parent, StringComparison.Ordinal) ? parent.Length : 0;
    }

    /// <summary>The usual causes, said plainly: a file in the way of a folder, a full disk.</summary>
    private static string Cause(Exception e, string? output)
    {
        if (IsDiskFull(e)) return " (the disk is full)";
        if (IsReadOnlyFileSystem(e)) return " (the file system is read-only)";
        if (output is null) return "";
        for (var d = Path.GetDirectoryName(Path.GetFullPath(output)); d is not null; d = Path.GetDirectoryName(d))
            if (File.Exists(d)) return $" ({d} is a file, not a folder)";
        return e is UnauthorizedAccessException ? " (no permission to write there)" : "";
    }

    protected void Report(HlsDiagnostic d)
    {
        var file = d.File ?? ProjectFile;
        switch (d.Severity)
        {
            case DiagnosticSeverity.Error:
                Log.LogError(null, d.Code, null, file, d.Line, 0, 0, 0, d.FullMessage);
                break;
            case DiagnosticSeverity.Warning:
                Log.LogWarning(null, d.Code, null, file, d.Line, 0, 0, 0, d.FullMessage);
                break;
            default:
                Log.LogMessage(MessageImportance.Normal, d.ToString());
                break;
        }
    }

    protected HlsPipeline CreatePipeline()
    {
        var registry = Extensibility.HlsRegistry.CreateDefault();
        ExtensionLoader.Load(registry, Extensions.Select(e => e.GetMetadata("FullPath")), ProjectFile);
        var templates = TemplatesDirectory ?? Path.Combine(Path.GetDirectoryName(typeof(HlsTaskBase).Assembly.Location)!, "..", "..", "templates");
        return new HlsPipeline(registry, templates);
    }
}
