using Hls4ml.Diagnostics;
using Hls4ml.Extensibility;
using Hls4ml.Frontends.Keras.Handlers;
using Hls4ml.Ir;
using Newtonsoft.Json.Linq;

namespace Hls4ml.Frontends.Keras.QKeras;

/// <summary>
/// What the QKeras layers share: reading a quantizer from the layer config (HLS0130/HLS0131 naming the layer and the
/// supported list), and mapping an activation quantizer to IR (a layer whose result type is the quantizer's type).
/// </summary>
public static class QKerasLayers
{
    public static readonly IReadOnlyList<string> LayerClassNames = new[]
    {
        "QDense", "QConv1D", "QConv2D", "QDepthwiseConv2D", "QSeparableConv1D", "QSeparableConv2D", "QActivation",
        "QBatchNormalization", "QAveragePooling2D", "QGlobalAveragePooling2D", "QSimpleRNN", "QLSTM", "QGRU",
    };

    /// <summary>The quantizer under 'key', or null when the key is missing/null (an unquantized tensor).</summary>
    public static QKerasQuantizer? Read(KerasLayerContext context, string key)
    {
        var token = context.Config[key];
        if (token is null || token.Type == JTokenType.Null) return null;
        return Parse(context, token, key);
    }

    public static QKerasQuantizer Parse(KerasLayerContext context, JToken token, string what)
    {
        try { return QKerasQuantizerParser.Parse(token); }
        catch (QuantizerParseException e) when (e.Unsupported is not null)
        {
            throw context.Error(DiagnosticCodes.UnsupportedQuantizer,
                $"{context.ClassName} layer '{context.LayerName}' uses {what} '{e.Unsupported}', which is not supported. Supported quantizers: {string.Join(", ", QKerasQuantizer.SupportedClassNames)}.");
        }
        catch (QuantizerParseException e)
        {
            throw context.Error(DiagnosticCodes.InvalidQuantizer, $"{context.ClassName} layer '{context.LayerName}': {what} {e.Message}.");
        }
    }

    public static Exception Unsupported(KerasLayerContext context, QKerasQuantizer q, string what, string why) =>
        context.Error(DiagnosticCodes.UnsupportedQuantizer,
            $"{context.ClassName} layer '{context.LayerName}' uses {what} {q.Describe()}: {why}. Supported quantizers: {string.Join(", ", QKerasQuantizer.SupportedClassNames)}.");

    /// <summary>
    /// Quantizes a weight with its quantizer in the converter (as hls4ml does). Only scale factors of 1 are exact by
    /// construction; a power-of-two numeric alpha is folded into the values and their type.
    /// </summary>
    public static (float[] Data, Types.Precision Type) QuantizeWeight(KerasLayerContext context, QKerasQuantizer q, float[] data, string what)
    {
        var alpha = q switch
        {
            QuantizedBits b => b.Alpha,
            BinaryQuantizer b => b.Alpha,
            TernaryQuantizer t => t.Alpha,
            _ => QuantizerAlpha.None,
        };
        double scale = 1;
        if (alpha is QuantizerAlpha.Auto)
            throw Unsupported(context, q, what, "per-channel alpha 'auto'/'auto_po2' is computed by QKeras from the trained weights during training and is not stored in the model; use alpha=1 (or None)");
        if (alpha is QuantizerAlpha.Number n && n.Value != 1)
        {
            if (!(n.Value > 0) || Math.Log2(n.Value) % 1 != 0)
                throw Unsupported(context, q, what, $"alpha={n.Value} is not a power of two, so the scaled weights are not exact in any fixed-point type");
            scale = n.Value;
        }
        var values = new float[data.Length];
        for (int i = 0; i < data.Length; i++) values[i] = (float)(scale * q.Apply(data[i]));
        var type = q.ResultType;
        if (scale != 1)
        {
            int shift = (int)Math.Log2(scale);
            type = type switch
            {
                Types.FixedPrecision f => f with { Integer = f.Integer + shift },
                Types.IntegerPrecision i => new Types.FixedPrecision(i.TotalWidth, i.TotalWidth + shift, i.Signed),
                var other => other,
            };
        }
        return (values, type);
    }

