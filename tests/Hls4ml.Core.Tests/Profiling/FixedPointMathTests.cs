using Hls4ml.Profiling;
using Hls4ml.Types;

namespace Hls4ml.Tests.Profiling;

/// <summary>The type arithmetic the overflow check and the precision search rely on, on values worked out by hand.</summary>
[TestClass]
public sealed class FixedPointMathTests
{
    private static readonly Precision F16_6 = Precision.Parse("ap_fixed<16,6>");

    [TestMethod]
    [DataRow(31.9990234375, true)]    // 2^5 - 2^-10: the largest value
    [DataRow(31.99951171875, true)]   // truncates down to it
    [DataRow(32.0, false)]
    [DataRow(-32.0, true)]
    [DataRow(-32.0001, false)]        // truncation goes towards -inf: below the smallest value
    public void FitsFollowsTheRangeAfterQuantization(double value, bool fits) => Assert.AreEqual(fits, FixedPointMath.Fits(value, F16_6));

    [TestMethod]
    public void ConvertWrapsSaturatesAndRounds()
    {
        Assert.AreEqual(47.6796875 - 64, FixedPointMath.Convert(47.6796875, F16_6));                          // wraps by 2^6
        Assert.AreEqual(31.9990234375, FixedPointMath.Convert(47.6, Precision.Parse("ap_fixed<16,6,AP_TRN,AP_SAT>")));
        Assert.AreEqual(-31.9990234375, FixedPointMath.Convert(-50, Precision.Parse("ap_fixed<16,6,AP_TRN,AP_SAT_SYM>")));
        Assert.AreEqual(0.0, FixedPointMath.Convert(40, Precision.Parse("ap_fixed<16,6,AP_TRN,AP_SAT_ZERO>")));
        Assert.AreEqual(0.25, FixedPointMath.Convert(0.3, Precision.Parse("ap_fixed<4,2>")));                  // lsb 0.25, floor
        Assert.AreEqual(0.5, FixedPointMath.Convert(0.375, Precision.Parse("ap_fixed<4,2,AP_RND>")));          // half up
        Assert.AreEqual(-0.25, FixedPointMath.Convert(-0.125, Precision.Parse("ap_fixed<4,2,AP_RND_MIN_INF>"))); // half down
        Assert.AreEqual(0.0, FixedPointMath.Convert(0.125, Precision.Parse("ap_fixed<4,2,AP_RND_CONV>")));      // half to even
        Assert.AreEqual(3.0, FixedPointMath.Convert(3.7, Precision.Parse("ap_uint<2>")));
        Assert.AreEqual(0.0, FixedPointMath.Convert(4, Precision.Parse("ap_uint<2>")));                        // wraps by 4
    }

    [TestMethod]
    public void SmallestIntegerBitFixKeepsTheFraction()
    {
        Assert.AreEqual(0, FixedPointMath.ExtraIntegerBits(F16_6, -20, 20));
        Assert.AreEqual(1, FixedPointMath.ExtraIntegerBits(F16_6, -47.7, 47.7));
        Assert.AreEqual(1, FixedPointMath.ExtraIntegerBits(F16_6, -64, 0));      // -2^6 is the smallest value of 7 integer bits
        Assert.AreEqual(2, FixedPointMath.ExtraIntegerBits(F16_6, 0, 64));
        Assert.AreEqual("fixed(18,8)", FixedPointMath.ProjectSpelling(FixedPointMath.Widen(F16_6, 2)));
        Assert.AreEqual("fixed(17,7,RND,SAT,0)", FixedPointMath.ProjectSpelling(FixedPointMath.Widen(Precision.Parse("fixed<16,6,RND,SAT>"), 1)));
        Assert.AreEqual(7, PrecisionAdvisor.IntegerBits(47.7));
        Assert.AreEqual(7, PrecisionAdvisor.IntegerBits(32));
        Assert.AreEqual(6, PrecisionAdvisor.IntegerBits(31.9));
        Assert.AreEqual(1, PrecisionAdvisor.IntegerBits(0));
    }

    [TestMethod]
    public void PropsItemsEscapeNamesForXmlAndMSBuild()
    {
        Assert.AreEqual("a%3Bb%24(c)%40%25", PrecisionAdvisor.MSBuildEscape("a;b$(c)@%"));
        Assert.AreEqual("WeightPrecision", LayerProfiler.SlotKey("weight"));
        Assert.AreEqual("ExpTablePrecision", LayerProfiler.SlotKey("exp_table"));
    }
}
