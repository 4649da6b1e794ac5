using Hls4ml.Diagnostics;
using Hls4ml.Types;

namespace Hls4ml.Tests.Types;

[TestClass]
public sealed class PrecisionParserTests
{
    private static FixedPrecision Fixed(string text)
    {
        var p = Precision.Parse(text);
        Assert.IsInstanceOfType<FixedPrecision>(p, $"'{text}' should parse to a fixed type, got {p?.GetType().Name}");
        return (FixedPrecision)p;
    }

    private static IntegerPrecision Int(string text)
    {
        var p = Precision.Parse(text);
        Assert.IsInstanceOfType<IntegerPrecision>(p, $"'{text}' should parse to an integer type, got {p?.GetType().Name}");
        return (IntegerPrecision)p;
    }

    [TestMethod]
    [DataRow("ap_fixed<16,6>", 16, 6, true)]
    [DataRow("fixed<16,6>", 16, 6, true)]
    [DataRow("ap_ufixed<8,3>", 8, 3, false)]
    [DataRow("ufixed<8,0>", 8, 0, false)]
    [DataRow("ap_fixed<1,1>", 1, 1, true)]
    [DataRow("ap_fixed<64,32>", 64, 32, true)]
    [DataRow("fixed<8,10>", 8, 10, true)]
    [DataRow("fixed<8,-2>", 8, -2, true)]
    public void PlainFixedForms(string text, int width, int integer, bool signed)
    {
        var p = Fixed(text);
        Assert.AreEqual(width, p.Width);
        Assert.AreEqual(integer, p.Integer);
        Assert.AreEqual(width - integer, p.Fractional);
        Assert.AreEqual(signed, p.Signed);
        Assert.AreEqual(QuantizationMode.Trn, p.Quantization);
        Assert.AreEqual(OverflowMode.Wrap, p.Overflow);
        Assert.AreEqual(0, p.SaturationBits);
        Assert.IsTrue(p.HasDefaultModes);
    }

    [TestMethod]
    public void FixedWithModes()
    {
        var p = Fixed("fixed<16,6,RND,SAT>");
        Assert.AreEqual(new FixedPrecision(16, 6, true, QuantizationMode.Rnd, OverflowMode.Sat, 0), p);
        Assert.IsFalse(p.HasDefaultModes);
    }

    [TestMethod]
    public void ApPrefixedModesAndSaturationBits()
    {
        var p = Fixed("ap_fixed<18,8,AP_RND_CONV,AP_SAT_SYM,0>");
        Assert.AreEqual(new FixedPrecision(18, 8, true, QuantizationMode.RndConv, OverflowMode.SatSym, 0), p);

        var q = Fixed("ap_ufixed<10,2,AP_RND_ZERO,AP_SAT_ZERO,3>");
        Assert.AreEqual(new FixedPrecision(10, 2, false, QuantizationMode.RndZero, OverflowMode.SatZero, 3), q);
    }

    [TestMethod]
    [DataRow("TRN", QuantizationMode.Trn)]
    [DataRow("TRN_ZERO", QuantizationMode.TrnZero)]
    [DataRow("RND", QuantizationMode.Rnd)]
    [DataRow("RND_ZERO", QuantizationMode.RndZero)]
    [DataRow("RND_INF", QuantizationMode.RndInf)]
    [DataRow("RND_MIN_INF", QuantizationMode.RndMinInf)]
    [DataRow("RND_CONV", QuantizationMode.RndConv)]
    [DataRow("AP_RND_INF", QuantizationMode.RndInf)]
    [DataRow("AC_TRN_ZERO", QuantizationMode.TrnZero)]
    [DataRow("rnd", QuantizationMode.Rnd)]
    public void EveryQuantizationMode(string mode, QuantizationMode expected) =>
        Assert.AreEqual(expected, Fixed($"fixed<16,6,{mode}>").Quantization);

