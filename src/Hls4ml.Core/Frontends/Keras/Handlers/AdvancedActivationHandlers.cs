using Hls4ml.Diagnostics;
using Hls4ml.Extensibility;
using Hls4ml.Ir;
using Newtonsoft.Json.Linq;

namespace Hls4ml.Frontends.Keras.Handlers;

/// <summary>Keras LeakyReLU → IR LeakyReLU (alpha: Keras 2 'alpha', default 0.3; Keras 3 'negative_slope', default 0.2).</summary>
public sealed class LeakyReLUHandler : IKerasLayerHandler
{
    public IReadOnlyList<string> ClassNames { get; } = new[] { "LeakyReLU" };

    public void Parse(KerasLayerContext context)
    {
        var alpha = KerasActivations.OptionalNumber(context, "alpha")
            ?? KerasActivations.OptionalNumber(context, "negative_slope")
            ?? (context.Config.ContainsKey("negative_slope") ? 0.2 : 0.3);
        context.AddLayer("LeakyReLU", context.LayerName, context.Inputs, new Dictionary<string, object?> { ["activ_param"] = alpha });
    }
}

/// <summary>Keras ThresholdedReLU → IR ThresholdedReLU (theta, default 1.0).</summary>
public sealed class ThresholdedReLUHandler : IKerasLayerHandler
{
    public IReadOnlyList<string> ClassNames { get; } = new[] { "ThresholdedReLU" };

    public void Parse(KerasLayerContext context) =>
        context.AddLayer("ThresholdedReLU", context.LayerName, context.Inputs,
            new Dictionary<string, object?> { ["activ_param"] = KerasActivations.OptionalNumber(context, "theta") ?? 1.0 });
}

/// <summary>Keras ELU layer → IR ELU (alpha, default 1.0).</summary>
public sealed class ELUHandler : IKerasLayerHandler
{
    public IReadOnlyList<string> ClassNames { get; } = new[] { "ELU" };

    public void Parse(KerasLayerContext context) =>
        context.AddLayer("ELU", context.LayerName, context.Inputs,
            new Dictionary<string, object?> { ["activ_param"] = KerasActivations.OptionalNumber(context, "alpha") ?? 1.0 });
}

/// <summary>
/// Keras PReLU → IR PReLU. Keras stores alpha with size 1 on every shared axis (shared_axes, counted with the batch
/// axis as 0); the converter broadcasts it to one alpha per input element, so any shared_axes works.
/// </summary>
public sealed class PReLUHandler : IKerasLayerHandler
{
    public IReadOnlyList<string> ClassNames { get; } = new[] { "PReLU" };

    public void Parse(KerasLayerContext context)
    {
        var shape = context.InputShapes[0];
        var shared = new HashSet<int>();
        switch (context.Config["shared_axes"])
        {
            case null or { Type: JTokenType.Null }: break;
            case JArray axes:
                foreach (var a in axes) shared.Add(SharedAxis(context, a, shape.Length));
                break;
            case var single: shared.Add(SharedAxis(context, single, shape.Length)); break;
        }
        var paramShape = shape.Select((d, i) => shared.Contains(i) ? 1 : d).ToArray();
        var alpha = context.RequireWeight("alpha");
        int expected = paramShape.Aggregate(1, (a, b) => a * b);
        if (alpha.Data.Length != expected)
            throw context.Error(DiagnosticCodes.WeightShapeMismatch,
                $"PReLU layer '{context.LayerName}': alpha has shape [{string.Join(",", alpha.Shape)}] but input [{string.Join(",", shape)}] with shared_axes [{string.Join(",", shared.Order().Select(a => a + 1))}] needs [{string.Join(",", paramShape)}].");
        var full = Broadcast(alpha.Data, paramShape, shape);
        context.AddLayer("PReLU", context.LayerName, context.Inputs, new Dictionary<string, object?>
        {
            ["shared_axes"] = shared.Order().Select(a => a + 1).ToArray(),
        }, new Dictionary<string, WeightVariable>
        {
            ["param"] = new() { Name = "param", Shape = shape.ToArray(), Data = full },
        });
    }

    private static int SharedAxis(KerasLayerContext context, JToken token, int rank)
    {
        if (!KerasSpatialConfig.IsInt(token) || (int)token < 1 || (int)token > rank)
            throw context.Error(DiagnosticCodes.UnsupportedLayer,
                $"PReLU layer '{context.LayerName}' has shared axis {token.ToString(Newtonsoft.Json.Formatting.None)}; shared axes are 1..{rank} (0 is the batch).");
        return (int)token - 1;
    }

    /// <summary>Row-major broadcast of 'data' (shape 'from', 1 on broadcast axes) to shape 'to'.</summary>
    public static float[] Broadcast(float[] data, int[] from, int[] to)
    {
        int n = to.Aggregate(1, (a, b) => a * b);
        var result = new float[n];
        var index = new int[to.Length];
        for (int i = 0; i < n; i++)
        {
            int source = 0;
            for (int d = 0; d < to.Length; d++) source = source * from[d] + (from[d] == 1 ? 0 : index[d]);
            result[i] = data[source];
            for (int d = to.Length - 1; d >= 0; d--)
            {
                if (++index[d] < to[d]) break;
                index[d] = 0;
            }
        }
        return result;
    }
}

/// <summary>
/// Keras Softmax layer → IR Softmax over its axis (an int or a one-element list; -1 by default). hls4ml's generated
/// code for this layer does not compile; here it is the same IR layer as Activation('softmax').
/// </summary>
public sealed class SoftmaxHandler : IKerasLayerHandler
{
    public IReadOnlyList<string> ClassNames { get; } = new[] { "Softmax" };

    public void Parse(KerasLayerContext context)
    {
        int rank = context.InputShapes[0].Length;
        int axis = KerasActivations.FeatureAxis(context, "axis", rank) ?? rank - 1;
        context.AddLayer("Softmax", context.LayerName, context.Inputs, new Dictionary<string, object?> { ["axis"] = axis - rank });
    }
}
