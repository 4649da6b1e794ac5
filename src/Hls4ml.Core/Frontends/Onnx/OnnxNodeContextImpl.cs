using Hls4ml.Diagnostics;
using Hls4ml.Extensibility;
using Hls4ml.Ir;

namespace Hls4ml.Frontends.Onnx;

/// <summary>What a handler sees for one ONNX node; reads inputs in the layouts handlers ask for and records outputs.</summary>
internal sealed class OnnxNodeContextImpl : OnnxNodeContext
{
    private readonly OnnxConversion _conversion;
    private readonly OnnxNodeProto _node;
    private readonly IReadOnlyDictionary<string, OnnxAttribute> _attributes;
    /// <summary>Layouts of the IR tensors handed out for this node's inputs (for SetOutputLike).</summary>
    private readonly Dictionary<string, OnnxLayout> _handedOut = new(StringComparer.Ordinal);

    public OnnxNodeContextImpl(OnnxConversion conversion, OnnxNodeProto node, string nodeName, string layerName, int opset,
        IReadOnlyDictionary<string, OnnxAttribute> attributes)
    {
        _conversion = conversion;
        _node = node;
        NodeName = nodeName;
        LayerName = layerName;
        Opset = opset;
        _attributes = attributes;
    }

    public override string NodeName { get; }
    public override string LayerName { get; }
    public override string OpType => _node.OpType;
    public override string Domain => _node.Domain;
    public override int Opset { get; }
    public override string SourceFile => _conversion.SourceFile;
    public override int InputCount => _node.Inputs.Count;
    public override int OutputCount => _node.Outputs.Count;

    /// <summary>Values this node produced, by output index.</summary>
    public Dictionary<int, OnnxValue> Produced { get; } = new();

    public override bool HasInput(int i) => i < _node.Inputs.Count && _node.Inputs[i].Length > 0;

    private OnnxValue Value(int i)
    {
        if (!HasInput(i)) throw Unsupported($"input {i} is required");
        return _conversion.Values[_node.Inputs[i]];
    }

    public override bool IsConstant(int i) => HasInput(i) && Value(i).Constant is not null;

    public override OnnxTensor Constant(int i, string role) => Value(i).Constant
        ?? throw Unsupported($"its {role} (input {i}, '{_node.Inputs[i]}') is computed at run time; only constant {role}s (initializers) are supported");

    public override int[] InputShape(int i) => Value(i).OnnxShape;

    public override bool IsOutputUsed(int i) =>
        i < _node.Outputs.Count && _node.Outputs[i].Length > 0 && _conversion.Uses.GetValueOrDefault(_node.Outputs[i]) > 0;

    public override OnnxAttribute? Attribute(string name) => _attributes.GetValueOrDefault(name);

    private OnnxValue Runtime(int i)
    {
        var v = Value(i);
        if (v.Constant is not null)
            throw Unsupported($"input {i} ('{_node.Inputs[i]}') is a constant where a run-time tensor is expected; the converter does not compute layers on constants");
        return v;
    }

    private string HandOut(string tensor, OnnxLayout layout)
    {
        _handedOut[tensor] = layout;
        return tensor;
    }

    public override string NativeInput(int i)
    {
        var v = Runtime(i);
        var shape = v.Layout!.Shape.Length == 0 ? new[] { 1 } : v.Layout.Shape;
        var t = _conversion.Relayout(_node.Inputs[i], shape, OnnxLayout.Identity(shape.Length));
        return HandOut(t, new OnnxLayout(shape, OnnxLayout.Identity(shape.Length), v.Layout.Shape));
    }

    public override string ChannelsLastInput(int i)
    {
        var v = Runtime(i);
        var shape = v.Layout!.Shape;
        if (shape.Length < 2)
            throw Unsupported($"needs a (batch, channels, spatial...) input; got shape [{string.Join(",", v.OnnxShape)}]");
        var irShape = shape.Skip(1).Append(shape[0]).ToArray();
        var perm = OnnxLayout.ChannelsLastPerm(irShape.Length);
        return HandOut(_conversion.Relayout(_node.Inputs[i], irShape, perm), new OnnxLayout(irShape, perm, shape));
    }

