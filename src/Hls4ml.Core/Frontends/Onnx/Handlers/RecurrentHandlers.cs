using Hls4ml.Diagnostics;
using Hls4ml.Extensibility;
using Hls4ml.Ir;

namespace Hls4ml.Frontends.Onnx.Handlers;

/// <summary>
/// ONNX LSTM, GRU and RNN (as torch.onnx.export writes them, made batch-first by <see cref="OnnxRecurrentPatterns"/>)
/// → the IR recurrent layers. ONNX stacks the gates differently from Keras (LSTM i, o, f, c; GRU z, r, h; W [D, G·H, F],
/// R [D, G·H, H], B [D, 2·G·H] = input then recurrent biases); they are converted to the IR's gate blocks in Keras
/// order. GRU linear_before_reset=1 (torch) is Keras reset_after=True (separate recurrent bias), 0 is reset_after=False
/// (biases summed). Y (every step, directions concatenated) and Y_h (one direction's last state) become one IR layer
/// each; a reverse direction's Y is aligned with the input time steps, as ONNX defines it.
/// </summary>
public sealed class OnnxRecurrentHandler : IOnnxOpHandler
{
    public IReadOnlyList<string> OpTypes { get; } = new[] { "LSTM", "GRU", "RNN" };

    private static readonly Dictionary<string, string> Activations = new(StringComparer.OrdinalIgnoreCase)
    {
        ["Sigmoid"] = "sigmoid", ["Tanh"] = "tanh", ["Relu"] = "relu",
    };

