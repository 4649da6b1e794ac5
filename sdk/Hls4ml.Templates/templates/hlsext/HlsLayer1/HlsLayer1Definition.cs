using Hls4ml.Extensibility;
using Hls4ml.Ir;

namespace HlsLayer1;

/// <summary>
/// The IR layer: shape inference, the double-precision reference the C simulation is compared with, and the settings
/// users may configure. This skeleton copies its input (output = input, converted to the result type): replace
/// Evaluate and the C++ kernel in nnet_utils/ with your layer's computation.
/// </summary>
public sealed class HlsLayer1Definition : LayerDefinition
{
    public override string TypeName => HlsLayer1Extension.TypeName;

    public override IReadOnlyList<AttributeSpec> Attributes { get; } = new[]
    {
        // <HlsLayerConfig Include="my_layer" Unroll="false" /> selects a pipelined loop (fewer LUTs, more cycles).
        AttributeSpec.Bool("unroll", "Unroll", true, "unroll the element loop"),
    };

    public override int[] InferShape(Layer layer, IReadOnlyList<int[]> inputShapes)
    {
        layer.Attributes["n_in"] = inputShapes[0].Aggregate(1, (a, b) => a * b);
        return inputShapes[0];
    }

    public override double[] Evaluate(Layer layer, IReadOnlyList<double[]> inputs) => inputs[0].ToArray();
}