    /// <summary>
    /// Adds the IR layer computing activation quantizer 'q' on 'input' (named 'name'): a conversion to the quantizer's
    /// type after linear/relu/hard sigmoid (rounding and clipping exactly as QKeras), or a threshold function for
    /// binary/ternary. Returns its output tensor.
    /// </summary>
    public static string AddActivation(KerasLayerContext context, string name, QKerasQuantizer q, string input, string what)
    {
        string activation;
        var attributes = new Dictionary<string, object?>();
        switch (q)
        {
            case QuantizedBits { IsSign: true } or BinaryQuantizer { Use01: false, Alpha.IsOne: true }
                when q is not QuantizedBits { Alpha.IsOne: false }:
                activation = "binary_sign";
                break;
            case BinaryQuantizer { Use01: true, Alpha.IsOne: true }:
                activation = "binary_step";
                break;
            case TernaryQuantizer { Alpha.IsOne: true } t:
                activation = "ternary_threshold";
                // QKeras compares in float32: the threshold is the float32 value of the configured one.
                attributes["threshold"] = (double)(float)t.Threshold;
                break;
            case QuantizedBits { Alpha.IsOne: true }:
                activation = "linear";
                break;
            case QuantizedRelu { UseSigmoid: false, NegativeSlope: 0 }:
                activation = "relu";
                break;
            case QuantizedRelu { UseSigmoid: true }:
                throw Unsupported(context, q, what, "use_sigmoid is not supported (use a plain quantized_relu)");
            case QuantizedRelu:
                throw Unsupported(context, q, what, "a negative_slope is not supported in this version (use negative_slope=0)");
            case QuantizedTanh { RealTanh: false }:
                activation = "linear";
                attributes["clip_min"] = -1.0;
                attributes["clip_max"] = 1.0;
                break;
            case QuantizedTanh:
                activation = "tanh";
                break;
            case QuantizedSigmoid { Symmetric: true }:
                throw Unsupported(context, q, what, "the symmetric sigmoid (smallest output 2^-bits instead of 0) is not supported");
            case QuantizedSigmoid { RealSigmoid: false }:
                activation = "hard_sigmoid";
                attributes["slope"] = 0.5;
                attributes["shift"] = 0.5;
                break;
            case QuantizedSigmoid:
                activation = "sigmoid";
                break;
            default:
                throw Unsupported(context, q, what, q is QuantizedPo2
                    ? "power-of-two quantizers are supported for weights, not activations"
                    : "scale factors (alpha) other than 1 are supported for weights, not activations");
        }
        // clip_min/clip_max are informative (the type's saturation clips); only the activation reaches C++.
        attributes.Remove("clip_min");
        attributes.Remove("clip_max");
        attributes["activation"] = activation;
        var output = context.AddLayer("Activation", name, new[] { input }, attributes);
        if (context is QuantizedKerasContext wrapper) wrapper.MarkResult(output, q);
        else if (context is KerasLayerContextImpl impl) QuantizedTypes.Set(impl.Added[^1], "result", q.ResultType, q.Describe());
        return output;
    }
}

/// <summary>
/// A Keras layer context that presents a QKeras layer to the plain Keras handler: class name without the Q, weights
/// quantized by their quantizers, a quantizer activation replaced by linear (added after the layer by the QKeras
/// handler). Layers the handler adds get the quantizers' types for the slots holding quantized weights.
/// </summary>
internal sealed class QuantizedKerasContext : KerasLayerContext
{
    private readonly KerasLayerContextImpl _inner;
    private readonly JObject _config;
    private readonly Dictionary<string, QKerasQuantizer> _weightQuantizers;
    private readonly Dictionary<float[], (Types.Precision Type, string Source)> _quantized = new(ReferenceEqualityComparer.Instance);
    private readonly Dictionary<string, (Types.Precision Type, string Source)> _quantizedByName = new(StringComparer.Ordinal);
    private readonly IReadOnlyDictionary<string, string> _slotWeights;

    /// <param name="slotWeights">IR slot → Keras weight, for handlers that repack the weights (recurrent gate blocks):
    /// the slot takes that weight's quantizer type, as the arrays themselves are new</param>
    public QuantizedKerasContext(KerasLayerContextImpl inner, JObject config, Dictionary<string, QKerasQuantizer> weightQuantizers,
        IReadOnlyDictionary<string, string>? slotWeights = null)
    {
        _inner = inner;
        _config = config;
        _weightQuantizers = weightQuantizers;
        _slotWeights = slotWeights ?? new Dictionary<string, string>();
    }

    public override string LayerName => _inner.LayerName;
    public override HlsRegistry Registry => _inner.Registry;
    public override string ClassName => _inner.ClassName.StartsWith('Q') ? _inner.ClassName[1..] : _inner.ClassName;
    public override JObject Config => _config;
    public override IReadOnlyList<string> Inputs => _inner.Inputs;
    public override IReadOnlyList<int[]> InputShapes => _inner.InputShapes;
    public override string SourceFile => _inner.SourceFile;
    public string? Output => _inner.Output;

