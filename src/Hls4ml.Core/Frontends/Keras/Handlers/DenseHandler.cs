using Hls4ml.Diagnostics;
using Hls4ml.Extensibility;
using Hls4ml.Ir;

namespace Hls4ml.Frontends.Keras.Handlers;

/// <summary>
/// Keras Dense → IR Dense (weights <c>weight</c> = kernel [n_in, n_out] and <c>bias</c>, zeros when use_bias is
/// false), followed by its activation as a separate layer <c>&lt;layer&gt;_&lt;activation&gt;</c>.
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

        var weights = new Dictionary<string, WeightVariable>
        {
            ["weight"] = new() { Name = "weight", Shape = kernel.Shape, Data = kernel.Data },
            ["bias"] = new() { Name = "bias", Shape = bias.Shape, Data = bias.Data },
        };
        var dense = context.AddLayer("Dense", context.LayerName, context.Inputs, weights: weights);
        KerasActivations.AddSplitActivation(context, dense);
    }
}