    public void Convert(OnnxNodeContext context)
    {
        long marker = context.Int(OnnxRecurrentPatterns.BatchFirst, 0);
        if (marker == 0)
            throw Refuse(context, "its input is time-major ([sequence, batch, features]) without the batch-first Transpose torch.onnx.export writes in front; export the module with batch_first=True");
        if (context.HasInput(4))
            throw Refuse(context, "it has sequence_lens (variable-length sequences); export with fixed-length sequences and no sequence_lens");
        int stateInputs = context.OpType == "LSTM" ? 7 : 6;
        for (int i = 5; i < Math.Min(context.InputCount, stateInputs); i++)
            if (context.HasInput(i) && context.IsConstant(i))
                throw Refuse(context, $"its initial state (input {i}) is a non-zero constant; give it as a model input (or the state of another recurrent node), or use zeros");
        if (context.OpType == "LSTM" && context.HasInput(7))
            throw Refuse(context, "it has peephole weights (input P); they are not supported");
        if (context.Attribute("clip") is not null)
            throw Refuse(context, "it sets 'clip'; export without cell clipping");
        if (context.Int("input_forget", 0) != 0)
            throw Refuse(context, "it sets input_forget=1 (coupled input and forget gates)");

        var shape = context.InputShape(0);
        if (shape.Length != 3)
            throw Refuse(context, $"its input has shape [{string.Join(",", shape)}]; expected [batch, sequence, features]");
        int t = shape[1], f = shape[2];
        int h = (int)context.Int("hidden_size", 0);
        var direction = context.String("direction", "forward");
        int d = direction == "bidirectional" ? 2 : 1;
        if (direction is not ("forward" or "reverse" or "bidirectional"))
            throw Refuse(context, $"direction '{direction}' is not forward, reverse or bidirectional");
        int g = context.OpType switch { "LSTM" => 4, "GRU" => 3, _ => 1 };
        var w = context.Constant(1, "W");
        var r = context.Constant(2, "R");
        if (h <= 0) h = w.Dims.Length == 3 ? w.Dims[1] / g : 0;
        if (!w.Dims.SequenceEqual(new[] { d, g * h, f }) || !r.Dims.SequenceEqual(new[] { d, g * h, h }))
            throw context.Error(DiagnosticCodes.WeightShapeMismatch,
                $"W {OnnxHandlerHelpers.Shape(w.Dims)} / R {OnnxHandlerHelpers.Shape(r.Dims)} do not fit {d} direction(s) of {g} gates x {h} units over {f} features");
        var b = context.OptionalConstant(3, "B");
        if (b is not null && !b.Dims.SequenceEqual(new[] { d, 2 * g * h }))
            throw context.Error(DiagnosticCodes.WeightShapeMismatch, $"B {OnnxHandlerHelpers.Shape(b.Dims)} does not fit [{d},{2 * g * h}]");

        var (activation, recurrentActivation) = ReadActivations(context, d);
        bool resetAfter = context.OpType == "GRU" && context.Int("linear_before_reset", 0) != 0;
        // Keras gate k is ONNX gate order[k].
        int[] order = context.OpType == "LSTM" ? new[] { 0, 2, 3, 1 } : Enumerable.Range(0, g).ToArray();

        var input = context.NativeInput(0);
        // The layer's inputs: the sequence, then the initial hidden and cell states given at run time ([D, H] each).
        var inputs = new List<string> { input };
        bool initialH = context.HasInput(5), initialC = context.OpType == "LSTM" && context.HasInput(6);
        foreach (var (i, present) in new[] { (5, initialH), (6, initialC) })
        {
            if (!present) continue;
            var state = context.NativeInput(i);
            int size = context.IrShape(state).Aggregate(1, (a, b) => a * b);
            if (size != d * h)
                throw Refuse(context, $"its initial {(i == 5 ? "hidden" : "cell")} state (input {i}) holds {size} values per sample; expected {d} direction(s) x {h} units ([{d}, batch, {h}])");
            inputs.Add(state);
        }
        var attributes = new Dictionary<string, object?>
        {
            ["activation"] = activation,
            ["recurrent_activation"] = recurrentActivation,
            ["merge_mode"] = "concat",
            ["align_backward"] = true,
            ["initial_h"] = initialH,
            ["initial_c"] = initialC,
        };
        if (context.OpType == "GRU") attributes["reset_after"] = resetAfter;
        var irType = context.OpType == "RNN" ? "SimpleRNN" : context.OpType;

        if (context.IsOutputUsed(0))
        {
            if (marker != 1)
                throw Refuse(context, "its sequence output Y is used in a form other than torch's batch-first Squeeze/Transpose (or Transpose/Reshape/Transpose) tail");
            var sequence = new Dictionary<string, object?>(attributes)
            {
                ["return_sequences"] = true,
                ["direction"] = direction == "reverse" ? "backward" : direction,
            };
            var y = context.AddLayer(irType, context.LayerName, inputs, sequence, Weights(Enumerable.Range(0, d).ToArray()));
            context.SetOutput(0, y);
        }
        if (context.OutputCount > 1 && context.IsOutputUsed(1))
        {
            bool stateRewritten = context.Attribute(OnnxRecurrentPatterns.StateDirection) is { } a && a.Int != OnnxRecurrentPatterns.NoState;
            if (!stateRewritten)
                throw Refuse(context, "its last state Y_h [directions, batch, hidden] is used other than through Squeeze(axis 0) or Gather(axis 0, index)");
            long k = context.Int(OnnxRecurrentPatterns.StateDirection, OnnxRecurrentPatterns.NoState);
            if (k == OnnxRecurrentPatterns.AllDirections)
            {
                // Y_h whole: every direction's last hidden state, direction-major ([D, H] of one sample).
                context.SetOutput(1, LastStates("_state", cell: false));
            }
            else
            {
                if (k < -d || k >= d)
                    throw Refuse(context, $"its last state Y_h is read at direction {k}, which it does not have");
                if (k < 0) k += d;
                bool backward = direction == "reverse" || (direction == "bidirectional" && k == 1);
                var last = new Dictionary<string, object?>(attributes)
                {
                    ["return_sequences"] = false,
                    ["direction"] = backward ? "backward" : "forward",
                };
                // One direction of a bidirectional node starts from that direction's initial states only.
                var oneDirection = d == 1 ? inputs : new List<string> { input };
                if (d == 2 && (initialH || initialC))
                    throw Refuse(context, "one direction of its last state Y_h is read while its initial states are given for both directions; read Y_h whole or give zero initial states");
                var state = context.AddLayer(irType, context.LayerName + "_state", oneDirection, last, Weights(new[] { (int)k }));
                context.SetOutput(1, state);
            }
        }
        if (context.OutputCount > 2 && context.IsOutputUsed(2))
        {
            if (context.Int(OnnxRecurrentPatterns.CellState, 0) != 1)
                throw Refuse(context, "its last cell state Y_c is used other than whole, as another recurrent node's initial cell state or a model output");
            context.SetOutput(2, LastStates("_cell", cell: true));
        }

        // Every direction's last hidden (or cell) state, concatenated direction-major: the [D, N, H] of ONNX for one sample.
        string LastStates(string suffix, bool cell)
        {
            var last = new Dictionary<string, object?>(attributes)
            {
                ["return_sequences"] = false,
                ["direction"] = direction == "reverse" ? "backward" : direction,
                ["output_cell"] = cell,
            };
            return context.AddLayer(irType, context.LayerName + suffix, inputs, last, Weights(Enumerable.Range(0, d).ToArray()));
        }

        Dictionary<string, WeightVariable> Weights(int[] directions)
        {
            int n = directions.Length;
            var kernel = new float[n * g * f * h];
            var recurrent = new float[n * g * h * h];
            var bias = new float[n * g * h];
            var recurrentBias = new float[n * g * h];
            for (int di = 0; di < n; di++)
            {
                int src = directions[di];
                for (int gate = 0; gate < g; gate++)
                {
                    int og = order[gate], block = di * g + gate;
                    for (int j = 0; j < h; j++)
                    {
                        int row = src * g * h + og * h + j;
                        for (int i = 0; i < f; i++) kernel[(block * f + i) * h + j] = (float)w.Values[row * f + i];
                        for (int i = 0; i < h; i++) recurrent[(block * h + i) * h + j] = (float)r.Values[row * h + i];
                        if (b is null) continue;
                        double wb = b.Values[src * 2 * g * h + og * h + j], rb = b.Values[src * 2 * g * h + g * h + og * h + j];
                        if (resetAfter)
                        {
                            bias[block * h + j] = (float)wb;
                            recurrentBias[block * h + j] = (float)rb;
                        }
                        else
                            bias[block * h + j] = (float)(wb + rb);
                    }
                }
            }
            var weights = new Dictionary<string, WeightVariable>
            {
                ["weight"] = OnnxHandlerHelpers.Weight("weight", new[] { n, g, f, h }, kernel),
                ["recurrent_weight"] = OnnxHandlerHelpers.Weight("recurrent_weight", new[] { n, g, h, h }, recurrent),
                ["bias"] = OnnxHandlerHelpers.Weight("bias", new[] { n, g, h }, bias),
            };
            if (resetAfter) weights["recurrent_bias"] = OnnxHandlerHelpers.Weight("recurrent_bias", new[] { n, g, h }, recurrentBias);
            return weights;
        }
    }

