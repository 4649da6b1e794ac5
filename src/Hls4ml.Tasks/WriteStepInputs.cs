using System.Text;
using Microsoft.Build.Framework;

namespace Hls4ml.Tasks;

/// <summary>
/// Writes what a build step depends on besides file contents — property values (including -p: overrides) and items
/// with every metadata — to a file that is rewritten only when its text changes. The file is an input of the step, so
/// its timestamp moves exactly when a setting changes (WriteLinesToFile cannot do this: it writes item specs only,
/// and per-layer settings live in arbitrary metadata). Cheap and dependency-free: it runs in the build process on
/// every build, including no-op builds, without a task host.
/// </summary>
public sealed class WriteStepInputs : Microsoft.Build.Utilities.Task
{
    [Required] public string File { get; set; } = "";

    /// <summary>"Name=value" pairs; values should be MSBuild-escaped so a ';' inside one does not split it.</summary>
    public string[] Values { get; set; } = Array.Empty<string>();

    /// <summary>Items written with their spec and every custom metadata (sorted, so declaration order of metadata is irrelevant).</summary>
    public ITaskItem[] Items { get; set; } = Array.Empty<ITaskItem>();

    public override bool Execute()
    {
        var text = Render(Values, Items);
        try
        {
            if (System.IO.File.Exists(File) && System.IO.File.ReadAllText(File) == text) return true;
            Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(File))!);
            var temporary = File + ".tmp";
            System.IO.File.WriteAllText(temporary, text);
            System.IO.File.Move(temporary, File, overwrite: true);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            ReportUnwritable(e);
        }
        return !Log.HasLoggedErrors;
    }

    // Separate so that Hls4ml.Core is loaded into the build process only on this error path.
    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.NoInlining)]
    private void ReportUnwritable(Exception e) =>
        Log.LogError(null, Hls4ml.Diagnostics.DiagnosticCodes.CannotWriteOutput.Code, null, File, 0, 0, 0, 0,
            $"cannot write the build-step inputs file (HlsIntermediateDir) at {File}: {e.Message}. Fix: {Hls4ml.Diagnostics.DiagnosticCodes.CannotWriteOutput.Help}");

    internal static string Render(IEnumerable<string> values, IEnumerable<ITaskItem> items)
    {
        var sb = new StringBuilder();
        foreach (var v in values) sb.Append(v).Append('\n');
        foreach (var item in items)
        {
            sb.Append(item.ItemSpec);
            // Keys, not the enumerator: in the build process it yields KeyValuePairs, in a task host DictionaryEntries.
            var custom = item.CloneCustomMetadata();
            var metadata = custom.Keys.Cast<object>()
                .Select(k => ((string)k, custom[k] as string ?? ""))
                .OrderBy(e => e.Item1, StringComparer.OrdinalIgnoreCase);
            foreach (var (key, value) in metadata) sb.Append('|').Append(key).Append('=').Append(value);
            sb.Append('\n');
        }
        return sb.ToString();
    }
}
