using Hls4ml.Diagnostics;
using Hls4ml.Extensibility;
using Hls4ml.Ir.Layers.Activations;
using Hls4ml.Passes;
using Hls4ml.Types;

namespace Hls4ml.Ir.Layers.Recurrent;

/// <summary>The cell a recurrent layer computes at each time step.</summary>
public enum RecurrentCell { SimpleRnn, Lstm, Gru }

/// <summary>
/// A recurrent layer over a fixed-length sequence [n_timesteps, n_in]: SimpleRNN, LSTM or GRU, one direction
/// (forward, or backward as Keras go_backwards / ONNX reverse) or both (Keras Bidirectional, ONNX bidirectional).
/// Every frontend converts its weights into one canonical layout (gate-blocked, gates in Keras order: LSTM i, f, c, o;
/// GRU z, r, h), so one kernel and one reference serve Keras 2, Keras 3 and ONNX:
/// <c>weight</c> [D, G, n_in, U], <c>recurrent_weight</c> [D, G, U, U], <c>bias</c> [D, G, U] and, for GRU with the
/// reset gate applied after the recurrent product (Keras reset_after=True, ONNX linear_before_reset=1),
/// <c>recurrent_bias</c> [D, G, U].
/// Attributes set by the frontend: <c>activation</c>, <c>recurrent_activation</c> (registered activation names),
/// <c>return_sequences</c>, <c>direction</c> (forward | backward | bidirectional), <c>align_backward</c> (backward
/// outputs at their own time step instead of in processing order), <c>merge_mode</c> (concat | sum | mul | ave),
/// <c>reset_after</c> (GRU), and for Keras 3 hard_sigmoid <c>hard_sigmoid_slope</c>.
/// Initial states: <c>initial_h</c> / <c>initial_c</c> (LSTM) say that the layer's next inputs, in that order after
/// the sequence, hold the starting hidden / cell state of every direction ([D, U], direction-major; ONNX initial_h
/// and initial_c, Keras initial_state) instead of zeros. <c>output_cell</c> (LSTM, last step only) outputs the last
/// cell state instead of the hidden state (ONNX Y_c).
/// </summary>
public abstract class RecurrentDefinition(HlsRegistry registry) : LayerDefinition
{
    public abstract RecurrentCell Cell { get; }

    /// <summary>Gates per cell (blocks of the kernels).</summary>
    public int Gates => Cell switch { RecurrentCell.Lstm => 4, RecurrentCell.Gru => 3, _ => 1 };

    public static readonly IReadOnlyList<string> Directions = new[] { "forward", "backward", "bidirectional" };
    public static readonly IReadOnlyList<string> MergeModes = new[] { "concat", "sum", "mul", "ave" };

    public override bool HasReuseFactor => true;
    public override int SpatialRank => 0;
    public override IReadOnlyList<string> Strategies { get; } = new[] { "Latency", "Resource", "Unrolled" };

    public override IReadOnlyList<AttributeSpec> Attributes { get; } = new[]
    {
        AttributeSpec.Int("table_size", "TableSize", 1024, "entries of the activation lookup tables (table-based activations)"),
        AttributeSpec.Int("recurrent_reuse_factor", "RecurrentReuseFactor", 1, "reuse factor of each gate's units x units recurrent product (ReuseFactor applies to the input product)"),
        AttributeSpec.Bool("use_static", "Static", true,
            "hls4ml's 'static': true = one cell instance reused for every time step with its state in static registers; false = one cell per time step (time loop unrolled). The state is reset for every inference either way."),
    };

    public override IReadOnlyList<TypeSlot> TypeSlots { get; } = new[]
    {
        new TypeSlot("result"), new TypeSlot("accum"), new TypeSlot("weight"), new TypeSlot("recurrent_weight"),
        new TypeSlot("bias"), new TypeSlot("recurrent_bias"), new TypeSlot("state"), new TypeSlot("table", "ap_fixed<18,8>"),
    };

