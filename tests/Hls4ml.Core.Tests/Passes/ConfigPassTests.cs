using Hls4ml.Config;
using Hls4ml.Diagnostics;
using Hls4ml.Extensibility;
using Hls4ml.Ir;
using Hls4ml.Passes;
using Hls4ml.Types;

namespace Hls4ml.Tests.Passes;

[TestClass]
public sealed class ConfigPassTests
{
    private static readonly HlsRegistry Registry = HlsRegistry.CreateDefault();

    private static readonly Precision Default = new FixedPrecision(16, 6);
    private static readonly Precision Table = new FixedPrecision(18, 8);
    private static readonly Precision SoftmaxTable = new FixedPrecision(18, 8, true, QuantizationMode.Rnd, OverflowMode.Sat);

    private static PassContext RunBackend(ModelGraph graph, HlsConfig config)
    {
        var context = new PassContext { Registry = Registry, Config = config };
        context.Registry.Flow(PassFlow.BackendFlow).Run(graph, context);
        return context;
    }

    private static LayerSettings Settings(params (string Key, string Value)[] values) => LayerSettings.Of("test.hlsproj", 7, values);

    private static HlsException Fails(ModelGraph graph, HlsConfig config, string code)
    {
        var e = Assert.ThrowsExactly<HlsException>(() => RunBackend(graph, config));
        Assert.AreEqual(code, e.Diagnostic.Code, e.Message);
        return e;
    }

    private static Layer L(ModelGraph g, string name) => g.FindLayer(name) ?? throw new AssertFailedException($"no layer {name}");

    [TestMethod]
    public void HandBuiltGraphHasKerasLikeShapes()
    {
        var g = TestGraphs.Mlp(Registry);
        CollectionAssert.AreEqual(new[] { "input1", "d1", "relu1", "d2", "softmax" }, TestGraphs.LayerNames(g));
        CollectionAssert.AreEqual(new[] { 8 }, g.Tensor("input1").Shape);
        CollectionAssert.AreEqual(new[] { 4 }, g.Tensor("d1").Shape);
        CollectionAssert.AreEqual(new[] { 3 }, g.Tensor("softmax").Shape);
        Assert.AreEqual(8, L(g, "d1").Get<int>("n_in"));
        Assert.AreEqual(4, L(g, "d1").Get<int>("n_out"));
        Assert.AreEqual(3, L(g, "softmax").Get<int>("n_slice"));
        Assert.AreEqual(1, L(g, "softmax").Get<int>("n_outer"));
    }

    [TestMethod]
    public void DefaultPrecisionsEverywhere()
    {
        var g = TestGraphs.Mlp(Registry);
        var ctx = RunBackend(g, new HlsConfig());
        Assert.AreEqual(0, ctx.Diagnostics.Items.Count);

        foreach (var layer in g.Layers)
        {
            Assert.AreEqual(Default, layer.Types["result"], layer.Name);
            Assert.AreEqual(Default, g.Tensor(layer.Outputs[0]).Precision, layer.Name);
        }
        foreach (var d in new[] { "d1", "d2" })
        {
            var dense = L(g, d);
            CollectionAssert.AreEquivalent(new[] { "result", "accum", "weight", "bias" }, dense.Types.Keys.ToList());
            Assert.AreEqual(Default, dense.Types["accum"]);
            Assert.AreEqual(Default, dense.Types["weight"]);
            Assert.AreEqual(Default, dense.Types["bias"]);
            Assert.AreEqual(Default, dense.Weights["weight"].Precision);
            Assert.AreEqual(Default, dense.Weights["bias"].Precision);
            Assert.AreEqual("ap_fixed<16,6>", dense.Types["weight"].ToCpp());
        }

        var relu = L(g, "relu1");
        Assert.AreEqual(Table, relu.Types["table"]);
        Assert.AreEqual("ap_fixed<18,8>", relu.Types["table"].ToCpp());
        Assert.AreEqual(1024, relu.Get<int>("table_size"));

        var softmax = L(g, "softmax");
        Assert.AreEqual(SoftmaxTable, softmax.Types["exp_table"]);
        Assert.AreEqual(SoftmaxTable, softmax.Types["inv_table"]);
        Assert.AreEqual("ap_fixed<18,8,AP_RND,AP_SAT,0>", softmax.Types["exp_table"].ToCpp());
        Assert.AreEqual("stable", softmax.Get<string>("implementation"));
        Assert.AreEqual(1024, softmax.Get<int>("table_size"));
    }

