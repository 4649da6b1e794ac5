using Hls4ml.Ir;
using Hls4ml.Types;

namespace Hls4ml.Passes.Costs;

/// <summary>The cost models of the built-in layer kinds; layer definitions return one of these from CostModel.</summary>
public static class LayerCostModels
{
    /// <summary>Dense and convolutions: weights times inputs summed per output (per pixel).</summary>
    public static readonly ILayerCostModel MatrixProduct = new MatrixProductCostModel();
    /// <summary>Element-wise activations: compare/select, or a table lookup for table-based functions.</summary>
    public static readonly ILayerCostModel Activation = new ActivationCostModel();
    public static readonly ILayerCostModel Softmax = new SoftmaxCostModel();
    /// <summary>Layers that only move or rename data (Input, Flatten, Reshape, Dropout): wires, no logic.</summary>
    public static readonly ILayerCostModel Wiring = new WiringCostModel();

    internal static int Bits(Precision? precision, int fallback = 16) => precision is { Width: > 0 } p ? p.Width : fallback;

    internal static Precision InputPrecision(LayerCostContext c, int i = 0) =>
        c.Graph.Tensor(c.Layer.Inputs[i]).Precision ?? c.Layer.Types.GetValueOrDefault("result") ?? new FixedPrecision(16, 6);

    internal static int ResultBits(LayerCostContext c) =>
        Bits(c.Graph.Tensor(c.Layer.Outputs[0]).Precision ?? c.Layer.Types.GetValueOrDefault("result"));

    /// <summary>
    /// 18-Kbit block RAMs for a table or memory of depth × width bits: the best of the block's aspect ratios
    /// (16K×1 … 512×36). Memories of at most 1 Kbit are LUT RAM/ROM (0 blocks; <see cref="SmallMemoryLuts"/>).
    /// </summary>
    public static long MemoryBlocks(long depth, long width)
    {
        if (depth <= 0 || width <= 0 || depth * width <= 1024) return 0;
        var shapes = new (long Depth, long Width)[] { (16384, 1), (8192, 2), (4096, 4), (2048, 9), (1024, 18), (512, 36) };
        return shapes.Min(s => CeilDiv(depth, s.Depth) * CeilDiv(width, s.Width));
    }

    /// <summary>LUTs of a memory kept in fabric: 64 bits per LUT (LUT6 as ROM), at least one per output bit.</summary>
    public static long SmallMemoryLuts(long depth, long width) => depth * width <= 1024 ? Math.Max(CeilDiv(depth * width, 64), width) : 0;

    internal static long CeilDiv(long a, long b) => (a + b - 1) / b;

    internal static int Log2Ceil(long n) => n <= 1 ? 0 : 64 - System.Numerics.BitOperations.LeadingZeroCount((ulong)(n - 1));

    /// <summary>Elements handled per clock: the whole tensor in io_parallel, one pixel's channels in io_stream.</summary>
    internal static long ParallelElements(LayerCostContext c)
    {
        var output = c.Graph.Tensor(c.Layer.Outputs[0]);
        return c.Parallel || output.Shape.Length == 0 ? output.Size : output.Shape[^1];
    }

    internal static long StreamInterval(LayerCostContext c)
    {
        var output = c.Graph.Tensor(c.Layer.Outputs[0]);
        return c.Parallel || output.Shape.Length < 2 ? 1 : output.Size / output.Shape[^1];
    }
}