    public override int[] InferShape(Layer layer, IReadOnlyList<int[]> inputShapes)
    {
        var input = inputShapes[0];
        if (input.Length != 2)
            throw new HlsException(DiagnosticCodes.ShapeMismatch,
                $"{layer.Type} needs a sequence input [time steps, features] (got shape [{string.Join(",", input)}]).", layer: layer.Name);
        foreach (var key in new[] { "activation", "recurrent_activation" })
        {
            var name = layer.Get(key, "tanh");
            if (registry.Activation(name) is null)
                throw new HlsException(DiagnosticCodes.UnsupportedActivation,
                    $"{layer.Type} {key} '{name}' is not supported (supported: {string.Join(", ", registry.ActivationNames)}).", layer: layer.Name);
        }
        var direction = layer.Get("direction", "forward");
        if (!Directions.Contains(direction))
            throw new HlsException(DiagnosticCodes.UnsupportedRecurrentOption, $"direction '{direction}' is not one of {string.Join(", ", Directions)}.", layer: layer.Name);
        var merge = layer.Get("merge_mode", "concat");
        if (!MergeModes.Contains(merge))
            throw new HlsException(DiagnosticCodes.UnsupportedRecurrentOption,
                $"Bidirectional merge_mode '{merge}' is not supported; use one of {string.Join(", ", MergeModes)}.", layer: layer.Name);
        int d = direction == "bidirectional" ? 2 : 1, g = Gates, nIn = input[1];
        int units = layer.Weights.TryGetValue("weight", out var w) && w.Shape.Length == 4 ? w.Shape[3] : 0;
        void Expect(string name, params int[] shape)
        {
            if (!layer.Weights.TryGetValue(name, out var weight) || !weight.Shape.SequenceEqual(shape))
                throw new HlsException(DiagnosticCodes.WeightShapeMismatch,
                    $"{layer.Type} weight '{name}' has shape [{(weight is null ? "missing" : string.Join(",", weight.Shape))}], expected [{string.Join(",", shape)}] for {nIn} input features.", layer: layer.Name);
        }
        Expect("weight", d, g, nIn, units);
        Expect("recurrent_weight", d, g, units, units);
        Expect("bias", d, g, units);
        bool recurrentBias = Cell == RecurrentCell.Gru && layer.Get("reset_after", true);
        if (recurrentBias) Expect("recurrent_bias", d, g, units);
        else layer.Weights.Remove("recurrent_bias");
        CheckStateInputs(layer, inputShapes, d, units);
        layer.Attributes["n_timesteps"] = input[0];
        layer.Attributes["n_in"] = nIn;
        layer.Attributes["n_state"] = units;
        // The reuse factor is validated (like Dense) on each gate's n_in x units input product.
        layer.Attributes["n_out"] = units;
        layer.Attributes["n_gates"] = g;
        layer.Attributes["n_directions"] = d;
        int width = d == 2 && merge == "concat" ? 2 * units : units;
        return layer.Get("return_sequences", false) ? new[] { input[0], width } : new[] { width };
    }

    /// <summary>The initial-state inputs the attributes announce, each D x U values; the cell state only where there is one.</summary>
    private void CheckStateInputs(Layer layer, IReadOnlyList<int[]> inputShapes, int directions, int units)
    {
        bool initialH = layer.Get("initial_h", false), initialC = layer.Get("initial_c", false);
        if ((initialC || layer.Get("output_cell", false)) && Cell != RecurrentCell.Lstm)
            throw new HlsException(DiagnosticCodes.UnsupportedRecurrentOption,
                $"{layer.Type} has no cell state (only LSTM does); remove the initial cell state / cell-state output.", layer: layer.Name);
        if (layer.Get("output_cell", false) && layer.Get("return_sequences", false))
            throw new HlsException(DiagnosticCodes.UnsupportedRecurrentOption,
                $"{layer.Type} outputs the last cell state, which has no per-step sequence; set return_sequences=False for the cell-state output.", layer: layer.Name);
        int expected = 1 + (initialH ? 1 : 0) + (initialC ? 1 : 0);
        if (inputShapes.Count != expected)
            throw new HlsException(DiagnosticCodes.ShapeMismatch,
                $"{layer.Type} has {inputShapes.Count} inputs; expected the sequence{(initialH ? ", the initial hidden state" : "")}{(initialC ? ", the initial cell state" : "")} ({expected}).", layer: layer.Name);
        for (int i = 1; i < inputShapes.Count; i++)
        {
            int size = inputShapes[i].Aggregate(1, (a, b) => a * b);
            if (size != directions * units)
                throw new HlsException(DiagnosticCodes.ShapeMismatch,
                    $"{layer.Type} initial {(i == 1 && initialH ? "hidden" : "cell")} state has shape [{string.Join(",", inputShapes[i])}] ({size} values); expected {directions} direction(s) x {units} units = {directions * units} values.", layer: layer.Name);
        }
    }

