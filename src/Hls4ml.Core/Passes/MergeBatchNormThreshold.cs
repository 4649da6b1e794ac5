using Hls4ml.Ir;

namespace Hls4ml.Passes;

/// <summary>
/// BatchNormalization followed by a binary or ternary activation (binary_tanh, ternary_tanh, QKeras binary/ternary)
/// becomes one BatchNormThreshold layer named after the normalization (hls4ml's merge_batch_norm_quantized_tanh): the
/// output depends only on which side of per-channel thresholds the input lies, so no multiply is needed.
/// </summary>
public sealed class MergeBatchNormThreshold : IPass
{
    public string Name => "merge_batchnorm_threshold";

    public void Run(ModelGraph graph, PassContext context)
    {
        foreach (var bn in graph.Layers.Where(l => l.Type == "BatchNormalization").ToList())
        {
            var consumers = graph.Consumers(bn.Outputs[0]).ToList();
            if (consumers.Count != 1 || graph.Outputs.Contains(bn.Outputs[0])) continue;
            var act = consumers[0];
            if (act.Type != "Activation" || bn.Get("n_inner", 1) != 1) continue;
            var attributes = act.Get("activation", "") switch
            {
                "binary_tanh" => Levels(0, true, false, -1),
                "binary_sign" => Levels(0, false, false, -1),
                "binary_step" => Levels(0, false, false, 0),
                "ternary_tanh" => Levels(0.5, true, true, -1, -0.5),
                "ternary_threshold" => Levels(act.Get("threshold", 0.33), false, true, -1, -act.Get("threshold", 0.33)),
                _ => null,
            };
            if (attributes is null) continue;
            var merged = new Layer
            {
                Name = bn.Name, Type = "BatchNormThreshold", SourceClass = bn.SourceClass, Inputs = bn.Inputs.ToList(),
                Outputs = act.Outputs.ToList(),
            };
            foreach (var (k, v) in attributes) merged.Attributes[k] = v;
            merged.Attributes["axis"] = bn.Get("axis", 0);
            foreach (var key in new[] { "n_in", "n_filt", "n_inner" }) merged.Attributes[key] = bn.Attributes[key];
            merged.Weights["scale"] = bn.Weights["scale"];
            merged.Weights["bias"] = bn.Weights["bias"];
            int index = graph.Layers.IndexOf(bn);
            graph.Layers.Remove(act);
            graph.Layers[index] = merged;
            graph.Tensors.Remove(bn.Outputs[0]);
        }
    }

    private static Dictionary<string, object?> Levels(double up, bool upStrict, bool ternary, double low, double down = 0) => new()
    {
        ["up_level"] = up, ["up_strict"] = upStrict, ["ternary"] = ternary, ["low_value"] = low, ["down_level"] = down,
    };
}
