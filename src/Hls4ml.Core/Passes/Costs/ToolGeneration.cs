using Hls4ml.Backends;
using Hls4ml.Config;

namespace Hls4ml.Passes.Costs;

/// <summary>
/// The HLS tool generation a backend's projects are synthesized with. The two generations schedule and bind the same
/// C++ differently (Vitis HLS maps many more constant products to LUTs), so estimates are made per generation.
/// </summary>
public enum HlsToolGeneration
{
    /// <summary>Vivado HLS (2019.x–2020.1): the Vivado backend.</summary>
    VivadoHls,
    /// <summary>Vitis HLS (2020.2 and later): the Vitis backend.</summary>
    VitisHls,
}

/// <summary>
/// What the estimate assumes about one tool generation: when a product gets a DSP, what an operator costs in delay, and
/// how memories are mapped. The binding rules are general (operand widths after each weight is quantized); the operator
/// delays are the tool's characterisation for UltraScale+ at speed grade -2 as far as the published reports pin them
/// down (see docs/estimates.md for the points they were checked on).
/// </summary>
/// <param name="Generation">Which tool generation.</param>
/// <param name="DspMinimumOperandBits">A constant product uses a DSP only when both operands have at least this many
/// significant bits: the data type's width and the weight's odd part (trailing zero bits are a free shift) plus its
/// sign. Narrower products are built from LUT adders (shift-add over the weight's signed digits).</param>
/// <param name="MultiplyNs">Delay of a DSP multiplication (combinational through the DSP, chained with what follows).</param>
/// <param name="AddNsPer16Bits">Delay of a 16-bit adder; other widths scale with the carry chain (half fixed, half per bit).</param>
/// <param name="SelectNs">Delay of a compare-and-select (ReLU, max) or an operand multiplexer.</param>
/// <param name="RomReadCycles">Clock cycles a block-RAM table read takes (registered address).</param>
/// <param name="RegistersSharedLayerOutputs">ReuseFactor &gt; 1 layers are kept as their own pipeline: their results are
/// registered before the next layer starts.</param>
/// <param name="MinimisesRegisterBits">The scheduler moves each pipeline register of a layer to where the fewest bits
/// are alive (Vitis HLS's register-aware scheduling: at most the layer's narrowest point, often its outputs); otherwise a
/// register holds what is alive where the cycle ran out (as soon as possible scheduling).</param>
public sealed record ToolRules(
    HlsToolGeneration Generation, int DspMinimumOperandBits, double MultiplyNs, double AddNsPer16Bits, double SelectNs,
    int RomReadCycles, bool RegistersSharedLayerOutputs, bool MinimisesRegisterBits)
{
    public static readonly ToolRules VivadoHls = new(HlsToolGeneration.VivadoHls, DspMinimumOperandBits: 3,
        MultiplyNs: 2.2, AddNsPer16Bits: 0.7, SelectNs: 0.6, RomReadCycles: 1, RegistersSharedLayerOutputs: true, MinimisesRegisterBits: false);

    public static readonly ToolRules VitisHls = new(HlsToolGeneration.VitisHls, DspMinimumOperandBits: 9,
        MultiplyNs: 2.6, AddNsPer16Bits: 0.7, SelectNs: 0.6, RomReadCycles: 2, RegistersSharedLayerOutputs: true, MinimisesRegisterBits: true);

    public static ToolRules For(HlsToolGeneration generation) =>
        generation == HlsToolGeneration.VivadoHls ? VivadoHls : VitisHls;

    /// <summary>The generation of a backend: the one its preferred tool belongs to.</summary>
    public static HlsToolGeneration GenerationOf(BackendDefinition backend) =>
        backend.ToolKinds.Count > 0 && backend.ToolKinds[0] == Synthesis.HlsToolKind.VivadoHls ? HlsToolGeneration.VivadoHls : HlsToolGeneration.VitisHls;

    public double AddNs(int bits) => AddNsPer16Bits * (0.5 + Math.Max(bits, 1) / 32.0);

    /// <summary>Whether a product of a <paramref name="dataBits"/>-bit operand and a constant whose odd part needs
    /// <paramref name="constantBits"/> bits (sign included) is bound to a DSP.</summary>
    public bool UsesDsp(int dataBits, int constantBits) => Math.Min(dataBits, constantBits) >= DspMinimumOperandBits;
}

/// <summary>The target the estimate is made for: tool rules, the clock and the clock budget left after the uncertainty.</summary>
public sealed record EstimateTarget(ToolRules Rules, double ClockPeriodNs, double ClockUncertaintyNs, string IOType)
{
    /// <summary>Nanoseconds of logic the scheduler chains into one clock cycle.</summary>
    public double CycleBudgetNs => ClockPeriodNs - ClockUncertaintyNs;

    public static EstimateTarget From(HlsConfig config, BackendDefinition backend)
    {
        var rules = ToolRules.For(ToolRules.GenerationOf(backend));
        var uncertainty = config.ClockUncertainty ?? backend.DefaultClockUncertainty;
        return new EstimateTarget(rules, config.ClockPeriod, UncertaintyNs(uncertainty, config.ClockPeriod), config.IOType);
    }

    /// <summary>"12.5%" of the period, or nanoseconds.</summary>
    public static double UncertaintyNs(string text, double period)
    {
        var inv = System.Globalization.CultureInfo.InvariantCulture;
        return text.EndsWith('%')
            ? period * double.Parse(text[..^1], inv) / 100
            : double.Parse(text, inv);
    }
}
