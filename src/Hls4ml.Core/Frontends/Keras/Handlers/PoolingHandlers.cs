using Hls4ml.Extensibility;

namespace Hls4ml.Frontends.Keras.Handlers;

/// <summary>
/// Keras MaxPooling1D/2D and AveragePooling1D/2D → IR Pooling1D/2D with <c>pool_op</c> Max or Average
/// (strides default to the pool size; padding valid or same).
/// </summary>
public sealed class PoolingHandler : IKerasLayerHandler
{
    public IReadOnlyList<string> ClassNames { get; } = new[]
    {
        "MaxPooling1D", "MaxPooling2D", "AveragePooling1D", "AveragePooling2D",
        "MaxPool1D", "MaxPool2D", "AvgPool1D", "AvgPool2D",
    };

    public void Parse(KerasLayerContext context)
    {
        int rank = context.ClassName.Contains("1D", StringComparison.Ordinal) ? 1 : 2;
        KerasSpatialConfig.RequireChannelsLast(context);
        KerasSpatialConfig.RequireInputRank(context, rank);
        // Keras 2.0 Pooling1D configs name the window pool_length/stride.
        var poolKey = context.Config["pool_size"] is null && context.Config["pool_length"] is not null ? "pool_length" : "pool_size";
        var pool = KerasSpatialConfig.Ints(context, poolKey, rank, Enumerable.Repeat(2, rank).ToArray());
        var strideKey = context.Config["strides"] is null && context.Config["stride"] is not null ? "stride" : "strides";
        var strides = KerasSpatialConfig.Ints(context, strideKey, rank, pool);
        var padding = KerasSpatialConfig.Padding(context, "valid", "same");
        context.AddLayer(rank == 1 ? "Pooling1D" : "Pooling2D", context.LayerName, context.Inputs, new Dictionary<string, object?>
        {
            ["pool_op"] = context.ClassName.StartsWith("Max", StringComparison.Ordinal) ? "Max" : "Average",
            ["pool_size"] = pool, ["strides"] = strides, ["padding"] = padding,
        });
    }
}

/// <summary>Keras GlobalMax/GlobalAveragePooling1D/2D → IR GlobalPooling1D/2D (keepdims honoured).</summary>
public sealed class GlobalPoolingHandler : IKerasLayerHandler
{
    public IReadOnlyList<string> ClassNames { get; } = new[]
    {
        "GlobalMaxPooling1D", "GlobalMaxPooling2D", "GlobalAveragePooling1D", "GlobalAveragePooling2D",
        "GlobalMaxPool1D", "GlobalMaxPool2D", "GlobalAvgPool1D", "GlobalAvgPool2D",
    };

    public void Parse(KerasLayerContext context)
    {
        int rank = context.ClassName.Contains("1D", StringComparison.Ordinal) ? 1 : 2;
        KerasSpatialConfig.RequireChannelsLast(context);
        KerasSpatialConfig.RequireInputRank(context, rank);
        context.AddLayer(rank == 1 ? "GlobalPooling1D" : "GlobalPooling2D", context.LayerName, context.Inputs, new Dictionary<string, object?>
        {
            ["pool_op"] = context.ClassName.StartsWith("GlobalMax", StringComparison.Ordinal) ? "Max" : "Average",
            ["keepdims"] = context.GetBool("keepdims", false),
        });
    }
}
