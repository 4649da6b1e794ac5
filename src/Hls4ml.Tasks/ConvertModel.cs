using Hls4ml.Diagnostics;
using Hls4ml.Ir;
using Microsoft.Build.Framework;

namespace Hls4ml.Tasks;

/// <summary>Convert: model file(s) → IR JSON (obj/hls4ml/&lt;project&gt;/&lt;name&gt;.ir.json).</summary>
public sealed class ConvertModel : HlsTaskBase
{
    /// <summary>HlsModel items; exactly one, with optional Weights metadata.</summary>
    public ITaskItem[] Models { get; set; } = Array.Empty<ITaskItem>();

    [Required] public string IrFile { get; set; } = "";

    protected override void Run()
    {
        if (Models.Length == 0) throw new HlsException(DiagnosticCodes.NoModel, "the project has no HlsModel item.", ProjectFile);
        if (Models.Length > 1)
            throw new HlsException(DiagnosticCodes.TooManyModels,
                $"found {Models.Length} HlsModel items ({string.Join(", ", Models.Select(m => m.ItemSpec))}).", ProjectFile);
        var model = Models[0];
        var weights = model.GetMetadata("Weights");
        var baseDir = Path.GetDirectoryName(ProjectFile ?? ".") ?? ".";
        string Resolve(string p) => Path.GetFullPath(Path.IsPathRooted(p) ? p : Path.Combine(baseDir, p));
        var pipeline = CreatePipeline();
        var sw = System.Diagnostics.Stopwatch.StartNew();
        var graph = pipeline.Convert(Resolve(model.ItemSpec), string.IsNullOrWhiteSpace(weights) ? null : Resolve(weights));
        // Rewritten only when it changes: an identical IR (e.g. the same weights under another name) leaves
        // HlsGenerate and HlsCSim up to date. HlsConvert's own up-to-date check uses its done stamp.
        WritingOutputs(() => AtomicFile.WriteIfChanged(IrFile, IrSerializer.ToJson(graph).ToString(Newtonsoft.Json.Formatting.Indented)),
            ("the IR file (HlsIntermediateDir)", IrFile));
        Log.LogMessage(MessageImportance.Normal,
            $"Convert: {Path.GetFileName(model.ItemSpec)} → {graph.Layers.Count} layers ({string.Join(" → ", graph.Layers.Select(l => l.Type))}) in {sw.ElapsedMilliseconds} ms");
    }
}
