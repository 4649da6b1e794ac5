using Hls4ml.Diagnostics;
using Hls4ml.Extensibility;
using Hls4ml.Ir;
using Hls4ml.Ir.Layers.Activations;
using Newtonsoft.Json.Linq;

namespace Hls4ml.Frontends.Keras.Handlers;

/// <summary>
/// Keras SimpleRNN, LSTM and GRU (Keras 2.x including 2.2, tf.keras, Keras 3) → the IR recurrent layers, and
/// Bidirectional around any of them. Keras kernels are [n_in, G·units] with the gates side by side (LSTM i, f, c, o;
/// GRU z, r, h); they are split into the IR's gate blocks. A GRU bias of shape [2, 3·units] (reset_after=True) holds the
/// input bias in row 0 and the recurrent bias in row 1.
/// </summary>
public sealed class RecurrentHandler : IKerasLayerHandler
{
    public IReadOnlyList<string> ClassNames { get; } = new[] { "SimpleRNN", "LSTM", "GRU", "Bidirectional" };

    public void Parse(KerasLayerContext context)
    {
        if (context.InputShapes[0].Length != 2)
            throw context.Error(DiagnosticCodes.ShapeMismatch,
                $"{context.ClassName} layer '{context.LayerName}' needs a sequence input [time steps, features]; it receives shape [{string.Join(",", context.InputShapes[0])}].");
        if (context.ClassName == "Bidirectional")
        {
            ParseBidirectional(context);
            return;
        }
        var spec = RecurrentSpec.Read(context, context.ClassName, context.Config, context.LayerName);
        var weights = spec.Weights(context, new[] { WeightSet.Own(context) });
        var attributes = spec.Attributes();
        attributes["direction"] = spec.GoBackwards ? "backward" : "forward";
        // layer(x, initial_state=[h] or [h, c]): Keras saves the states as the call's next inbound tensors.
        int states = context.Inputs.Count - 1, expected = spec.IrType == "LSTM" ? 2 : 1;
        if (states != 0 && states != expected)
            throw context.Error(DiagnosticCodes.UnsupportedRecurrentOption,
                $"{context.ClassName} layer '{context.LayerName}' is called with {states} initial state tensor(s); it takes {expected} ({(expected == 2 ? "[h, c]" : "[h]")}). Pass the full initial_state or none.");
        attributes["initial_h"] = states > 0;
        attributes["initial_c"] = states > 1;
        // Keras go_backwards returns the outputs in processing order (the last input step first).
        attributes["align_backward"] = false;
        context.AddLayer(spec.IrType, context.LayerName, context.Inputs, attributes, weights);
    }