    public override WeightVariable? Weight(string kerasName)
    {
        var w = _inner.Weight(kerasName);
        if (w is null || !_weightQuantizers.TryGetValue(kerasName, out var q)) return w;
        var (data, type) = QKerasLayers.QuantizeWeight(this, q, w.Data, $"{kerasName} quantizer");
        _quantized[data] = (type, q.Describe());
        _quantizedByName[kerasName] = (type, q.Describe());
        return new WeightVariable { Name = w.Name, Shape = w.Shape, Data = data };
    }

    public override string AddLayer(string irType, string name, IReadOnlyList<string> inputs,
        IDictionary<string, object?>? attributes = null, IDictionary<string, WeightVariable>? weights = null)
    {
        var output = _inner.AddLayer(irType, name, inputs, attributes, weights);
        var layer = _inner.Added[^1];
        foreach (var (slot, w) in layer.Weights)
            if (_quantized.TryGetValue(w.Data, out var t)) QuantizedTypes.Set(layer, slot, t.Type, t.Source);
            else if (_slotWeights.TryGetValue(slot, out var kerasName) && _quantizedByName.TryGetValue(kerasName, out var byName))
                QuantizedTypes.Set(layer, slot, byName.Type, byName.Source);
        return output;
    }

    public void MarkResult(string output, QKerasQuantizer q)
    {
        var layer = _inner.Added.Last(l => l.Outputs.Contains(output));
        QuantizedTypes.Set(layer, "result", q.ResultType, q.Describe());
    }

    public override void SetOutput(string tensor) => _inner.SetOutput(tensor);
}

/// <summary>
/// QDense, QConv1D/2D, QDepthwiseConv2D, QSeparableConv1D/2D, QBatchNormalization, QAveragePooling2D,
/// QGlobalAveragePooling2D → the plain Keras layer (through its handler) with weights quantized in the converter and
/// their quantizers' types, followed by the activation quantizer when the layer has one.
/// </summary>
public sealed class QKerasLayerHandler : IKerasLayerHandler
{
    private readonly IKerasLayerHandler _plain;
    private readonly IReadOnlyDictionary<string, string> _weightQuantizerKeys;
    private readonly IReadOnlyDictionary<string, string>? _slotWeights;
    private readonly bool _recurrent;

    /// <param name="classNames">the QKeras classes this handler reads</param>
    /// <param name="plain">the handler of the Keras layer they extend</param>
    /// <param name="weightQuantizerKeys">Keras weight name → config key of its quantizer</param>
    /// <param name="slotWeights">IR slot → Keras weight where the plain handler repacks the weights (see QuantizedKerasContext)</param>
    /// <param name="recurrent">QSimpleRNN/QLSTM/QGRU: activations act inside the cell (not after the layer)</param>
    public QKerasLayerHandler(IReadOnlyList<string> classNames, IKerasLayerHandler plain, IReadOnlyDictionary<string, string> weightQuantizerKeys,
        IReadOnlyDictionary<string, string>? slotWeights = null, bool recurrent = false)
    {
        ClassNames = classNames;
        _plain = plain;
        _weightQuantizerKeys = weightQuantizerKeys;
        _slotWeights = slotWeights;
        _recurrent = recurrent;
    }

    public IReadOnlyList<string> ClassNames { get; }

    public void Parse(KerasLayerContext context)
    {
        var impl = (KerasLayerContextImpl)context;
        var quantizers = new Dictionary<string, QKerasQuantizer>(StringComparer.Ordinal);
        foreach (var (weight, key) in _weightQuantizerKeys)
            if (QKerasLayers.Read(context, key) is { } q) quantizers[weight] = q;
        if (_recurrent)
        {
            // The weights' quantizers are exact; a quantizer on the cell's activations or its state would round inside
            // every time step, which the cell does not model: refused rather than simulated differently.
            foreach (var key in new[] { "activation", "recurrent_activation" })
                if (context.Config[key] is { Type: not JTokenType.Null } t && (t is JObject || QKerasQuantizerParser.IsQuantizer(t)))
                    throw context.Error(DiagnosticCodes.UnsupportedQuantizer,
                        $"{context.ClassName} layer '{context.LayerName}' quantizes its {key} inside the cell ({t.ToString(Newtonsoft.Json.Formatting.None)}); on QSimpleRNN/QLSTM/QGRU only the kernel, recurrent and bias quantizers are supported. Use a named activation (tanh, sigmoid, hard_sigmoid, ...).");
            if (QKerasLayers.Read(context, "state_quantizer") is { } state)
                throw context.Error(DiagnosticCodes.UnsupportedQuantizer,
                    $"{context.ClassName} layer '{context.LayerName}' quantizes its state with {state.Describe()}; state_quantizer is not supported (set StatePrecision on the layer to choose the state type).");
            _plain.Parse(new QuantizedKerasContext(impl, context.Config, quantizers, _slotWeights));
            return;
        }
        // QBatchNormalization quantizes gamma/beta/mean/variance, which the converter folds: not exact, refused.
        var config = (JObject)context.Config.DeepClone();
        QKerasQuantizer? activation = null;
        var act = config["activation"];
        if (act is not null && act.Type != JTokenType.Null && QKerasQuantizerParser.IsQuantizer(act) || act is JObject)
        {
            activation = QKerasLayers.Parse(context, act!, "activation");
            config["activation"] = "linear";
        }
        CheckAverageQuantizer(context);
        var wrapper = new QuantizedKerasContext(impl, config, quantizers);
        _plain.Parse(wrapper);
        if (activation is null) return;
        var output = wrapper.Output ?? throw new InvalidOperationException($"{context.ClassName} handler produced no output");
        QKerasLayers.AddActivation(wrapper, $"{context.LayerName}_{activation.ClassName}", activation, output, "activation");
    }

