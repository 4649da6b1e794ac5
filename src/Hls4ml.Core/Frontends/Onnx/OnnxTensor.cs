using System.Globalization;

namespace Hls4ml.Extensibility;

/// <summary>ONNX TensorProto.DataType values (the ones the frontend can hold as numbers).</summary>
public enum OnnxDataType
{
    Undefined = 0, Float = 1, UInt8 = 2, Int8 = 3, UInt16 = 4, Int16 = 5, Int32 = 6, Int64 = 7, String = 8, Bool = 9,
    Float16 = 10, Double = 11, UInt32 = 12, UInt64 = 13, BFloat16 = 16,
}

/// <summary>
/// A constant ONNX tensor (an initializer, a Constant node, or a folded sub-graph): its dims (the full ONNX shape; for
/// constants there is no batch axis) and row-major values held as doubles (exact for float32 weights and for integer
/// shape values). Handlers read weights and shape arguments from it.
/// </summary>
public sealed class OnnxTensor
{
    public OnnxTensor(int[] dims, double[] values, OnnxDataType dataType = OnnxDataType.Float, string name = "")
    {
        long size = dims.Aggregate(1L, (a, b) => a * b);
        if (dims.Any(d => d < 0) || size != values.Length)
            throw new ArgumentException($"tensor '{name}' has dims [{string.Join(",", dims)}] but {values.Length} values.");
        Dims = dims;
        Values = values;
        DataType = dataType;
        Name = name;
    }

    public string Name { get; }
    public int[] Dims { get; }
    public double[] Values { get; }
    public OnnxDataType DataType { get; }
    public int Rank => Dims.Length;
    public int Size => Values.Length;

    /// <summary>True for integer element types (shape arguments, axes, indices).</summary>
    public bool IsInteger => DataType is OnnxDataType.Int8 or OnnxDataType.Int16 or OnnxDataType.Int32 or OnnxDataType.Int64
        or OnnxDataType.UInt8 or OnnxDataType.UInt16 or OnnxDataType.UInt32 or OnnxDataType.UInt64 or OnnxDataType.Bool;

    public float[] ToFloats() => Values.Select(v => (float)v).ToArray();

    public long[] ToLongs() => Values.Select(v => v >= long.MaxValue ? long.MaxValue : v <= long.MinValue ? long.MinValue : (long)v).ToArray();

    /// <summary>The single value of a one-element tensor (any rank).</summary>
    public double Scalar() => Values.Length == 1 ? Values[0]
        : throw new InvalidOperationException($"tensor '{Name}' has {Values.Length} values, not one.");

    public OnnxTensor Reshape(int[] dims, OnnxDataType? type = null) => new(dims, Values, type ?? DataType, Name);

    public OnnxTensor WithValues(double[] values, OnnxDataType? type = null) => new(Dims, values, type ?? DataType, Name);

    /// <summary>Row-major strides of a shape.</summary>
    public static int[] Strides(int[] dims)
    {
        var s = new int[dims.Length];
        for (int i = dims.Length - 1, acc = 1; i >= 0; acc *= dims[i], i--) s[i] = acc;
        return s;
    }

    /// <summary>numpy broadcasting of two shapes, or null when they do not broadcast.</summary>
    public static int[]? BroadcastShape(int[] a, int[] b)
    {
        int rank = Math.Max(a.Length, b.Length);
        var r = new int[rank];
        for (int i = 0; i < rank; i++)
        {
            int da = i < rank - a.Length ? 1 : a[i - (rank - a.Length)];
            int db = i < rank - b.Length ? 1 : b[i - (rank - b.Length)];
            if (da != db && da != 1 && db != 1) return null;
            r[i] = da == 1 ? db : da;
        }
        return r;
    }

    /// <summary>The values broadcast (numpy rules) to 'shape', row-major; null when this tensor does not broadcast to it.</summary>
    public double[]? BroadcastTo(int[] shape)
    {
        if (Dims.Length > shape.Length) 
        {
            // Leading size-1 axes may be dropped.
            int extra = Dims.Length - shape.Length;
            if (Dims.Take(extra).Any(d => d != 1)) return null;
            return Reshape(Dims.Skip(extra).ToArray()).BroadcastTo(shape);
        }
        var dims = Enumerable.Repeat(1, shape.Length - Dims.Length).Concat(Dims).ToArray();
        for (int i = 0; i < shape.Length; i++)
            if (dims[i] != shape[i] && dims[i] != 1) return null;
        var srcStrides = Strides(dims);
        for (int i = 0; i < dims.Length; i++) if (dims[i] == 1) srcStrides[i] = 0;
        int n = shape.Aggregate(1, (x, y) => x * y);
        var result = new double[n];
        var index = new int[shape.Length];
        for (int k = 0; k < n; k++)
        {
            int src = 0;
            for (int i = 0; i < shape.Length; i++) src += index[i] * srcStrides[i];
            result[k] = Values[src];
            for (int i = shape.Length - 1; i >= 0; i--)
            {
                if (++index[i] < shape[i]) break;
                index[i] = 0;
            }
        }
        return result;
    }

    /// <summary>numpy.transpose with axes 'perm' (output axis i is input axis perm[i]).</summary>
    public OnnxTensor Transpose(int[] perm)
    {
        var outDims = perm.Select(p => Dims[p]).ToArray();
        var inStrides = Strides(Dims);
        var result = new double[Values.Length];
        var index = new int[outDims.Length];
        for (int k = 0; k < result.Length; k++)
        {
            int src = 0;
            for (int i = 0; i < outDims.Length; i++) src += index[i] * inStrides[perm[i]];
            result[k] = Values[src];
            for (int i = outDims.Length - 1; i >= 0; i--)
            {
                if (++index[i] < outDims[i]) break;
                index[i] = 0;
            }
        }
        return new OnnxTensor(outDims, result, DataType, Name);
    }

    public override string ToString() =>
        $"{Name}[{string.Join(",", Dims)}] {DataType}" + (Values.Length <= 8 ? " {" + string.Join(", ", Values.Select(v => v.ToString("R", CultureInfo.InvariantCulture))) + "}" : "");
}
