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
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            Log.LogError(null, "HLS9999", null, ProjectFile, 0, 0, 0, 0,
                $"internal error in {GetType().Name}: {e.GetType().Name}: {e.Message} (please report this with the model that triggers it)");
        }
        return !Log.HasLoggedErrors;
    }

    protected abstract void Run();

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
