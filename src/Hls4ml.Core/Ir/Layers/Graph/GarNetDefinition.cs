using Hls4ml.Diagnostics;
using Hls4ml.Extensibility;
using Hls4ml.Passes;
using Hls4ml.Types;

namespace Hls4ml.Ir.Layers.Graph;

/// <summary>
/// GarNet and GarNetStack (simplified GarNet, arXiv 1902.07987; hls4ml's arXiv 2008.03601): inputs are the vertex
/// features [V, F] and the number of valid vertices [1]. Sublayer i has <c>n_aggregators[i]</c> (S),
/// <c>n_propagate[i]</c> (P), <c>n_filters[i]</c> (N); weights of all sublayers are concatenated per kind in order
/// FLR [F_i, P], S [F_i, S], Fout [S·P, N] (<c>weight</c>) and FLR [P], S [S], Fout [N] (<c>bias</c>). Attributes:
/// <c>collapse</c> (mean | sum | max | none), <c>mean_by_nvert</c>, <c>output_activation</c> (registered name).
/// Precisions: weight, bias, result, accum (sums over the vertices; default the model default widened by
/// log2(V) integer and log2(V) fractional bits), feature (vertex features between sublayers), edge (exp(-d²) weights, in [0, 1]).
/// </summary>
public sealed class GarNetDefinition(HlsRegistry registry) : LayerDefinition
{
    public override string TypeName => "GarNet";
    public override bool HasReuseFactor => true;
    public override IReadOnlyList<string> Strategies { get; } = new[] { "Latency", "Resource" };

    public static readonly IReadOnlyList<string> Collapses = new[] { "mean", "sum", "max", "none" };

    public override IReadOnlyList<AttributeSpec> Attributes { get; } = new[]
    {
        AttributeSpec.Int("table_size", "TableSize", 4096, "entries of the exp(-d²) edge-weight table over d² in [0, 16) (and of the output activation's table)"),
    };

    public override IReadOnlyList<TypeSlot> TypeSlots { get; } = new[]
    {
        new TypeSlot("result"), new TypeSlot("weight"), new TypeSlot("bias"), new TypeSlot("accum"), new TypeSlot("feature"),
        new TypeSlot("edge", "ap_ufixed<18,1,AP_RND,AP_SAT>"), new TypeSlot("table", "ap_fixed<18,8>"),
    };

    public override int[] InferShape(Layer layer, IReadOnlyList<int[]> inputShapes)
    {
        if (inputShapes.Count != 2 || inputShapes[0].Length != 2 || inputShapes[1].Aggregate(1, (a, b) => a * b) != 1)
            throw new HlsException(DiagnosticCodes.ShapeMismatch,
                $"GarNet needs the vertex features [vertices, features] and the vertex count [1] (input_format 'xn'); got {string.Join(" ", inputShapes.Select(s => "[" + string.Join(",", s) + "]"))}.", layer: layer.Name);
        int v = inputShapes[0][0], f = inputShapes[0][1];
        var aggregators = layer.Get<int[]>("n_aggregators");
        var propagate = layer.Get<int[]>("n_propagate");
        var filters = layer.Get<int[]>("n_filters");
        int l = aggregators.Length;
        if (propagate.Length != l || filters.Length != l || l == 0)
            throw new HlsException(DiagnosticCodes.ShapeMismatch, "GarNet n_aggregators, n_propagate and n_filters must list one value per sublayer.", layer: layer.Name);
        long weights = 0, biases = 0;
        int fin = f;
        for (int i = 0; i < l; i++)
        {
            weights += (long)fin * propagate[i] + (long)fin * aggregators[i] + (long)aggregators[i] * propagate[i] * filters[i];
            biases += propagate[i] + aggregators[i] + filters[i];
            fin = filters[i];
        }
        int heldWeights = layer.Weights.TryGetValue("weight", out var w) ? w.Data.Length : 0;
        int heldBiases = layer.Weights.TryGetValue("bias", out var b) ? b.Data.Length : 0;
        if (heldWeights != weights || heldBiases != biases)
            throw new HlsException(DiagnosticCodes.WeightShapeMismatch,
                $"GarNet weights hold {heldWeights} kernel and {heldBiases} bias values; its sublayers need {weights} and {biases}.", layer: layer.Name);
        var activation = layer.Get("output_activation", "linear");
        if (registry.Activation(activation) is null)
            throw new HlsException(DiagnosticCodes.UnsupportedActivation, $"GarNet output_activation '{activation}' is not supported (supported: {string.Join(", ", registry.ActivationNames)}).", layer: layer.Name);
        var collapse = layer.Get("collapse", "mean");
        if (!Collapses.Contains(collapse))
            throw new HlsException(DiagnosticCodes.UnsupportedLayer, $"GarNet collapse '{collapse}' is not one of {string.Join(", ", Collapses)}.", layer: layer.Name);
        layer.Attributes["n_vertices"] = v;
        // Reuse factor: vertices handled per pipeline iteration are V / ReuseFactor (validated like Dense on V x 1).
        layer.Attributes["n_in"] = v;
        layer.Attributes["n_out"] = 1;
        layer.Attributes["n_features"] = f;
        layer.Attributes["n_sublayers"] = l;
        layer.Attributes["n_weights"] = (int)weights;
        layer.Attributes["n_biases"] = (int)biases;
        return collapse == "none" ? new[] { v, filters[^1] } : new[] { filters[^1] };
    }

