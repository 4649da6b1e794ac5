using Hls4ml.Extensibility;
using Hls4ml.Ir;

namespace IdLayer;

/// <summary>Step 3: the IR layer. Output shape = input shape; n_in = element count; one configurable attribute.</summary>
public sealed class IdLayerDefinition : LayerDefinition
{
    public override string TypeName => "ID";

    public override IReadOnlyList<AttributeSpec> Attributes { get; } = new[]
    {
        // <HlsLayerConfig Include="id1" Unroll="false" /> selects a rolled copy loop (fewer LUTs, more cycles).
        AttributeSpec.Bool("unroll", "Unroll", true, "unroll the copy loop"),
    };

    public override int[] InferShape(Layer layer, IReadOnlyList<int[]> inputShapes)
    {
        layer.Attributes["n_in"] = inputShapes[0].Aggregate(1, (a, b) => a * b);
        return inputShapes[0];
    }

    public override double[] Evaluate(Layer layer, IReadOnlyList<double[]> inputs) => inputs[0];
}