    public override void AddTemplateVariables(Layer layer, IDictionary<string, object?> variables)
    {
        bool initialH = layer.Get("initial_h", false), initialC = layer.Get("initial_c", false);
        variables["initial_h"] = initialH;
        variables["initial_c"] = initialC;
        variables["output_cell"] = layer.Get("output_cell", false);
        variables["initial_states"] = initialH || initialC;
        // Inputs: the sequence, then h0, then c0 (those present): a missing state is stood in for by the other (never read).
        variables["c0_index"] = initialH && initialC ? 2 : 1;
        variables["cell_cpp"] = Cell switch { RecurrentCell.Lstm => "lstm_cell", RecurrentCell.Gru => "gru_cell", _ => "simple_rnn_cell" };
        variables["direction_cpp"] = layer.Get("direction", "forward") switch
        {
            "backward" => "backward_direction", "bidirectional" => "bidirectional", _ => "forward_direction",
        };
        variables["merge_cpp"] = "merge_" + layer.Get("merge_mode", "concat");
        variables["reset_after"] = Cell == RecurrentCell.Gru && layer.Get("reset_after", true);
        variables["return_sequences"] = layer.Get("return_sequences", false);
        variables["align_backward"] = layer.Get("align_backward", false);
        variables["slope_cpp"] = ActivationFunctions.CppLiteral(layer.Get("hard_sigmoid_slope", ActivationFunctions.HardSigmoidSlope));
        variables["shift_cpp"] = ActivationFunctions.CppLiteral(ActivationFunctions.HardSigmoidShift);
        // 'ave' halves the sum exactly: a one-bit fraction for fixed-point states, a double otherwise.
        variables["half_type"] = layer.Types["state"] is FloatPrecision ? "double" : "ap_ufixed<1,0>";
        variables["recurrent_bias_argument"] = variables["weights"] is IDictionary<string, object?> w && w.TryGetValue("recurrent_bias", out var rb)
            ? $", {rb}" : "";
    }

    /// <summary>An extension's activation brings the headers that define it.</summary>
    public override IReadOnlyList<(string Header, string? Root)> Headers(Layer layer) =>
        new[] { layer.Get("activation", "tanh"), layer.Get("recurrent_activation", "sigmoid") }.Distinct()
            .Select(registry.Activation).Where(f => f?.Headers is { Count: > 0 })
            .SelectMany(f => f!.Headers!.Select(h => (h, f.HeaderRoot))).ToList();

    /// <summary>Every precision unset by the project stays at the model default; the recurrent reuse factor is validated here, after the settings apply.</summary>
    public override void InferPrecisions(Layer layer, PrecisionContext context)
    {
        int units = layer.Get<int>("n_state"), rrf = layer.Get("recurrent_reuse_factor", 1);
        if (!ValidateReuseFactor.IsValid(units, units, rrf))
        {
            var nearest = ValidateReuseFactor.ValidValues(units, units).OrderBy(v => Math.Abs(v - rrf)).ThenBy(v => v).Take(4).Order();
            throw new HlsException(DiagnosticCodes.InvalidRecurrentReuseFactor,
                $"RecurrentReuseFactor {rrf} is not valid for the {units}x{units} recurrent product; nearest valid values: {string.Join(", ", nearest)}.",
                context.Graph.SourceFile, layer.Name);
        }
    }

