using Hls4ml.Diagnostics;
using Hls4ml.Extensibility;

namespace Hls4ml.Ir.Layers.Onnx;

/// <summary>
/// Output element k is input element <c>indices[k]</c> (flat, row-major): the ONNX frontend's Slice, Split and Gather
/// of run-time tensors with constant positions. Pure wiring in io_parallel; the template copies runs of consecutive
/// indices (<c>runs</c>: output start, input start, length). The result keeps the input's type.
/// </summary>
public sealed class IndexSelectDefinition : LayerDefinition
{
    public override string TypeName => "IndexSelect";

    public override int[] InferShape(Layer layer, IReadOnlyList<int[]> inputShapes)
    {
        int nIn = inputShapes[0].Aggregate(1, (a, b) => a * b);
        var indices = layer.Get<int[]>("indices");
        var shape = layer.Get<int[]>("out_shape");
        if (indices.Length == 0 || indices.Any(i => i < 0 || i >= nIn) || shape.Aggregate(1, (a, b) => a * b) != indices.Length)
            throw new HlsException(DiagnosticCodes.ShapeMismatch,
                $"IndexSelect takes {indices.Length} elements of an input of {nIn} into shape [{string.Join(",", shape)}]; an index is out of range or the shape does not fit.", layer: layer.Name);
        var runs = new List<int>();
        for (int k = 0; k < indices.Length;)
        {
            int length = 1;
            while (k + length < indices.Length && indices[k + length] == indices[k] + length) length++;
            runs.AddRange(new[] { k, indices[k], length });
            k += length;
        }
        layer.Attributes["n_in"] = nIn;
        layer.Attributes["n_out"] = indices.Length;
        layer.Attributes["runs"] = runs.ToArray();
        layer.Attributes["run_count"] = runs.Count / 3;
        return shape;
    }

    public override void InferPrecisions(Layer layer, PrecisionContext context)
    {
        if (!context.ExplicitSlots.Contains("result")) layer.Types["result"] = context.InputPrecision(layer);
    }

    public override double[] Evaluate(Layer layer, IReadOnlyList<double[]> inputs) =>
        layer.Get<int[]>("indices").Select(i => inputs[0][i]).ToArray();
}
