using Hls4ml.Diagnostics;
using Hls4ml.Extensibility;
using Hls4ml.Ir;

namespace Hls4ml.Frontends.Keras.Handlers;

/// <summary>Options every Keras convolution shares: rank, strides, padding, dilation 1, channels_last, groups 1.</summary>
internal static class KerasConvolution
{
    public static int Rank(KerasLayerContext context) => context.ClassName.Contains("1D", StringComparison.Ordinal) ? 1 : 2;

    public static (int[] Strides, string Padding) Window(KerasLayerContext context, int rank)
    {
        KerasSpatialConfig.RequireChannelsLast(context);
        KerasSpatialConfig.RequireInputRank(context, rank);
        var dilation = KerasSpatialConfig.Ints(context, "dilation_rate", rank, Enumerable.Repeat(1, rank).ToArray());
        if (dilation.Any(d => d != 1))
            throw context.Error(DiagnosticCodes.UnsupportedLayer,
                $"{context.ClassName} layer '{context.LayerName}' has dilation_rate [{string.Join(",", dilation)}]; only dilation 1 is supported.");
        if (context.GetInt("groups", 1) != 1)
            throw context.Error(DiagnosticCodes.UnsupportedLayer,
                $"{context.ClassName} layer '{context.LayerName}' has groups={context.GetInt("groups", 1)}; grouped convolutions are not supported.");
        var strides = KerasSpatialConfig.Ints(context, "strides", rank, Enumerable.Repeat(1, rank).ToArray());
        var padding = rank == 1
            ? KerasSpatialConfig.Padding(context, "valid", "same", "causal")
            : KerasSpatialConfig.Padding(context, "valid", "same");
        return (strides, padding);
    }

    public static int Filters(KerasLayerContext context) => context.GetInt("filters", -1) is > 0 and var f ? f
        : throw context.Error(DiagnosticCodes.UnreadableModelFile, $"{context.ClassName} layer '{context.LayerName}' has no valid 'filters' in its config.");

    public static WeightVariable Bias(KerasLayerContext context, int n)
    {
        if (!context.GetBool("use_bias", true))
            return new WeightVariable { Name = "bias", Shape = new[] { n }, Data = new float[n] };
        var bias = context.RequireWeight("bias");
        context.RequireShape(bias, "bias", n);
        return new WeightVariable { Name = "bias", Shape = bias.Shape, Data = bias.Data };
    }

    public static Dictionary<string, object?> Attributes(int[] kernelSize, int[] strides, string padding) => new()
    {
        ["kernel_size"] = kernelSize, ["strides"] = strides, ["padding"] = padding,
    };

    public static WeightVariable Kernel(WeightVariable w) => new() { Name = "weight", Shape = w.Shape, Data = w.Data };
}

/// <summary>
/// Keras Conv1D/Conv2D → IR Conv1D/Conv2D (kernel in Keras layout [k..., n_chan, filters]; bias zeros when
/// use_bias is false) followed by its activation as <c>&lt;layer&gt;_&lt;activation&gt;</c>.
/// </summary>
public sealed class ConvHandler : IKerasLayerHandler
{
    public IReadOnlyList<string> ClassNames { get; } = new[] { "Conv1D", "Conv2D", "Convolution1D", "Convolution2D" };

    public void Parse(KerasLayerContext context)
    {
        int rank = KerasConvolution.Rank(context);
        var (strides, padding) = KerasConvolution.Window(context, rank);
        var kernelSize = KerasSpatialConfig.Ints(context, "kernel_size", rank);
        int filters = KerasConvolution.Filters(context);
        KerasActivations.ReadName(context);
        var kernel = context.RequireWeight("kernel");
        context.RequireShape(kernel, "kernel", kernelSize.Append(context.InputShapes[0][^1]).Append(filters).ToArray());
        var weights = new Dictionary<string, WeightVariable>
        {
            ["weight"] = KerasConvolution.Kernel(kernel),
            ["bias"] = KerasConvolution.Bias(context, filters),
        };
        var conv = context.AddLayer(rank == 1 ? "Conv1D" : "Conv2D", context.LayerName, context.Inputs,
            KerasConvolution.Attributes(kernelSize, strides, padding), weights);
        KerasActivations.AddSplitActivation(context, conv);
    }
}