    [TestMethod]
    public void ModelDefaultPrecisionIsUsedForUnsetSlotsOnly()
    {
        var g = TestGraphs.Mlp(Registry);
        RunBackend(g, new HlsConfig { DefaultPrecision = new FixedPrecision(12, 4) });
        Assert.AreEqual(new FixedPrecision(12, 4), L(g, "d1").Types["accum"]);
        Assert.AreEqual(new FixedPrecision(12, 4), L(g, "softmax").Types["result"]);
        Assert.AreEqual(Table, L(g, "relu1").Types["table"], "slot defaults do not follow the model default");
        Assert.AreEqual(SoftmaxTable, L(g, "softmax").Types["inv_table"]);
    }

    [TestMethod]
    public void LayerNameBeatsLayerTypeBeatsModel()
    {
        var g = TestGraphs.Mlp(Registry);
        var config = new HlsConfig();
        config.LayerTypes["Dense"] = Settings(("ResultPrecision", "fixed<20,8>"), ("AccumPrecision", "fixed<22,10>"));
        config.LayerNames["d2"] = Settings(("ResultPrecision", "fixed<24,10>"));
        RunBackend(g, config);

        Assert.AreEqual(new FixedPrecision(20, 8), L(g, "d1").Types["result"]);
        Assert.AreEqual(new FixedPrecision(22, 10), L(g, "d1").Types["accum"]);
        Assert.AreEqual(new FixedPrecision(24, 10), L(g, "d2").Types["result"]);
        Assert.AreEqual(new FixedPrecision(22, 10), L(g, "d2").Types["accum"], "type-level settings not overridden by name still apply");
        Assert.AreEqual(Default, L(g, "d2").Types["weight"]);
        Assert.AreEqual(new FixedPrecision(24, 10), g.Tensor("d2").Precision, "the output tensor takes the result type");
        Assert.AreEqual(Default, L(g, "relu1").Types["result"], "other types keep the model default");
        Assert.AreEqual(Default, L(g, "input1").Types["result"]);
    }

    [TestMethod]
    public void PrecisionKeyAppliesToEverySlot()
    {
        var g = TestGraphs.Mlp(Registry);
        var config = new HlsConfig();
        config.LayerNames["d1"] = Settings(("Precision", "ap_fixed<12,4>"));
        config.LayerNames["softmax"] = Settings(("Precision", "fixed<10,3>"));
        RunBackend(g, config);

        var d1 = L(g, "d1");
        foreach (var slot in new[] { "result", "accum", "weight", "bias" })
            Assert.AreEqual(new FixedPrecision(12, 4), d1.Types[slot], slot);
        Assert.AreEqual(new FixedPrecision(12, 4), d1.Weights["weight"].Precision);
        Assert.AreEqual(new FixedPrecision(12, 4), d1.Weights["bias"].Precision);
        foreach (var slot in new[] { "result", "accum", "exp_table", "inv_table" })
            Assert.AreEqual(new FixedPrecision(10, 3), L(g, "softmax").Types[slot], slot);
        Assert.AreEqual(Default, L(g, "d2").Types["weight"]);
    }

    [TestMethod]
    public void SlotSettingByNameOverridesPrecisionByType()
    {
        var g = TestGraphs.Mlp(Registry);
        var config = new HlsConfig();
        config.LayerTypes["Dense"] = Settings(("Precision", "fixed<12,4>"));
        config.LayerNames["d1"] = Settings(("WeightPrecision", "fixed<8,2>"));
        RunBackend(g, config);
        Assert.AreEqual(new FixedPrecision(8, 2), L(g, "d1").Types["weight"]);
        Assert.AreEqual(new FixedPrecision(12, 4), L(g, "d1").Types["result"]);
        Assert.AreEqual(new FixedPrecision(12, 4), L(g, "d2").Types["weight"]);
    }

    [TestMethod]
    public void SettingKeysAreCaseInsensitive()
    {
        var g = TestGraphs.Mlp(Registry);
        var config = new HlsConfig();
        config.LayerNames["d1"] = Settings(("resultprecision", "fixed<20,8>"), ("REUSEFACTOR", "4"));
        RunBackend(g, config);
        Assert.AreEqual(new FixedPrecision(20, 8), L(g, "d1").Types["result"]);
        Assert.AreEqual(4, L(g, "d1").Get<int>("reuse_factor"));
    }

