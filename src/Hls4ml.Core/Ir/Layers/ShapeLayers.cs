using Hls4ml.Extensibility;

namespace Hls4ml.Ir.Layers;

/// <summary>Keras Dropout: identity at inference; removed by the RemoveDropout pass.</summary>
public sealed class DropoutDefinition : LayerDefinition
{
    public override string TypeName => "Dropout";
    public override Passes.Costs.ILayerCostModel? CostModel => Passes.Costs.LayerCostModels.Wiring;
    public override int[] InferShape(Layer layer, IReadOnlyList<int[]> inputShapes) => inputShapes[0];
    public override double[] Evaluate(Layer layer, IReadOnlyList<double[]> inputs) => inputs[0];
}

/// <summary>
/// Flatten to 1-D (any input rank, row-major). In io_parallel tensors are flat arrays already, so the
/// AliasParallelReshapes pass aliases it away; when it stays (the whole model) it copies without re-quantizing.
/// </summary>
public sealed class FlattenDefinition : LayerDefinition
{
    public override string TypeName => "Flatten";
    public override Passes.Costs.ILayerCostModel? CostModel => Passes.Costs.LayerCostModels.Wiring;
    public override int[] InferShape(Layer layer, IReadOnlyList<int[]> inputShapes) =>
        new[] { inputShapes[0].Aggregate(1, (a, b) => a * b) };
    public override void InferPrecisions(Layer layer, PrecisionContext context)
    {
        if (!context.ExplicitSlots.Contains("result")) layer.Types["result"] = context.InputPrecision(layer);
    }
    public override double[] Evaluate(Layer layer, IReadOnlyList<double[]> inputs) => inputs[0];
}
