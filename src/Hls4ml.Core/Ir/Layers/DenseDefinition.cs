using Hls4ml.Diagnostics;
using Hls4ml.Extensibility;

namespace Hls4ml.Ir.Layers;

/// <summary>y = x·W + b over the last axis (io_parallel: flat input of n_in values).</summary>
public sealed class DenseDefinition : LayerDefinition
{
    public override string TypeName => "Dense";
    public override bool HasReuseFactor => true;
    public override bool AcceptsFoldedBatchNorm => true;
    public override bool AcceptsFoldedBias => true;
    public override bool ReadsFlatInput => true;

    /// <summary>Resource and Unrolled time-multiplex the multipliers over ReuseFactor cycles; results are bit-identical to Latency.</summary>
    public override IReadOnlyList<string> Strategies { get; } = new[] { "Latency", "Resource", "Unrolled" };

    public override IReadOnlyList<TypeSlot> TypeSlots { get; } = new[]
    {
        new TypeSlot("result"), new TypeSlot("accum"), new TypeSlot("weight"), new TypeSlot("bias"),
    };

    public override int[] InferShape(Layer layer, IReadOnlyList<int[]> inputShapes)
    {
        var input = inputShapes[0];
        if (input.Length != 1)
            throw new HlsException(DiagnosticCodes.ShapeMismatch,
                $"Dense needs a 1-D input (got shape [{string.Join(",", input)}]); add a Flatten layer before it.", layer: layer.Name);
        var kernel = layer.Weights["weight"];
        if (kernel.Shape.Length != 2 || kernel.Shape[0] != input[0])
            throw new HlsException(DiagnosticCodes.WeightShapeMismatch,
                $"kernel shape [{string.Join(",", kernel.Shape)}] does not fit input size {input[0]}.", layer: layer.Name);
        layer.Attributes["n_in"] = input[0];
        layer.Attributes["n_out"] = kernel.Shape[1];
        return new[] { kernel.Shape[1] };
    }

    public override double[] Evaluate(Layer layer, IReadOnlyList<double[]> inputs)
    {
        int nIn = layer.Get<int>("n_in"), nOut = layer.Get<int>("n_out");
        var w = layer.Weights["weight"].Data;
        var b = layer.Weights.TryGetValue("bias", out var bias) ? bias.Data : null;
        var x = inputs[0];
        var y = new double[nOut];
        for (int j = 0; j < nOut; j++) y[j] = b is null ? 0 : b[j];
        for (int i = 0; i < nIn; i++)
        {
            var xi = x[i];
            for (int j = 0; j < nOut; j++) y[j] += xi * w[i * nOut + j];
        }
        return y;
    }
}
