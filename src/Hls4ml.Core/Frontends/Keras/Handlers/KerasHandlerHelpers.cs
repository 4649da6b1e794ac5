using Hls4ml.Diagnostics;
using Hls4ml.Extensibility;
using Hls4ml.Ir;
using Hls4ml.Ir.Layers;
using Newtonsoft.Json.Linq;

namespace Hls4ml.Frontends.Keras.Handlers;

/// <summary>
/// Activation handling shared by every Keras handler: the split of a layer's <c>activation</c> argument into a
/// separate IR layer named <c>&lt;layer&gt;_&lt;activation&gt;</c> (as hls4ml does), and the mapping of an
/// activation name to IR (<c>softmax</c> → Softmax, others → Activation). Extension handlers may use it too.
/// </summary>
public static class KerasActivations
{
    /// <summary>Keras activation names the registered activations implement (aliases such as silu included), sorted.</summary>
    public static IReadOnlyList<string> Supported(HlsRegistry registry) =>
        registry.ActivationNames.Append("softmax").Order(StringComparer.Ordinal).ToArray();

    /// <summary>
    /// Adds the activation named by the layer's <c>activation</c> config key after 'input' as a layer named
    /// <c>&lt;layer&gt;_&lt;activation&gt;</c> and returns its output tensor. <c>linear</c> is emitted too (as
    /// hls4ml does); a later pass removes it. A missing or null key means linear.
    /// </summary>
    public static string AddSplitActivation(KerasLayerContext context, string input, string configKey = "activation")
    {
        var activation = ReadName(context, configKey);
        return Add(context, $"{context.LayerName}_{activation}", activation, input);
    }

    /// <summary>
    /// Adds an IR layer computing the Keras activation 'activation' on 'input': Softmax (over the last axis) for
    /// softmax, else Activation with the canonical name (silu → swish). hard_sigmoid is Keras 2's clip(0.2 x + 0.5, 0, 1).
    /// </summary>
    public static string Add(KerasLayerContext context, string name, string activation, string input)
    {
        if (activation == "softmax")
            return context.AddLayer("Softmax", name, new[] { input }, new Dictionary<string, object?> { ["axis"] = -1 });
        var canonical = context.Registry.CanonicalActivation(activation)
            ?? throw context.Error(DiagnosticCodes.UnsupportedActivation,
                $"{context.ClassName} layer '{context.LayerName}' uses activation '{activation}', which is not supported. Supported activations: {string.Join(", ", Supported(context.Registry))}.");
        var attributes = new Dictionary<string, object?> { ["activation"] = canonical };
        // Keras 3 redefined hard_sigmoid as relu6(x + 3) / 6 = clip(x / 6 + 0.5, 0, 1); Keras 2's slope is 0.2.
        if (canonical == "hard_sigmoid" && JsonInts.TryLong(context.Config[KerasV3Archive.KerasV3Marker], out var major) && major >= 3)
        {
            attributes["slope"] = 1.0 / 6.0;
            attributes["shift"] = 0.5;
        }
        return context.AddLayer("Activation", name, new[] { input }, attributes);
    }

    /// <summary>Throws HLS0105 now (before anything is emitted) unless 'activation' is supported.</summary>
    public static void Validate(KerasLayerContext context, string activation)
    {
        if (activation != "softmax" && context.Registry.CanonicalActivation(activation) is null)
            throw context.Error(DiagnosticCodes.UnsupportedActivation,
                $"{context.ClassName} layer '{context.LayerName}' uses activation '{activation}', which is not supported. Supported activations: {string.Join(", ", Supported(context.Registry))}.");
    }

    /// <summary>An optional number of the layer config (null when missing or null); other types are HLS0102.</summary>
    public static double? OptionalNumber(KerasLayerContext context, string key)
    {
        var token = context.Config[key];
        if (token is null || token.Type == JTokenType.Null) return null;
        if (token.Type is JTokenType.Float or JTokenType.Integer && double.IsFinite((double)token)) return (double)token;
        throw context.Error(DiagnosticCodes.UnreadableModelFile,
            $"{context.ClassName} layer '{context.LayerName}' has '{key}': {token.ToString(Newtonsoft.Json.Formatting.None)}, expected a finite number.");
    }

    /// <summary>
    /// A Keras 'axis' config value (an int, or a list holding one int) as an index into the feature shape of rank
    /// 'rank' (the batch axis excluded); a negative axis counts from the end. Null when the key is missing.
    /// </summary>
    public static int? FeatureAxis(KerasLayerContext context, string key, int rank)
    {
        var token = context.Config[key];
        if (token is null || token.Type == JTokenType.Null) return null;
        if (token is JArray { Count: 1 } one) token = one[0];
        if (!KerasSpatialConfig.IsInt(token))
            throw context.Error(DiagnosticCodes.UnsupportedLayer,
                $"{context.ClassName} layer '{context.LayerName}' has {key}={context.Config[key]!.ToString(Newtonsoft.Json.Formatting.None)}; only a single axis is supported.");
        int axis = (int)token;
        int a = axis < 0 ? rank + axis : axis - 1;
        if (a < 0 || a >= rank)
            throw context.Error(DiagnosticCodes.UnsupportedLayer,
                $"{context.ClassName} layer '{context.LayerName}' has {key}={axis}, which is not a feature axis of its input (rank {rank} without the batch axis; axis 0 is the batch).");
        return a;
    }

    /// <summary>The activation name under 'configKey' (missing/null → linear); non-string values (e.g. QKeras quantizers) are rejected.</summary>
    public static string ReadName(KerasLayerContext context, string configKey = "activation")
    {
        var token = context.Config[configKey];
        if (token is null || token.Type == JTokenType.Null) return "linear";
        if (token.Type == JTokenType.String) return (string)token!;
        var shown = token is JObject o && o["class_name"] is JValue cls ? $"'{cls}'" : token.ToString(Newtonsoft.Json.Formatting.None);
        throw context.Error(DiagnosticCodes.UnsupportedActivation,
            $"{context.ClassName} layer '{context.LayerName}' has a non-standard activation {shown} (custom or quantized activations are not supported). Supported activations: {string.Join(", ", Supported(context.Registry))}.");
    }
}

/// <summary>Weight helpers for Keras handlers.</summary>
public static class KerasLayerContextExtensions
{
    /// <summary>The layer's weight 'kerasName' (kernel, bias, ...), or HLS0104 explaining what the weights file holds.</summary>
    public static WeightVariable RequireWeight(this KerasLayerContext context, string kerasName)
    {
        var weight = context.Weight(kerasName);
        if (weight is not null) return weight;
        var why = context is KerasLayerContextImpl impl
            ? impl.DescribeMissingWeight(kerasName)
            : $"the weights file has no '{kerasName}' weight for layer '{context.LayerName}'.";
        throw context.Error(DiagnosticCodes.MissingWeights, why);
    }

    /// <summary>HLS0108 unless 'weight' has exactly 'expected' as its shape.</summary>
    public static void RequireShape(this KerasLayerContext context, WeightVariable weight, string kerasName, params int[] expected)
    {
        if (weight.Shape.SequenceEqual(expected)) return;
        throw context.Error(DiagnosticCodes.WeightShapeMismatch,
            $"{context.ClassName} layer '{context.LayerName}': weight '{kerasName}' has shape [{string.Join(",", weight.Shape)}] but the layer config needs [{string.Join(",", expected)}].");
    }
}
