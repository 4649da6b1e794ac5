using System.Globalization;
using Hls4ml.Diagnostics;

namespace Hls4ml.Extensibility;

/// <summary>
/// Frontend stage of an ONNX operator: turns one ONNX node into IR layers (the ONNX counterpart of
/// <see cref="IKerasLayerHandler"/>). Register one handler per op type (a handler may list several). Op types of the
/// default ONNX domain are plain (<c>Gemm</c>); other domains are written <c>domain:OpType</c>
/// (<c>qonnx.custom_op.general:Quant</c>).
/// </summary>
public interface IOnnxOpHandler
{
    IReadOnlyList<string> OpTypes { get; }
    void Convert(OnnxNodeContext context);
}

/// <summary>
/// What an ONNX handler sees for one node and how it emits IR layers. ONNX tensors keep their ONNX meaning (shapes
/// include the batch axis, channels first); the IR holds each one in some layout of its own. Ask for an input in the
/// layout the IR layer needs — <see cref="NativeInput"/> (ONNX order), <see cref="ChannelsLastInput"/>, or
/// <see cref="FlatInput"/> (1-D, with the ONNX index of each element) — and the frontend inserts a Transpose only when
/// the tensor is not already held that way. Declare each output with the layout its IR tensor has.
/// </summary>
public abstract class OnnxNodeContext
{
    /// <summary>The node's name in the model (a generated one when the model leaves it empty).</summary>
    public abstract string NodeName { get; }
    /// <summary>The node's name as an IR layer name (a C++-safe identifier, unique in the graph).</summary>
    public abstract string LayerName { get; }
    public abstract string OpType { get; }
    public abstract string Domain { get; }
    /// <summary>The model's opset version for the node's domain.</summary>
    public abstract int Opset { get; }
    public abstract string SourceFile { get; }

    /// <summary>Number of inputs the node lists (optional inputs left out count as absent, see <see cref="HasInput"/>).</summary>
    public abstract int InputCount { get; }
    public abstract int OutputCount { get; }
    /// <summary>Whether input i is given (present and not the empty name).</summary>
    public abstract bool HasInput(int i);
    /// <summary>Whether input i is a constant (initializer, Constant node or folded expression).</summary>
    public abstract bool IsConstant(int i);
    /// <summary>Input i as a constant; a coded error naming the node when it is computed at run time.</summary>
    public abstract OnnxTensor Constant(int i, string role);
    /// <summary>Input i as a constant, or null when absent.</summary>
    public OnnxTensor? OptionalConstant(int i, string role) => HasInput(i) ? Constant(i, role) : null;
    /// <summary>ONNX shape of input i, batch axis included (batch 1) for run-time tensors; dims for constants.</summary>
    public abstract int[] InputShape(int i);
    /// <summary>Whether output i feeds another node or is a model output.</summary>
    public abstract bool IsOutputUsed(int i);

    /// <summary>The attribute, or null when the node does not set it.</summary>
    public abstract OnnxAttribute? Attribute(string name);

    /// <summary>Input i as an IR tensor in ONNX order without the batch axis (a Transpose is inserted if needed).</summary>
    public abstract string NativeInput(int i);
    /// <summary>Input i (N, C, spatial...) as an IR tensor [spatial..., C].</summary>
    public abstract string ChannelsLastInput(int i);
    /// <summary>
    /// Input i as a 1-D IR tensor in whatever element order the IR holds it, with the ONNX (batch-less, row-major)
    /// index of every element: a Dense reads it by permuting its weight rows instead of transposing the data.
    /// </summary>
    public abstract (string Tensor, int[] OnnxIndex) FlatInput(int i);
    /// <summary>
    /// Input i as the IR holds it (no layer inserted) and, per IR element, its ONNX index: for element-wise layers,
    /// whose constants are laid out with it. Declare the output with <see cref="SetOutputLike"/>.
    /// </summary>
    public abstract (string Tensor, int[] OnnxIndex) HeldInput(int i);
    /// <summary>
    /// Input i with the IR axis that holds ONNX axis 'onnxAxis' (batch axis = 0, so channels = 1), when the IR holds the
    /// tensor as an axis permutation (else it is brought to ONNX order first). For layers that work along one axis.
    /// </summary>
    public abstract (string Tensor, int IrAxis) InputAlongAxis(int i, int onnxAxis);

    /// <summary>Input i as an IR tensor whose transpose by 'perm' is the ONNX tensor (batch axis dropped).</summary>
    public abstract string InputPermuted(int i, int[] perm);
    /// <summary>Input i laid out like 'likeTensor' (a tensor returned for another input of the same shape): for merges.</summary>
    public abstract string InputLike(int i, string likeTensor);
    /// <summary>The permutation input i is held in when the IR holds it as a pure axis permutation (no layer inserted), else null.</summary>
    public abstract int[]? HeldPermutation(int i);
    /// <summary>Shape of an IR tensor (batch axis excluded).</summary>
    public abstract int[] IrShape(string irTensor);
    /// <summary>The IR layer that produces a tensor (to fold a constant into it), or null for a model input.</summary>
    public abstract Ir.Layer? Producer(string irTensor);
    /// <summary>The registry the model is converted with (layer definitions and their capabilities).</summary>
    public abstract Extensibility.HlsRegistry Registry { get; }
    /// <summary>Whether input i is read by this node only (no other node, not a model output).</summary>
    public abstract bool IsSoleUse(int i);

