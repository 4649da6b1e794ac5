using Hls4ml.Ir;

namespace Hls4ml.Passes;

/// <summary>
/// io_stream convolutions slide their window over the pixels as they arrive, so 'same' (or any explicit) padding
/// becomes a ZeroPadding layer in front of the convolution, which then pads nothing (hls4ml's
/// insert_zero_padding_before_conv). The padding layer keeps the input's precision, so results do not change.
/// </summary>
public sealed class InsertStreamConvPadding : IPass
{
    private static readonly IReadOnlySet<string> ConvTypes = new HashSet<string>(StringComparer.Ordinal)
        { "Conv1D", "Conv2D", "DepthwiseConv1D", "DepthwiseConv2D" };

    public string Name => "insert_stream_conv_padding";

    public void Run(ModelGraph graph, PassContext context)
    {
        if (context.Config.IOType != "io_stream") return;
        foreach (var conv in graph.Layers.Where(l => ConvTypes.Contains(l.Type)).ToList())
        {
            int top = conv.Get("pad_top", 0), bottom = conv.Get("pad_bottom", 0), left = conv.Get("pad_left", 0), right = conv.Get("pad_right", 0);
            if (top + bottom + left + right == 0) continue;
            bool twoD = conv.Type.EndsWith("2D", StringComparison.Ordinal);
            var input = graph.Tensor(conv.Inputs[0]);
            var name = UniqueName(graph, conv.Name + "_padding");
            var padding = new Layer
            {
                Name = name,
                Type = twoD ? "ZeroPadding2D" : "ZeroPadding1D",
                Attributes =
                {
                    ["padding"] = twoD ? new[] { top, bottom, left, right } : new[] { left, right },
                    ["reuse_factor"] = 1, ["strategy"] = "Latency",
                },
            };
            var shape = context.Registry.RequireLayer(padding.Type, name).InferShape(padding, new[] { input.Shape });
            var precision = input.Precision ?? context.Config.DefaultPrecision;
            padding.Types["result"] = precision;
            padding.Inputs = new List<string> { input.Name };
            padding.Outputs = new List<string> { name };
            graph.Tensors[name] = new TensorVariable { Name = name, Shape = shape, Precision = precision };
            graph.Layers.Insert(graph.Layers.IndexOf(conv), padding);

            conv.Inputs[0] = name;
            conv.Attributes["pad_top"] = 0; conv.Attributes["pad_bottom"] = 0; conv.Attributes["pad_left"] = 0; conv.Attributes["pad_right"] = 0;
            conv.Attributes["in_height"] = twoD ? shape[0] : 1;
            conv.Attributes["in_width"] = shape[^2];
        }
    }

    private static string UniqueName(ModelGraph graph, string name)
    {
        var candidate = name;
        for (int i = 2; graph.Tensors.ContainsKey(candidate) || graph.FindLayer(candidate) is not null; i++) candidate = $"{name}{i}";
        return candidate;
    }
}
