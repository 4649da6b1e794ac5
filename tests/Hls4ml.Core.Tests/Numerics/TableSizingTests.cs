using Hls4ml.Config;
using Hls4ml.Extensibility;
using Hls4ml.Ir;
using Hls4ml.Passes;
using Hls4ml.Types;

namespace Hls4ml.Tests.Numerics;

/// <summary>Table sizes and types that follow the layer's precision (TableSizing), and hls4ml's at its default precision.</summary>
[TestClass]
public sealed class TableSizingTests
{
    private static readonly HlsRegistry Registry = HlsRegistry.CreateDefault();

    private static ModelGraph Backend(string precision, HlsCompatibility mode = HlsCompatibility.Default, Action<HlsConfig>? configure = null)
    {
        var b = new GraphBuilder(Registry);
        var x = b.Input("in", 10);
        var sm = b.Add("Softmax", "sm", new[] { x }, new Dictionary<string, object?> { ["axis"] = -1 });
        foreach (var (name, activation) in new[] { ("sig", "sigmoid"), ("th", "tanh"), ("ex", "exponential") })
            b.Graph.Outputs.Add(b.Add("Activation", name, new[] { x }, new Dictionary<string, object?> { ["activation"] = activation }));
        b.Graph.Outputs.Add(b.Add("ELU", "elu", new[] { x }, new Dictionary<string, object?>()));
        var g = b.Output(sm);
        var config = new HlsConfig { DefaultPrecision = Precision.Parse(precision), Compatibility = mode };
        configure?.Invoke(config);
        Registry.Flow(PassFlow.BackendFlow).Run(g, new PassContext { Registry = Registry, Config = config });
        return g;
    }

    [TestMethod]
    [DataRow(HlsCompatibility.Default)]
    [DataRow(HlsCompatibility.Hls4ml)]
    public void DefaultPrecisionKeepsHls4mlTables(HlsCompatibility mode)
    {
        var g = Backend("ap_fixed<16,6>", mode);
        var sm = g.FindLayer("sm")!;
        Assert.AreEqual("ap_fixed<18,8,AP_RND,AP_SAT,0>", sm.Types["exp_table"].ToCpp());
        Assert.AreEqual("ap_fixed<18,8,AP_RND,AP_SAT,0>", sm.Types["inv_table"].ToCpp());
        Assert.AreEqual("ap_fixed<18,8,AP_RND,AP_SAT,0>", sm.Types["inv_inp"].ToCpp());
        Assert.AreEqual((1024, 1024), (sm.Get<int>("exp_table_size"), sm.Get<int>("inv_table_size")));
        foreach (var name in new[] { "sig", "th", "elu" })
        {
            Assert.AreEqual(1024, g.FindLayer(name)!.Get<int>("table_size"), name);
            Assert.AreEqual("ap_fixed<18,8>", g.FindLayer(name)!.Types["table"].ToCpp(), name);
        }
    }

    [TestMethod]
    public void WidePrecisionDerivesTablesFromTheResult()
    {
        var g = Backend("ap_fixed<32,16>");
        var sm = g.FindLayer("sm")!;
        // 16 result fractional bits: 18-bit fractions (two guard bits), 1024 << 6 capped at 4096 entries.
        Assert.AreEqual("ap_fixed<26,8,AP_RND,AP_SAT,0>", sm.Types["exp_table"].ToCpp());
        Assert.AreEqual("ap_fixed<26,8,AP_RND,AP_SAT,0>", sm.Types["inv_table"].ToCpp());
        Assert.AreEqual((4096, 4096), (sm.Get<int>("exp_table_size"), sm.Get<int>("inv_table_size")));
        // A sum of 10 exps <= 1 is below 16: 4 integer bits, 12 address bits in all, rounding (nearest entry).
        Assert.AreEqual("ap_ufixed<12,4,AP_RND,AP_SAT,0>", sm.Types["inv_inp"].ToCpp());
        Assert.AreEqual("ap_fixed<30,12>", sm.Types["accum"].ToCpp(), "exp table + ceil(log2 10) integer bits");
        Assert.AreEqual("ap_fixed<26,8,AP_RND,AP_SAT,0>", g.FindLayer("sig")!.Types["table"].ToCpp());
        Assert.AreEqual(4096, g.FindLayer("sig")!.Get<int>("table_size"));
        Assert.AreEqual(4096, g.FindLayer("elu")!.Get<int>("table_size"));
        Assert.AreEqual("ap_ufixed<30,12,AP_RND,AP_SAT,0>", g.FindLayer("ex")!.Types["table"].ToCpp(), "exp(8) = 2981 needs 12 integer bits");
    }

