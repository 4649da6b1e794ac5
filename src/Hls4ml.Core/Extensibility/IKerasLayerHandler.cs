using Newtonsoft.Json.Linq;

namespace Hls4ml.Extensibility;

/// <summary>
/// Frontend stage of a layer: turns one Keras layer (class_name + config + weights) into IR layers.
/// Register one handler per Keras class name (a handler may list several names).
/// </summary>
public interface IKerasLayerHandler
{
    IReadOnlyList<string> ClassNames { get; }
    void Parse(KerasLayerContext context);
}

/// <summary>What a Keras handler sees and how it emits IR layers.</summary>
public abstract class KerasLayerContext
{
    public abstract string LayerName { get; }
    /// <summary>The registry the model is converted with (layer definitions, activations).</summary>
    public abstract HlsRegistry Registry { get; }
    public abstract string ClassName { get; }
    public abstract JObject Config { get; }
    /// <summary>Input tensor names (already produced by earlier layers).</summary>
    public abstract IReadOnlyList<string> Inputs { get; }
    /// <summary>Shapes of the inputs (without batch dimension).</summary>
    public abstract IReadOnlyList<int[]> InputShapes { get; }
    /// <summary>File the model came from (for diagnostics).</summary>
    public abstract string SourceFile { get; }

    /// <summary>The layer's weight named like Keras ('kernel', 'bias', 'gamma', ...), or null when absent.</summary>
    public abstract Ir.WeightVariable? Weight(string kerasName);

    /// <summary>
    /// Names of every weight the file holds for this layer (the layer prefix and ':0' stripped, e.g.
    /// 'forward_lstm/lstm_cell_1/kernel'), for handlers of wrapper layers whose weight paths depend on the Keras version.
    /// </summary>
    public virtual IReadOnlyCollection<string> WeightNames => Array.Empty<string>();

    /// <summary>Adds an IR layer reading 'inputs' and returns its output tensor name.</summary>
    public abstract string AddLayer(string irType, string name, IReadOnlyList<string> inputs,
        IDictionary<string, object?>? attributes = null, IDictionary<string, Ir.WeightVariable>? weights = null);

    /// <summary>The IR layer that produces a tensor (e.g. to record the type a quantizer fixes), or null for a model input.</summary>
    public virtual Ir.Layer? Producer(string tensor) => null;

    /// <summary>Declares that this Keras layer's output is the given tensor (the last added layer's output by default).</summary>
    public abstract void SetOutput(string tensor);

    /// <summary>Raises a coded error about this layer.</summary>
    public Exception Error(Diagnostics.DiagnosticDescriptor descriptor, string message) =>
        new Diagnostics.HlsException(descriptor, message, SourceFile, LayerName);

    // Typed config values: a missing or null key gives the fallback; a value of another type (or an integer out of
    // range) is HLS0102 naming the key, never silently the fallback, since Keras itself would not load such a file.
    public string GetString(string key, string fallback) => Config[key] switch
    {
        null or { Type: JTokenType.Null } => fallback,
        JValue { Type: JTokenType.String } t => (string)t!,
        var t => throw WrongType(key, t, "a string"),
    };

    public int GetInt(string key, int fallback) => Config[key] switch
    {
        null or { Type: JTokenType.Null } => fallback,
        var t when Frontends.Keras.JsonInts.TryInt(t, out var v) => v,
        var t => throw WrongType(key, t, "a 32-bit integer"),
    };

    public bool GetBool(string key, bool fallback) => Config[key] switch
    {
        null or { Type: JTokenType.Null } => fallback,
        JValue { Type: JTokenType.Boolean } t => (bool)t,
        var t => throw WrongType(key, t, "true or false"),
    };

    public double? GetDouble(string key) => Config[key] switch
    {
        null or { Type: JTokenType.Null } => null,
        JValue { Type: JTokenType.Float or JTokenType.Integer } t when double.IsFinite((double)t) => (double)t,
        var t => throw WrongType(key, t, "a finite number"),
    };

    private Exception WrongType(string key, JToken value, string expected)
    {
        var shown = value.ToString(Newtonsoft.Json.Formatting.None);
        if (shown.Length > 80) shown = shown[..80] + "…";
        return Error(Diagnostics.DiagnosticCodes.UnreadableModelFile,
            $"{ClassName} layer '{LayerName}' has '{key}': {shown} in its config; expected {expected}.");
    }
}
