using Hls4ml.Diagnostics;
using Hls4ml.Ir;

namespace Hls4ml.Passes;

/// <summary>
/// io_stream Flatten/Reshape in front of layers that read their whole input as one flat tensor whatever its word size
/// (Dense buffers n_in values): the re-slicing is unnecessary, so the layer becomes an alias of its input stream
/// (hls4ml's inplace_stream_flatten). Elsewhere it stays a repack, so every stream's word is its tensor's last axis.
/// </summary>
public sealed class AliasStreamFlatten : IPass
{
    public string Name => "alias_stream_flatten";

    public void Run(ModelGraph graph, PassContext context)
    {
        if (context.Config.IOType != "io_stream") return;
        foreach (var l in graph.Layers.Where(l => l.Type is "Flatten" or "Reshape").ToList())
        {
            var consumers = graph.Consumers(l.Outputs[0]).ToList();
            if (graph.Outputs.Contains(l.Outputs[0]) || consumers.Count == 0 || !consumers.All(c => context.Registry.Layer(c.Type) is { ReadsFlatInput: true })) continue;
            // The alias only renames values: it must not change their type.
            if (graph.Tensor(l.Inputs[0]).Precision != l.Types["result"]) continue;
            graph.Bypass(l);
        }
    }
}

/// <summary>
/// io_stream convolutions slide their window over the pixels as they arrive, so 'same' (or any explicit) padding
/// becomes a ZeroPadding layer in front of the convolution, which then pads nothing (hls4ml's
/// insert_zero_padding_before_conv). The padding layer keeps the input's precision, so results do not change.
/// </summary>
public sealed class InsertStreamConvPadding : IPass
{
    public string Name => "insert_stream_conv_padding";

    public IReadOnlyList<ComputedAttribute> Computes { get; } = new[] { "pad_top", "pad_bottom", "pad_left", "pad_right", "in_height", "in_width" }
        .Select(n => new ComputedAttribute(n, typeof(int), "io_stream convolutions with padding (reset after the padding layer is inserted)")).ToList();

    public void Run(ModelGraph graph, PassContext context)
    {
        if (context.Config.IOType != "io_stream") return;
        foreach (var conv in graph.Layers.Where(l => context.Registry.RequireLayer(l.Type, l.Name).ComputesPixelsInParallel).ToList())
        {
            int top = conv.Get("pad_top", 0), bottom = conv.Get("pad_bottom", 0), left = conv.Get("pad_left", 0), right = conv.Get("pad_right", 0);
            if (top + bottom + left + right == 0) continue;
            bool twoD = context.Registry.RequireLayer(conv.Type, conv.Name).SpatialRank == 2;
            var input = graph.Tensor(conv.Inputs[0]);
            // hls4ml's name for the inserted layer, so per-layer settings written for hls4ml find it.
            var name = UniqueName(graph, (twoD ? "zp2d_" : "zp1d_") + conv.Name);
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

/// <summary>
/// For io_stream layers with ConvImplementation Encoded: one instruction per pixel of the (padded) input, row-major:
/// bit 0 = a real pixel arrives (else padding), bit 1 = a window whose output is due ends at this pixel. The kernel
/// then needs no coordinate arithmetic (hls4ml's generate_conv_streaming_instructions, in our own encoding).
/// </summary>
public sealed class EncodeWindowInstructions : IPass
{
    public string Name => "encode_window_instructions";

    public IReadOnlyList<ComputedAttribute> Computes { get; } = new ComputedAttribute[] { new("window_instructions", typeof(int[]), "io_stream convolutions and pooling with ConvImplementation Encoded") };

    public void Run(ModelGraph graph, PassContext context)
    {
        if (context.Config.IOType != "io_stream") return;
        foreach (var layer in graph.Layers.Where(l => l.Get("conv_implementation", "LineBuffer") == "Encoded"))
            layer.Attributes["window_instructions"] = Instructions(layer);
    }

    public static int[] Instructions(Layer layer)
    {
        var window = layer.Attributes.ContainsKey("filt_height") ? "filt" : "pool";
        int inH = layer.Get<int>("in_height"), inW = layer.Get<int>("in_width");
        int top = layer.Get<int>("pad_top"), bottom = layer.Get<int>("pad_bottom"), left = layer.Get<int>("pad_left"), right = layer.Get<int>("pad_right");
        int winH = layer.Get<int>($"{window}_height"), winW = layer.Get<int>($"{window}_width");
        int strideH = layer.Get<int>("stride_height"), strideW = layer.Get<int>("stride_width");
        int outH = layer.Get<int>("out_height"), outW = layer.Get<int>("out_width");
        int height = top + inH + bottom, width = left + inW + right;
        var instructions = new int[height * width];
        for (int vh = 0; vh < height; vh++)
            for (int vw = 0; vw < width; vw++)
            {
                bool real = vh >= top && vh < top + inH && vw >= left && vw < left + inW;
                int rowStart = vh + 1 - winH, colStart = vw + 1 - winW;
                bool ends = rowStart >= 0 && colStart >= 0 && rowStart % strideH == 0 && colStart % strideW == 0
                    && rowStart / strideH < outH && colStart / strideW < outW;
                instructions[vh * width + vw] = (real ? 1 : 0) | (ends ? 2 : 0);
            }
        return instructions;
    }
}

/// <summary>
/// Warns (HLS0310) about per-layer settings the chosen io type does not use, instead of ignoring them silently:
/// ParallelizationFactor in io_stream (windows are computed one at a time as pixels arrive) and ConvImplementation
/// Encoded in io_parallel (there are no streams to encode).
/// </summary>
public sealed class WarnIneffectiveSettings : IPass
{
    public string Name => "warn_ineffective_settings";

    public void Run(ModelGraph graph, PassContext context)
    {
        bool stream = context.Config.IOType == "io_stream";
        foreach (var layer in graph.Layers)
        {
            int factor = layer.Get("parallelization_factor", 1);
            string? ignored = stream && factor > 1 ? $"ParallelizationFactor {factor}"
                : !stream && layer.Get("conv_implementation", "LineBuffer") == "Encoded" ? "ConvImplementation Encoded"
                : null;
            if (ignored is not null)
                context.Diagnostics.Add(new HlsDiagnostic(DiagnosticCodes.SettingIgnoredForIOType,
                    $"{ignored} has no effect on {layer.Type} in {context.Config.IOType}.", context.Config.ProjectFile, 0, layer.Name));
        }
    }
}