    [TestMethod]
    [DataRow("WRAP", OverflowMode.Wrap)]
    [DataRow("SAT", OverflowMode.Sat)]
    [DataRow("SAT_ZERO", OverflowMode.SatZero)]
    [DataRow("SAT_SYM", OverflowMode.SatSym)]
    [DataRow("AP_SAT", OverflowMode.Sat)]
    [DataRow("AC_SAT_SYM", OverflowMode.SatSym)]
    public void EveryOverflowMode(string mode, OverflowMode expected) =>
        Assert.AreEqual(expected, Fixed($"fixed<16,6,TRN,{mode}>").Overflow);

    [TestMethod]
    public void AcFixed()
    {
        Assert.AreEqual(new FixedPrecision(16, 6, true), Fixed("ac_fixed<16,6,true>"));
        Assert.AreEqual(new FixedPrecision(16, 6, false), Fixed("ac_fixed<16,6,false>"));
        Assert.AreEqual(new FixedPrecision(16, 6, false), Fixed("ac_fixed<16,6,0>"));
        Assert.AreEqual(new FixedPrecision(16, 6, true), Fixed("ac_fixed<16,6>"));
        Assert.AreEqual(new FixedPrecision(12, 4, true, QuantizationMode.Rnd, OverflowMode.Sat), Fixed("ac_fixed<12,4,true,AC_RND,AC_SAT>"));
    }

    [TestMethod]
    [DataRow("ap_int<8>", 8, true)]
    [DataRow("int<8>", 8, true)]
    [DataRow("ap_uint<4>", 4, false)]
    [DataRow("uint<4>", 4, false)]
    [DataRow("ac_int<8,false>", 8, false)]
    [DataRow("ac_int<8,true>", 8, true)]
    [DataRow("ac_int<12>", 12, true)]
    [DataRow("ap_int<64>", 64, true)]
    public void IntegerForms(string text, int width, bool signed)
    {
        var p = Int(text);
        Assert.AreEqual(width, p.Width);
        Assert.AreEqual(signed, p.Signed);
        Assert.AreEqual(0, p.DecimalDigits);
    }

    [TestMethod]
    [DataRow("fixed(16,6,RND,SAT)", "ap_fixed<16,6,AP_RND,AP_SAT,0>")]
    [DataRow("fixed(16,6)", "ap_fixed<16,6>")]
    [DataRow("ap_ufixed(8,3)", "ap_ufixed<8,3>")]
    [DataRow("int(8)", "ap_int<8>")]
    [DataRow("uint(4)", "ap_uint<4>")]
    public void XmlFriendlyParentheses(string text, string cpp) => Assert.AreEqual(cpp, Precision.Parse(text).ToCpp());

    [TestMethod]
    [DataRow("  ap_fixed<16,6>  ")]
    [DataRow("ap_fixed< 16 , 6 >")]
    [DataRow("ap_fixed <16, 6>")]
    [DataRow("\tfixed<16,\t6>\n")]
    public void WhitespaceIsTolerated(string text) => Assert.AreEqual(new FixedPrecision(16, 6), Fixed(text));

    [TestMethod]
    public void WhitespaceAroundModes() =>
        Assert.AreEqual(new FixedPrecision(16, 6, true, QuantizationMode.Rnd, OverflowMode.Sat, 2), Fixed("fixed< 16, 6, RND , SAT , 2 >"));

    [TestMethod]
    public void TypeNamesAreCaseInsensitive()
    {
        Assert.AreEqual(new FixedPrecision(16, 6), Fixed("AP_FIXED<16,6>"));
        Assert.AreEqual(new IntegerPrecision(8, false), Int("UInt<8>"));
    }

    [TestMethod]
    public void FloatAndDouble()
    {
        Assert.AreEqual(new FloatPrecision(false), Precision.Parse("float"));
        Assert.AreEqual(new FloatPrecision(true), Precision.Parse("double"));
        Assert.AreEqual("float", Precision.Parse("float").ToCpp());
    }