/// <summary>
/// Cost of a matrix product (Dense, convolutions: n_in products summed into each of n_out outputs per pixel).
/// Latency strategy, per product: a weight that quantizes to 0 disappears; one whose odd part is narrow (a power of two
/// above all) is a LUT shift-add with one adder per extra signed digit; the rest take a DSP
/// (<see cref="ToolRules.UsesDsp"/>), several when an operand is wider than the DSP's 27×18. Each output then sums its
/// nonzero terms and the bias in an adder tree of accumulator width. With ReuseFactor R, DSPs are shared R ways (R:1
/// operand multiplexers in front). Resource/Unrolled read a new weight block every cycle, so nothing is constant:
/// n_in·n_out/R multipliers, a weight memory of R words, one accumulation per product.
/// </summary>
internal sealed class MatrixProductCostModel : ILayerCostModel
{
    public LayerResources Estimate(LayerCostContext c)
    {
        var layer = c.Layer;
        if (!layer.Weights.TryGetValue("weight", out var kernel) || !layer.Attributes.ContainsKey("n_in") || !layer.Attributes.ContainsKey("n_out"))
            return LayerResources.None() with { Validated = false };
        int nIn = layer.Get<int>("n_in"), nOut = layer.Get<int>("n_out");
        int rf = layer.Get("reuse_factor", 1);
        string strategy = layer.Get("strategy", "Latency");
        int pixels = c.Definition.ComputesPixelsInParallel && c.Parallel ? layer.Get("parallelization_factor", 1) : 1;
        var weightType = layer.Types.GetValueOrDefault("weight") ?? new FixedPrecision(16, 6);
        int dataBits = LayerCostModels.Bits(LayerCostModels.InputPrecision(c));
        int weightBits = LayerCostModels.Bits(weightType);
        int accumBits = LayerCostModels.Bits(layer.Types.GetValueOrDefault("accum") ?? layer.Types.GetValueOrDefault("result"));
        bool signedWeights = weightType is not FixedPrecision { Signed: false } and not IntegerPrecision { Signed: false };
        var rules = c.Rules;

        var quantized = kernel.Data.Select(v => WeightQuantizer.Quantize(v, weightType)).ToArray();
        // Outputs are the kernel's last axis (Dense [n_in, n_out], Conv [kh, kw, c_in, n_out]).
        int outputs = kernel.Data.Length == (long)nIn * nOut ? nOut : 1;
        var terms = new long[outputs];
        for (int i = 0; i < quantized.Length; i++) if (!quantized[i].IsZero) terms[i % outputs]++;
        if (layer.Weights.TryGetValue("bias", out var bias) && bias.Data.Length == outputs)
        {
            var biasType = layer.Types.GetValueOrDefault("bias") ?? weightType;
            for (int o = 0; o < outputs; o++) if (!WeightQuantizer.Quantize(bias.Data[o], biasType).IsZero) terms[o]++;
        }
        long adders = terms.Sum(t => Math.Max(t - 1, 0));
        int levels = LayerCostModels.Log2Ceil(Math.Max(terms.DefaultIfEmpty(1).Max(), 1));
        long outBits = (long)outputs * accumBits;

        if (strategy != "Latency")
            return Multiplexed(c, nIn, nOut, rf, pixels, dataBits, weightBits, accumBits, levels);

        // DSP products at the tool's threshold (point) and one bit either side (the range where its choice is uncertain);
        // a power of two is a shift whatever the threshold.
        (long Dsps, long Luts) Bind(int threshold)
        {
            long dsps = 0, luts = 0;
            foreach (var w in quantized)
            {
                if (w.IsZero) continue;
                int constantBits = w.OddBits + (signedWeights ? 1 : 0);
                if (!w.IsPowerOfTwo && Math.Min(dataBits, constantBits) >= threshold)
                    dsps += LayerCostModels.CeilDiv(Math.Max(dataBits, constantBits), 27) * LayerCostModels.CeilDiv(Math.Min(dataBits, constantBits), 18);
                else
                    luts += (w.SignedDigits - 1L) * Math.Min(accumBits, dataBits + w.OddBits);
            }
            return (dsps, luts);
        }
        var point = Bind(rules.DspMinimumOperandBits);
        var fewer = Bind(rules.DspMinimumOperandBits + 1);
        var more = Bind(Math.Max(rules.DspMinimumOperandBits - 1, 2));
        long adderLuts = adders * accumBits;

        // ReuseFactor R: each DSP serves R products (the ALLOCATION limit), behind an R:1 data multiplexer and a
        // constant-select of the weight operand (one LUT per bit while R fits a LUT6 address, 64 entries).
        long Shared(long dsps) => LayerCostModels.CeilDiv(dsps, rf);
        long MuxLuts(long sharedDsps) => rf <= 1 ? 0
            : sharedDsps * (dataBits * LayerCostModels.CeilDiv(rf - 1, 3) + weightBits * LayerCostModels.CeilDiv(rf, 64));
        var dsp = CostRange.Of(Shared(point.Dsps), Shared(fewer.Dsps), Shared(more.Dsps)).Times(pixels);
        long LutsFor((long Dsps, long Luts) b) => b.Luts + adderLuts + MuxLuts(Shared(b.Dsps));
        var lut = CostRange.Of(LutsFor(point), LutsFor(fewer), LutsFor(more)).Times(pixels);

        var path = new List<PipelineStep>();
        long productBits = (long)quantized.Count(w => !w.IsZero) * accumBits * pixels;
        if (rf > 1)
        {
            path.Add(PipelineStep.Registers("time-multiplexed products", rf - 1, productBits));
            path.Add(PipelineStep.Logic("operand multiplexer", rules.SelectNs, (long)nIn * dataBits * pixels));
        }
        path.Add(PipelineStep.Logic("multiply", point.Dsps > 0 ? rules.MultiplyNs : rules.AddNs(accumBits), productBits));
        for (int level = 1; level <= levels; level++)
        {
            long live = terms.Sum(t => LayerCostModels.CeilDiv(Math.Max(t, 1), 1L << level)) * (long)accumBits * pixels;
            path.Add(PipelineStep.Logic($"adder tree level {level}", rules.AddNs(accumBits), live));
        }
        if (rf > 1 && rules.RegistersSharedLayerOutputs)
            path.Add(PipelineStep.Registers("layer output", 1, outBits * pixels));

        long interval = c.Definition.ComputesPixelsInParallel
            ? (c.Parallel ? layer.Get("n_partitions", 1) * (long)rf : layer.Get<int>("in_height") * (long)layer.Get<int>("in_width") * rf)
            : rf;
        bool validated = c.Parallel && !c.Definition.ComputesPixelsInParallel && rf <= 2;
        return new LayerResources(dsp, lut, CostRange.Zero, path, interval, validated);
    }

