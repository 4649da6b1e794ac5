using System.Globalization;
using System.Text.RegularExpressions;
using Hls4ml.Types;
using Newtonsoft.Json.Linq;

namespace Hls4ml.Frontends.Keras.QKeras;

/// <summary>A QKeras quantizer's scale factor: none (1), a number, or computed per channel ("auto", "auto_po2").</summary>
public abstract record QuantizerAlpha
{
    public sealed record One : QuantizerAlpha;
    public sealed record Number(double Value) : QuantizerAlpha;
    public sealed record Auto(bool PowerOfTwo) : QuantizerAlpha;

    public static readonly QuantizerAlpha None = new One();
    public bool IsOne => this is One || this is Number { Value: 1.0 };

    /// <summary>The value as written in messages (no quotes: descriptions also reach generated comments).</summary>
    public string Text => this switch
    {
        One => "None", Number n => n.Value.ToString("R", CultureInfo.InvariantCulture), Auto { PowerOfTwo: true } => "auto_po2", _ => "auto",
    };
}

/// <summary>
/// A QKeras quantizer as it appears in a saved model (a string such as <c>quantized_bits(6,0,alpha=1)</c> or a
/// <c>{"class_name", "config"}</c> dict), with its inference-time function and the ap type that holds every value
/// it produces. Rounding is round-half-to-even (tf.round) = AP_RND_CONV; clipping = AP_SAT (AP_SAT_SYM when
/// symmetric), so casting to <see cref="ResultType"/> reproduces QKeras' arithmetic exactly.
/// </summary>
public abstract record QKerasQuantizer
{
    /// <summary>QKeras class name (quantized_bits, binary, ...).</summary>
    public abstract string ClassName { get; }

    /// <summary>The ap type holding every output exactly, with the rounding/overflow that reproduce the quantizer.</summary>
    public abstract Precision ResultType { get; }

    /// <summary>The quantizer's output for one value (weights are quantized in the converter with this).</summary>
    public abstract double Apply(double x);

    /// <summary>The quantizer as QKeras prints it, for messages.</summary>
    public abstract string Describe();

    public override string ToString() => Describe();

    public static readonly IReadOnlyList<string> SupportedClassNames = new[]
    {
        "quantized_bits", "quantized_relu", "quantized_tanh", "quantized_sigmoid", "quantized_po2", "quantized_relu_po2",
        "binary", "stochastic_binary", "ternary", "stochastic_ternary",
    };

    /// <summary>round-half-to-even, as tf.round.</summary>
    internal static double RoundHalfEven(double x) => Math.Round(x, MidpointRounding.ToEven);

    internal static FixedPrecision Fixed(int width, int integer, bool signed, OverflowMode overflow = OverflowMode.Sat) =>
        new(width, integer, signed, QuantizationMode.RndConv, overflow);
}

/// <summary>quantized_bits(bits, integer, symmetric, keep_negative, alpha): clip(round(x·2^(bits-kn-integer)), ...)·2^(integer-bits+kn).</summary>
public sealed record QuantizedBits(int Bits, int Integer, bool Symmetric, bool KeepNegative, QuantizerAlpha Alpha) : QKerasQuantizer
{
    public override string ClassName => "quantized_bits";
    private int UnsignedBits => Bits - (KeepNegative ? 1 : 0);
    /// <summary>bits=1 with keep_negative is sign(x) (0 → +1): a binary quantizer.</summary>
    public bool IsSign => UnsignedBits <= 0;
    public double Step => Math.Pow(2, Integer - UnsignedBits);

    public override Precision ResultType => IsSign
        ? new IntegerPrecision(2, true)
        : Fixed(Bits, Integer + (KeepNegative ? 1 : 0), KeepNegative, Symmetric && KeepNegative ? OverflowMode.SatSym : OverflowMode.Sat);

    public override double Apply(double x)
    {
        if (IsSign) return x >= 0 ? 1 : -1;
        double m = Math.Pow(2, UnsignedBits), mi = Math.Pow(2, Integer);
        double lo = KeepNegative ? -m + (Symmetric ? 1 : 0) : 0, hi = m - 1;
        return mi * Math.Clamp(RoundHalfEven(x * m / mi), lo, hi) / m;
    }

