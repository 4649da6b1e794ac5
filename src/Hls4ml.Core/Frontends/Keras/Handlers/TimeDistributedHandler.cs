using Hls4ml.Diagnostics;
using Hls4ml.Extensibility;
using Hls4ml.Ir;
using Newtonsoft.Json.Linq;

namespace Hls4ml.Frontends.Keras.Handlers;

/// <summary>
/// Keras TimeDistributed(layer) over a sequence [T, ...]: the wrapped layer applied to every time step. For the layers
/// whose Keras semantics on the whole tensor are already per step — Dense (last axis), activations, Dropout,
/// BatchNormalization (last axis), Softmax over the last axis — that is the wrapped layer's own conversion on the whole
/// sequence, so the registered handler of the wrapped class does it, reading the wrapper's weights. Any other wrapped
/// layer is HLS0101 naming it.
/// </summary>
public sealed class TimeDistributedHandler : IKerasLayerHandler
{
    public IReadOnlyList<string> ClassNames { get; } = new[] { "TimeDistributed" };

    /// <summary>Wrapped classes whose conversion on [T, ...] equals the per-step one.</summary>
    public static readonly IReadOnlyList<string> PerStepClasses = new[]
    {
        "Dense", "Activation", "Dropout", "BatchNormalization", "ReLU", "LeakyReLU", "ELU",
        "ThresholdedReLU", "Softmax",
    };

    public void Parse(KerasLayerContext context)
    {
        if (context.Config["layer"] is not JObject inner || inner["class_name"] is not JValue { Type: JTokenType.String } innerClass)
            throw context.Error(DiagnosticCodes.UnreadableModelFile, $"TimeDistributed layer '{context.LayerName}' has no wrapped 'layer' in its config.");
        var className = (string)innerClass!;
        if (context.InputShapes[0].Length < 2)
            throw context.Error(DiagnosticCodes.ShapeMismatch,
                $"TimeDistributed layer '{context.LayerName}' needs a sequence input [time steps, ...]; it receives shape [{string.Join(",", context.InputShapes[0])}].");
        // Softmax over another axis than the last would mix time steps.
        bool perStep = PerStepClasses.Contains(className)
            && !(className == "Softmax" && (inner["config"] as JObject)?["axis"] is JValue { Type: JTokenType.Integer } axis && (long)axis != -1);
        var handler = context.Registry.KerasHandler(className);
        if (!perStep || handler is null)
            throw context.Error(DiagnosticCodes.UnsupportedLayer,
                $"TimeDistributed layer '{context.LayerName}' wraps a {className}; supported inside TimeDistributed: {string.Join(", ", PerStepClasses)}. Apply other layers to each time step in the model itself (e.g. Reshape + the layer).");
        handler.Parse(new WrappedLayerContext(context, className, inner["config"] as JObject ?? new JObject()));
    }

    /// <summary>The wrapper's context presented as the wrapped layer: its class and config, the wrapper's name and weights.</summary>
    private sealed class WrappedLayerContext(KerasLayerContext outer, string className, JObject config) : KerasLayerContext
    {
        public override string LayerName => outer.LayerName;
        public override HlsRegistry Registry => outer.Registry;
        public override string ClassName => className;
        public override JObject Config => config;
        public override IReadOnlyList<string> Inputs => outer.Inputs;
        public override IReadOnlyList<int[]> InputShapes => outer.InputShapes;
        public override string SourceFile => outer.SourceFile;
        public override WeightVariable? Weight(string kerasName) => outer.Weight(kerasName);
        public override IReadOnlyCollection<string> WeightNames => outer.WeightNames;
        public override string AddLayer(string irType, string name, IReadOnlyList<string> inputs,
            IDictionary<string, object?>? attributes = null, IDictionary<string, WeightVariable>? weights = null) =>
            outer.AddLayer(irType, name, inputs, attributes, weights);
        public override Layer? Producer(string tensor) => outer.Producer(tensor);
        public override void SetOutput(string tensor) => outer.SetOutput(tensor);
    }
}