    [TestMethod]
    public void LatencyKeepsTheExpTableTypeAsTheReciprocalAddress()
    {
        var sm = Backend("ap_fixed<32,16>", configure: c => c.LayerTypes["Softmax"] = LayerSettings.Of(("Implementation", "latency"))).FindLayer("sm")!;
        // Its sum of exps of raw logits spans the exp table's range; 4096 entries address it by the top 12 bits.
        Assert.AreEqual("ap_fixed<26,8,AP_RND,AP_SAT,0>", sm.Types["inv_inp"].ToCpp());
        Assert.AreEqual(4096, sm.Get<int>("inv_table_size"));
    }

    [TestMethod]
    public void OneAddressBitPerExtraResultBit()
    {
        Assert.AreEqual(2048, Backend("ap_fixed<17,6>").FindLayer("sm")!.Get<int>("exp_table_size"));
        Assert.AreEqual("ap_fixed<21,8,AP_RND,AP_SAT,0>", Backend("ap_fixed<17,6>").FindLayer("sig")!.Types["table"].ToCpp());
        // The input's resolution bounds an element-wise table: ap_fixed<12,1> has 11 fractional bits, tanh's [-4, 4)
        // holds 8 * 2^11 = 16384 distinct inputs, so the size is the result's 2048.
        Assert.AreEqual(2048, Backend("ap_fixed<12,1>").FindLayer("th")!.Get<int>("table_size"));
    }

    [TestMethod]
    public void ProjectSettingsWin()
    {
        var g = Backend("ap_fixed<32,16>", configure: c =>
        {
            c.LayerTypes["Softmax"] = LayerSettings.Of(("TableSize", "1024"), ("ExpTablePrecision", "fixed(18,8,RND,SAT)"));
            c.LayerTypes["Activation"] = LayerSettings.Of(("TableSize", "2048"));
        });
        var sm = g.FindLayer("sm")!;
        Assert.AreEqual(1024, sm.Get<int>("exp_table_size"));
        Assert.AreEqual("ap_fixed<18,8,AP_RND,AP_SAT,0>", sm.Types["exp_table"].ToCpp());
        Assert.AreEqual("ap_fixed<26,8,AP_RND,AP_SAT,0>", sm.Types["inv_table"].ToCpp(), "unset slots still derived");
        Assert.AreEqual("ap_ufixed<10,4,AP_RND,AP_SAT,0>", sm.Types["inv_inp"].ToCpp(), "addresses the 1024-entry table it has");
        Assert.AreEqual(2048, g.FindLayer("sig")!.Get<int>("table_size"));
    }

    [TestMethod]
    public void Hls4mlCompatibilityKeepsHls4mlTablesAtWidePrecision()
    {
        var g = Backend("ap_fixed<32,16>", HlsCompatibility.Hls4ml);
        var sm = g.FindLayer("sm")!;
        Assert.AreEqual("ap_fixed<18,8,AP_RND,AP_SAT,0>", sm.Types["exp_table"].ToCpp());
        Assert.AreEqual("ap_fixed<18,8,AP_RND,AP_SAT,0>", sm.Types["inv_inp"].ToCpp());
        Assert.AreEqual("ap_ufixed<31,15>", sm.Types["inp_norm"].ToCpp(), "hls4ml: the input's width minus the sign, wrapping");
        Assert.AreEqual("ap_fixed<32,16>", sm.Types["accum"].ToCpp(), "hls4ml: the model default");
        Assert.AreEqual(1024, sm.Get<int>("exp_table_size"));
        Assert.AreEqual(1024, g.FindLayer("sig")!.Get<int>("table_size"));
        Assert.AreEqual("ap_ufixed<22,12>", g.FindLayer("ex")!.Types["table"].ToCpp());
    }
}