    public override string Describe() =>
        $"quantized_bits({Bits},{Integer},{(Symmetric ? 1 : 0)}{(KeepNegative ? "" : ",keep_negative:False")}{(Alpha is QuantizerAlpha.One ? "" : $",alpha:{Alpha.Text}")})";
}

/// <summary>quantized_relu(bits, integer, use_sigmoid, negative_slope): relu quantized to 2^(integer-bits) steps below 2^integer.</summary>
public sealed record QuantizedRelu(int Bits, int Integer, double NegativeSlope, bool UseSigmoid) : QKerasQuantizer
{
    public override string ClassName => "quantized_relu";
    private int NonSignBits => Bits - (NegativeSlope != 0 ? 1 : 0);

    public override Precision ResultType => NegativeSlope == 0
        ? Fixed(Bits, Integer, signed: false)
        : Fixed(Bits, Integer + 1, signed: true);

    public override double Apply(double x)
    {
        double m = Math.Pow(2, NonSignBits), mi = Math.Pow(2, Integer);
        double p = x * m / mi;
        double xq = mi * Math.Clamp(RoundHalfEven(p) / m, 0, 1 - 1 / m);
        if (NegativeSlope > 0)
            xq += mi * NegativeSlope * Math.Clamp(RoundHalfEven(p * NegativeSlope) / (NegativeSlope * m), -1, 0);
        return xq;
    }

    public override string Describe() => NegativeSlope == 0
        ? $"quantized_relu({Bits},{Integer})"
        : $"quantized_relu({Bits},{Integer},negative_slope={NegativeSlope.ToString("R", CultureInfo.InvariantCulture)})";
}

/// <summary>
/// quantized_tanh(bits): the hard tanh clip(x, -1, 1) rounded to 2^(1-bits) steps within ±(1 - 2^(1-bits)) (the
/// symmetric default of QKeras; -1 allowed when symmetric=False). use_real_tanh uses tanh before rounding.
/// </summary>
public sealed record QuantizedTanh(int Bits, bool Symmetric, bool RealTanh) : QKerasQuantizer
{
    public override string ClassName => "quantized_tanh";
    public override Precision ResultType => Fixed(Bits, 1, true, Symmetric ? OverflowMode.SatSym : OverflowMode.Sat);

    public override double Apply(double x)
    {
        double m = Math.Pow(2, Bits - 1);
        double p = RealTanh ? Math.Tanh(x) : Math.Clamp(x, -1, 1);
        return Math.Clamp(RoundHalfEven(p * m) / m, -1 + (Symmetric ? 1 / m : 0), 1 - 1 / m);
    }

    public override string Describe() => $"quantized_tanh({Bits}{(Symmetric ? "" : ",symmetric:False")}{(RealTanh ? ",use_real_tanh:True" : "")})";
}

/// <summary>quantized_sigmoid(bits): hard sigmoid clip(0.5x + 0.5, 0, 1) rounded to 2^-bits steps below 1.</summary>
public sealed record QuantizedSigmoid(int Bits, bool Symmetric, bool RealSigmoid) : QKerasQuantizer
{
    public override string ClassName => "quantized_sigmoid";
    public override Precision ResultType => Fixed(Bits, 0, signed: false);

    public override double Apply(double x)
    {
        double m = Math.Pow(2, Bits);
        double p = RealSigmoid ? 1 / (1 + Math.Exp(-x)) : Math.Clamp(0.5 * x + 0.5, 0, 1);
        return Math.Clamp(RoundHalfEven(p * m) / m, Symmetric ? 1 / m : 0, 1 - 1 / m);
    }

    public override string Describe() => $"quantized_sigmoid({Bits}{(Symmetric ? ",symmetric:True" : "")}{(RealSigmoid ? ",use_real_sigmoid:True" : "")})";
}

/// <summary>
/// quantized_po2(bits, max_value) and quantized_relu_po2: sign · 2^clip(round(log2|x|), min_exp, max_exp); |x| below
/// 1e-7 gives 2^min_exp (never zero). Values are held exactly by a fixed type spanning 2^min_exp .. 2^max_exp.
/// </summary>
public sealed record QuantizedPo2(int Bits, double? MaxValue, bool Relu, bool Quadratic, bool FloorLog2) : QKerasQuantizer
{
    public override string ClassName => Relu ? "quantized_relu_po2" : "quantized_po2";