    /// <summary>
    /// Per time step each direction computes G input products (n_in x U) and G recurrent products (U x U), at
    /// ReuseFactor and RecurrentReuseFactor cycles each, plus the cell's element-wise products. Static: one cell, so
    /// the multipliers are one cell's and the interval is the time steps times one step; not static: one cell per step.
    /// </summary>
    public override LayerEstimate? Estimate(ModelGraph graph, Layer layer, bool parallel)
    {
        int t = layer.Get<int>("n_timesteps"), nIn = layer.Get<int>("n_in"), u = layer.Get<int>("n_state");
        int d = layer.Get<int>("n_directions"), g = Gates, rf = layer.Get("reuse_factor", 1), rrf = layer.Get("recurrent_reuse_factor", 1);
        bool useStatic = layer.Get("use_static", true);
        long Ceil(long a, long b) => (a + b - 1) / b;
        // LSTM: f*c, i*g, o*tanh(c); GRU: r times the recurrent term (or h), z*(h - candidate).
        long elementwise = Cell switch { RecurrentCell.Lstm => 3L * u, RecurrentCell.Gru => 2L * u, _ => 0 };
        long perCell = g * (Ceil((long)nIn * u, rf) + Ceil((long)u * u, rrf)) + elementwise;
        long multipliers = d * perCell * (useStatic ? 1 : t);
        // GRU reset_after=False forms r*h before the candidate's recurrent product: two products in sequence.
        long stepCycles = rf + rrf * (Cell == RecurrentCell.Gru && !layer.Get("reset_after", true) ? 2 : 1);
        long interval = d * (long)t * stepCycles;
        bool resource = layer.Get("strategy", "Latency") == "Resource";
        long unrolled = d * g * ((resource ? Ceil((long)nIn * u, rf) : (long)nIn * u) + (resource ? Ceil((long)u * u, rrf) : (long)u * u)) * (useStatic ? 1 : t);
        var largest = layer.Weights.Values.OrderByDescending(w => w.Data.Length).First();
        var output = graph.Tensor(layer.Outputs[0]);
        long partition = Math.Max(largest.Data.Length, parallel ? output.Size : 0);
        return new LayerEstimate(layer.Name, layer.Type, layer.Get("strategy", "Latency"), rf, multipliers,
            partition, partition == largest.Data.Length ? largest.Name : "output", unrolled, unrolled, interval);
    }

    public override double[] Evaluate(Layer layer, IReadOnlyList<double[]> inputs)
    {
        int T = layer.Get<int>("n_timesteps"), n = layer.Get<int>("n_in"), u = layer.Get<int>("n_state"), d = layer.Get<int>("n_directions");
        var direction = layer.Get("direction", "forward");
        bool sequences = layer.Get("return_sequences", false), align = layer.Get("align_backward", false);
        var act = registry.Activation(layer.Get("activation", "tanh"))!.Reference;
        var ract = registry.Activation(layer.Get("recurrent_activation", "sigmoid"))!.Reference;
        // hard_sigmoid's slope (Keras 2: 0.2, Keras 3: 1/6) is read by the reference from the attribute it shares.
        var activationLayer = new Layer { Name = layer.Name, Type = "Activation" };
        activationLayer.Attributes["slope"] = layer.Get("hard_sigmoid_slope", ActivationFunctions.HardSigmoidSlope);
        activationLayer.Attributes["shift"] = ActivationFunctions.HardSigmoidShift;
        double A(double x) => act(activationLayer, x);
        double R(double x) => ract(activationLayer, x);

        var x = inputs[0];
        var outputs = new double[d][][];
        var last = new double[d][];
        for (int dir = 0; dir < d; dir++)
        {
            bool backward = direction == "backward" || (direction == "bidirectional" && dir == 1);
            var cell = new CellWeights(layer, dir, Gates, n, u);
            var h = new double[u];
            var c = new double[u];
            int next = 1;
            if (layer.Get("initial_h", false)) Array.Copy(inputs[next++], dir * u, h, 0, u);
            if (layer.Get("initial_c", false)) Array.Copy(inputs[next], dir * u, c, 0, u);
            outputs[dir] = new double[T][];
            for (int step = 0; step < T; step++)
            {
                int t = backward ? T - 1 - step : step;
                var xt = x.AsSpan(t * n, n).ToArray();
                Step(cell, xt, h, c, A, R, layer.Get("reset_after", true));
                outputs[dir][backward && !align ? step : t] = (double[])h.Clone();
            }
            last[dir] = layer.Get("output_cell", false) ? c : h;
        }
        var merge = layer.Get("merge_mode", "concat");
        double[] Merge(double[] f, double[]? b) => b is null ? f : merge switch
        {
            "concat" => f.Concat(b).ToArray(),
            "sum" => f.Select((v, j) => v + b[j]).ToArray(),
            "mul" => f.Select((v, j) => v * b[j]).ToArray(),
            _ => f.Select((v, j) => (v + b[j]) / 2).ToArray(),
        };
        if (!sequences) return Merge(last[0], d == 2 ? last[1] : null);
        return Enumerable.Range(0, T).SelectMany(t => Merge(outputs[0][t], d == 2 ? outputs[1][t] : null)).ToArray();
    }

