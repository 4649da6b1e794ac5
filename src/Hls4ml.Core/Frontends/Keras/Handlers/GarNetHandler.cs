using Hls4ml.Diagnostics;
using Hls4ml.Extensibility;
using Hls4ml.Ir;
using Newtonsoft.Json.Linq;

namespace Hls4ml.Frontends.Keras.Handlers;

/// <summary>
/// The custom Keras layers GarNet and GarNetStack (hls4ml's contrib garnet.py, simplified=True, input_format 'xn')
/// → IR GarNet. Weights FLR_kernel/FLR_bias, S_*, Fout_* (GarNetStack: FLR0_kernel, ... per sublayer) are concatenated
/// in sublayer order. quantize_transforms: the stored weights are used as they are; their precision is the layer's
/// WeightPrecision/BiasPrecision.
/// </summary>
public sealed class GarNetHandler : IKerasLayerHandler
{
    public IReadOnlyList<string> ClassNames { get; } = new[] { "GarNet", "GarNetStack" };

    public void Parse(KerasLayerContext context)
    {
        bool stack = context.ClassName == "GarNetStack";
        if (!context.GetBool("simplified", true))
            throw context.Error(DiagnosticCodes.UnsupportedLayer,
                $"{context.ClassName} layer '{context.LayerName}' has simplified=False; only the simplified GarNet (as hls4ml implements it) is supported: retrain with simplified=True.");
        var format = context.GetString("input_format", "xn");
        if (format != "xn" || context.Inputs.Count != 2)
            throw context.Error(DiagnosticCodes.UnsupportedLayer,
                $"{context.ClassName} layer '{context.LayerName}' has input_format '{format}' with {context.Inputs.Count} input(s); only 'xn' (vertex features and the vertex count) is supported.");
        int[] Ints(string key)
        {
            var token = context.Config[key];
            if (token is JArray a && a.All(t => t.Type == JTokenType.Integer && (long)t is > 0 and < 1 << 16)) return a.Select(t => (int)(long)t).ToArray();
            if (token is JValue { Type: JTokenType.Integer } v && (long)v is > 0 and < 1 << 16) return new[] { (int)(long)v };
            throw context.Error(DiagnosticCodes.UnreadableModelFile, $"{context.ClassName} layer '{context.LayerName}' has no valid '{key}' (a positive integer{(stack ? " per sublayer" : "")}).");
        }
        var aggregators = Ints("n_aggregators");
        var filters = Ints("n_filters");
        var propagate = Ints("n_propagate");
        int sublayers = stack ? context.GetInt("n_sublayers", aggregators.Length) : 1;
        if (aggregators.Length != sublayers || filters.Length != sublayers || propagate.Length != sublayers)
            throw context.Error(DiagnosticCodes.UnreadableModelFile,
                $"{context.ClassName} layer '{context.LayerName}' lists n_aggregators/n_filters/n_propagate for {aggregators.Length}/{filters.Length}/{propagate.Length} sublayers, expected {sublayers}.");
        var collapseToken = context.Config["collapse"];
        var collapse = collapseToken is null || collapseToken.Type == JTokenType.Null ? "none" : context.GetString("collapse", "none");
        if (!Ir.Layers.Graph.GarNetDefinition.Collapses.Contains(collapse))
            throw context.Error(DiagnosticCodes.UnsupportedLayer, $"{context.ClassName} layer '{context.LayerName}' has collapse '{collapse}'; supported: mean, sum, max or none.");
        var activation = KerasActivations.ReadName(context, "output_activation");
        var canonical = context.Registry.CanonicalActivation(activation)
            ?? throw context.Error(DiagnosticCodes.UnsupportedActivation,
                $"{context.ClassName} layer '{context.LayerName}' uses output_activation '{activation}', which is not supported. Supported: {string.Join(", ", context.Registry.ActivationNames)}.");

        var kernels = new List<float>();
        var biases = new List<float>();
        int fin = context.InputShapes[0].Length == 2 ? context.InputShapes[0][1] : -1;
        for (int i = 0; i < sublayers; i++)
        {
            var suffix = stack ? i.ToString(System.Globalization.CultureInfo.InvariantCulture) : "";
            foreach (var (name, rows, columns) in new[] { ("FLR", fin, propagate[i]), ("S", fin, aggregators[i]), ("Fout", aggregators[i] * propagate[i], filters[i]) })
            {
                var kernel = context.RequireWeight($"{name}{suffix}_kernel");
                context.RequireShape(kernel, $"{name}{suffix}_kernel", rows, columns);
                kernels.AddRange(kernel.Data);
            }
            foreach (var (name, size) in new[] { ("FLR", propagate[i]), ("S", aggregators[i]), ("Fout", filters[i]) })
            {
                var bias = context.RequireWeight($"{name}{suffix}_bias");
                context.RequireShape(bias, $"{name}{suffix}_bias", size);
                biases.AddRange(bias.Data);
            }
            fin = filters[i];
        }
        var attributes = new Dictionary<string, object?>
        {
            ["n_aggregators"] = aggregators, ["n_filters"] = filters, ["n_propagate"] = propagate,
            ["collapse"] = collapse, ["mean_by_nvert"] = context.GetBool("mean_by_nvert", false), ["output_activation"] = canonical,
        };
        var weights = new Dictionary<string, WeightVariable>
        {
            ["weight"] = new() { Name = "weight", Shape = new[] { kernels.Count }, Data = kernels.ToArray() },
            ["bias"] = new() { Name = "bias", Shape = new[] { biases.Count }, Data = biases.ToArray() },
        };
        context.AddLayer("GarNet", context.LayerName, context.Inputs, attributes, weights);
    }
}
