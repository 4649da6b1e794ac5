using Hls4ml.Diagnostics;
using Hls4ml.Extensibility;

namespace Hls4ml.Ir.Layers;

/// <summary>
/// Convolution over channels-last tensors (Keras Conv1D/Conv2D, and the pointwise half of SeparableConv). Attributes
/// from the frontend: <c>kernel_size</c>, <c>strides</c> (int[rank]) and <c>padding</c> (valid, same, causal);
/// weights <c>weight</c> in Keras layout [k..., n_chan, n_filt] and <c>bias</c> [n_filt]. A 1-D convolution is a 2-D
/// one of height 1, so both share one template and kernel. Precisions as Dense: accum/weight/bias/result default to the
/// model precision (hls4ml's default behaviour).
/// </summary>
public abstract class ConvDefinitionBase : LayerDefinition
{
    /// <summary>Number of spatial axes (1 or 2).</summary>
    public abstract int Rank { get; }
    public override int SpatialRank => Rank;
    public override bool ComputesPixelsInParallel => true;
    public override bool AcceptsFoldedBias => true;
    // Depthwise kernels hold one filter per input channel, not the BatchNormalization's channels on their last axis.
    public override bool AcceptsFoldedBatchNorm => !Depthwise;

    /// <summary>Depthwise: one filter (or depth_multiplier filters) per input channel.</summary>
    public virtual bool Depthwise => false;

    public override bool HasReuseFactor => true;

    /// <summary>
    /// hls4ml checks a depthwise layer's reuse factor as if it were a product of n_in = kernel·n_chan inputs into the
    /// n_chan·depth_multiplier outputs; that set is accepted here too (hls4ml's DepthwiseConv accepts RF 4 for a 3×3
    /// kernel over 4 channels). The real product count stays kernel·n_filt (one multiplication per tap and output
    /// channel), which multiplier_limit uses: hls4ml's n_in·n_out counts n_chan times too many.
    /// </summary>
    public override (int NIn, int NOut) ReuseFactorShape(Layer layer) => Depthwise
        ? (layer.Get<int>("n_in") * layer.Get<int>("n_chan"), layer.Get<int>("n_out"))
        : base.ReuseFactorShape(layer);

    /// <summary>
    /// A convolution's per-pixel matrix product shares the dense kernels, so it has all three strategies (bit-identical);
    /// the depthwise product is its own block-diagonal loop and has Latency only.
    /// </summary>
    public override IReadOnlyList<string> Strategies => Depthwise ? LatencyOnly : AllStrategies;

    private static readonly string[] LatencyOnly = { "Latency" }, AllStrategies = { "Latency", "Resource", "Unrolled" };

    public override IReadOnlyList<AttributeSpec> Attributes { get; } = new[]
    {
        AttributeSpec.Int("parallelization_factor", "ParallelizationFactor", 1,
            "output pixels computed per pipeline iteration (must divide the number of output pixels; hls4ml's ParallelizationFactor)"),
        SpatialGeometry.ConvImplementation,
    };

    public override IReadOnlyList<TypeSlot> TypeSlots { get; } = new[]
    {
        new TypeSlot("result"), new TypeSlot("accum"), new TypeSlot("weight"), new TypeSlot("bias"),
    };

    public override int[] InferShape(Layer layer, IReadOnlyList<int[]> inputShapes)
    {
        var input = inputShapes[0];
        SpatialGeometry.RequireRank(input, Rank, TypeName, layer.Name);
        var kernelSize = SpatialGeometry.Ints(layer, "kernel_size", Rank);
        var strides = SpatialGeometry.Ints(layer, "strides", Rank);
        var padding = layer.Get("padding", "valid");
        int nChan = input[^1];

        var kernel = layer.Weights.TryGetValue("weight", out var k) ? k
            : throw new HlsException(DiagnosticCodes.MissingWeights, $"{TypeName} has no 'weight'.", layer: layer.Name);
        // Keras layout: [k..., n_chan, n_filt] (depthwise: [k..., n_chan, depth_multiplier]).
        if (kernel.Shape.Length != Rank + 2 || !kernel.Shape.Take(Rank).SequenceEqual(kernelSize) || kernel.Shape[Rank] != nChan)
            throw new HlsException(DiagnosticCodes.WeightShapeMismatch,
                $"kernel shape [{string.Join(",", kernel.Shape)}] does not fit kernel_size [{string.Join(",", kernelSize)}] and {nChan} input channels.", layer: layer.Name);
        int last = kernel.Shape[Rank + 1];
        int nFilt = Depthwise ? nChan * last : last;
        if (layer.Weights.TryGetValue("bias", out var bias) && bias.Data.Length != nFilt)
            throw new HlsException(DiagnosticCodes.WeightShapeMismatch,
                $"bias has {bias.Data.Length} values, expected {nFilt}.", layer: layer.Name);

        var (h, w) = SpatialGeometry.SetWindowAttributes(layer, input, Rank, kernelSize, strides, padding, "filt");
        layer.Attributes["n_filt"] = nFilt;
        if (Depthwise) layer.Attributes["depth_multiplier"] = last;
        layer.Attributes["n_pixels"] = h.Out * w.Out;
        // Per output pixel the layer is a matrix product: n_in products summed into each of n_out outputs
        // (the sizes the reuse-factor rule and the multiplier limit use, as for Dense).
        layer.Attributes["n_in"] = Depthwise ? h.Kernel * w.Kernel : h.Kernel * w.Kernel * nChan;
        layer.Attributes["n_out"] = nFilt;
        layer.Attributes["pointwise"] = h.Kernel == 1 && w.Kernel == 1;
        return Rank == 1 ? new[] { w.Out, nFilt } : new[] { h.Out, w.Out, nFilt };
    }