    /// <summary>
    /// QAveragePooling2D / QGlobalAveragePooling2D multiply the window sum by average_quantizer(1 / window); that is the
    /// plain average only when the quantizer holds 1 / window exactly (other factors are refused, never approximated).
    /// </summary>
    private static void CheckAverageQuantizer(KerasLayerContext context)
    {
        if (QKerasLayers.Read(context, "average_quantizer") is not { } q) return;
        var shape = context.InputShapes[0];
        long window = context.ClassName.Contains("Global", StringComparison.Ordinal)
            ? shape.Take(shape.Length - 1).Aggregate(1L, (a, b) => a * b)
            : (context.Config["pool_size"] as JArray)?.Select(t => (long)t).Aggregate(1L, (a, b) => a * b) ?? 4;
        double factor = 1.0 / window;
        if (q.Apply(factor) != factor)
            throw QKerasLayers.Unsupported(context, q, "average_quantizer", $"it rounds 1/{window} to {q.Apply(factor).ToString("R", System.Globalization.CultureInfo.InvariantCulture)}, which is not an average (only quantizers that hold 1/{window} exactly are supported)");
    }
}

/// <summary>QActivation: a quantizer (string or dict) → its IR activation; a plain Keras activation name → that activation.</summary>
public sealed class QActivationHandler : IKerasLayerHandler
{
    public IReadOnlyList<string> ClassNames { get; } = new[] { "QActivation" };

    public void Parse(KerasLayerContext context)
    {
        var token = context.Config["activation"];
        if (token is JValue { Type: JTokenType.String } s && !QKerasQuantizerParser.IsQuantizer(s))
        {
            var name = (string)s!;
            if (name is "quantized_bits" or "quantized_relu" or "binary" or "ternary") { }
            else
            {
                KerasActivations.Add(context, context.LayerName, name, context.Inputs[0]);
                return;
            }
        }
        if (token is null || token.Type == JTokenType.Null)
            throw context.Error(DiagnosticCodes.InvalidQuantizer, $"QActivation layer '{context.LayerName}' has no 'activation' in its config.");
        var q = QKerasLayers.Parse(context, token, "activation quantizer");
        QKerasLayers.AddActivation(context, context.LayerName, q, context.Inputs[0], "activation quantizer");
    }
}

/// <summary>
/// BinaryDense / TernaryDense (the Keras binary and ternary network layers hls4ml reads): a Dense whose kernel is
/// binarized/ternarized in the converter (±1 / 0 weights of type int&lt;2&gt;, so the products are selects and
/// negations); H must be 1 (other scales are not exact).
/// </summary>
public sealed class BinaryNetDenseHandler : IKerasLayerHandler
{
    public IReadOnlyList<string> ClassNames { get; } = new[] { "BinaryDense", "TernaryDense" };

    public void Parse(KerasLayerContext context)
    {
        var q = new BinaryNetQuantizer(context.ClassName == "TernaryDense", context.GetDouble("H") ?? 1.0);
        if (q.H != 1)
            throw QKerasLayers.Unsupported(context, q, "kernel scale", $"H={q.H} is not supported (only H=1 gives ±1 weights)");
        var wrapper = new QuantizedKerasContext((KerasLayerContextImpl)context, context.Config,
            new Dictionary<string, QKerasQuantizer> { ["kernel"] = q });
        new DenseHandler().Parse(wrapper);
    }
}