    /// <summary>Resource/Unrolled: R cycles over blocks of n_in·n_out/R products with weights read from memory.</summary>
    private static LayerResources Multiplexed(LayerCostContext c, int nIn, int nOut, int rf, int pixels, int dataBits, int weightBits, int accumBits, int levels)
    {
        var rules = c.Rules;
        long products = (long)nIn * nOut;
        long block = LayerCostModels.CeilDiv(products, rf);
        long perProduct = LayerCostModels.CeilDiv(Math.Max(dataBits, weightBits), 27) * LayerCostModels.CeilDiv(Math.Min(dataBits, weightBits), 18);
        bool dspProducts = rules.UsesDsp(dataBits, weightBits);
        long dsps = dspProducts ? block * perProduct : 0;
        // A fabric multiplier of variable operands: about one LUT per partial-product bit pair.
        long fabricMultiplier = dspProducts ? 0 : block * LayerCostModels.CeilDiv((long)dataBits * weightBits, 2);
        long accumulate = block * accumBits;
        long inputSelect = rf > 1 ? block * dataBits * LayerCostModels.CeilDiv(rf - 1, 3) : 0;
        long memoryBits = block * weightBits;
        long bram = rf > 1 ? LayerCostModels.MemoryBlocks(rf, memoryBits) : 0;
        long memoryLuts = rf > 1 && bram == 0 ? LayerCostModels.SmallMemoryLuts(rf, memoryBits) : 0;
        var dsp = CostRange.Exact(dsps).Times(pixels);
        var lut = CostRange.Exact(fabricMultiplier + accumulate + inputSelect + memoryLuts).Times(pixels);
        var path = new List<PipelineStep>
        {
            PipelineStep.Registers("weight memory read", bram > 0 ? rules.RomReadCycles : 0, block * weightBits),
            PipelineStep.Registers("reuse loop", rf, (long)nOut * accumBits),
            PipelineStep.Logic("multiply", rules.MultiplyNs, block * accumBits),
            PipelineStep.Logic("accumulate", rules.AddNs(accumBits), (long)nOut * accumBits),
        };
        long interval = c.Definition.ComputesPixelsInParallel
            ? (c.Parallel ? c.Layer.Get("n_partitions", 1) * (long)rf : c.Layer.Get<int>("in_height") * (long)c.Layer.Get<int>("in_width") * rf)
            : rf;
        return new LayerResources(dsp, lut, CostRange.Exact(bram).Times(pixels), path, interval, Validated: false);
    }
}

