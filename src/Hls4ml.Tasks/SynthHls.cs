using Hls4ml.Reports;
using Hls4ml.Synthesis;

namespace Hls4ml.Tasks;

/// <summary>Synth: C synthesis (csynth_design) of the generated project, optionally after the tool's C simulation.</summary>
public sealed class SynthHls : SynthToolTask
{
    /// <summary>HlsCSimBeforeSynth: run csim_design first (the vendor's C simulation of the testbench).</summary>
    public bool CSimBeforeSynth { get; set; }

    protected override string Step => "Synth";

    protected override HlsReport RunStep(HlsSynthesisFlow flow, HlsToolLocator locator) => flow.Synthesize(CSimBeforeSynth);
}