    public override (string Tensor, int[] OnnxIndex) FlatInput(int i)
    {
        var v = Runtime(i);
        var tensor = v.Tensor!;
        if (_conversion.IrShape(tensor).Length != 1)
            tensor = _conversion.Flatten(tensor, OnnxConversion.Sanitize(_node.Inputs[i]));
        return (tensor, v.Layout!.OnnxIndex());
    }

    public override (string Tensor, int[] OnnxIndex) HeldInput(int i)
    {
        var v = Runtime(i);
        return (HandOut(v.Tensor!, v.Layout!), v.Layout!.OnnxIndex());
    }

    public override (string Tensor, int IrAxis) InputAlongAxis(int i, int onnxAxis)
    {
        var v = Runtime(i);
        int rank = v.OnnxShape.Length;
        if (onnxAxis < 0) onnxAxis += rank;
        if (onnxAxis < 1 || onnxAxis >= rank)
            throw Unsupported($"axis {onnxAxis} is not a feature axis of its input of shape [{string.Join(",", v.OnnxShape)}] (axis 0 is the batch)");
        if (v.Layout!.IrAxisOf(onnxAxis - 1) is { } a) return (HandOut(v.Tensor!, v.Layout), a);
        return (NativeInput(i), onnxAxis - 1);
    }

    /// <summary>Input i in the layout (base, perm) — e.g. another input's, for element-wise merges.</summary>
    public override string InputPermuted(int i, int[] perm)
    {
        var v = Runtime(i);
        var shape = v.Layout!.Shape;
        var inv = OnnxLayout.Inverse(perm);
        var irShape = Enumerable.Range(0, perm.Length).Select(a => shape[inv[a]]).ToArray();
        return HandOut(_conversion.Relayout(_node.Inputs[i], irShape, perm), new OnnxLayout(irShape, perm, shape));
    }

    /// <summary>Input i laid out like a tensor handed out for another input of the same shape.</summary>
    public override string InputLike(int i, string likeTensor)
    {
        var like = _handedOut[likeTensor];
        var v = Runtime(i);
        if (!v.Layout!.Shape.SequenceEqual(like.Shape))
            throw Unsupported($"its inputs have different shapes [{string.Join(",", v.OnnxShape)}] and [1,{string.Join(",", like.Shape)}]; broadcasting between run-time tensors is not supported");
        return HandOut(_conversion.Relayout(_node.Inputs[i], like.Base, like.Perm), like);
    }

    /// <summary>The permutation input i is held in, when it is held as a pure axis permutation.</summary>
    public override int[]? HeldPermutation(int i) => Runtime(i).Layout is { IsPermutation: true } l ? l.Perm : null;

    public override string AddLayer(string irType, string name, IReadOnlyList<string> inputs,
        IDictionary<string, object?>? attributes = null, IDictionary<string, WeightVariable>? weights = null) =>
        _conversion.AddLayer(irType, name, inputs, OpType, attributes, weights, own: LayerName).Name;

    public override int[] IrShape(string irTensor) => _conversion.IrShape(irTensor);

    /// <summary>The IR layer producing a tensor (for folding a constant into it).</summary>
    public override Layer? Producer(string tensor) => _conversion.Graph.Producer(tensor);
    public override Extensibility.HlsRegistry Registry => _conversion.Registry;

    /// <summary>Input i is read by this node only (not by other nodes, not a model output).</summary>
    public override bool IsSoleUse(int i)
    {
        // Every ONNX value held in the same IR tensor (aliases, reshapes, transposes of it) counts.
        var tensor = Value(i).Tensor;
        if (tensor is null) return false;
        int uses = 0;
        foreach (var (name, value) in _conversion.Values)
            if (value.Tensor == tensor) uses += _conversion.Uses.GetValueOrDefault(name);
        return uses == 1;
    }

    private void Set(int i, OnnxValue value)
    {
        if (i >= _node.Outputs.Count) throw new InvalidOperationException($"{OpType} has no output {i}");
        Produced[i] = value;
    }

    public override void SetOutput(int i, string irTensor)
    {
        var shape = _conversion.IrShape(irTensor);
        Set(i, new OnnxValue { Tensor = irTensor, Layout = OnnxLayout.Native(shape) });
    }

    public override void SetChannelsLastOutput(int i, string irTensor) =>
        Set(i, new OnnxValue { Tensor = irTensor, Layout = OnnxLayout.ChannelsLast(_conversion.IrShape(irTensor)) });

