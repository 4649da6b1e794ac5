using Hls4ml.Diagnostics;
using Hls4ml.Extensibility;
using Newtonsoft.Json.Linq;

namespace Hls4ml.Frontends.Keras.Handlers;

/// <summary>Keras ZeroPadding1D/2D → IR ZeroPadding1D/2D (<c>padding</c> = [left, right] or [top, bottom, left, right]).</summary>
public sealed class ZeroPaddingHandler : IKerasLayerHandler
{
    public IReadOnlyList<string> ClassNames { get; } = new[] { "ZeroPadding1D", "ZeroPadding2D" };

    public void Parse(KerasLayerContext context)
    {
        int rank = context.ClassName.EndsWith("1D", StringComparison.Ordinal) ? 1 : 2;
        KerasSpatialConfig.RequireChannelsLast(context);
        KerasSpatialConfig.RequireInputRank(context, rank);
        context.AddLayer(context.ClassName, context.LayerName, context.Inputs,
            new Dictionary<string, object?> { ["padding"] = KerasSpatialConfig.Pairs(context, "padding", rank) });
    }
}

/// <summary>Keras Cropping1D/2D → IR Cropping1D/2D (<c>cropping</c> = [left, right] or [top, bottom, left, right]).</summary>
public sealed class CroppingHandler : IKerasLayerHandler
{
    public IReadOnlyList<string> ClassNames { get; } = new[] { "Cropping1D", "Cropping2D" };

    public void Parse(KerasLayerContext context)
    {
        int rank = context.ClassName.EndsWith("1D", StringComparison.Ordinal) ? 1 : 2;
        KerasSpatialConfig.RequireChannelsLast(context);
        KerasSpatialConfig.RequireInputRank(context, rank);
        context.AddLayer(context.ClassName, context.LayerName, context.Inputs,
            new Dictionary<string, object?> { ["cropping"] = KerasSpatialConfig.Pairs(context, "cropping", rank) });
    }
}

/// <summary>Keras UpSampling1D/2D (nearest) → IR UpSampling1D/2D (<c>size</c> per axis).</summary>
public sealed class UpSamplingHandler : IKerasLayerHandler
{
    public IReadOnlyList<string> ClassNames { get; } = new[] { "UpSampling1D", "UpSampling2D" };

    public void Parse(KerasLayerContext context)
    {
        int rank = context.ClassName.EndsWith("1D", StringComparison.Ordinal) ? 1 : 2;
        KerasSpatialConfig.RequireChannelsLast(context);
        KerasSpatialConfig.RequireInputRank(context, rank);
        var interpolation = context.GetString("interpolation", "nearest");
        if (interpolation != "nearest")
            throw context.Error(DiagnosticCodes.UnsupportedLayer,
                $"{context.ClassName} layer '{context.LayerName}' uses interpolation='{interpolation}'; only 'nearest' is supported.");
        var size = rank == 1 && context.Config["size"] is null && context.Config["length"] is not null
            ? KerasSpatialConfig.Ints(context, "length", 1)
            : KerasSpatialConfig.Ints(context, "size", rank, Enumerable.Repeat(2, rank).ToArray());
        context.AddLayer(context.ClassName, context.LayerName, context.Inputs, new Dictionary<string, object?> { ["size"] = size });
    }
}

/// <summary>Keras Reshape → IR Reshape (<c>target_shape</c>; an alias of its input in io_parallel).</summary>
public sealed class ReshapeHandler : IKerasLayerHandler
{
    public IReadOnlyList<string> ClassNames { get; } = new[] { "Reshape" };

    public void Parse(KerasLayerContext context)
    {
        if (context.Config["target_shape"] is not JArray target || !target.All(t => KerasSpatialConfig.IsInt(t) || t.Type == JTokenType.Null))
            throw context.Error(DiagnosticCodes.UnreadableModelFile,
                $"Reshape layer '{context.LayerName}' has no integer 'target_shape' in its config.");
        var shape = target.Select(t => t.Type == JTokenType.Null ? -1 : (int)t).ToArray();
        context.AddLayer("Reshape", context.LayerName, context.Inputs, new Dictionary<string, object?> { ["target_shape"] = shape });
    }
}

/// <summary>Keras Permute → IR Transpose (<c>perm</c>: Keras' 1-based dims made 0-based, batch excluded).</summary>
public sealed class PermuteHandler : IKerasLayerHandler
{
    public IReadOnlyList<string> ClassNames { get; } = new[] { "Permute" };

    public void Parse(KerasLayerContext context)
    {
        int rank = context.InputShapes[0].Length;
        if (context.Config["dims"] is not JArray dims || dims.Count != rank || !dims.All(KerasSpatialConfig.IsInt)
            || !dims.Select(d => (int)d).Order().SequenceEqual(Enumerable.Range(1, rank)))
            throw context.Error(DiagnosticCodes.UnreadableModelFile,
                $"Permute layer '{context.LayerName}' needs 'dims', a permutation of 1..{rank} (got {context.Config["dims"]?.ToString(Newtonsoft.Json.Formatting.None) ?? "nothing"}).");
        context.AddLayer("Transpose", context.LayerName, context.Inputs,
            new Dictionary<string, object?> { ["perm"] = dims.Select(d => (int)d - 1).ToArray() });
    }
}