    private int NeedExponentSign => MaxValue is null || MaxValue > 1 ? 1 : 0;
    private int EffectiveBits => (Relu ? Bits : Bits - 1) - NeedExponentSign;
    public int MinExp => -(1 << EffectiveBits);
    public int MaxExp
    {
        get
        {
            int max = (1 << EffectiveBits) - 1;
            if (Quadratic) max = 2 * (max / 2);
            // max_value clips the input before the log: the exponent never exceeds round(log2(max_value)).
            if (MaxValue is > 0 and var mv) max = Math.Min(max, (int)Log2Exponent(mv));
            return max;
        }
    }

    public override Precision ResultType
    {
        get
        {
            bool signed = !Relu;
            int integer = Math.Max(MaxExp + 1, 0) + (signed ? 1 : 0);
            int fractional = Math.Max(-MinExp, 0);
            return Fixed(integer + fractional, integer, signed);
        }
    }

    private double Log2Exponent(double v)
    {
        double input = Quadratic ? Math.Sqrt(v) : v;
        double l = Math.Log(input) / Math.Log(2.0);
        return (FloorLog2 ? Math.Floor(l) : RoundHalfEven(l)) * (Quadratic ? 2 : 1);
    }

    public override double Apply(double x)
    {
        const double eps = 1e-7;
        if (Relu && x < 0) x = 0;
        double sign = x < 0 ? -1 : 1;
        double a = Math.Abs(x);
        if (a < eps) return sign * Math.Pow(2, MinExp);
        if (MaxValue is { } mv && a >= mv) a = mv;
        double input = Quadratic ? Math.Sqrt(a) : a;
        double l = Math.Log(input) / Math.Log(2.0);
        double e = Math.Clamp(FloorLog2 ? Math.Floor(l) : RoundHalfEven(l), MinExp, (1 << EffectiveBits) - 1) * (Quadratic ? 2 : 1);
        return sign * Math.Pow(2, e);
    }

    public override string Describe() =>
        $"{ClassName}({Bits}{(MaxValue is { } mv ? "," + mv.ToString("R", CultureInfo.InvariantCulture) : "")})";
}

/// <summary>binary / stochastic_binary (deterministic at inference): +1 for x ≥ 0, else -1 (0 with use_01).</summary>
public sealed record BinaryQuantizer(bool Use01, QuantizerAlpha Alpha, bool Stochastic) : QKerasQuantizer
{
    public override string ClassName => Stochastic ? "stochastic_binary" : "binary";
    public override Precision ResultType => Use01 ? new IntegerPrecision(1, false) : new IntegerPrecision(2, true);
    public override double Apply(double x) => x >= 0 ? 1 : Use01 ? 0 : -1;
    public override string Describe() => $"{ClassName}({(Use01 ? "use_01:True" : "")}{(Alpha is QuantizerAlpha.One ? "" : $"alpha:{Alpha.Text}")})";
}

/// <summary>ternary / stochastic_ternary (deterministic at inference): sign(x) where |x| ≥ threshold (default 0.33), else 0.</summary>
public sealed record TernaryQuantizer(double Threshold, QuantizerAlpha Alpha, bool Stochastic) : QKerasQuantizer
{
    public override string ClassName => Stochastic ? "stochastic_ternary" : "ternary";
    public override Precision ResultType => new IntegerPrecision(2, true);
    public override double Apply(double x) => Math.Abs(x) >= Threshold ? Math.Sign(x) : 0;
    public override string Describe() => $"{ClassName}(threshold:{Threshold.ToString("R", CultureInfo.InvariantCulture)}{(Alpha is QuantizerAlpha.One ? "" : $",alpha:{Alpha.Text}")})";
}

/// <summary>
/// The weight binarization/ternarization of the Keras binary and ternary networks (BinaryDense, TernaryDense, as hls4ml
/// reads them): binary: +H for w > 0, else -H; ternary: +H above H/2, -H at or below -H/2, else 0.
/// </summary>
public sealed record BinaryNetQuantizer(bool Ternary, double H) : QKerasQuantizer
{
    public override string ClassName => Ternary ? "ternarize" : "binarize";
    public override Precision ResultType => new IntegerPrecision(2, true);
    public override double Apply(double x)
    {
        double v = x / H;
        if (!Ternary) return v > 0 ? H : -H;
        return v > 0.5 ? H : v <= -0.5 ? -H : 0;
    }
    public override string Describe() => $"{ClassName}(H:{H.ToString("R", CultureInfo.InvariantCulture)})";
}