    private void Step(CellWeights p, double[] x, double[] h, double[] c, Func<double, double> act, Func<double, double> ract, bool resetAfter)
    {
        int u = h.Length;
        switch (Cell)
        {
            case RecurrentCell.SimpleRnn:
            {
                var z = p.Input(0, x);
                p.AddRecurrent(0, h, z);
                for (int j = 0; j < u; j++) h[j] = act(z[j]);
                break;
            }
            case RecurrentCell.Lstm:
            {
                var z = Enumerable.Range(0, 4).Select(g => { var a = p.Input(g, x); p.AddRecurrent(g, h, a); return a; }).ToArray();
                for (int j = 0; j < u; j++)
                {
                    double i = ract(z[0][j]), f = ract(z[1][j]), cc = act(z[2][j]), o = ract(z[3][j]);
                    c[j] = f * c[j] + i * cc;
                    h[j] = o * act(c[j]);
                }
                break;
            }
            case RecurrentCell.Gru:
            {
                var xz = Enumerable.Range(0, 3).Select(g => p.Input(g, x)).ToArray();
                double[] z, r, cand;
                if (resetAfter)
                {
                    var hz = Enumerable.Range(0, 3).Select(g => { var a = p.RecurrentBias(g); p.AddRecurrent(g, h, a); return a; }).ToArray();
                    z = xz[0].Select((v, j) => ract(v + hz[0][j])).ToArray();
                    r = xz[1].Select((v, j) => ract(v + hz[1][j])).ToArray();
                    cand = xz[2].Select((v, j) => act(v + r[j] * hz[2][j])).ToArray();
                }
                else
                {
                    p.AddRecurrent(0, h, xz[0]);
                    p.AddRecurrent(1, h, xz[1]);
                    z = xz[0].Select(ract).ToArray();
                    r = xz[1].Select(ract).ToArray();
                    var rh = h.Select((v, j) => r[j] * v).ToArray();
                    p.AddRecurrent(2, rh, xz[2]);
                    cand = xz[2].Select(act).ToArray();
                }
                for (int j = 0; j < u; j++) h[j] = z[j] * h[j] + (1 - z[j]) * cand[j];
                break;
            }
        }
    }

    /// <summary>One direction's gate blocks of the canonical layout.</summary>
    private sealed class CellWeights(Layer layer, int direction, int gates, int nIn, int units)
    {
        private readonly float[] _w = layer.Weights["weight"].Data, _rw = layer.Weights["recurrent_weight"].Data, _b = layer.Weights["bias"].Data;
        private readonly float[]? _rb = layer.Weights.TryGetValue("recurrent_bias", out var rb) ? rb.Data : null;

        public double[] Input(int gate, double[] x)
        {
            var acc = new double[units];
            int block = (direction * gates + gate);
            for (int j = 0; j < units; j++) acc[j] = _b[block * units + j];
            for (int i = 0; i < nIn; i++)
                for (int j = 0; j < units; j++) acc[j] += x[i] * _w[(block * nIn + i) * units + j];
            return acc;
        }

        public double[] RecurrentBias(int gate)
        {
            var acc = new double[units];
            if (_rb is null) return acc;
            int block = direction * gates + gate;
            for (int j = 0; j < units; j++) acc[j] = _rb[block * units + j];
            return acc;
        }