/// <summary>
/// Element-wise activations. Table-based functions (sigmoid, tanh, ELU, ...) compute an index and read a ROM: one
/// dual-port copy per two parallel lookups, block RAM above 1 Kbit. Others (ReLU family, hard sigmoid, linear) are a
/// compare and select per element, about one LUT per two result bits.
/// </summary>
internal sealed class ActivationCostModel : ILayerCostModel
{
    public LayerResources Estimate(LayerCostContext c)
    {
        var layer = c.Layer;
        string function = layer.Get("activation", layer.Type.ToLowerInvariant());
        if (function == "linear") return LayerResources.None(LayerCostModels.StreamInterval(c));
        long elements = LayerCostModels.ParallelElements(c);
        int resultBits = LayerCostModels.ResultBits(c);
        int inputBits = LayerCostModels.Bits(LayerCostModels.InputPrecision(c));
        long liveBits = elements * resultBits;
        long interval = LayerCostModels.StreamInterval(c);
        bool usesTable = c.Registry.Activation(function)?.UsesTable ?? false;
        if (!usesTable)
        {
            // x > 0 is an OR over the bits (five per LUT) with the sign; the select is one LUT per two result bits.
            var lut = CostRange.Exact(elements * (LayerCostModels.CeilDiv(resultBits, 2) + LayerCostModels.CeilDiv(inputBits, 5)));
            var steps = new[] { PipelineStep.Logic(function, c.Rules.SelectNs, liveBits) };
            bool known = function is "relu" || layer.Type == "ReLU";
            return new LayerResources(CostRange.Zero, lut, CostRange.Zero, steps, interval, known && c.Parallel);
        }
        int tableSize = layer.Get("table_size", 1024);
        int tableBits = LayerCostModels.Bits(layer.Types.GetValueOrDefault("table"), 18);
        long copies = LayerCostModels.CeilDiv(elements, 2);
        long bram = copies * LayerCostModels.MemoryBlocks(tableSize, tableBits);
        long tableLuts = copies * LayerCostModels.SmallMemoryLuts(tableSize, tableBits);
        // Index per element: x·N/range + N/2 (an adder of input + address bits; the scaling is a shift), two comparisons
        // of the same width for the clamp, and the clamped address select.
        int indexBits = inputBits + LayerCostModels.Log2Ceil(tableSize);
        long indexLuts = elements * (3L * indexBits + LayerCostModels.Log2Ceil(tableSize));
        var path = new[]
        {
            // x·N/range + N/2 (a shift and an add), then clamped at both ends (two compare-and-selects).
            PipelineStep.Logic("table index", 2 * (c.Rules.AddNs(inputBits) + c.Rules.SelectNs), elements * LayerCostModels.Log2Ceil(tableSize)),
            PipelineStep.Registers("table read", bram > 0 ? c.Rules.RomReadCycles : 0, liveBits),
        };
        // Checked on hls4ml's sigmoid and ELU baselines (io_parallel); other tables and io_stream give a range.
        bool checkedFunction = function is "sigmoid" or "elu";
        return new LayerResources(CostRange.Zero, CostRange.Exact(indexLuts + tableLuts), CostRange.Exact(bram), path, interval, checkedFunction && c.Parallel);
    }
}

