using Hls4ml.Reports;
using Hls4ml.Synthesis;
using Microsoft.Build.Framework;

namespace Hls4ml.Tasks;

/// <summary>Export: IP catalog export of the synthesized design (zip copied to ExportZip), optionally Vivado logic synthesis.</summary>
public sealed class ExportHls : SynthToolTask
{
    /// <summary>HlsExportZip: where the exported IP zip is copied (default: the output folder).</summary>
    [Required] public string ExportZip { get; set; } = "";
    /// <summary>HlsVivadoSynth: also run vivado_synth.tcl (logic synthesis) and parse vivado_synth.rpt.</summary>
    public bool VivadoSynth { get; set; }

    protected override string Step => "Export";

    protected override IReadOnlyDictionary<string, string?>? ExtraEnvironment(HlsToolLocator locator, HlsTool tool)
    {
        if (!VivadoSynth) return null;
        // build_prj.tcl runs `exec vivado ...`: make sure the tool process finds it.
        var dir = locator.FindVivado(tool);
        var path = Environment.GetEnvironmentVariable("PATH") ?? "";
        return new Dictionary<string, string?> { ["PATH"] = dir + Path.PathSeparator + path };
    }

    protected override HlsReport RunStep(HlsSynthesisFlow flow, HlsToolLocator locator) => flow.Export(ExportZip, VivadoSynth);
}
