using System.Globalization;

namespace Hls4ml.Ir.Layers.Activations;

/// <summary>
/// One element-wise activation of the IR <c>Activation</c> layer: its name (the <c>activation</c> attribute and the
/// <c>nnet::</c> function), its double-precision reference, and whether the C++ implementation uses a lookup table
/// (then <c>TableSize</c>/<c>TablePrecision</c> apply). Registered with <see cref="Extensibility.HlsRegistry.AddActivation"/>;
/// an extension's function names the C++ headers (relative to <see cref="HeaderRoot"/>, its folder by default) that
/// define <c>nnet::&lt;name&gt;</c> on arrays and, for io_stream, on streams.
/// </summary>
public sealed record ActivationFunction(string Name, bool UsesTable, string Definition, Func<Layer, double, double> Reference,
    IReadOnlyList<string>? Headers = null, string? HeaderRoot = null);

/// <summary>
/// The built-in element-wise activations (registered by <see cref="Extensibility.BuiltInLayers"/>): which Keras
/// activation names map to which function, and how each is computed in double precision. Lookup tables follow
/// hls4ml's ranges (<c>nnet_activation.h</c>). Lookups go through the registry, which also holds extensions' functions.
/// </summary>
public static class ActivationFunctions
{
    public const double SeluLambda = 1.0507009873554804934193349852946;
    public const double SeluAlpha = 1.6732632423543772848170429916717;

    /// <summary>hard_sigmoid's Keras 2 definition: clip(0.2 x + 0.5, 0, 1).</summary>
    public const double HardSigmoidSlope = 0.2, HardSigmoidShift = 0.5;

    private static double Sigmoid(double x) => 1 / (1 + Math.Exp(-x));

    public static IReadOnlyList<ActivationFunction> All { get; } = new ActivationFunction[]
    {
        new("linear", false, "x", (_, x) => x),
        new("relu", false, "max(x, 0)", (_, x) => x > 0 ? x : 0),
        new("relu6", false, "min(max(x, 0), 6)", (_, x) => Math.Clamp(x, 0, 6)),
        new("sigmoid", true, "1 / (1 + exp(-x)); table over [-8, 8)", (_, x) => Sigmoid(x)),
        new("tanh", true, "tanh(x); table over [-4, 4)", (_, x) => Math.Tanh(x)),
        new("softplus", true, "log(exp(x) + 1); table over [-8, 8)", (_, x) => x > 30 ? x : Math.Log(Math.Exp(x) + 1)),
        new("softsign", true, "x / (|x| + 1); table over [-8, 8)", (_, x) => x / (Math.Abs(x) + 1)),
        new("elu", true, "x >= 0 ? x : exp(x) - 1; table of the negative branch over [-8, 0]", (_, x) => x >= 0 ? x : Math.Exp(x) - 1),
        new("selu", true, "x >= 0 ? 1.0507 x : 1.0507 * 1.6733 (exp(x) - 1); table of the negative branch over [-8, 0]",
            (_, x) => x >= 0 ? SeluLambda * x : SeluLambda * SeluAlpha * (Math.Exp(x) - 1)),
        new("hard_sigmoid", false, "clip(slope x + shift, 0, 1), slope 0.2, shift 0.5 (Keras 2)",
            (l, x) => Math.Clamp(l.Get("slope", HardSigmoidSlope) * x + l.Get("shift", HardSigmoidShift), 0, 1)),
        new("swish", true, "x * sigmoid(x); sigmoid table over [-8, 8)", (_, x) => x * Sigmoid(x)),
        new("exponential", true, "exp(x); table over [-8, 8)", (_, x) => Math.Exp(x)),
        new("relu1", false, "min(max(x, 0), 1)", (_, x) => Math.Clamp(x, 0, 1)),
        // Binary/ternary networks: selects, no multipliers.
        new("binary_tanh", false, "x > 0 ? 1 : -1 (binary-network Keras activation)", (_, x) => x > 0 ? 1 : -1),
        new("ternary_tanh", false, "x > 0.5 ? 1 : x <= -0.5 ? -1 : 0 (ternary-network Keras activation)", (_, x) => x > 0.5 ? 1 : x <= -0.5 ? -1 : 0),
        new("binary_sign", false, "x >= 0 ? 1 : -1 (QKeras binary)", (_, x) => x >= 0 ? 1 : -1),
        new("binary_step", false, "x >= 0 ? 1 : 0 (QKeras binary(use_01=True))", (_, x) => x >= 0 ? 1 : 0),
        new("ternary_threshold", false, "|x| >= threshold ? sign(x) : 0 (QKeras ternary; threshold attribute, default 0.33)",
            (l, x) => Math.Abs(x) >= l.Get("threshold", 0.33) ? Math.Sign(x) : 0),
    };

    /// <summary>Keras spellings that name the same function as another entry.</summary>
    public static IReadOnlyDictionary<string, string> Aliases { get; } = new Dictionary<string, string>(StringComparer.Ordinal)
    {
        ["silu"] = "swish",
    };

    /// <summary>A C++ double literal for a parameter (round-trippable, invariant culture).</summary>
    public static string CppLiteral(double value)
    {
        if (double.IsNaN(value) || double.IsInfinity(value))
            throw new ArgumentOutOfRangeException(nameof(value), value, "activation parameters must be finite");
        var s = value.ToString("R", CultureInfo.InvariantCulture);
        return s.Contains('.') || s.Contains('E') || s.Contains('e') ? s : s + ".0";
    }
}
