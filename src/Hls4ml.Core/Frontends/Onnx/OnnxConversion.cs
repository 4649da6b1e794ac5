using Hls4ml.Diagnostics;
using Hls4ml.Extensibility;
using Hls4ml.Ir;

namespace Hls4ml.Frontends.Onnx;

/// <summary>An ONNX value: a constant, or an IR tensor with the layout that relates it to the ONNX tensor.</summary>
internal sealed class OnnxValue
{
    public OnnxTensor? Constant { get; init; }
    public string? Tensor { get; init; }
    public OnnxLayout? Layout { get; init; }

    /// <summary>ONNX shape with the batch axis (1) for run-time values; dims for constants.</summary>
    public int[] OnnxShape => Constant?.Dims ?? new[] { 1 }.Concat(Layout!.Shape).ToArray();
}

/// <summary>
/// State of one ONNX conversion: the IR graph being built, the ONNX values, layer names, and the layout changes
/// (Transpose/Reshape layers) made so far, so that each is inserted once however many consumers need it.
/// </summary>
internal sealed class OnnxConversion
{
    public required ModelGraph Graph { get; init; }
    public required HlsRegistry Registry { get; init; }
    public required string SourceFile { get; init; }
    public Dictionary<string, OnnxValue> Values { get; } = new(StringComparer.Ordinal);
    /// <summary>Number of nodes (plus graph outputs) reading each value.</summary>
    public Dictionary<string, int> Uses { get; } = new(StringComparer.Ordinal);
    public HashSet<string> GraphOutputs { get; } = new(StringComparer.Ordinal);
    /// <summary>Graph inputs that are recurrent initial states [directions, batch, hidden]: their batch axis is axis 1.</summary>
    public HashSet<string> RecurrentStateInputs { get; } = new(StringComparer.Ordinal);
    /// <summary>Layer names reserved for nodes and inputs (a helper layer never takes one).</summary>
    public HashSet<string> Reserved { get; } = new(StringComparer.Ordinal);
    public HashSet<string> UsedNames { get; } = new(StringComparer.Ordinal);
    private readonly Dictionary<string, string> _relayouts = new(StringComparer.Ordinal);

    public int[] IrShape(string tensor) => Graph.Tensor(tensor).Shape;

    /// <summary>A C++-safe layer name: ONNX names like '/fc1/Gemm' or 'input.1' become 'fc1_Gemm', 'input_1'.</summary>
    public static string Sanitize(string name)
    {
        var s = Config.HlsConfig.SanitizeName(name.TrimStart('/'));
        while (s.Contains("__", StringComparison.Ordinal)) s = s.Replace("__", "_", StringComparison.Ordinal);
        return s.Length > 1 ? s.TrimEnd('_') : s;
    }

    /// <summary>'name' unless taken (or reserved by another node), then name_1, name_2, ...</summary>
    public string UniqueName(string name, string? own = null)
    {
        bool Free(string n) => !UsedNames.Contains(n) && (n == own || !Reserved.Contains(n));
        if (Free(name)) return name;
        for (int i = 1; ; i++)
            if (Free($"{name}_{i}")) return $"{name}_{i}";
    }

    public Layer AddLayer(string irType, string name, IReadOnlyList<string> inputs, string sourceClass,
        IDictionary<string, object?>? attributes, IDictionary<string, WeightVariable>? weights, string? own = null)
    {
        foreach (var input in inputs)
            if (!Graph.Tensors.ContainsKey(input))
                throw new InvalidOperationException($"layer '{name}' reads tensor '{input}', which does not exist yet");
        var definition = Registry.RequireLayer(irType, name);
        var layer = new Layer { Name = UniqueName(name, own), Type = irType, SourceClass = sourceClass, Inputs = inputs.ToList() };
        layer.Outputs.Add(layer.Name);
        if (attributes is not null) foreach (var (k, v) in attributes) layer.Attributes[k] = v;
        if (weights is not null) foreach (var (k, v) in weights) layer.Weights[k] = v;
        var shapes = inputs.Select(i => Graph.Tensor(i).Shape).ToArray();
        var shape = definition.InferShape(layer, shapes);
        if (shape is null || shape.Length == 0 || shape.Any(d => d <= 0))
            throw new HlsException(DiagnosticCodes.ShapeMismatch,
                $"{irType} layer inferred an invalid output shape [{string.Join(",", shape ?? Array.Empty<int>())}] from input shape(s) {string.Join(" ", shapes.Select(s => "[" + string.Join(",", s) + "]"))}.",
                SourceFile, layer.Name);
        ModelFrontends.CheckTensorSize(shape, irType, SourceFile, layer.Name);
        UsedNames.Add(layer.Name);
        Graph.Tensors[layer.Name] = new TensorVariable { Name = layer.Name, Shape = shape };
        Graph.Layers.Add(layer);
        return layer;
    }