    [TestMethod]
    public void LayerAttributesAreConfigurable()
    {
        var g = TestGraphs.Mlp(Registry);
        var config = new HlsConfig();
        config.LayerNames["relu1"] = Settings(("TableSize", "2048"), ("TablePrecision", "ap_fixed<20,10>"));
        config.LayerNames["softmax"] = Settings(("Implementation", "ARGMAX"), ("ExpTablePrecision", "fixed<16,6>"));
        RunBackend(g, config);
        Assert.AreEqual(2048, L(g, "relu1").Get<int>("table_size"));
        Assert.AreEqual(new FixedPrecision(20, 10), L(g, "relu1").Types["table"]);
        Assert.AreEqual("argmax", L(g, "softmax").Get<string>("implementation"));
        Assert.AreEqual(new FixedPrecision(16, 6), L(g, "softmax").Types["exp_table"]);
        Assert.AreEqual(SoftmaxTable, L(g, "softmax").Types["inv_table"]);
    }

    [TestMethod]
    public void InvalidAttributeValuesAreHls0002()
    {
        var config = new HlsConfig();
        config.LayerNames["softmax"] = Settings(("Implementation", "fastest"));
        var e = Fails(TestGraphs.Mlp(Registry), config, "HLS0002");
        StringAssert.Contains(e.Diagnostic.Message, "fastest");
        StringAssert.Contains(e.Diagnostic.Message, "stable");

        config = new HlsConfig();
        config.LayerNames["relu1"] = Settings(("TableSize", "-4"));
        Fails(TestGraphs.Mlp(Registry), config, "HLS0002");

        config = new HlsConfig();
        config.LayerNames["d1"] = Settings(("Strategy", "Fastest"));
        Fails(TestGraphs.Mlp(Registry), config, "HLS0002");
    }

    [TestMethod]
    public void UnknownLayerNameIsHls0003ListingLayers()
    {
        var config = new HlsConfig();
        config.LayerNames["dense_7"] = Settings(("ResultPrecision", "fixed<20,8>"));
        var e = Fails(TestGraphs.Mlp(Registry), config, "HLS0003");
        StringAssert.Contains(e.Diagnostic.Message, "dense_7");
        foreach (var name in new[] { "input1", "d1", "relu1", "d2", "softmax" })
            StringAssert.Contains(e.Diagnostic.Message, name);
        Assert.AreEqual("test.hlsproj", e.Diagnostic.File);
        Assert.AreEqual(7, e.Diagnostic.Line);
    }

    [TestMethod]
    public void LayerNamesAreCaseSensitive()
    {
        var config = new HlsConfig();
        config.LayerNames["D1"] = Settings(("ResultPrecision", "fixed<20,8>"));
        Fails(TestGraphs.Mlp(Registry), config, "HLS0003");
    }

    [TestMethod]
    public void UnknownLayerTypeIsHls0007Warning()
    {
        var g = TestGraphs.Mlp(Registry);
        var config = new HlsConfig();
        config.LayerTypes["Conv2D"] = Settings(("ResultPrecision", "fixed<20,8>"));
        var ctx = RunBackend(g, config);
        var w = ctx.Diagnostics.Items.Single();
        Assert.AreEqual("HLS0007", w.Code);
        Assert.AreEqual(DiagnosticSeverity.Warning, w.Severity);
        StringAssert.Contains(w.Message, "Conv2D");
        StringAssert.Contains(w.Message, "Dense");
        Assert.IsFalse(ctx.Diagnostics.HasErrors);
    }

    [TestMethod]
    public void UnknownSettingKeyIsHls0004ListingKnownKeys()
    {
        var config = new HlsConfig();
        config.LayerNames["d1"] = Settings(("TableSize", "512"));
        var e = Fails(TestGraphs.Mlp(Registry), config, "HLS0004");
        Assert.AreEqual("d1", e.Diagnostic.Layer);
        StringAssert.Contains(e.Diagnostic.Message, "TableSize");
        foreach (var key in new[] { "Precision", "ReuseFactor", "Strategy", "ResultPrecision", "AccumPrecision", "WeightPrecision", "BiasPrecision" })
            StringAssert.Contains(e.Diagnostic.Message, key);

        config = new HlsConfig();
        config.LayerTypes["Softmax"] = Settings(("Colour", "blue"));
        e = Fails(TestGraphs.Mlp(Registry), config, "HLS0004");
        Assert.AreEqual("softmax", e.Diagnostic.Layer);
        foreach (var key in new[] { "ExpTablePrecision", "InvTablePrecision", "TableSize", "Implementation" })
            StringAssert.Contains(e.Diagnostic.Message, key);
    }