    /// <summary>Output i (batch-less) = transpose(IR tensor, perm).</summary>
    public override void SetOutputPermuted(int i, string irTensor, int[] perm)
    {
        var shape = _conversion.IrShape(irTensor);
        Set(i, new OnnxValue { Tensor = irTensor, Layout = new OnnxLayout(shape, perm, perm.Select(p => shape[p]).ToArray()) });
    }

    /// <summary>Output i is 'irTensor', laid out as the tensor handed out as 'likeTensor'.</summary>
    public override void SetOutputLike(int i, string irTensor, string likeTensor) => SetLike(i, irTensor, _handedOut[likeTensor]);

    private void SetLike(int i, string irTensor, OnnxLayout layout)
    {
        var shape = _conversion.IrShape(irTensor);
        if (!shape.SequenceEqual(layout.Base))
            throw new InvalidOperationException($"{OpType} output [{string.Join(",", shape)}] does not have its input's IR shape [{string.Join(",", layout.Base)}]");
        Set(i, new OnnxValue { Tensor = irTensor, Layout = layout });
    }

    public override void SetOutputAlias(int i, int input) => Set(i, Value(input));

    public override void SetOutputReshaped(int i, int input, int[] onnxShape)
    {
        var v = Value(input);
        if (v.Constant is not null) { Set(i, new OnnxValue { Constant = v.Constant.Reshape(onnxShape) }); return; }
        if (onnxShape.Length == 0 || onnxShape[0] != 1)
            throw Unsupported($"the result [{string.Join(",", onnxShape)}] does not keep the batch axis first; reshapes that move data across the batch axis are not supported");
        var shape = onnxShape[1..];
        if (shape.Aggregate(1, (a, b) => a * b) != v.Layout!.Size)
            throw Unsupported($"cannot reshape [{string.Join(",", v.OnnxShape)}] into [{string.Join(",", onnxShape)}]");
        Set(i, new OnnxValue { Tensor = v.Tensor, Layout = v.Layout with { Shape = shape } });
    }

    public override void SetOutputReshaped(int i, string irTensor, int[] onnxShape)
    {
        var shape = _conversion.IrShape(irTensor);
        if (onnxShape.Length == 0 || onnxShape[0] != 1 || onnxShape.Skip(1).Aggregate(1, (a, b) => a * b) != shape.Aggregate(1, (a, b) => a * b))
            throw new InvalidOperationException($"ONNX shape {string.Join(",", onnxShape)} does not fit IR tensor [{string.Join(",", shape)}]");
        Set(i, new OnnxValue { Tensor = irTensor, Layout = new OnnxLayout(shape, OnnxLayout.Identity(shape.Length), onnxShape[1..]) });
    }

    public override void SetOutputTransposed(int i, int input, int[] perm)
    {
        var v = Value(input);
        if (v.Constant is not null) { Set(i, new OnnxValue { Constant = v.Constant.Transpose(perm) }); return; }
        if (perm.Length != v.OnnxShape.Length || !perm.Order().SequenceEqual(Enumerable.Range(0, perm.Length)))
            throw Unsupported($"perm [{string.Join(",", perm)}] is not a permutation of the {v.OnnxShape.Length} axes of its input");
        if (perm[0] != 0)
            throw Unsupported($"perm [{string.Join(",", perm)}] moves the batch axis 0 (the converter computes one sample at a time, so the batch axis must stay first)");
        var p = perm.Skip(1).Select(a => a - 1).ToArray();
        var layout = v.Layout!;
        if (!layout.IsPermutation)
        {
            // Bring it to ONNX order first (the permutation applies to ONNX axes).
            var t = NativeInput(input);
            layout = OnnxLayout.Native(_conversion.IrShape(t));
            v = new OnnxValue { Tensor = t, Layout = layout };
        }
        // ONNX_out = transpose(transpose(ir, P), p) = transpose(ir, P∘p).
        var newPerm = p.Select(j => layout.Perm[j]).ToArray();
        Set(i, new OnnxValue { Tensor = v.Tensor, Layout = new OnnxLayout(layout.Base, newPerm, p.Select(j => layout.Shape[j]).ToArray()) });
    }

    public override void SetConstantOutput(int i, OnnxTensor value) => Set(i, new OnnxValue { Constant = value });
}
