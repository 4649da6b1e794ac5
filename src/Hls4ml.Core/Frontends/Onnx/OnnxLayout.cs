namespace Hls4ml.Frontends.Onnx;

/// <summary>
/// How the IR holds an ONNX tensor. The ONNX value (batch axis dropped) equals
/// <c>reshape(transpose(ir, Perm), Shape)</c>, where the IR tensor has shape <c>Base</c>: a channels-first activation
/// held channels-last is a permutation, a Flatten or Reshape of it only changes <c>Shape</c>. No data moves until a
/// consumer needs another layout (then the frontend inserts a Transpose or a Reshape).
/// </summary>
internal sealed record OnnxLayout(int[] Base, int[] Perm, int[] Shape)
{
    public static OnnxLayout Native(int[] shape) => new(shape, Identity(shape.Length), shape);

    /// <summary>A tensor [spatial..., C] seen as ONNX [C, spatial...].</summary>
    public static OnnxLayout ChannelsLast(int[] irShape) => new(irShape, ChannelsLastPerm(irShape.Length), ChannelsFirst(irShape));

    public static int[] Identity(int n) => Enumerable.Range(0, n).ToArray();

    /// <summary>Perm p with transpose(ir [spatial..., C], p) = [C, spatial...].</summary>
    public static int[] ChannelsLastPerm(int rank) => rank == 0 ? Array.Empty<int>() : new[] { rank - 1 }.Concat(Enumerable.Range(0, rank - 1)).ToArray();

    public static int[] ChannelsFirst(int[] irShape) => irShape.Length == 0 ? irShape : new[] { irShape[^1] }.Concat(irShape[..^1]).ToArray();

    public static int[] Inverse(int[] perm)
    {
        var inv = new int[perm.Length];
        for (int i = 0; i < perm.Length; i++) inv[perm[i]] = i;
        return inv;
    }

    /// <summary>Shape of transpose(ir, Perm).</summary>
    public int[] Transposed => Perm.Select(p => Base[p]).ToArray();

    /// <summary>The ONNX value is an axis permutation of the IR tensor (no reshape in between).</summary>
    public bool IsPermutation => Transposed.SequenceEqual(Shape);

    public bool IsNative => Base.SequenceEqual(Shape) && IsIdentity(Perm);

    public int Size => Base.Aggregate(1, (a, b) => a * b);

    public static bool IsIdentity(int[] perm) => perm.Select((p, i) => p == i).All(x => x);

    /// <summary>For every IR element (row-major over Base), the row-major ONNX index it holds.</summary>
    public int[] OnnxIndex()
    {
        var transposed = Transposed;
        var tStrides = Strides(transposed);
        // IR axis a sits at transposed axis inv[a].
        var inv = Inverse(Perm);
        var stride = new int[Base.Length];
        for (int a = 0; a < Base.Length; a++) stride[a] = tStrides[inv[a]];
        int n = Size;
        var map = new int[n];
        var index = new int[Base.Length];
        int onnx = 0;
        for (int k = 0; k < n; k++)
        {
            map[k] = onnx;
            for (int a = Base.Length - 1; a >= 0; a--)
            {
                onnx += stride[a];
                if (++index[a] < Base[a]) break;
                onnx -= stride[a] * Base[a];
                index[a] = 0;
            }
        }
        return map;
    }

    public static int[] Strides(int[] dims)
    {
        var s = new int[dims.Length];
        for (int i = dims.Length - 1, acc = 1; i >= 0; acc *= dims[i], i--) s[i] = acc;
        return s;
    }

    /// <summary>
    /// The IR axis holding ONNX (batch-less) axis 'axis' when the ONNX value is the IR tensor permuted, up to axes of
    /// size 1 inserted or removed (Squeeze/Unsqueeze, keepdims); null otherwise or for a size-1 axis.
    /// </summary>
    public int? IrAxisOf(int axis)
    {
        if (IsPermutation) return Perm[axis];
        if (Shape[axis] == 1) return null;
        var transposed = Transposed;
        var onnxBig = Enumerable.Range(0, Shape.Length).Where(j => Shape[j] != 1).ToArray();
        var tBig = Enumerable.Range(0, transposed.Length).Where(j => transposed[j] != 1).ToArray();
        if (!onnxBig.Select(j => Shape[j]).SequenceEqual(tBig.Select(j => transposed[j]))) return null;
        return Perm[tBig[Array.IndexOf(onnxBig, axis)]];
    }

    /// <summary>Whether transposing by 'perm' keeps row-major order (only size-1 axes move): a reshape, not a transpose.</summary>
    public static bool KeepsOrder(int[] shape, int[] perm)
    {
        var big = perm.Where(p => shape[p] != 1).ToArray();
        for (int i = 1; i < big.Length; i++) if (big[i] < big[i - 1]) return false;
        return true;
    }

    public override string ToString() => $"base [{string.Join(",", Base)}] perm [{string.Join(",", Perm)}] shape [{string.Join(",", Shape)}]";
}