    [TestMethod]
    [DataRow("ResultPrecision", "fixed<16>")]
    [DataRow("Precision", "auto(4)")]
    [DataRow("WeightPrecision", "ap_fixed<1099,6>")]
    public void BadPrecisionIsHls0001NamingTheLayer(string key, string value)
    {
        var config = new HlsConfig();
        config.LayerNames["d2"] = Settings((key, value));
        var e = Fails(TestGraphs.Mlp(Registry), config, "HLS0001");
        Assert.AreEqual("d2", e.Diagnostic.Layer);
        StringAssert.Contains(e.Diagnostic.Message, "'d2'");
        StringAssert.Contains(e.Diagnostic.Message, value);
        StringAssert.Contains(e.Message, "layer 'd2'");
        Assert.AreEqual("test.hlsproj", e.Diagnostic.File);
    }

    [TestMethod]
    public void InvalidReuseFactorIsHls0008ListingValidValues()
    {
        var config = new HlsConfig();
        config.LayerNames["d1"] = Settings(("ReuseFactor", "3"));
        var e = Fails(TestGraphs.Mlp(Registry), config, "HLS0008");
        Assert.AreEqual("d1", e.Diagnostic.Layer);
        StringAssert.Contains(e.Diagnostic.Message, "ReuseFactor 3");
        StringAssert.Contains(e.Diagnostic.Message, "n_in=8, n_out=4");
        // Valid for 8x4: 1, 2, 4, 8, 16, 32; the four nearest to 3 are listed in order.
        StringAssert.Contains(e.Diagnostic.Message, "1, 2, 4, 8");
    }

    [TestMethod]
    public void EveryLayerWithAnInvalidReuseFactorIsNamed()
    {
        // 3 is valid for neither d1 (8x4) nor d2 (4x3, RF 3 is valid there: 12 % 3 == 0) -> d2 gets 5, also invalid.
        var config = new HlsConfig();
        config.LayerNames["d1"] = Settings(("ReuseFactor", "3"));
        config.LayerNames["d2"] = Settings(("ReuseFactor", "5"));
        var e = Fails(TestGraphs.Mlp(Registry), config, "HLS0008");
        StringAssert.Contains(e.Diagnostic.Message, "2 layers");
        StringAssert.Contains(e.Diagnostic.Message, "layer 'd1': ReuseFactor 3 is not valid for n_in=8, n_out=4");
        StringAssert.Contains(e.Diagnostic.Message, "layer 'd2': ReuseFactor 5 is not valid for n_in=4, n_out=3");
        Assert.IsNull(e.Diagnostic.Layer, "no single layer to blame");
    }

    [TestMethod]
    [DataRow("0")]
    [DataRow("-2")]
    [DataRow("two")]
    public void NonNumericReuseFactorIsHls0008(string value)
    {
        var config = new HlsConfig();
        config.LayerNames["d1"] = Settings(("ReuseFactor", value));
        var e = Fails(TestGraphs.Mlp(Registry), config, "HLS0008");
        StringAssert.Contains(e.Diagnostic.Message, value);
    }

    [TestMethod]
    public void ModelReuseFactorIsValidatedForEveryDense()
    {
        // 8 is valid for d1 (8x4) but not for d2 (4x3): 12 % 8 != 0.
        var e = Fails(TestGraphs.Mlp(Registry), new HlsConfig { ReuseFactor = 8 }, "HLS0008");
        Assert.AreEqual("d2", e.Diagnostic.Layer);
        StringAssert.Contains(e.Diagnostic.Message, "n_in=4, n_out=3");
    }