    /// <summary>Adds an IR layer reading 'inputs' and returns its output tensor name (shapes inferred by its definition).</summary>
    public abstract string AddLayer(string irType, string name, IReadOnlyList<string> inputs,
        IDictionary<string, object?>? attributes = null, IDictionary<string, Ir.WeightVariable>? weights = null);

    /// <summary>Output i is the IR tensor, in ONNX order (batch axis dropped).</summary>
    public abstract void SetOutput(int i, string irTensor);
    /// <summary>Output i (N, C, spatial...) is the IR tensor [spatial..., C].</summary>
    public abstract void SetChannelsLastOutput(int i, string irTensor);
    /// <summary>
    /// Output i is the IR tensor, laid out as 'likeTensor' — a tensor this context returned for an input — is
    /// (element-wise layers: same IR shape, same meaning of every element).
    /// </summary>
    public abstract void SetOutputLike(int i, string irTensor, string likeTensor);
    /// <summary>Output i (batch axis dropped) is transpose(IR tensor, perm).</summary>
    public abstract void SetOutputPermuted(int i, string irTensor, int[] perm);
    /// <summary>Output i is input 'input' unchanged (Identity, Dropout at inference).</summary>
    public abstract void SetOutputAlias(int i, int input);
    /// <summary>Output i is input 'input' with its ONNX shape changed (Reshape, Flatten, Squeeze): no data moves.</summary>
    public abstract void SetOutputReshaped(int i, int input, int[] onnxShape);
    /// <summary>Output i is the IR tensor in ONNX element order, seen with ONNX shape 'onnxShape' (batch axis first).</summary>
    public abstract void SetOutputReshaped(int i, string irTensor, int[] onnxShape);
    /// <summary>Output i is input 'input' transposed (perm over all ONNX axes, batch axis 0 kept in place): no data moves.</summary>
    public abstract void SetOutputTransposed(int i, int input, int[] perm);
    /// <summary>Output i is a constant (folded).</summary>
    public abstract void SetConstantOutput(int i, OnnxTensor value);

    /// <summary>Raises a coded error about this node (the message should say what to change).</summary>
    public Exception Error(DiagnosticDescriptor descriptor, string message) =>
        new HlsException(descriptor, $"ONNX node '{NodeName}' ({OpType}, opset {Opset}): {message}{(message.EndsWith('.') ? "" : ".")}", SourceFile, LayerName);

    /// <summary>HLS0110: the node uses an attribute value or input form the converter does not support.</summary>
    public Exception Unsupported(string what) => Error(DiagnosticCodes.UnsupportedOnnxNode, what);

    public long Int(string name, long fallback) => Attribute(name) is { } a ? a.Int : fallback;
    public float Float(string name, float fallback) => Attribute(name) is { } a ? a.Float : fallback;
    public string String(string name, string fallback) => Attribute(name) is { } a ? a.String : fallback;
    public long[]? Ints(string name) => Attribute(name)?.Ints;
    public float[]? Floats(string name) => Attribute(name)?.Floats;
}

/// <summary>AttributeProto.AttributeType values.</summary>
public enum OnnxAttributeType
{
    Undefined = 0, Float = 1, Int = 2, String = 3, Tensor = 4, Graph = 5, Floats = 6, Ints = 7, Strings = 8,
    Tensors = 9, Graphs = 10, SparseTensor = 11, SparseTensors = 12, TypeProto = 13, TypeProtos = 14,
}

/// <summary>An ONNX node attribute (the typed value its type says it holds).</summary>
public sealed class OnnxAttribute
{
    public required string Name { get; init; }
    public required OnnxAttributeType Type { get; init; }
    public long Int { get; init; }
    public float Float { get; init; }
    public string String { get; init; } = "";
    public long[] Ints { get; init; } = Array.Empty<long>();
    public float[] Floats { get; init; } = Array.Empty<float>();
    public string[] Strings { get; init; } = Array.Empty<string>();
    public OnnxTensor? Tensor { get; init; }

    public override string ToString() => Type switch
    {
        OnnxAttributeType.Int => Int.ToString(CultureInfo.InvariantCulture),
        OnnxAttributeType.Float => Float.ToString("R", CultureInfo.InvariantCulture),
        OnnxAttributeType.String => $"'{String}'",
        OnnxAttributeType.Ints => "[" + string.Join(",", Ints) + "]",
        OnnxAttributeType.Floats => "[" + string.Join(",", Floats.Select(f => f.ToString("R", CultureInfo.InvariantCulture))) + "]",
        _ => Type.ToString(),
    };
}
