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
    /// <summary>Activation names the built-in IR layers implement, sorted.</summary>
    public static IReadOnlyList<string> Supported { get; } =
        ActivationDefinition.Supported.Append("softmax").Order(StringComparer.Ordinal).ToArray();

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

    /// <summary>Adds an IR layer computing 'activation' on 'input' (Softmax for softmax, else Activation).</summary>
    public static string Add(KerasLayerContext context, string name, string activation, string input)
    {
        if (activation == "softmax")
            return context.AddLayer("Softmax", name, new[] { input }, new Dictionary<string, object?> { ["axis"] = -1 });
        if (!ActivationDefinition.Supported.Contains(activation))
            throw context.Error(DiagnosticCodes.UnsupportedActivation,
                $"{context.ClassName} layer '{context.LayerName}' uses activation '{activation}', which is not supported. Supported activations: {string.Join(", ", Supported)}.");
        return context.AddLayer("Activation", name, new[] { input }, new Dictionary<string, object?> { ["activation"] = activation });
    }

    /// <summary>The activation name under 'configKey' (missing/null → linear); non-string values (e.g. QKeras quantizers) are rejected.</summary>
    public static string ReadName(KerasLayerContext context, string configKey = "activation")
    {
        var token = context.Config[configKey];
        if (token is null || token.Type == JTokenType.Null) return "linear";
        if (token.Type == JTokenType.String) return (string)token!;
        var shown = token is JObject o && o["class_name"] is JValue cls ? $"'{cls}'" : token.ToString(Newtonsoft.Json.Formatting.None);
        throw context.Error(DiagnosticCodes.UnsupportedActivation,
            $"{context.ClassName} layer '{context.LayerName}' has a non-standard activation {shown} (custom or quantized activations are not supported). Supported activations: {string.Join(", ", Supported)}.");
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