/// <summary>
/// Reads quantizers from the two forms saved models hold: a call string (<c>quantized_relu(3,1)</c>,
/// <c>quantized_bits(6,0,alpha=1)</c>, <c>binary</c>) or a serialized dict. Unknown classes and arguments are
/// reported by <see cref="QuantizerParseException"/> (turned into a coded error by the handler).
/// </summary>
public static partial class QKerasQuantizerParser
{
    /// <summary>Positional argument names per class, in the order QKeras' constructors declare them.</summary>
    private static readonly Dictionary<string, string[]> Positional = new(StringComparer.Ordinal)
    {
        ["quantized_bits"] = new[] { "bits", "integer", "symmetric", "keep_negative", "alpha", "use_stochastic_rounding" },
        ["quantized_relu"] = new[] { "bits", "integer", "use_sigmoid", "negative_slope", "use_stochastic_rounding", "relu_upper_bound" },
        ["quantized_tanh"] = new[] { "bits", "use_stochastic_rounding", "symmetric", "use_real_tanh" },
        ["quantized_sigmoid"] = new[] { "bits", "symmetric", "use_real_sigmoid", "use_stochastic_rounding" },
        ["quantized_po2"] = new[] { "bits", "max_value", "use_stochastic_rounding", "quadratic_approximation", "log2_rounding" },
        ["quantized_relu_po2"] = new[] { "bits", "max_value", "negative_slope", "use_stochastic_rounding", "quadratic_approximation", "log2_rounding" },
        ["binary"] = new[] { "use_01", "alpha", "use_stochastic_rounding" },
        ["stochastic_binary"] = new[] { "alpha", "temperature", "use_real_sigmoid" },
        ["ternary"] = new[] { "alpha", "threshold", "use_stochastic_rounding", "number_of_unrolls" },
        ["stochastic_ternary"] = new[] { "alpha", "threshold", "temperature", "use_real_sigmoid", "number_of_unrolls" },
    };

    [GeneratedRegex(@"^\s*(?<name>[A-Za-z_][A-Za-z0-9_]*)\s*(?:\((?<args>.*)\))?\s*$", RegexOptions.Singleline)]
    private static partial Regex Call();

    /// <summary>Is this token a quantizer (a dict with class_name, or a string naming a quantizer class)?</summary>
    public static bool IsQuantizer(JToken? token) => token switch
    {
        JObject o => o["class_name"] is JValue { Type: JTokenType.String },
        JValue { Type: JTokenType.String } s => Call().Match((string)s!) is { Success: true } m
            && (Positional.ContainsKey(m.Groups["name"].Value) || m.Groups["args"].Success
                || m.Groups["name"].Value.StartsWith("quantized_", StringComparison.Ordinal) || m.Groups["name"].Value.StartsWith("stochastic_", StringComparison.Ordinal)),
        _ => false,
    };

    /// <summary>The quantizer's class name as written (for messages), or null for an unreadable token.</summary>
    public static string? ClassNameOf(JToken? token) => token switch
    {
        JObject o => (string?)(o["class_name"] as JValue),
        JValue { Type: JTokenType.String } s => Call().Match((string)s!) is { Success: true } m ? m.Groups["name"].Value : (string)s!,
        _ => null,
    };