    public override double[] Evaluate(Layer layer, IReadOnlyList<double[]> inputs)
    {
        var x = inputs[0];
        int ih = layer.Get<int>("in_height"), iw = layer.Get<int>("in_width"), nc = layer.Get<int>("n_chan");
        int kh = layer.Get<int>("filt_height"), kw = layer.Get<int>("filt_width"), nf = layer.Get<int>("n_filt");
        int sh = layer.Get<int>("stride_height"), sw = layer.Get<int>("stride_width");
        int pt = layer.Get<int>("pad_top"), pl = layer.Get<int>("pad_left");
        int oh = layer.Get<int>("out_height"), ow = layer.Get<int>("out_width");
        int dm = Depthwise ? layer.Get<int>("depth_multiplier") : 1;
        var w = layer.Weights["weight"].Data;
        var b = layer.Weights.TryGetValue("bias", out var bias) ? bias.Data : null;
        var y = new double[oh * ow * nf];
        for (int r = 0; r < oh; r++)
            for (int c = 0; c < ow; c++)
            {
                var acc = new double[nf];
                if (b is not null) for (int f = 0; f < nf; f++) acc[f] = b[f];
                for (int i = 0; i < kh; i++)
                {
                    int yy = r * sh + i - pt;
                    if (yy < 0 || yy >= ih) continue;
                    for (int j = 0; j < kw; j++)
                    {
                        int xx = c * sw + j - pl;
                        if (xx < 0 || xx >= iw) continue;
                        int pixel = (yy * iw + xx) * nc, tap = (i * kw + j) * nc;
                        for (int ch = 0; ch < nc; ch++)
                        {
                            double v = x[pixel + ch];
                            if (Depthwise)
                                for (int m = 0; m < dm; m++) acc[ch * dm + m] += v * w[(tap + ch) * dm + m];
                            else
                                for (int f = 0; f < nf; f++) acc[f] += v * w[(tap + ch) * nf + f];
                        }
                    }
                }
                Array.Copy(acc, 0, y, (r * ow + c) * nf, nf);
            }
        return y;
    }
}

/// <summary>Keras Conv1D: input [width, n_chan] → [out_width, n_filt].</summary>
public sealed class Conv1DDefinition : ConvDefinitionBase
{
    public override string TypeName => "Conv1D";
    public override int Rank => 1;
}

/// <summary>Keras Conv2D: input [height, width, n_chan] → [out_height, out_width, n_filt].</summary>
public sealed class Conv2DDefinition : ConvDefinitionBase
{
    public override string TypeName => "Conv2D";
    public override int Rank => 2;
}

/// <summary>
/// Keras DepthwiseConv1D (and the depthwise half of SeparableConv1D): channel c convolved with depth_multiplier
/// filters, output channel c·depth_multiplier + m. Kernel [k, n_chan, depth_multiplier].
/// </summary>
public sealed class DepthwiseConv1DDefinition : ConvDefinitionBase
{
    public override string TypeName => "DepthwiseConv1D";
    public override int Rank => 1;
    public override bool Depthwise => true;
}

/// <summary>Keras DepthwiseConv2D: kernel [kh, kw, n_chan, depth_multiplier]; any depth_multiplier.</summary>
public sealed class DepthwiseConv2DDefinition : ConvDefinitionBase
{
    public override string TypeName => "DepthwiseConv2D";
    public override int Rank => 2;
    public override bool Depthwise => true;
}
