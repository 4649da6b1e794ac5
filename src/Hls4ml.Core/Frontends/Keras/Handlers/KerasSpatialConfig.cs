using Hls4ml.Diagnostics;
using Hls4ml.Extensibility;
using Newtonsoft.Json.Linq;

namespace Hls4ml.Frontends.Keras.Handlers;

/// <summary>
/// Reading the spatial arguments of Keras convolution, pooling and shape layers: int-or-tuple sizes, padding modes,
/// and the channels_last requirement. Every problem is a coded error naming the layer.
/// </summary>
public static class KerasSpatialConfig
{
    /// <summary>'key' as 'rank' integers: an int is repeated, a list must have 'rank' entries; missing → fallback.</summary>
    public static int[] Ints(KerasLayerContext context, string key, int rank, int[]? fallback = null)
    {
        var token = context.Config[key];
        if (token is null || token.Type == JTokenType.Null)
            return fallback ?? throw context.Error(DiagnosticCodes.UnreadableModelFile,
                $"{context.ClassName} layer '{context.LayerName}' has no '{key}' in its config.");
        if (IsInt(token)) return Enumerable.Repeat((int)token, rank).ToArray();
        if (token is JArray a && a.Count == rank && a.All(IsInt)) return a.Select(x => (int)x).ToArray();
        throw context.Error(DiagnosticCodes.UnreadableModelFile,
            $"{context.ClassName} layer '{context.LayerName}' has '{key}' = {token.ToString(Newtonsoft.Json.Formatting.None)}; expected an integer or {rank} integers.");
    }

    /// <summary>
    /// Per-axis (before, after) pairs, flattened: Keras accepts an int (all sides), a list of 'rank' ints (symmetric per
    /// axis) or 'rank' pairs. 1-D layers also accept a single pair (before, after).
    /// </summary>
    public static int[] Pairs(KerasLayerContext context, string key, int rank)
    {
        var token = context.Config[key];
        int[]? result = token switch
        {
            JValue v when IsInt(v) => Enumerable.Repeat((int)v, 2 * rank).ToArray(),
            JArray a when rank == 1 && a.Count == 2 && a.All(IsInt) => new[] { (int)a[0], (int)a[1] },
            JArray a when rank == 1 && a.Count == 1 && IsInt(a[0]) => new[] { (int)a[0], (int)a[0] },
            JArray a when a.Count == rank && a.All(IsInt) => a.SelectMany(x => new[] { (int)x, (int)x }).ToArray(),
            JArray a when a.Count == rank && a.All(x => x is JArray { Count: 2 } p && p.All(IsInt)) =>
                a.SelectMany(x => new[] { (int)x[0]!, (int)x[1]! }).ToArray(),
            _ => null,
        };
        return result ?? throw context.Error(DiagnosticCodes.UnreadableModelFile,
            $"{context.ClassName} layer '{context.LayerName}' has '{key}' = {token?.ToString(Newtonsoft.Json.Formatting.None) ?? "nothing"}; expected an integer, {rank} integers or {rank} (before, after) pairs.");
    }

    /// <summary>A JSON integer that fits an int (larger ones are reported as invalid values, not overflow errors).</summary>
    public static bool IsInt(JToken? token) => JsonInts.TryInt(token, out _);

    /// <summary>Refuses channels_first (every kernel works on channels-last arrays, as in hls4ml's io_parallel).</summary>
    public static void RequireChannelsLast(KerasLayerContext context)
    {
        var format = context.GetString("data_format", "channels_last");
        if (format != "channels_last")
            throw context.Error(DiagnosticCodes.UnsupportedLayer,
                $"{context.ClassName} layer '{context.LayerName}' uses data_format='{format}'; only channels_last is supported. Rebuild the model with data_format='channels_last' (the Keras default).");
    }

    /// <summary>The 'padding' mode, checked against the modes the layer accepts.</summary>
    public static string Padding(KerasLayerContext context, params string[] allowed)
    {
        var padding = context.GetString("padding", "valid").ToLowerInvariant();
        if (!allowed.Contains(padding))
            throw context.Error(DiagnosticCodes.UnsupportedLayer,
                $"{context.ClassName} layer '{context.LayerName}' uses padding='{padding}'; supported: {string.Join(", ", allowed)}.");
        return padding;
    }

    /// <summary>Input must be channels-last with 'rank' spatial axes.</summary>
    public static void RequireInputRank(KerasLayerContext context, int rank)
    {
        var shape = context.InputShapes[0];
        if (shape.Length != rank + 1)
            throw context.Error(DiagnosticCodes.ShapeMismatch,
                $"{context.ClassName} layer '{context.LayerName}' needs a {rank + 1}-D input per sample, got [{string.Join(",", shape)}].");
    }
}