    /// <summary>
    /// ONNX lists activations per direction: LSTM f (gates), g (cell input), h (cell output); GRU f, g; RNN f.
    /// The IR has one gate and one candidate activation, so g and h must agree and both directions must match.
    /// </summary>
    private static (string Activation, string RecurrentActivation) ReadActivations(OnnxNodeContext context, int directions)
    {
        var names = context.Attribute("activations")?.Strings;
        string[] defaults = context.OpType switch
        {
            "LSTM" => new[] { "Sigmoid", "Tanh", "Tanh" },
            "GRU" => new[] { "Sigmoid", "Tanh" },
            _ => new[] { "Tanh" },
        };
        if (names is null || names.Length == 0) names = Enumerable.Repeat(defaults, directions).SelectMany(x => x).ToArray();
        if (names.Length != defaults.Length * directions)
            throw Refuse(context, $"it lists {names.Length} activations; expected {defaults.Length * directions}");
        if (context.Attribute("activation_alpha") is not null || context.Attribute("activation_beta") is not null)
            throw Refuse(context, "it sets activation_alpha/activation_beta; only Sigmoid, Tanh and Relu without parameters are supported");
        var mapped = names.Select(n => Activations.TryGetValue(n, out var m) ? m
            : throw Refuse(context, $"activation '{n}' is not supported (Sigmoid, Tanh, Relu)")).ToArray();
        for (int i = defaults.Length; i < mapped.Length; i++)
            if (mapped[i] != mapped[i % defaults.Length])
                throw Refuse(context, "its two directions use different activations");
        return context.OpType switch
        {
            "LSTM" when mapped[1] != mapped[2] => throw Refuse(context, $"its cell input activation '{names[1]}' differs from its output activation '{names[2]}'"),
            "RNN" => (mapped[0], "linear"),
            _ => (mapped[1], mapped[0]),
        };
    }

    private static Exception Refuse(OnnxNodeContext context, string what) => context.Error(DiagnosticCodes.UnsupportedOnnxRecurrent, what);
}

/// <summary>Gather of rows of a constant table by run-time indices (torch nn.Embedding) → IR Embedding.</summary>
public static class OnnxEmbedding
{
    /// <summary>Whether the Gather node is a table lookup this converts (constant data, run-time indices, axis 0).</summary>
    public static bool Applies(OnnxNodeContext context) => context.IsConstant(0) && !context.IsConstant(1) && context.Int("axis", 0) == 0;

    public static void Convert(OnnxNodeContext context)
    {
        var table = context.Constant(0, "embedding table");
        if (table.Rank != 2)
            throw context.Error(DiagnosticCodes.UnsupportedEmbeddingOption, $"the table has shape {OnnxHandlerHelpers.Shape(table.Dims)}; an embedding table is [vocabulary, dim]");
        var indices = context.NativeInput(1);
        var weights = new Dictionary<string, WeightVariable> { ["weight"] = OnnxHandlerHelpers.Weight("weight", table.Dims, table.ToFloats()) };
        var y = context.AddLayer("Embedding", context.LayerName, new[] { indices }, weights: weights);
        context.SetOutput(0, y);
    }
}