    [TestMethod]
    [DataRow(1, 32)]
    [DataRow(2, 16)]
    [DataRow(4, 8)]
    [DataRow(8, 4)]
    [DataRow(16, 2)]
    [DataRow(32, 1)]
    public void ValidReuseFactorSetsMultiplierLimit(int rf, int expectedLimit)
    {
        var g = TestGraphs.Mlp(Registry);
        var config = new HlsConfig();
        config.LayerNames["d1"] = Settings(("ReuseFactor", rf.ToString(System.Globalization.CultureInfo.InvariantCulture)));
        RunBackend(g, config);
        var d1 = L(g, "d1");
        Assert.AreEqual(rf, d1.Get<int>("reuse_factor"));
        Assert.AreEqual(expectedLimit, d1.Get<int>("multiplier_limit"));
        Assert.AreEqual((int)Math.Ceiling(8 * 4 / (double)rf), d1.Get<int>("multiplier_limit"));
        Assert.AreEqual(0, d1.Get<int>("n_zeros"));
        Assert.AreEqual(1, L(g, "d2").Get<int>("reuse_factor"), "other layers keep the model reuse factor");
        Assert.AreEqual(12, L(g, "d2").Get<int>("multiplier_limit"));
    }

    [TestMethod]
    public void ModelReuseFactorAppliesToAllLayers()
    {
        var g = TestGraphs.Mlp(Registry);
        RunBackend(g, new HlsConfig { ReuseFactor = 4 });
        Assert.AreEqual(8, L(g, "d1").Get<int>("multiplier_limit"));
        Assert.AreEqual(3, L(g, "d2").Get<int>("multiplier_limit"));
        Assert.AreEqual("Latency", L(g, "d1").Get<string>("strategy"));
    }

    [TestMethod]
    public void ZeroWeightsReduceTheMultiplierLimit()
    {
        var b = new GraphBuilder(Registry);
        var x = b.Input("in", 4);
        var kernel = b.RandomValues(8);
        kernel[0] = kernel[3] = kernel[5] = kernel[6] = 0;
        x = b.Dense("fc", x, kernel, b.RandomValues(2), 4, 2);
        var g = b.Output(x);
        var config = new HlsConfig();
        config.LayerNames["fc"] = Settings(("ReuseFactor", "2"));
        RunBackend(g, config);
        Assert.AreEqual(4, L(g, "fc").Get<int>("n_zeros"));
        Assert.AreEqual(4 - 4 / 2, L(g, "fc").Get<int>("multiplier_limit"));
    }

    [TestMethod]
    public void ResourceStrategyIsAcceptedForDense()
    {
        var g = TestGraphs.Mlp(Registry);
        var config = new HlsConfig();
        config.LayerNames["d1"] = Settings(("Strategy", "resource"), ("ReuseFactor", "4"));
        RunBackend(g, config);
        Assert.AreEqual("Resource", L(g, "d1").Get<string>("strategy"));
    }

    /// <summary>hls4ml's FPGABackend._validate_reuse_factor, restated independently.</summary>
    private static bool Hls4mlRule(int nIn, int nOut, int rf)
    {
        int multfactor = Math.Min(nIn, rf);
        int multiplierLimit = (int)Math.Ceiling(nIn * nOut / (double)multfactor);
        bool ok = multiplierLimit % nOut == 0 || rf >= nIn;
        ok = ok && (rf % nIn == 0 || rf < nIn);
        return ok && nIn * nOut % rf == 0;
    }

    [TestMethod]
    [DataRow(8, 4, 1, true)]
    [DataRow(8, 4, 2, true)]
    [DataRow(8, 4, 3, false)]
    [DataRow(8, 4, 4, true)]
    [DataRow(8, 4, 6, false)]
    [DataRow(8, 4, 8, true)]
    [DataRow(8, 4, 12, false)]
    [DataRow(8, 4, 16, true)]
    [DataRow(8, 4, 32, true)]
    [DataRow(8, 4, 64, false)]
    [DataRow(4, 3, 3, false)]
    [DataRow(4, 3, 4, true)]
    [DataRow(4, 3, 6, false)]
    [DataRow(4, 3, 8, false)]
    [DataRow(4, 3, 12, true)]
    [DataRow(10, 16, 5, true)]
    [DataRow(10, 16, 8, false)]
    [DataRow(10, 16, 15, false)]
    [DataRow(10, 16, 20, true)]
    [DataRow(10, 16, 40, true)]
    [DataRow(10, 16, 160, true)]
    [DataRow(3, 5, 3, true)]
    [DataRow(3, 5, 5, false)]
    [DataRow(3, 5, 15, true)]
    [DataRow(16, 5, 8, true)]
    [DataRow(16, 5, 6, false)]
    [DataRow(16, 5, 16, true)]
    [DataRow(16, 5, 80, true)]
    [DataRow(1, 1, 1, true)]
    public void IsValidMatchesHls4mlOnCases(int nIn, int nOut, int rf, bool valid)
    {
        Assert.AreEqual(valid, ValidateReuseFactor.IsValid(nIn, nOut, rf));
        Assert.AreEqual(valid, Hls4mlRule(nIn, nOut, rf), "the table itself follows hls4ml's rule");
    }