[TestClass]
public sealed class CompatibilitySettingTests
{
    [TestMethod]
    public void ModesParseInAnyCasingAndResolveToTheirProfiles()
    {
        Assert.AreEqual(HlsCompatibility.Hls4ml, HlsConfig.ParseCompatibility("hls4ml"));
        Assert.AreEqual(HlsCompatibility.Default, HlsConfig.ParseCompatibility(" default "));
        Assert.AreEqual(NumericsProfile.Hls4ml, new HlsConfig { Compatibility = HlsCompatibility.Hls4ml }.Numerics);
        Assert.AreEqual(NumericsProfile.Default, new HlsConfig().Numerics);
        // BatchNormalization folding is opt-in (HlsFoldBatchNorm) and never on under HlsCompatibility=hls4ml.
        Assert.IsFalse(NumericsProfile.Default.FoldBatchNorm);
        Assert.IsTrue(new HlsConfig { FoldBatchNorm = true }.Numerics.FoldBatchNorm);
        Assert.IsFalse(new HlsConfig { FoldBatchNorm = true, Compatibility = HlsCompatibility.Hls4ml }.Numerics.FoldBatchNorm);
        // Every other deliberate difference is on in the default profile and off in hls4ml's.
        var flags = typeof(NumericsProfile).GetProperties().Where(p => p.PropertyType == typeof(bool) && p.Name != nameof(NumericsProfile.FoldBatchNorm)).ToList();
        Assert.IsNotEmpty(flags);
        foreach (var flag in flags)
            Assert.AreEqual((true, false), ((bool)flag.GetValue(NumericsProfile.Default)!, (bool)flag.GetValue(NumericsProfile.Hls4ml)!), flag.Name);
    }

    [TestMethod]
    public void AnUnknownModeIsHls0002NamingTheChoices()
    {
        var e = Assert.ThrowsExactly<Hls4ml.Diagnostics.HlsException>(() => HlsConfig.ParseCompatibility("hls4ml-0.8", "p.hlsproj"));
        Assert.AreEqual("HLS0002", e.Diagnostic.Code);
        StringAssert.Contains(e.Message, "Default");
        StringAssert.Contains(e.Message, "hls4ml");
        Assert.AreEqual("p.hlsproj", e.Diagnostic.File);
    }
}

[TestClass]
public sealed class Hls4mlCompatibilityDiagnosticsTests
{
    private static readonly HlsRegistry Registry = HlsRegistry.CreateDefault();

    private static PassContext Run(HlsCompatibility mode)
    {
        var b = new GraphBuilder(Registry);
        var x = b.Input("in", 40);
        var sum = b.Add("Merge", "add3", new[] { x, x, x }, new Dictionary<string, object?> { ["op"] = "add" });
        var pair = b.Add("Merge", "add2", new[] { x, sum }, new Dictionary<string, object?> { ["op"] = "add" });
        b.Graph.Outputs.Add(pair);
        var g = b.Output(b.Add("Softmax", "sm", new[] { sum }, new Dictionary<string, object?> { ["axis"] = -1 }));
        var context = new PassContext { Registry = Registry, Config = new HlsConfig { Compatibility = mode, ProjectFile = "p.hlsproj" } };
        Registry.Flow(PassFlow.BackendFlow).Run(g, context);
        return context;
    }

    [TestMethod]
    public void Hls4mlModeReportsMergesOfMoreThanTwoAndWrappingSoftmaxSums()
    {
        var items = Run(HlsCompatibility.Hls4ml).Diagnostics.Items;
        var merge = items.Single(d => d.Descriptor == Hls4ml.Diagnostics.DiagnosticCodes.Hls4mlHasNoCounterpart);
        Assert.AreEqual(("HLS0230", "add3", "p.hlsproj"), (merge.Code, merge.Layer, merge.File));
        StringAssert.Contains(merge.Message, "3 inputs");
        var softmax = items.Single(d => d.Descriptor == Hls4ml.Diagnostics.DiagnosticCodes.Hls4mlSoftmaxSumWraps);
        Assert.AreEqual(("HLS0231", "sm"), (softmax.Code, softmax.Layer));
        StringAssert.Contains(softmax.Message, "ap_fixed<16,6>");
    }

    [TestMethod]
    public void DefaultModeHasNothingToReport()
    {
        var items = Run(HlsCompatibility.Default).Diagnostics.Items;
        Assert.IsFalse(items.Any(d => d.Code is "HLS0230" or "HLS0231"), string.Join("\n", items));
    }
}