        public void AddRecurrent(int gate, double[] h, double[] acc)
        {
            int block = direction * gates + gate;
            for (int i = 0; i < units; i++)
                for (int j = 0; j < units; j++) acc[j] += h[i] * _rw[(block * units + i) * units + j];
        }
    }
}

public sealed class SimpleRnnDefinition(HlsRegistry registry) : RecurrentDefinition(registry)
{
    public override string TypeName => "SimpleRNN";
    public override RecurrentCell Cell => RecurrentCell.SimpleRnn;
}

public sealed class LstmDefinition(HlsRegistry registry) : RecurrentDefinition(registry)
{
    public override string TypeName => "LSTM";
    public override RecurrentCell Cell => RecurrentCell.Lstm;
}

public sealed class GruDefinition(HlsRegistry registry) : RecurrentDefinition(registry)
{
    public override string TypeName => "GRU";
    public override RecurrentCell Cell => RecurrentCell.Gru;
}

/// <summary>
/// Embedding: each input value is a token index into the table <c>weight</c> [n_vocab, n_out]; the output appends an
/// axis of n_out values. Indices outside the table select its nearest row (hardware must produce something defined).
/// A model input read only by Embedding layers gets an unsigned integer type wide enough for the vocabulary unless
/// the project sets one.
/// </summary>
public sealed class EmbeddingDefinition : LayerDefinition
{
    public override string TypeName => "Embedding";

    public override IReadOnlyList<TypeSlot> TypeSlots { get; } = new[] { new TypeSlot("result"), new TypeSlot("weight") };

    public override int[] InferShape(Layer layer, IReadOnlyList<int[]> inputShapes)
    {
        if (!layer.Weights.TryGetValue("weight", out var table) || table.Shape.Length != 2)
            throw new HlsException(DiagnosticCodes.WeightShapeMismatch,
                $"embedding table has shape [{(table is null ? "missing" : string.Join(",", table.Shape))}], expected [vocabulary, output dim].", layer: layer.Name);
        layer.Attributes["n_in"] = inputShapes[0].Aggregate(1, (a, b) => a * b);
        layer.Attributes["n_vocab"] = table.Shape[0];
        layer.Attributes["n_out"] = table.Shape[1];
        return inputShapes[0].Append(table.Shape[1]).ToArray();
    }

    public override void InferPrecisions(Layer layer, PrecisionContext context)
    {
        var producer = context.Graph.Producer(layer.Inputs[0]);
        if (producer is not { Type: "Input" } || producer.ExplicitTypes.ContainsKey("result")) return;
        if (context.Graph.Consumers(layer.Inputs[0]).Any(c => c.Type != "Embedding")) return;
        int vocabulary = layer.Get<int>("n_vocab");
        int bits = Math.Max(1, (int)Math.Ceiling(Math.Log2(Math.Max(vocabulary, 2))));
        var index = new IntegerPrecision(bits, Signed: false);
        producer.Types["result"] = index;
        context.Graph.Tensor(layer.Inputs[0]).Precision = index;
    }

    public override LayerEstimate? Estimate(ModelGraph graph, Layer layer, bool parallel)
    {
        var output = graph.Tensor(layer.Outputs[0]);
        var table = layer.Weights["weight"];
        return new LayerEstimate(layer.Name, layer.Type, null, 1, 0, Math.Max(table.Data.Length, parallel ? output.Size : 0),
            table.Data.Length >= output.Size || !parallel ? "weight" : "output", output.Size, 0, parallel ? 1 : layer.Get<int>("n_in"));
    }

    public override double[] Evaluate(Layer layer, IReadOnlyList<double[]> inputs)
    {
        int vocabulary = layer.Get<int>("n_vocab"), width = layer.Get<int>("n_out");
        var table = layer.Weights["weight"].Data;
        var y = new double[inputs[0].Length * width];
        for (int i = 0; i < inputs[0].Length; i++)
        {
            int index = (int)Math.Clamp(Math.Truncate(inputs[0][i]), 0, vocabulary - 1);
            for (int j = 0; j < width; j++) y[i * width + j] = table[index * width + j];
        }
        return y;
    }
}