    /// <summary>
    /// The IR tensor holding ONNX value 'name' in layout (base, perm): the value itself when it is held so, else a
    /// Reshape (same element order) or Transpose(s) inserted once and reused.
    /// </summary>
    public string Relayout(string name, int[] targetBase, int[] targetPerm)
    {
        var value = Values[name];
        var from = value.Layout!;
        if (from.Base.SequenceEqual(targetBase) && from.Perm.SequenceEqual(targetPerm)) return value.Tensor!;
        var key = $"{name}|{string.Join(",", targetBase)}|{string.Join(",", targetPerm)}";
        if (_relayouts.TryGetValue(key, out var done)) return done;

        var to = new OnnxLayout(targetBase, targetPerm, from.Shape);
        if (to.Size != from.Size)
            throw new InvalidOperationException($"layout {to} does not fit value '{name}' held as {from}");
        var stem = Sanitize(name);
        string result;
        if (from.OnnxIndex().SequenceEqual(to.OnnxIndex()))
            result = Reshape(value.Tensor!, targetBase, stem);
        else if (from.Transposed.SequenceEqual(to.Transposed))
        {
            // One transpose: ir2 = transpose(ir, q), q[a] = P[D⁻¹[a]].
            var inv = OnnxLayout.Inverse(targetPerm);
            var q = Enumerable.Range(0, targetBase.Length).Select(a => from.Perm[inv[a]]).ToArray();
            result = Transpose(value.Tensor!, q, stem);
        }
        else
        {
            // Through ONNX order: transpose to it, reshape to the target's transposed shape, transpose to the target.
            var native = Transpose(value.Tensor!, from.Perm, stem);
            var reshaped = Reshape(native, to.Transposed, stem);
            result = Transpose(reshaped, OnnxLayout.Inverse(targetPerm), stem);
        }
        _relayouts[key] = result;
        return result;
    }

    /// <summary>transpose(tensor, perm) as a layer (a Reshape when only size-1 axes move; nothing for the identity).</summary>
    public string Transpose(string tensor, int[] perm, string stem)
    {
        var shape = IrShape(tensor);
        if (OnnxLayout.IsIdentity(perm)) return tensor;
        var output = perm.Select(p => shape[p]).ToArray();
        if (OnnxLayout.KeepsOrder(shape, perm)) return Reshape(tensor, output, stem);
        return AddLayer("Transpose", $"{stem}_transpose", new[] { tensor }, "Transpose",
            new Dictionary<string, object?> { ["perm"] = perm }, null).Name;
    }

    /// <summary>The tensor flattened to 1-D, once however many consumers read it flat.</summary>
    public string Flatten(string tensor, string stem)
    {
        var key = $"{tensor}|flat";
        if (!_relayouts.TryGetValue(key, out var flat))
            _relayouts[key] = flat = Reshape(tensor, new[] { IrShape(tensor).Aggregate(1, (a, b) => a * b) }, stem);
        return flat;
    }

    /// <summary>The tensor reshaped (Flatten for 1-D): row-major order is unchanged, so io_parallel aliases it away.</summary>
    public string Reshape(string tensor, int[] shape, string stem)
    {
        if (IrShape(tensor).SequenceEqual(shape)) return tensor;
        return shape.Length == 1
            ? AddLayer("Flatten", $"{stem}_flatten", new[] { tensor }, "Reshape", null, null).Name
            : AddLayer("Reshape", $"{stem}_reshape", new[] { tensor }, "Reshape",
                new Dictionary<string, object?> { ["target_shape"] = shape }, null).Name;
    }
}