    [TestMethod]
    public void IsValidMatchesHls4mlExhaustively()
    {
        for (int nIn = 1; nIn <= 24; nIn++)
            for (int nOut = 1; nOut <= 24; nOut++)
                for (int rf = 1; rf <= nIn * nOut + 2; rf++)
                    Assert.AreEqual(Hls4mlRule(nIn, nOut, rf), ValidateReuseFactor.IsValid(nIn, nOut, rf), $"n_in={nIn} n_out={nOut} rf={rf}");
    }

    [TestMethod]
    public void ValidValuesForEightByFour() =>
        CollectionAssert.AreEqual(new[] { 1, 2, 4, 8, 16, 32 }, ValidateReuseFactor.ValidValues(8, 4).ToArray());

    [TestMethod]
    public void LinearActivationWithSameTypeIsRemoved()
    {
        var b = new GraphBuilder(Registry);
        var x = b.Input("input1", 8);
        x = b.Dense("d1", x, 4);
        x = b.Activation("d1_linear", x, "linear");
        x = b.Dense("d2", x, 3);
        x = b.Activation("d2_linear", x, "linear");
        var g = b.Output(x);
        RunBackend(g, new HlsConfig());

        CollectionAssert.AreEqual(new[] { "input1", "d1", "d2" }, TestGraphs.LayerNames(g));
        CollectionAssert.AreEqual(new[] { "d1" }, L(g, "d2").Inputs);
        CollectionAssert.AreEqual(new[] { "d2" }, g.Outputs, "a removed output layer hands the model output to its input");
        Assert.IsFalse(g.Tensors.ContainsKey("d1_linear"));
        CollectionAssert.AreEqual(new[] { 1, 2, 3 }, g.Layers.Select(l => l.Index).ToArray(), "layers are renumbered after removal");
    }

    [TestMethod]
    public void LinearActivationThatChangesTheTypeIsKept()
    {
        var b = new GraphBuilder(Registry);
        var x = b.Input("input1", 8);
        x = b.Dense("d1", x, 4);
        x = b.Activation("d1_linear", x, "linear");
        var g = b.Output(x);
        var config = new HlsConfig();
        config.LayerNames["d1_linear"] = Settings(("ResultPrecision", "fixed<8,4>"));
        RunBackend(g, config);
        CollectionAssert.AreEqual(new[] { "input1", "d1", "d1_linear" }, TestGraphs.LayerNames(g));
        Assert.AreEqual(new FixedPrecision(8, 4), g.Tensor("d1_linear").Precision);
    }

    [TestMethod]
    public void NonLinearActivationsAreKept()
    {
        var g = TestGraphs.Mlp(Registry);
        RunBackend(g, new HlsConfig());
        CollectionAssert.AreEqual(new[] { "input1", "d1", "relu1", "d2", "softmax" }, TestGraphs.LayerNames(g));
        CollectionAssert.AreEqual(new[] { 1, 2, 3, 4, 5 }, g.Layers.Select(l => l.Index).ToArray());
    }

    [TestMethod]
    public void DropoutIsRemovedByConvertFlow()
    {
        var b = new GraphBuilder(Registry);
        var x = b.Input("input1", 8);
        x = b.Dense("d1", x, 4);
        x = b.Dropout("drop1", x);
        x = b.Dense("d2", x, 3);
        x = b.Dropout("drop2", x);
        var g = b.Output(x);
        Assert.AreEqual(5, g.Layers.Count);

        Registry.Flow(PassFlow.ConvertFlow).Run(g, new PassContext { Registry = Registry });

        CollectionAssert.AreEqual(new[] { "input1", "d1", "d2" }, TestGraphs.LayerNames(g));
        CollectionAssert.AreEqual(new[] { "d1" }, L(g, "d2").Inputs);
        CollectionAssert.AreEqual(new[] { "d2" }, g.Outputs);
        Assert.IsFalse(g.Tensors.ContainsKey("drop1"));
        Assert.IsFalse(g.Tensors.ContainsKey("drop2"));
    }