    private static void ParseBidirectional(KerasLayerContext context)
    {
        if (context.Inputs.Count > 1)
            throw context.Error(DiagnosticCodes.UnsupportedRecurrentOption,
                $"Bidirectional layer '{context.LayerName}' is called with initial_state; initial states are supported on SimpleRNN, LSTM and GRU layers (and on bidirectional ONNX nodes), not on Keras Bidirectional. Start it from zeros.");
        if (context.Config["layer"] is not JObject inner || inner["class_name"] is not JValue { Type: JTokenType.String } innerClass)
            throw context.Error(DiagnosticCodes.UnreadableModelFile, $"Bidirectional layer '{context.LayerName}' has no wrapped 'layer' in its config.");
        var className = (string)innerClass!;
        if (className is not ("SimpleRNN" or "LSTM" or "GRU"))
            throw context.Error(DiagnosticCodes.UnsupportedLayer,
                $"Bidirectional layer '{context.LayerName}' wraps a {className}; only SimpleRNN, LSTM and GRU are supported inside Bidirectional.");
        var innerConfig = inner["config"] as JObject ?? new JObject();
        var spec = RecurrentSpec.Read(context, className, innerConfig, context.LayerName);
        if (spec.GoBackwards)
            throw context.Error(DiagnosticCodes.UnsupportedRecurrentOption,
                $"Bidirectional layer '{context.LayerName}' wraps a {className} with go_backwards=True (its 'forward' layer then reads the sequence backwards); rebuild it with go_backwards=False, which gives the same two directions.");
        var mergeToken = context.Config["merge_mode"];
        if (mergeToken is null || mergeToken.Type == JTokenType.Null)
            throw context.Error(DiagnosticCodes.UnsupportedRecurrentOption,
                $"Bidirectional layer '{context.LayerName}' has merge_mode=None (two separate outputs); use concat, sum, mul or ave.");
        var merge = context.GetString("merge_mode", "concat");
        if (!Ir.Layers.Recurrent.RecurrentDefinition.MergeModes.Contains(merge))
            throw context.Error(DiagnosticCodes.UnsupportedRecurrentOption,
                $"Bidirectional layer '{context.LayerName}' has merge_mode '{merge}'; use concat, sum, mul or ave.");
        if (context.Config["backward_layer"] is JObject backward)
        {
            var backwardConfig = backward["config"] as JObject ?? new JObject();
            var backwardSpec = RecurrentSpec.Read(context, (string?)(backward["class_name"] as JValue) ?? "", backwardConfig, context.LayerName);
            if (backwardSpec.IrType != spec.IrType || backwardSpec.Units != spec.Units || backwardSpec.Activation != spec.Activation
                || backwardSpec.RecurrentActivation != spec.RecurrentActivation || backwardSpec.ResetAfter != spec.ResetAfter
                || backwardSpec.ReturnSequences != spec.ReturnSequences || backwardSpec.UseBias != spec.UseBias)
                throw context.Error(DiagnosticCodes.UnsupportedRecurrentOption,
                    $"Bidirectional layer '{context.LayerName}' has a backward_layer that differs from its forward layer (type, units, activations, bias or return_sequences); use the same layer configuration for both directions.");
        }
        var weights = spec.Weights(context, new[] { WeightSet.Direction(context, "forward"), WeightSet.Direction(context, "backward") });
        var attributes = spec.Attributes();
        attributes["direction"] = "bidirectional";
        attributes["merge_mode"] = merge;
        // Keras reverses the backward layer's outputs again, so both directions' step t are merged.
        attributes["align_backward"] = true;
        context.AddLayer(spec.IrType, context.LayerName, context.Inputs, attributes, weights);
    }

    /// <summary>Where one direction's kernel, recurrent_kernel and bias are found among the layer's weights.</summary>
    private sealed record WeightSet(string Description, Func<string, WeightVariable?> Find)
    {
        public static WeightSet Own(KerasLayerContext context) => new($"layer '{context.LayerName}'", context.Weight);

        /// <summary>
        /// Bidirectional stores '&lt;forward|backward&gt;_&lt;layer&gt;[/&lt;cell&gt;]/kernel' (Keras 2) or
        /// '&lt;forward|backward&gt;_layer/cell/kernel' (Keras 3).
        /// </summary>
        public static WeightSet Direction(KerasLayerContext context, string direction) => new($"the {direction} layer of '{context.LayerName}'", name =>
        {
            var matches = context.WeightNames
                .Where(n => n.StartsWith(direction, StringComparison.Ordinal) && (n.EndsWith("/" + name, StringComparison.Ordinal)))
                .ToList();
            return matches.Count == 1 ? context.Weight(matches[0]) : null;
        });
    }