    public override void InferPrecisions(Layer layer, PrecisionContext context)
    {
        int v = layer.Get<int>("n_vertices");
        int extra = (int)Math.Ceiling(Math.Log2(Math.Max(v, 2)));
        if (!context.ExplicitSlots.Contains("accum") && context.ModelDefault is FixedPrecision d)
            // Sums over V vertices: log2(V) more integer bits so they cannot overflow, and as many more fractional
            // bits so that V truncated products do not add up to more than about one LSB of the model default.
            layer.Types["accum"] = new FixedPrecision(d.TotalWidth + 2 * extra, d.Integer + extra, true, d.Quantization, d.Overflow);
        // The vertex count is an integer: its model input gets an unsigned type for 0..V unless the project sets one.
        var producer = context.Graph.Producer(layer.Inputs[1]);
        if (producer is { Type: "Input" } && !producer.ExplicitTypes.ContainsKey("result"))
        {
            var count = new IntegerPrecision((int)Math.Ceiling(Math.Log2(v + 1)), Signed: false);
            producer.Types["result"] = count;
            context.Graph.Tensor(layer.Inputs[1]).Precision = count;
        }
    }

    public override void AddTemplateVariables(Layer layer, IDictionary<string, object?> variables)
    {
        var aggregators = layer.Get<int[]>("n_aggregators");
        var propagate = layer.Get<int[]>("n_propagate");
        var filters = layer.Get<int[]>("n_filters");
        int fin = layer.Get<int>("n_features"), w = 0, b = 0;
        var sublayers = new List<Dictionary<string, object?>>();
        for (int i = 0; i < aggregators.Length; i++)
        {
            sublayers.Add(new Dictionary<string, object?>
            {
                // Sublayer 0 reads the input rows; later ones the buffers, whose rows hold max_features values.
                ["index"] = i, ["n_in"] = fin, ["in_stride"] = i == 0 ? fin : filters.Max(),
                ["n_aggregators"] = aggregators[i], ["n_propagate"] = propagate[i], ["n_filters"] = filters[i],
                ["weight_offset"] = w, ["bias_offset"] = b,
            });
            w += fin * propagate[i] + fin * aggregators[i] + aggregators[i] * propagate[i] * filters[i];
            b += propagate[i] + aggregators[i] + filters[i];
            fin = filters[i];
        }
        variables["sublayers"] = sublayers;
        variables["max_features"] = filters.Max();
        variables["n_filters_last"] = filters[^1];
        variables["collapse_cpp"] = "garnet_collapse_" + layer.Get("collapse", "mean");
        variables["mean_by_nvert"] = layer.Get("mean_by_nvert", false);
        variables["output_activation"] = layer.Get("output_activation", "linear");
        bool floating = layer.Types["accum"] is FloatPrecision;
        variables["norm_type"] = floating ? "double" : "ap_ufixed<32,0,AP_RND>";
    }

    public override IReadOnlyList<(string Header, string? Root)> Headers(Layer layer) =>
        registry.Activation(layer.Get("output_activation", "linear")) is { Headers: { Count: > 0 } headers } f
            ? headers.Select(h => (h, f.HeaderRoot)).ToList()
            : Array.Empty<(string, string?)>();