/// <summary>
/// hls4ml's softmax over slices of n values. stable: max tree, differences, exp table, sum tree, inverse table, n
/// multiplications; latency: no max/differences; argmax: the max tree only. Tables read by ⌈n/2⌉ dual-port copies
/// (exp) and one (inverse).
/// </summary>
internal sealed class SoftmaxCostModel : ILayerCostModel
{
    public LayerResources Estimate(LayerCostContext c)
    {
        var layer = c.Layer;
        var rules = c.Rules;
        var output = c.Graph.Tensor(layer.Outputs[0]);
        int n = Math.Max(layer.Get("n_slice", output.Shape.Length > 0 ? output.Shape[^1] : 1), 1);
        long slices = c.Parallel ? Math.Max(output.Size / n, 1) : 1;
        string implementation = layer.Get("implementation", "stable");
        int inputBits = LayerCostModels.Bits(LayerCostModels.InputPrecision(c));
        int resultBits = LayerCostModels.ResultBits(c);
        int expBits = LayerCostModels.Bits(layer.Types.GetValueOrDefault("exp_table"), 18);
        int invBits = LayerCostModels.Bits(layer.Types.GetValueOrDefault("inv_table"), 18);
        int accumBits = LayerCostModels.Bits(layer.Types.GetValueOrDefault("accum"), expBits + LayerCostModels.Log2Ceil(n));
        int expSize = layer.Get("exp_table_size", layer.Get("table_size", 1024)), invSize = layer.Get("inv_table_size", layer.Get("table_size", 1024));
        int levels = LayerCostModels.Log2Ceil(n);
        long interval = LayerCostModels.StreamInterval(c);
        var steps = new List<PipelineStep>();
        long maxTreeLuts = (n - 1L) * 2 * inputBits;
        if (implementation == "argmax")
        {
            for (int l = 1; l <= levels; l++) steps.Add(PipelineStep.Logic("max", rules.AddNs(inputBits) + rules.SelectNs, (n >> l) * (long)inputBits * slices));
            return new LayerResources(CostRange.Zero, CostRange.Exact(maxTreeLuts * slices + n * (long)resultBits * slices), CostRange.Zero, steps, interval, Validated: false);
        }
        bool stable = implementation != "latency";
        long luts = 0;
        if (stable)
        {
            for (int l = 1; l <= levels; l++)
                steps.Add(PipelineStep.Logic("max", rules.AddNs(inputBits) + rules.SelectNs, ((long)n + (n >> l)) * inputBits * slices));
            steps.Add(PipelineStep.Logic("difference", rules.AddNs(inputBits), n * (long)inputBits * slices));
            luts += maxTreeLuts + n * (long)inputBits;
        }
        steps.Add(PipelineStep.Registers("exp table read", rules.RomReadCycles, n * (long)expBits * slices));
        for (int l = 1; l <= levels; l++)
            steps.Add(PipelineStep.Logic("sum", rules.AddNs(16), ((long)n + (n >> l)) * accumBits * slices));
        steps.Add(PipelineStep.Registers("inverse table read", rules.RomReadCycles, ((long)n * expBits + invBits) * slices));
        bool dsp = rules.UsesDsp(expBits, invBits);
        steps.Add(PipelineStep.Logic("normalise", dsp ? rules.MultiplyNs : rules.AddNs(expBits), n * (long)resultBits * slices));
        luts += (n - 1L) * accumBits + n * (long)Math.Max(LayerCostModels.Log2Ceil(expSize), 1) + LayerCostModels.Log2Ceil(invSize);
        if (!dsp) luts += n * (long)expBits * invBits / 2;
        long expCopies = LayerCostModels.CeilDiv(n, 2);
        long bram = expCopies * LayerCostModels.MemoryBlocks(expSize, expBits) + LayerCostModels.MemoryBlocks(invSize, invBits);
        luts += expCopies * LayerCostModels.SmallMemoryLuts(expSize, expBits) + LayerCostModels.SmallMemoryLuts(invSize, invBits);
        // Vitis HLS 2024.1 was seen to use twice the dual-port count (8 BRAM18 instead of 4 at n = 5, jet tagger): the
        // upper bound, as one observation does not make a rule.
        long bramHigh = c.Rules.Generation == HlsToolGeneration.VitisHls ? 2 * bram : bram;
        long dsps = dsp ? n : 0;
        return new LayerResources(CostRange.Exact(dsps * slices), CostRange.Exact(luts * slices), new CostRange(bram, bram, bramHigh).Times(slices),
            steps, interval, Validated: stable && c.Parallel);
    }
}

internal sealed class WiringCostModel : ILayerCostModel
{
    public LayerResources Estimate(LayerCostContext c) => LayerResources.None(LayerCostModels.StreamInterval(c));
}