    public static QKerasQuantizer Parse(JToken token)
    {
        string name;
        Dictionary<string, JToken> args;
        if (token is JObject o)
        {
            name = ClassNameOf(o) ?? throw new QuantizerParseException($"quantizer {Shown(o)} has no class_name");
            // Keras 3 registered names ('qkeras>quantized_bits') carry the package.
            if (name.Contains('>')) name = name[(name.LastIndexOf('>') + 1)..];
            args = new(StringComparer.Ordinal);
            if (o["config"] is JObject config)
                foreach (var p in config.Properties()) args[p.Name] = p.Value;
        }
        else if (token is JValue { Type: JTokenType.String } s)
        {
            var m = Call().Match((string)s!);
            if (!m.Success) throw new QuantizerParseException($"'{Shown(s)}' is not a quantizer call such as quantized_bits(6,0,alpha=1)");
            name = m.Groups["name"].Value;
            if (!Positional.ContainsKey(name)) throw new QuantizerParseException($"quantizer '{name}' is not supported", unsupported: name);
            args = ParseArguments(name, m.Groups["args"].Success ? m.Groups["args"].Value : "");
        }
        else throw new QuantizerParseException($"{Shown(token)} is not a quantizer (expected a string or a {{class_name, config}} object)");

        if (!Positional.ContainsKey(name))
            throw new QuantizerParseException($"quantizer '{name}' is not supported", unsupported: name);
        return Build(name, args);
    }

    private static QKerasQuantizer Build(string name, Dictionary<string, JToken> a)
    {
        int Int(string key, int fallback)
        {
            if (!a.TryGetValue(key, out var t) || t.Type == JTokenType.Null) return fallback;
            if (t.Type == JTokenType.Boolean) return (bool)t ? 1 : 0;
            if (t.Type is JTokenType.Integer or JTokenType.Float && (double)t is var d && d == Math.Floor(d) && Math.Abs(d) <= 64) return (int)d;
            throw new QuantizerParseException($"{name}: '{key}' must be a small integer (got {Shown(t)})");
        }
        double? Num(string key)
        {
            if (!a.TryGetValue(key, out var t) || t.Type == JTokenType.Null) return null;
            if (t.Type is JTokenType.Integer or JTokenType.Float && double.IsFinite((double)t)) return (double)t;
            if (t.Type == JTokenType.Boolean) return (bool)t ? 1 : 0;
            throw new QuantizerParseException($"{name}: '{key}' must be a number (got {Shown(t)})");
        }
        bool Bool(string key, bool fallback) => Int(key, fallback ? 1 : 0) != 0;
        QuantizerAlpha Alpha()
        {
            if (!a.TryGetValue("alpha", out var t) || t.Type == JTokenType.Null) return QuantizerAlpha.None;
            if (t.Type == JTokenType.String)
                return (string)t! switch
                {
                    "auto" => new QuantizerAlpha.Auto(false),
                    "auto_po2" => new QuantizerAlpha.Auto(true),
                    var other => throw new QuantizerParseException($"{name}: alpha '{other}' is not one of None, a number, 'auto', 'auto_po2'"),
                };
            return new QuantizerAlpha.Number(Num("alpha")!.Value);
        }
        void RequireDeterministic()
        {
            // Stochastic rounding only acts in training; at inference QKeras rounds to nearest like the others.
        }
        RequireDeterministic();

        QKerasQuantizer q = name switch
        {
            "quantized_bits" => new QuantizedBits(Int("bits", 8), Int("integer", 0), Bool("symmetric", false), Bool("keep_negative", true), Alpha()),
            "quantized_relu" => new QuantizedRelu(Int("bits", 8), Int("integer", 0), Num("negative_slope") ?? 0, Bool("use_sigmoid", false)),
            // Older QKeras has no 'symmetric' argument and always clips symmetrically.
            "quantized_tanh" => new QuantizedTanh(Int("bits", 8), Bool("symmetric", !a.ContainsKey("symmetric") || a["symmetric"].Type == JTokenType.Null), Bool("use_real_tanh", false)),
            "quantized_sigmoid" => new QuantizedSigmoid(Int("bits", 8), Bool("symmetric", !a.ContainsKey("symmetric") || a["symmetric"].Type == JTokenType.Null), Bool("use_real_sigmoid", false)),
            "quantized_po2" or "quantized_relu_po2" => new QuantizedPo2(Int("bits", 8), Num("max_value"), name == "quantized_relu_po2",
                Bool("quadratic_approximation", false), a.TryGetValue("log2_rounding", out var r) && r.Type == JTokenType.String && (string)r! == "floor"),
            "binary" => new BinaryQuantizer(Bool("use_01", false), Alpha(), false),
            "stochastic_binary" => new BinaryQuantizer(false, Alpha(), true),
            "ternary" or "stochastic_ternary" => new TernaryQuantizer(Num("threshold") ?? 0.33, Alpha(), name == "stochastic_ternary"),
            _ => throw new QuantizerParseException($"quantizer '{name}' is not supported", unsupported: name),
        };
        Validate(q);
        return q;
    }