    /// <summary>
    /// Per vertex: the FLR, S and Fout products of every sublayer. The two vertex loops of each sublayer are pipelined
    /// at II = ReuseFactor, so a vertex's multiplications share ReuseFactor cycles: multipliers ⌈per vertex / RF⌉,
    /// interval 2·V·RF per sublayer.
    /// </summary>
    public override LayerEstimate? Estimate(ModelGraph graph, Layer layer, bool parallel)
    {
        int v = layer.Get<int>("n_vertices"), rf = layer.Get("reuse_factor", 1);
        var aggregators = layer.Get<int[]>("n_aggregators");
        var propagate = layer.Get<int[]>("n_propagate");
        var filters = layer.Get<int[]>("n_filters");
        long perVertex = 0;
        int fin = layer.Get<int>("n_features");
        for (int i = 0; i < aggregators.Length; i++)
        {
            // FLR and S products, d², e·f into the aggregates; then e·a and the Fout product.
            perVertex += (long)fin * (propagate[i] + aggregators[i]) + aggregators[i] + 2L * aggregators[i] * propagate[i]
                         + (long)aggregators[i] * propagate[i] * filters[i];
            fin = filters[i];
        }
        var weight = layer.Weights["weight"];
        return new LayerEstimate(layer.Name, layer.Type, layer.Get("strategy", "Latency"), rf, (perVertex + rf - 1) / rf,
            weight.Data.Length, "weight", perVertex, perVertex, 2L * v * rf * aggregators.Length);
    }

    public override double[] Evaluate(Layer layer, IReadOnlyList<double[]> inputs)
    {
        int v = layer.Get<int>("n_vertices");
        var aggregators = layer.Get<int[]>("n_aggregators");
        var propagate = layer.Get<int[]>("n_propagate");
        var filters = layer.Get<int[]>("n_filters");
        bool byCount = layer.Get("mean_by_nvert", false);
        var act = registry.Activation(layer.Get("output_activation", "linear"))!.Reference;
        int valid = (int)Math.Clamp(Math.Truncate(inputs[1][0]), 0, v);
        var w = layer.Weights["weight"].Data;
        var b = layer.Weights["bias"].Data;
        int fin = layer.Get<int>("n_features"), wo = 0, bo = 0;
        var x = inputs[0];
        double norm = byCount ? (valid == 0 ? 0 : 1.0 / valid) : 1.0 / v;
        for (int l = 0; l < aggregators.Length; l++)
        {
            int S = aggregators[l], P = propagate[l], N = filters[l];
            int wFlr = wo, wS = wo + fin * P, wOut = wS + fin * S, bFlr = bo, bS = bo + P, bOut = bS + S;
            var f = new double[v, P];
            var e = new double[v, S];
            var agg = new double[S, P];
            for (int i = 0; i < v; i++)
            {
                for (int p = 0; p < P; p++)
                {
                    double acc = b[bFlr + p];
                    for (int k = 0; k < fin; k++) acc += x[i * fin + k] * w[wFlr + k * P + p];
                    f[i, p] = acc;
                }
                for (int s = 0; s < S; s++)
                {
                    double d = b[bS + s];
                    for (int k = 0; k < fin; k++) d += x[i * fin + k] * w[wS + k * S + s];
                    e[i, s] = i < valid ? Math.Exp(-d * d) : 0;
                }
                for (int s = 0; s < S; s++)
                    for (int p = 0; p < P; p++) agg[s, p] += e[i, s] * f[i, p];
            }
            for (int s = 0; s < S; s++)
                for (int p = 0; p < P; p++) agg[s, p] *= norm;
            var y = new double[v * N];
            for (int i = 0; i < v; i++)
            {
                if (i >= valid) continue;
                for (int n = 0; n < N; n++)
                {
                    double acc = b[bOut + n];
                    for (int s = 0; s < S; s++)
                        for (int p = 0; p < P; p++) acc += e[i, s] * agg[s, p] * w[wOut + (s * P + p) * N + n];
                    y[i * N + n] = act(layer, acc);
                }
            }
            wo = wOut + S * P * N;
            bo = bOut + N;
            fin = N;
            x = y;
        }
        int nOut = filters[^1];
        var collapse = layer.Get("collapse", "mean");
        if (collapse == "none") return x;
        var result = new double[nOut];
        for (int n = 0; n < nOut; n++)
        {
            double acc = collapse == "max" ? x[n] : 0;
            for (int i = 0; i < v; i++) acc = collapse == "max" ? Math.Max(acc, x[i * nOut + n]) : acc + x[i * nOut + n];
            result[n] = collapse == "mean" ? acc * norm : acc;
        }
        return result;
    }
}