    [TestMethod]
    [DataRow("ap_fixed<16,6>", "ap_fixed<16,6>", "fixed<16,6>")]
    [DataRow("fixed<16,6>", "ap_fixed<16,6>", "fixed<16,6>")]
    [DataRow("ufixed<8,0>", "ap_ufixed<8,0>", "ufixed<8,0>")]
    [DataRow("ap_ufixed<8,3>", "ap_ufixed<8,3>", "ufixed<8,3>")]
    [DataRow("fixed<16,6,TRN,WRAP>", "ap_fixed<16,6>", "fixed<16,6>")]
    [DataRow("fixed<16,6,AP_TRN,AP_WRAP,0>", "ap_fixed<16,6>", "fixed<16,6>")]
    [DataRow("fixed<16,6,RND,SAT>", "ap_fixed<16,6,AP_RND,AP_SAT,0>", "fixed<16,6,RND,SAT,0>")]
    [DataRow("fixed<16,6,RND>", "ap_fixed<16,6,AP_RND,AP_WRAP,0>", "fixed<16,6,RND,WRAP,0>")]
    [DataRow("ap_fixed<18,8,AP_RND_CONV,AP_SAT_SYM,0>", "ap_fixed<18,8,AP_RND_CONV,AP_SAT_SYM,0>", "fixed<18,8,RND_CONV,SAT_SYM,0>")]
    [DataRow("ac_fixed<16,6,true>", "ap_fixed<16,6>", "fixed<16,6>")]
    [DataRow("ac_fixed<16,6,false>", "ap_ufixed<16,6>", "ufixed<16,6>")]
    [DataRow("ap_int<8>", "ap_int<8>", "int<8>")]
    [DataRow("uint<4>", "ap_uint<4>", "uint<4>")]
    [DataRow("ac_int<8,false>", "ap_uint<8>", "uint<8>")]
    [DataRow("fixed(16,6,RND,SAT)", "ap_fixed<16,6,AP_RND,AP_SAT,0>", "fixed<16,6,RND,SAT,0>")]
    public void SpellingsAndRoundTrips(string text, string cpp, string hls4ml)
    {
        var p = Precision.Parse(text);
        Assert.AreEqual(cpp, p.ToCpp());
        Assert.AreEqual(hls4ml, p.ToHls4mlString());
        Assert.AreEqual(cpp, p.ToString());
        // Both spellings parse back to the same value.
        Assert.AreEqual(p, Precision.Parse(p.ToCpp()));
        Assert.AreEqual(p, Precision.Parse(p.ToHls4mlString()));
    }

    [TestMethod]
    public void EveryModeCombinationRoundTrips()
    {
        foreach (var q in Enum.GetValues<QuantizationMode>())
            foreach (var o in Enum.GetValues<OverflowMode>())
                foreach (var signed in new[] { true, false })
                {
                    var p = new FixedPrecision(12, 5, signed, q, o, o == OverflowMode.Wrap ? 0 : 1);
                    Assert.AreEqual(p, Precision.Parse(p.ToCpp()), p.ToCpp());
                    Assert.AreEqual(p, Precision.Parse(p.ToHls4mlString()), p.ToHls4mlString());
                }
    }

    [TestMethod]
    public void DerivedValues()
    {
        var p = Fixed("ap_fixed<16,6>");
        Assert.AreEqual(10, p.DecimalDigits);
        Assert.AreEqual(Math.Pow(2, -10), p.Lsb);
        Assert.AreEqual(32 - Math.Pow(2, -10), p.MaxValue);
        Assert.AreEqual(-32.0, p.MinValue);

        var u = Fixed("ap_ufixed<8,0>");
        Assert.AreEqual(8, u.DecimalDigits);
        Assert.AreEqual(0.0, u.MinValue);
        Assert.AreEqual(1 - Math.Pow(2, -8), u.MaxValue);

        Assert.AreEqual(0, Fixed("fixed<8,10>").DecimalDigits, "negative fractional width prints no decimals");
    }