/// <summary>
/// Keras DepthwiseConv1D/2D → IR DepthwiseConv1D/2D, any depth_multiplier (output channel c·multiplier + m, as Keras).
/// </summary>
public sealed class DepthwiseConvHandler : IKerasLayerHandler
{
    public IReadOnlyList<string> ClassNames { get; } = new[] { "DepthwiseConv1D", "DepthwiseConv2D" };

    public void Parse(KerasLayerContext context)
    {
        int rank = KerasConvolution.Rank(context);
        var (strides, padding) = KerasConvolution.Window(context, rank);
        var kernelSize = KerasSpatialConfig.Ints(context, "kernel_size", rank);
        int multiplier = context.GetInt("depth_multiplier", 1);
        int nChan = context.InputShapes[0][^1];
        KerasActivations.ReadName(context);
        // Keras 2 names it depthwise_kernel; Keras 3 stores it as the layer's kernel.
        var kernel = context.Weight("depthwise_kernel") ?? context.RequireWeight("kernel");
        context.RequireShape(kernel, "depthwise_kernel", kernelSize.Append(nChan).Append(multiplier).ToArray());
        var weights = new Dictionary<string, WeightVariable>
        {
            ["weight"] = KerasConvolution.Kernel(kernel),
            ["bias"] = KerasConvolution.Bias(context, nChan * multiplier),
        };
        var conv = context.AddLayer(rank == 1 ? "DepthwiseConv1D" : "DepthwiseConv2D", context.LayerName, context.Inputs,
            KerasConvolution.Attributes(kernelSize, strides, padding), weights);
        KerasActivations.AddSplitActivation(context, conv);
    }
}

/// <summary>
/// Keras SeparableConv1D/2D → IR DepthwiseConv (<c>&lt;layer&gt;_depthwise</c>, no bias, the layer's strides and
/// padding) followed by a 1×1 Conv (<c>&lt;layer&gt;_pointwise</c>, with the bias) and the activation — hls4ml's
/// split. The intermediate tensor has the depthwise layer's result type (model default unless configured by name).
/// </summary>
public sealed class SeparableConvHandler : IKerasLayerHandler
{
    public IReadOnlyList<string> ClassNames { get; } = new[] { "SeparableConv1D", "SeparableConv2D", "SeparableConvolution1D", "SeparableConvolution2D" };

    public void Parse(KerasLayerContext context)
    {
        int rank = KerasConvolution.Rank(context);
        var (strides, padding) = KerasConvolution.Window(context, rank);
        var kernelSize = KerasSpatialConfig.Ints(context, "kernel_size", rank);
        int multiplier = context.GetInt("depth_multiplier", 1);
        int filters = KerasConvolution.Filters(context);
        int nChan = context.InputShapes[0][^1];
        KerasActivations.ReadName(context);
        var depthwise = context.RequireWeight("depthwise_kernel");
        context.RequireShape(depthwise, "depthwise_kernel", kernelSize.Append(nChan).Append(multiplier).ToArray());
        var pointwise = context.RequireWeight("pointwise_kernel");
        var ones = Enumerable.Repeat(1, rank).ToArray();
        context.RequireShape(pointwise, "pointwise_kernel", ones.Append(nChan * multiplier).Append(filters).ToArray());

        var dw = context.AddLayer(rank == 1 ? "DepthwiseConv1D" : "DepthwiseConv2D", context.LayerName + "_depthwise", context.Inputs,
            KerasConvolution.Attributes(kernelSize, strides, padding),
            new Dictionary<string, WeightVariable>
            {
                ["weight"] = KerasConvolution.Kernel(depthwise),
                ["bias"] = new() { Name = "bias", Shape = new[] { nChan * multiplier }, Data = new float[nChan * multiplier] },
            });
        var pw = context.AddLayer(rank == 1 ? "Conv1D" : "Conv2D", context.LayerName + "_pointwise", new[] { dw },
            KerasConvolution.Attributes(ones, ones, "valid"),
            new Dictionary<string, WeightVariable>
            {
                ["weight"] = KerasConvolution.Kernel(pointwise),
                ["bias"] = KerasConvolution.Bias(context, filters),
            });
        KerasActivations.AddSplitActivation(context, pw);
    }
}
