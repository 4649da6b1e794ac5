using Hls4ml.Extensibility;

namespace Hls4ml.Ir.Layers;

/// <summary>A model input: produces the tensor the testbench feeds (input_t in the generated code).</summary>
public sealed class InputLayerDefinition : LayerDefinition
{
    public override string TypeName => "Input";
    public override Passes.Costs.ILayerCostModel? CostModel => Passes.Costs.LayerCostModels.Wiring;
    public override int[] InferShape(Layer layer, IReadOnlyList<int[]> inputShapes) => layer.Get<int[]>("shape");
    public override double[] Evaluate(Layer layer, IReadOnlyList<double[]> inputs) => inputs[0];
}