    private static void Validate(QKerasQuantizer q)
    {
        switch (q)
        {
            case QuantizedBits b when b.Bits < 1 || b.Bits > 32:
                throw new QuantizerParseException($"{b.Describe()}: bits must be between 1 and 32");
            case QuantizedBits b when b.Integer < -32 || b.Integer > 32:
                throw new QuantizerParseException($"{b.Describe()}: integer must be between -32 and 32");
            case QuantizedRelu r when r.Bits < 1 || r.Bits > 32 || r.Integer < -32 || r.Integer > 32:
                throw new QuantizerParseException($"{r.Describe()}: bits must be between 1 and 32, integer between -32 and 32");
            case QuantizedRelu r when r.NegativeSlope < 0 || (r.NegativeSlope > 0 && Math.Log2(r.NegativeSlope) % 1 != 0):
                throw new QuantizerParseException($"{r.Describe()}: negative_slope must be 0 or a power of two (as QKeras requires)");
            case QuantizedTanh t when t.Bits < 2 || t.Bits > 32:
                throw new QuantizerParseException($"{t.Describe()}: bits must be between 2 and 32");
            case QuantizedSigmoid s when s.Bits < 1 || s.Bits > 32:
                throw new QuantizerParseException($"{s.Describe()}: bits must be between 1 and 32");
            case QuantizedPo2 p when p.Bits < 2 || p.Bits > 6:
                throw new QuantizerParseException($"{p.Describe()}: bits must be between 2 and 6 (exponents up to ±32)");
            case QuantizedPo2 p when p.MaxValue is < 0:
                throw new QuantizerParseException($"{p.Describe()}: max_value must be non-negative");
            case TernaryQuantizer t when !(t.Threshold > 0):
                throw new QuantizerParseException($"{t.Describe()}: threshold must be positive");
        }
    }

    /// <summary>Splits "6,0,alpha=1" into named arguments (positional ones named by the class's signature).</summary>
    private static Dictionary<string, JToken> ParseArguments(string name, string text)
    {
        var result = new Dictionary<string, JToken>(StringComparer.Ordinal);
        if (text.Trim().Length == 0) return result;
        var names = Positional.TryGetValue(name, out var n) ? n : Array.Empty<string>();
        int position = 0;
        foreach (var raw in text.Split(','))
        {
            var part = raw.Trim();
            if (part.Length == 0) throw new QuantizerParseException($"'{name}({text})' has an empty argument");
            int eq = part.IndexOf('=');
            string key;
            string value;
            if (eq > 0)
            {
                key = part[..eq].Trim();
                value = part[(eq + 1)..].Trim();
            }
            else
            {
                if (position >= names.Length) throw new QuantizerParseException($"'{name}({text})' has too many positional arguments");
                key = names[position++];
                value = part;
            }
            result[key] = Literal(name, value);
        }
        return result;
    }

    private static JToken Literal(string name, string value)
    {
        if (value is "None") return JValue.CreateNull();
        if (value is "True" or "true") return new JValue(true);
        if (value is "False" or "false") return new JValue(false);
        if (value.Length >= 2 && (value[0] == '\'' || value[0] == '"') && value[^1] == value[0]) return new JValue(value[1..^1]);
        if (long.TryParse(value, NumberStyles.Integer, CultureInfo.InvariantCulture, out var l)) return new JValue(l);
        if (double.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out var d) && double.IsFinite(d)) return new JValue(d);
        throw new QuantizerParseException($"argument '{value}' of {name}(...) is not a number, True/False, None or a quoted string");
    }

    internal static string Shown(JToken t)
    {
        var s = t.Type == JTokenType.String ? (string)t! : t.ToString(Newtonsoft.Json.Formatting.None);
        return s.Length > 80 ? s[..80] + "…" : s;
    }
}

/// <summary>A quantizer that cannot be read or is not supported; the handler reports it with the layer and the supported list.</summary>
public sealed class QuantizerParseException(string message, string? unsupported = null) : Exception(message)
{
    public string? Unsupported { get; } = unsupported;
}
