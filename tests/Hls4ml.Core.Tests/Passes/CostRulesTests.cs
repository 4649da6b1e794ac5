using Hls4ml.Config;
using Hls4ml.Extensibility;
using Hls4ml.Ir;
using Hls4ml.Passes;
using Hls4ml.Passes.Costs;
using Hls4ml.Types;

namespace Hls4ml.Tests.Passes;

/// <summary>The estimate's rules one at a time, on models built so that the expected count follows from the rule.</summary>
[TestClass]
public sealed class CostRulesTests
{
    private static readonly HlsRegistry Registry = HlsRegistry.CreateDefault();
    private static readonly FixedPrecision Default = new(16, 6);

    public TestContext TestContext { get; set; } = null!;

    private static ResourceEstimate Run(ModelGraph graph, string backend = "Vivado", Action<HlsConfig>? configure = null)
    {
        var config = new HlsConfig { Backend = backend };
        configure?.Invoke(config);
        var context = new PassContext { Registry = Registry, Config = config };
        Registry.Flow(PassFlow.BackendFlow).Run(graph, context);
        return context.Estimate!;
    }

    private static LayerCost Cost(ResourceEstimate estimate, string layer) => estimate.Costs.Single(c => c.Layer == layer);

    /// <summary>in (n_in) → Dense with the given kernel (n_in x n_out) and zero bias.</summary>
    private static ModelGraph OneDense(float[] kernel, int nIn, int nOut)
    {
        var b = new GraphBuilder(Registry, "dense");
        return b.Output(b.Dense("d", b.Input("in", nIn), kernel, new float[nOut], nIn, nOut));
    }

    [TestMethod]
    [DataRow(0.0004, 0L)]      // below the LSB 2^-10: truncates to 0
    [DataRow(-0.0004, -1L)]    // AP_TRN rounds toward -inf: -2^-10
    [DataRow(0.25, 256L)]
    [DataRow(0.3, 307L)]       // floor(307.2)
    [DataRow(40.0, -24576L)]   // 40960 wraps in 16 bits
    public void WeightsQuantizeAsTheirFixedPointType(double value, long units) =>
        Assert.AreEqual(units, WeightQuantizer.Quantize(value, Default).Units);

    [TestMethod]
    [DataRow(0L, 0, 0)]
    [DataRow(1L, 1, 1)]
    [DataRow(-256L, 1, 1)]     // a power of two: one digit, one odd bit
    [DataRow(3L, 2, 2)]        // 4 - 1
    [DataRow(7L, 3, 2)]        // 8 - 1
    [DataRow(11L, 4, 3)]       // 16 - 4 - 1
    [DataRow(716L, 8, 5)]      // 4 x 179; 179 = 256 - 64 - 16 + 2 + 1
    public void ConstantsAreMeasuredByTheirOddPartAndSignedDigits(long units, int oddBits, int signedDigits)
    {
        var w = new QuantizedWeight(units);
        Assert.AreEqual(oddBits, w.OddBits);
        Assert.AreEqual(signedDigits, w.SignedDigits);
    }

    /// <summary>
    /// Six weights: two that vanish (0, below the LSB), two powers of two (shifts), 0.3 (odd part 307: 9 bits + sign)
    /// and 0.1 (102 = 2 x 51: 6 bits + sign). Vivado HLS gives both real products a DSP; Vitis HLS only the wide one.
    /// </summary>
    [TestMethod]
    public void ZeroAndPowerOfTwoWeightsTakeNoDspAndNarrowConstantsGoToLutsInVitis()
    {
        var kernel = new[] { 0f, 0.0004f, 0.25f, -0.5f, 0.3f, 0.1f };
        var vivado = Cost(Run(OneDense(kernel, 6, 1)), "d");
        var vitis = Cost(Run(OneDense(kernel, 6, 1), "Vitis"), "d");
        Assert.AreEqual(2, vivado.Dsp.Point);
        Assert.AreEqual(1, vitis.Dsp.Point);
        // 0.1 → 51 → 64 - 16 + 4 - 1: 4 signed digits, 3 adders of accumulator width in Vitis; the adder tree sums 4 terms.
        Assert.AreEqual(3 * 16 + 3 * 16, vitis.Lut.Point);
        Assert.AreEqual(3 * 16, vivado.Lut.Point);
    }

    [TestMethod]
    public void NarrowDataMakesEveryProductALutMultiplierInVitis()
    {
        ModelGraph Graph()
        {
            var b = new GraphBuilder(Registry, "narrow");
            return b.Output(b.Dense("d", b.Input("in", 16), 8));
        }
        void Narrow(HlsConfig c) => c.DefaultPrecision = new FixedPrecision(8, 3);
        Assert.AreEqual(0, Run(Graph(), "Vitis", Narrow).Total!.Dsp.Point, "8-bit data is below Vitis HLS's DSP threshold");
        Assert.IsGreaterThan(0L, Run(Graph(), "Vitis").Total!.Dsp.Point);
        Assert.IsGreaterThan(0L, Run(Graph(), "Vivado", Narrow).Total!.Dsp.Point, "Vivado HLS binds 8-bit products to DSPs");
    }

