using Hls4ml.Types;

namespace Hls4ml.Config;

/// <summary>
/// HlsCompatibility: whose arithmetic the generated project reproduces. <see cref="Default"/> is Hls4ml.Sdk's
/// (bit-identical with hls4ml wherever that costs no accuracy); <see cref="Hls4ml"/> reproduces hls4ml's own choices bit
/// for bit, including the ones that lose accuracy (docs/numerics.md lists every difference).
/// </summary>
public enum HlsCompatibility
{
    Default,
    Hls4ml,
}

/// <summary>
/// The numeric choices where Hls4ml.Sdk deliberately differs from hls4ml, resolved once from
/// <see cref="HlsConfig.Compatibility"/> and read by the passes and layer definitions that differ. Each flag is one row of
/// docs/numerics.md.
/// </summary>
/// <param name="Mode">The compatibility mode this profile was resolved from.</param>
/// <param name="TablesFollowPrecision">
/// Lookup tables (softmax exp/1/x, sigmoid, tanh, ...) left unset are sized and typed from the layer's precision
/// (<see cref="TableSizing"/>); at hls4ml's default precision this gives hls4ml's own tables. hls4ml: always 1024 entries
/// of ap_fixed&lt;18,8&gt;.
/// </param>
/// <param name="SoftmaxNormalizationFromRange">
/// Softmax addresses its exp table by the input's useful range, saturating (hls4ml: inp_norm_t is the input's own
/// width minus the sign, which wraps, and at wide inputs the top address bits are all but unused).
/// </param>
/// <param name="WidenSoftmaxAccumulator">
/// An unset softmax accum_t is the exp table type widened by ceil(log2 n) integer bits, so a sum of n exps cannot wrap
/// (hls4ml: the model default, which wraps from 32 terms on at ap_fixed&lt;16,6&gt;).
/// </param>
/// <param name="FoldBatchNorm">
/// A BatchNormalization after a Dense/Conv is folded into its weights where that is exact enough (hls4ml: kept as a
/// layer of its own whenever the preceding layer's output type is set, which it always is from a config).
/// </param>
/// <param name="FullPrecisionMerges">
/// A merge of three or more inputs is computed at full precision and quantized once (hls4ml merges two inputs per layer:
/// a chain of merges quantizes every partial result to result_t).
/// </param>
/// <param name="SoftplusBeyondTable">softplus(x) = x beyond the table's [-8, 8) (hls4ml: clamps to softplus(8)).</param>
public sealed record NumericsProfile(
    HlsCompatibility Mode,
    bool TablesFollowPrecision,
    bool SoftmaxNormalizationFromRange,
    bool WidenSoftmaxAccumulator,
    bool FoldBatchNorm,
    bool FullPrecisionMerges,
    bool SoftplusBeyondTable)
{
    // FoldBatchNorm is opt-in (HlsConfig.FoldBatchNorm): folding quantizes scale·w into the weight type, which measured
    // less accurate than hls4ml's separate layer in 4 of 200 rows (docs/numerics.md).
    public static readonly NumericsProfile Default = new(HlsCompatibility.Default, true, true, true, false, true, true);

    public static readonly NumericsProfile Hls4ml = new(HlsCompatibility.Hls4ml, false, false, false, false, false, false);

    public static NumericsProfile For(HlsCompatibility mode) => mode == HlsCompatibility.Hls4ml ? Hls4ml : Default;
}

/// <summary>
/// Table sizes and types derived from a layer's precision (<see cref="NumericsProfile.TablesFollowPrecision"/>).
/// hls4ml's tables (1024 entries, ap_fixed&lt;18,8&gt;: 10 fractional bits) match its default ap_fixed&lt;16,6&gt;, whose
/// results have 10 fractional bits. A result with R &gt; 10 fractional bits gets tables with R + 2 fractional bits (two
/// guard bits against the rounding of the table entries and of the product) and one more address bit per extra result
/// bit, up to 2^12 entries (4096 words, four times hls4ml's ROM; each further bit would halve the table error again
/// at twice the ROM, measured in docs/numerics.md). A result
/// with 10 or fewer fractional bits keeps hls4ml's tables, so at hls4ml's default precision the results are
/// bit-identical with hls4ml's.
/// </summary>
public static class TableSizing
{
    /// <summary>Fractional bits of hls4ml's default table type ap_fixed&lt;18,8&gt; (and of its default precision).</summary>
    public const int Hls4mlFractionalBits = 10;
    public const int Hls4mlTableSize = 1024;
    public const int MaximumAddressBits = 12;
    public const int GuardBits = 2;
    /// <summary>hls4ml's table types have 8 integer bits (signed); derived types keep them, so ranges are unchanged.</summary>
    public const int TableIntegerBits = 8;

    /// <summary>Result fractional bits beyond hls4ml's default (0: keep hls4ml's tables).</summary>
    public static int ExtraBits(Precision result) => result switch
    {
        FixedPrecision f => Math.Clamp(f.Fractional - Hls4mlFractionalBits, 0, 24),
        _ => 0,
    };

    /// <summary>Table entries for a result precision: 1024 &lt;&lt; extra bits, at most 2^12.</summary>
    public static int TableSize(Precision result) => 1 << Math.Min(10 + ExtraBits(result), MaximumAddressBits);

    /// <summary>
    /// The table's value type for a result precision: null keeps the slot's default (hls4ml's); else signed with hls4ml's
    /// 8 integer bits and R + 2 fractional bits, rounded and saturating.
    /// </summary>
    public static FixedPrecision? TableType(Precision result)
    {
        int extra = ExtraBits(result);
        if (extra == 0) return null;
        int fractional = Hls4mlFractionalBits + extra + GuardBits;
        return new FixedPrecision(TableIntegerBits + fractional, TableIntegerBits, Signed: true, QuantizationMode.Rnd, OverflowMode.Sat);
    }
}
