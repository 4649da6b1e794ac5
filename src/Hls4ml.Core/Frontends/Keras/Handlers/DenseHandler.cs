using Hls4ml.Diagnostics;
using Hls4ml.Extensibility;
using Hls4ml.Ir;

namespace Hls4ml.Frontends.Keras.Handlers;

/// <summary>
/// Keras Dense → IR Dense (weights <c>weight</c> = kernel [n_in, n_out] and <c>bias</c>, zeros when use_bias is
/// false), followed by its activation as a separate layer <c>&lt;layer&gt;_&lt;activation&gt;</c>. On a 2-D or 3-D input (a sequence
/// or a feature map) Keras applies it to the last axis: an IR Conv1D/Conv2D with a 1 (x 1) kernel.
/// </summary>
public sealed class DenseHandler : IKerasLayerHandler
{
    public IReadOnlyList<string> ClassNames { get; } = new[] { "Dense" };

    public void Parse(KerasLayerContext context)
    {
        int units = context.GetInt("units", -1);
        if (units <= 0)
            throw context.Error(DiagnosticCodes.UnreadableModelFile,
                $"Dense layer '{context.LayerName}' has {(units == -1 && context.Config["units"] is null ? "no 'units'" : $"units={units}")} in its config; expected a positive number of outputs.");
        // Validate the activation before emitting anything, so an unsupported one fails without partial output.
        KerasActivations.Validate(context, KerasActivations.ReadName(context));

        var kernel = context.RequireWeight("kernel");
        if (kernel.Shape.Length != 2 || kernel.Shape[1] != units)
            throw context.Error(DiagnosticCodes.WeightShapeMismatch,
                $"Dense layer '{context.LayerName}' has units={units} but its kernel has shape [{string.Join(",", kernel.Shape)}] (expected [n_in,{units}]).");
        WeightVariable bias;
        if (context.GetBool("use_bias", true))
        {
            bias = context.RequireWeight("bias");
            context.RequireShape(bias, "bias", units);
        }
        else
            bias = new WeightVariable { Name = "bias", Shape = new[] { units }, Data = new float[units] };

        var input = context.InputShapes[0];
        if (input.Length > 1)
        {
            // Keras applies Dense to the last axis: on a sequence [T, F] or a feature map [H, W, C] it is the same
            // product at every position, i.e. a 1 (x 1) convolution — which keeps the other axes and every
            // convolution setting (strategy, reuse factor, io_stream). This is also TimeDistributed(Dense).
            if (input.Length > 3)
                throw context.Error(DiagnosticCodes.ShapeMismatch,
                    $"Dense layer '{context.LayerName}' receives shape [{string.Join(",", input)}]; Dense on the last axis is supported for 1-D to 3-D inputs.");
            if (kernel.Shape[0] != input[^1])
                throw context.Error(DiagnosticCodes.WeightShapeMismatch,
                    $"Dense layer '{context.LayerName}' has a kernel of shape [{string.Join(",", kernel.Shape)}] for inputs with {input[^1]} features on the last axis.");
            int rank = input.Length - 1;
            var ones = Enumerable.Repeat(1, rank).ToArray();
            var pointwise = new Dictionary<string, WeightVariable>
            {
                ["weight"] = new() { Name = "weight", Shape = ones.Concat(kernel.Shape).ToArray(), Data = kernel.Data },
                ["bias"] = new() { Name = "bias", Shape = bias.Shape, Data = bias.Data },
            };
            var conv = context.AddLayer(rank == 1 ? "Conv1D" : "Conv2D", context.LayerName, context.Inputs,
                KerasConvolution.Attributes(ones, ones, "valid"), pointwise);
            KerasActivations.AddSplitActivation(context, conv);
            return;
        }
        var weights = new Dictionary<string, WeightVariable>
        {
            ["weight"] = new() { Name = "weight", Shape = kernel.Shape, Data = kernel.Data },
            ["bias"] = new() { Name = "bias", Shape = bias.Shape, Data = bias.Data },
        };
        var dense = context.AddLayer("Dense", context.LayerName, context.Inputs, weights: weights);
        KerasActivations.AddSplitActivation(context, dense);
    }
}