    [TestMethod]
    [DataRow("")]
    [DataRow("   ")]
    [DataRow("fixed<16>")]
    [DataRow("fixed<0,0>")]
    [DataRow("fixed<1025,6>")]
    [DataRow("ap_fixed<2048,64>")]
    [DataRow("ap_int<1025>")]
    [DataRow("ap_uint<0>")]
    [DataRow("fixed<16,6,FOO>")]
    [DataRow("fixed<16,6,RND,BAR>")]
    [DataRow("fixed<16,6,RND,SAT,x>")]
    [DataRow("fixed<16,6,RND,SAT,0,1>")]
    [DataRow("fixed<a,6>")]
    [DataRow("fixed<16,b>")]
    [DataRow("auto<8>")]
    [DataRow("ap_fixed")]
    [DataRow("int<8,2>")]
    [DataRow("int<>")]
    [DataRow("banana<16,6>")]
    [DataRow("ap_fixed<16,6>>")]
    [DataRow("16,6")]
    public void InvalidSpellingsAreHls0001WithTheText(string text)
    {
        var e = Assert.ThrowsExactly<HlsException>(() => Precision.Parse(text));
        Assert.AreEqual("HLS0001", e.Diagnostic.Code);
        Assert.AreSame(DiagnosticCodes.InvalidPrecision, e.Diagnostic.Descriptor);
        Assert.IsTrue(e.Diagnostic.Message.Contains($"'{text}'", StringComparison.Ordinal), e.Diagnostic.Message);
        Assert.IsTrue(e.Message.Contains("HLS0001", StringComparison.Ordinal), e.Message);
    }

    [TestMethod]
    public void ErrorMessagesSayWhatIsWrong()
    {
        StringAssert.Contains(Fails("fixed<16>"), "2 to 5 arguments");
        StringAssert.Contains(Fails("fixed<0,0>"), "between 1 and 1024");
        StringAssert.Contains(Fails("fixed<1025,6>"), "between 1 and 1024");
        StringAssert.Contains(Fails("fixed<16,6,FOO>"), "FOO");
        StringAssert.Contains(Fails("auto<8>"), "auto");
        StringAssert.Contains(Fails(""), "empty");

        static string Fails(string text) => Assert.ThrowsExactly<HlsException>(() => Precision.Parse(text)).Diagnostic.Message;
    }

    [TestMethod]
    public void ContextIsNamedInTheMessage()
    {
        var e = Assert.ThrowsExactly<HlsException>(() => Precision.Parse("fixed<16>", "ResultPrecision of layer 'fc1'"));
        StringAssert.Contains(e.Diagnostic.Message, "ResultPrecision of layer 'fc1'");
        StringAssert.Contains(e.Diagnostic.Message, "'fixed<16>'");
    }

    [TestMethod]
    public void TryParse()
    {
        Assert.IsTrue(Precision.TryParse("ap_fixed<8,3>", out var ok));
        Assert.AreEqual(new FixedPrecision(8, 3), ok);
        Assert.IsFalse(Precision.TryParse("fixed<16>", out var bad));
        Assert.IsNull(bad);
        Assert.IsFalse(Precision.TryParse("", out _));
    }

    /// <summary>':' separates arguments where a comma cannot be used (MSBuild splits -p: values at commas).</summary>
    [TestMethod]
    [DataRow("fixed(18:8)", "fixed(18,8)")]
    [DataRow("ap_fixed<16:6>", "ap_fixed<16,6>")]
    [DataRow("ufixed(8:0:RND:SAT)", "ufixed(8,0,RND,SAT)")]
    [DataRow("ap_fixed<18:8:AP_RND_CONV:AP_SAT_SYM:0>", "ap_fixed<18,8,AP_RND_CONV,AP_SAT_SYM,0>")]
    [DataRow("int(8)", "int<8>")]
    public void CommaFreeSpellingEqualsTheCommaOne(string commaFree, string withCommas) =>
        Assert.AreEqual(Precision.Parse(withCommas), Precision.Parse(commaFree));

    /// <summary>A value cut at its first comma (as MSBuild's -p: splitting leaves it) says how to pass it.</summary>
    [TestMethod]
    [DataRow("fixed(18")]
    [DataRow("ap_fixed<16")]
    public void ValueCutAtACommaExplainsTheCommaFreeFormAndQuoting(string cut)
    {
        var e = Assert.ThrowsExactly<HlsException>(() => Precision.Parse(cut, "HlsDefaultPrecision"));
        Assert.AreEqual("HLS0001", e.Diagnostic.Code);
        StringAssert.Contains(e.Diagnostic.Message, "fixed(16:6)");
        StringAssert.Contains(e.Diagnostic.Message, "%2C");
        StringAssert.Contains(e.Diagnostic.Message, "'-p:HlsDefaultPrecision=\"fixed(16,6)\"'");
    }
}