    [TestMethod]
    public void FlattenIsAliasedAwayInIoParallel()
    {
        var b = new GraphBuilder(Registry);
        var x = b.Input("input1", 2, 4);
        x = b.Flatten("flat", x);
        x = b.Dense("d1", x, 3);
        var g = b.Output(x);
        CollectionAssert.AreEqual(new[] { 8 }, g.Tensor("flat").Shape);

        RunBackend(g, new HlsConfig());

        CollectionAssert.AreEqual(new[] { "input1", "d1" }, TestGraphs.LayerNames(g));
        CollectionAssert.AreEqual(new[] { "input1" }, L(g, "d1").Inputs);
        Assert.AreEqual(8, L(g, "d1").Get<int>("n_in"));
    }

    [TestMethod]
    public void LayersNobodyReadsAreRemoved()
    {
        var b = new GraphBuilder(Registry);
        var x = b.Input("input1", 8);
        var used = b.Dense("d1", x, 4);
        var dead = b.Activation("dead_act", b.Dense("dead_dense", x, 3), "relu");
        var g = b.Output(used);
        Assert.IsNotNull(g.FindLayer("dead_act"), dead);
        RunBackend(g, new HlsConfig { IOType = "io_stream" });
        CollectionAssert.AreEqual(new[] { "input1", "d1" }, TestGraphs.LayerNames(g));
        Assert.IsFalse(g.Tensors.ContainsKey(dead));
    }

    [TestMethod]
    public void IoStreamFlattenIsAnAliasOnlyInFrontOfDense()
    {
        // Dense reads its whole input whatever the word size: the Flatten is an alias of the input stream.
        var b = new GraphBuilder(Registry);
        var x = b.Input("input1", 2, 4);
        x = b.Flatten("flat", x);
        x = b.Dense("d1", x, 3);
        var g = b.Output(x);
        RunBackend(g, new HlsConfig { IOType = "io_stream" });
        CollectionAssert.AreEqual(new[] { "input1", "d1" }, TestGraphs.LayerNames(g));

        // An activation works word by word: the Flatten stays, re-slicing words of 4 into one word of 8.
        b = new GraphBuilder(Registry);
        x = b.Input("input1", 2, 4);
        x = b.Flatten("flat", x);
        x = b.Activation("act", x, "relu");
        g = b.Output(x);
        RunBackend(g, new HlsConfig { IOType = "io_stream" });
        CollectionAssert.AreEqual(new[] { "input1", "flat", "act" }, TestGraphs.LayerNames(g));
    }

    [TestMethod]
    public void FlattenThatIsTheWholeModelIsKept()
    {
        var b = new GraphBuilder(Registry);
        var x = b.Input("input1", 2, 4);
        x = b.Flatten("flat", x);
        var g = b.Output(x);
        RunBackend(g, new HlsConfig());
        CollectionAssert.AreEqual(new[] { "input1", "flat" }, TestGraphs.LayerNames(g));
    }

    [TestMethod]
    public void LargeWeightsWarnHls0305()
    {
        var b = new GraphBuilder(Registry);
        var x = b.Input("input1", 80);
        x = b.Dense("big", x, 64); // 5120 weights > 4096
        var g = b.Output(x);
        var ctx = RunBackend(g, new HlsConfig());
        var w = ctx.Diagnostics.Items.Single();
        Assert.AreEqual("HLS0305", w.Code);
        Assert.AreEqual("big", w.Layer);
        StringAssert.Contains(w.Message, "5120");

        var quiet = TestGraphs.Mlp(Registry);
        Assert.AreEqual(0, RunBackend(quiet, new HlsConfig { MaximumPartitionSize = 32 }).Diagnostics.Items.Count, "32 elements is not above the limit 32");
        quiet = TestGraphs.Mlp(Registry);
        Assert.AreEqual("HLS0305", RunBackend(quiet, new HlsConfig { MaximumPartitionSize = 31 }).Diagnostics.Items.Single().Code);
    }

    [TestMethod]
    public void BackendFlowIsRepeatable()
    {
        var g = TestGraphs.Mlp(Registry);
        var config = new HlsConfig();
        config.LayerNames["d1"] = Settings(("ResultPrecision", "fixed<20,8>"));
        RunBackend(g, config);
        RunBackend(g, new HlsConfig());
        Assert.AreEqual(Default, L(g, "d1").Types["result"], "a second run with another config starts from the model defaults");
    }
}