    /// <summary>The options of one Keras recurrent layer config, validated.</summary>
    private sealed record RecurrentSpec(string IrType, int Units, string Activation, string RecurrentActivation, bool UseBias,
        bool ReturnSequences, bool GoBackwards, bool ResetAfter, double? HardSigmoidSlope)
    {
        public int Gates => IrType switch { "LSTM" => 4, "GRU" => 3, _ => 1 };

        public static RecurrentSpec Read(KerasLayerContext context, string className, JObject config, string layerName)
        {
            string Where() => className == context.ClassName ? $"{className} layer '{layerName}'" : $"the {className} inside '{layerName}'";
            bool Flag(string key, bool fallback) => config[key] switch
            {
                null or { Type: JTokenType.Null } => fallback,
                JValue { Type: JTokenType.Boolean } v => (bool)v,
                var t => throw context.Error(DiagnosticCodes.UnreadableModelFile, $"{Where()} has '{key}': {t.ToString(Newtonsoft.Json.Formatting.None)}; expected true or false."),
            };
            if (className is not ("SimpleRNN" or "LSTM" or "GRU"))
                throw context.Error(DiagnosticCodes.UnsupportedLayer, $"{Where()}: {className} is not a supported recurrent layer (SimpleRNN, LSTM, GRU).");
            if (Flag("stateful", false))
                throw context.Error(DiagnosticCodes.UnsupportedRecurrentOption,
                    $"{Where()} has stateful=True (state carried from one batch to the next); the FPGA implementation resets the state for every inference. Rebuild the layer with stateful=False and, if the state must persist, feed it back from outside the model.");
            if (Flag("return_state", false))
                throw context.Error(DiagnosticCodes.UnsupportedRecurrentOption,
                    $"{Where()} has return_state=True (several outputs); rebuild it with return_state=False (return_sequences=True gives every hidden state).");
            if (Flag("time_major", false))
                throw context.Error(DiagnosticCodes.UnsupportedRecurrentOption, $"{Where()} has time_major=True; save the model with batch-major inputs (time_major=False).");
            int units = config["units"] is JValue { Type: JTokenType.Integer } u && (long)u is > 0 and <= 1 << 20 ? (int)(long)u : -1;
            if (units <= 0)
                throw context.Error(DiagnosticCodes.UnreadableModelFile, $"{Where()} has no positive 'units' in its config.");
            string ActivationName(string key, string fallback)
            {
                var token = config[key];
                if (token is null || token.Type == JTokenType.Null) return fallback;
                if (token.Type != JTokenType.String)
                    throw context.Error(DiagnosticCodes.UnsupportedActivation, $"{Where()} has a non-standard {key} {token.ToString(Newtonsoft.Json.Formatting.None)}; use a named activation ({string.Join(", ", context.Registry.ActivationNames)}).");
                var name = (string)token!;
                return context.Registry.CanonicalActivation(name)
                    ?? throw context.Error(DiagnosticCodes.UnsupportedActivation,
                        $"{Where()} uses {key} '{name}', which is not supported. Supported: {string.Join(", ", context.Registry.ActivationNames)}.");
            }
            var activation = ActivationName("activation", "tanh");
            var recurrentActivation = className == "SimpleRNN" ? "linear" : ActivationName("recurrent_activation", "sigmoid");
            // Keras 3 redefined hard_sigmoid as relu6(x + 3) / 6: slope 1/6 instead of Keras 2's 0.2 (the archive marks the
            // outer layer's config, also for the layer a Bidirectional wraps).
            double? slope = (activation == "hard_sigmoid" || recurrentActivation == "hard_sigmoid")
                && JsonInts.TryLong(context.Config[KerasV3Archive.KerasV3Marker], out var major) && major >= 3 ? 1.0 / 6.0 : null;
            // Keras writes reset_after from 2.1.4 on; without the key the GRU is the original reset-before cell.
            bool? resetAfter = className == "GRU" ? config["reset_after"] is JValue { Type: JTokenType.Boolean } r ? (bool)r : null : false;
            return new RecurrentSpec(className, units, activation, recurrentActivation, Flag("use_bias", true), Flag("return_sequences", false),
                Flag("go_backwards", false), resetAfter ?? false, slope);
        }

        public Dictionary<string, object?> Attributes()
        {
            var attributes = new Dictionary<string, object?>
            {
                ["activation"] = Activation,
                ["recurrent_activation"] = RecurrentActivation,
                ["return_sequences"] = ReturnSequences,
                ["merge_mode"] = "concat",
            };
            if (IrType == "GRU") attributes["reset_after"] = ResetAfter;
            if (HardSigmoidSlope is { } s) attributes["hard_sigmoid_slope"] = s;
            return attributes;
        }

        /// <summary>Every direction's kernels split into gate blocks, stacked on a leading direction axis.</summary>
        public Dictionary<string, WeightVariable> Weights(KerasLayerContext context, IReadOnlyList<WeightSet> directions)
        {
            int d = directions.Count, g = Gates, u = Units, nIn = context.InputShapes[0][1];
            var w = new float[d * g * nIn * u];
            var rw = new float[d * g * u * u];
            var b = new float[d * g * u];
            var rb = new float[d * g * u];
            for (int dir = 0; dir < d; dir++)
            {
                var set = directions[dir];
                WeightVariable Require(string name) => set.Find(name)
                    ?? throw context.Error(DiagnosticCodes.MissingWeights,
                        $"the weights file has no '{name}' for {set.Description} (it has: {(context.WeightNames.Count == 0 ? "none" : string.Join(", ", context.WeightNames))}).");
                var kernel = Require("kernel");
                var recurrent = Require("recurrent_kernel");
                Check(context, kernel, "kernel", nIn, g * u);
                Check(context, recurrent, "recurrent_kernel", u, g * u);
                for (int gate = 0; gate < g; gate++)
                {
                    int block = dir * g + gate;
                    for (int i = 0; i < nIn; i++)
                        for (int j = 0; j < u; j++) w[(block * nIn + i) * u + j] = kernel.Data[i * g * u + gate * u + j];
                    for (int i = 0; i < u; i++)
                        for (int j = 0; j < u; j++) rw[(block * u + i) * u + j] = recurrent.Data[i * g * u + gate * u + j];
                }
                if (!UseBias) continue;
                var bias = Require("bias");
                bool twoRows = bias.Shape.Length == 2 && bias.Shape[0] == 2 && bias.Shape[1] == g * u;
                if (IrType == "GRU" && ResetAfter != twoRows || !twoRows && !(bias.Shape.Length == 1 && bias.Shape[0] == g * u))
                    throw context.Error(DiagnosticCodes.WeightShapeMismatch,
                        $"{set.Description}: bias has shape [{string.Join(",", bias.Shape)}]; a {IrType} with {u} units{(IrType == "GRU" ? $" and reset_after={ResetAfter}" : "")} needs [{(IrType == "GRU" && ResetAfter ? $"2,{g * u}" : $"{g * u}")}].");
                Array.Copy(bias.Data, 0, b, dir * g * u, g * u);
                if (twoRows) Array.Copy(bias.Data, g * u, rb, dir * g * u, g * u);
            }
            var weights = new Dictionary<string, WeightVariable>
            {
                ["weight"] = new() { Name = "weight", Shape = new[] { d, g, nIn, u }, Data = w },
                ["recurrent_weight"] = new() { Name = "recurrent_weight", Shape = new[] { d, g, u, u }, Data = rw },
                ["bias"] = new() { Name = "bias", Shape = new[] { d, g, u }, Data = b },
            };
            if (IrType == "GRU" && ResetAfter)
                weights["recurrent_bias"] = new() { Name = "recurrent_bias", Shape = new[] { d, g, u }, Data = rb };
            return weights;
        }

        private static void Check(KerasLayerContext context, WeightVariable weight, string name, int rows, int columns)
        {
            if (weight.Shape.Length == 2 && weight.Shape[0] == rows && weight.Shape[1] == columns) return;
            throw context.Error(DiagnosticCodes.WeightShapeMismatch,
                $"{context.ClassName} layer '{context.LayerName}': '{name}' has shape [{string.Join(",", weight.Shape)}], expected [{rows},{columns}] for its input and units.");
        }
    }
}

/// <summary>Keras Embedding → IR Embedding (table <c>weight</c> = embeddings [input_dim, output_dim]).</summary>
public sealed class EmbeddingHandler : IKerasLayerHandler
{
    public IReadOnlyList<string> ClassNames { get; } = new[] { "Embedding" };

    public void Parse(KerasLayerContext context)
    {
        if (context.GetBool("mask_zero", false))
            throw context.Error(DiagnosticCodes.UnsupportedEmbeddingOption,
                $"Embedding layer '{context.LayerName}' has mask_zero=True (following layers skip token 0); train the model with mask_zero=False.");
        var table = context.RequireWeight("embeddings");
        int inputDim = context.GetInt("input_dim", table.Shape.Length == 2 ? table.Shape[0] : -1);
        int outputDim = context.GetInt("output_dim", table.Shape.Length == 2 ? table.Shape[1] : -1);
        context.RequireShape(table, "embeddings", inputDim, outputDim);
        var weights = new Dictionary<string, WeightVariable> { ["weight"] = new() { Name = "weight", Shape = table.Shape, Data = table.Data } };
        context.AddLayer("Embedding", context.LayerName, context.Inputs, weights: weights);
    }
}