    [TestMethod]
    public void ProductsWiderThanTheDspTakeSeveral()
    {
        var kernel = new[] { 0.3f, 0.7f };
        var narrow = Cost(Run(OneDense(kernel, 2, 1)), "d");
        var wide = Cost(Run(OneDense(kernel, 2, 1), configure: c => c.DefaultPrecision = new FixedPrecision(32, 12)), "d");
        Assert.AreEqual(2, narrow.Dsp.Point);
        // At ap_fixed<32,12> the weights have 20 fractional bits: 0.3 → 4 x 78643 (17 bits + sign: one 18-bit input),
        // 0.7 → 2 x 367001 (19 bits + sign: two); the 32-bit data needs two 27-bit inputs: 2 x 1 + 2 x 2 DSPs.
        Assert.AreEqual(6, wide.Dsp.Point);
    }

    [TestMethod]
    public void ReuseFactorSharesDspsAndAddsOperandMultiplexers()
    {
        ModelGraph Graph() { var b = new GraphBuilder(Registry, "rf"); return b.Output(b.Dense("d", b.Input("in", 16), 8)); }
        var rf1 = Cost(Run(Graph()), "d");
        var rf4 = Cost(Run(Graph(), configure: c => c.ReuseFactor = 4), "d");
        Assert.AreEqual((rf1.Dsp.Point + 3) / 4, rf4.Dsp.Point);
        Assert.IsGreaterThan(rf1.Lut.Point, rf4.Lut.Point, "multiplexers in front of the shared DSPs");
        Assert.AreEqual(4, rf4.LatencyCycles.Low >= 0 ? Run(Graph(), configure: c => c.ReuseFactor = 4).Total!.IntervalCycles.Point : -1);
    }

    [TestMethod]
    [DataRow(1024L, 18L, 1L)]   // exactly one 1K x 18 block
    [DataRow(2048L, 18L, 2L)]
    [DataRow(64L, 512L, 15L)]   // 512 x 36: 15 blocks side by side
    [DataRow(64L, 16L, 0L)]     // 1 Kbit: LUT ROM
    public void MemoriesMapToBlockRamByTheirBestAspectRatio(long depth, long width, long blocks) =>
        Assert.AreEqual(blocks, LayerCostModels.MemoryBlocks(depth, width));

    /// <summary>Resource strategy: the weights become a memory of RF words of n_in·n_out/RF weights.</summary>
    [TestMethod]
    public void ResourceStrategyWeightsGoToBlockRam()
    {
        var b = new GraphBuilder(Registry, "res");
        var graph = b.Output(b.Dense("d", b.Input("in", 64), 32));
        var cost = Cost(Run(graph, configure: c => { c.Strategy = "Resource"; c.ReuseFactor = 64; }), "d");
        Assert.AreEqual(15, cost.Bram18.Point);
        Assert.AreEqual(32, cost.Dsp.Point, "one block of 2048 / 64 multiplications");
        Assert.IsFalse(cost.LatencyCycles.IsExact, "Resource lies outside the checked rules: a range");
    }

    /// <summary>
    /// hls4ml's test suite baselines (reference §10.3): Dense(1→64) + sigmoid uses 32 BRAM18 in Vivado HLS 2020.1 and
    /// Vitis HLS 2024.1 (a 1024 x 18 table read by 64 lookups, two per dual-port copy); Dense(1→2) + ELU uses 1.
    /// </summary>
    [TestMethod]
    [DataRow("Vivado", 64, "sigmoid", 32L)]
    [DataRow("Vitis", 64, "sigmoid", 32L)]
    [DataRow("Vivado", 2, "elu", 1L)]
    [DataRow("Vitis", 2, "elu", 1L)]
    public void TableActivationsUseOneBlockRamPerTwoLookups(string backend, int width, string activation, long bram)
    {
        var b = new GraphBuilder(Registry, "act");
        var graph = b.Output(b.Activation("act", b.Dense("d", b.Input("in", 1), width), activation));
        var estimate = Run(graph, backend);
        foreach (var line in estimate.FormatTable()) TestContext.WriteLine(line);
        Assert.AreEqual(bram, estimate.Total!.Bram18.Point);
    }

    [TestMethod]
    public void LatencyIsExactInsideTheCheckedRulesAndARangeOutside()
    {
        Assert.IsTrue(Run(TestGraphs.Mlp(Registry)).Total!.LatencyCycles.IsExact);
        var stream = Run(TestGraphs.Mlp(Registry), configure: c => c.IOType = "io_stream").Total!;
        Assert.IsFalse(stream.LatencyCycles.IsExact);
        Assert.IsLessThan(stream.LatencyCycles.High, stream.LatencyCycles.Low);
    }

    [TestMethod]
    public void LayersWithoutACostModelAreMarkedNotEstimated()
    {
        var b = new GraphBuilder(Registry, "bn");
        var x = b.Input("in", 4);
        var graph = b.Output(b.Add("BatchNormalization", "bn", new[] { x }, null, new Dictionary<string, WeightVariable>
        {
            ["scale"] = new() { Name = "scale", Shape = new[] { 4 }, Data = new[] { 1f, 2f, 3f, 4f } },
            ["bias"] = new() { Name = "bias", Shape = new[] { 4 }, Data = new[] { 0f, 0f, 0f, 0f } },
        }));
        var estimate = Run(graph);
        Assert.IsFalse(Cost(estimate, "bn").Modelled);
        Assert.IsFalse(estimate.Total!.AllLayersModelled);
        StringAssert.Contains(estimate.FormatTable()[^2], "not estimated");
    }
}
