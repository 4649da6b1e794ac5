using Hls4ml.Diagnostics;
using Hls4ml.Reports;
using Hls4ml.Synthesis;
using Microsoft.Build.Framework;

namespace Hls4ml.Tasks;

/// <summary>CoSim: RTL co-simulation of the synthesized design on the first HlsTestData item, compared with C simulation.</summary>
public sealed class CoSimHls : SynthToolTask
{
    /// <summary>HlsTestData items; co-simulation needs at least one (the generator copied the first to tb_data/).</summary>
    public ITaskItem[] TestData { get; set; } = Array.Empty<ITaskItem>();

    protected override string Step => "CoSim";

    protected override HlsReport RunStep(HlsSynthesisFlow flow, HlsToolLocator locator)
    {
        if (TestData.Length == 0)
            throw new HlsException(DiagnosticCodes.CoSimNeedsTestData, "CoSim needs test data: the project has no HlsTestData item.", ProjectFile);
        return flow.CoSimulate();
    }
}
