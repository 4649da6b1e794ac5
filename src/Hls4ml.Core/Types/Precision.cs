using System.Globalization;
using System.Text.RegularExpressions;
using Hls4ml.Diagnostics;

namespace Hls4ml.Types;

public enum QuantizationMode { Trn, TrnZero, Rnd, RndZero, RndInf, RndMinInf, RndConv }
public enum OverflowMode { Wrap, Sat, SatZero, SatSym }

/// <summary>A numeric type of the generated HLS code (hls4ml's PrecisionType family).</summary>
public abstract record Precision
{
    /// <summary>C++ spelling used in generated code, e.g. <c>ap_fixed&lt;16,6&gt;</c>.</summary>
    public abstract string ToCpp();

    /// <summary>hls4ml's canonical string form, e.g. <c>fixed&lt;16,6,RND,SAT&gt;</c>.</summary>
    public abstract string ToHls4mlString();

    /// <summary>Total bits, or 0 for floating point.</summary>
    public abstract int Width { get; }

    /// <summary>Digits after the decimal point that print every value of this type exactly (hls4ml's weight format).</summary>
    public abstract int DecimalDigits { get; }

    public sealed override string ToString() => ToCpp();

    public static Precision Parse(string text, string? context = null) =>
        PrecisionParser.Parse(text, context);

    public static bool TryParse(string text, out Precision? precision)
    {
        try { precision = Parse(text); return true; }
        catch (HlsException) { precision = null; return false; }
    }
}

/// <summary>ap_fixed/ap_ufixed: <see cref="Width"/> bits of which <see cref="Integer"/> are integer bits (sign included).</summary>
public sealed record FixedPrecision(int TotalWidth, int Integer, bool Signed = true,
    QuantizationMode Quantization = QuantizationMode.Trn, OverflowMode Overflow = OverflowMode.Wrap, int SaturationBits = 0) : Precision
{
    /// <summary>Widest ap_[u]int / ap_[u]fixed: the vendor library's default AP_INT_MAX_W, which our headers share.</summary>
    public const int MaxWidth = 1024;

    /// <summary>
    /// Widest type an inferred accumulator or sum may have: a sum into a type is computed one bit wider than it, and
    /// that intermediate must fit <see cref="MaxWidth"/> (the vendor library stops with an error at 1025 bits).
    /// </summary>
    public const int MaxInferredWidth = MaxWidth - 1;

    public override int Width => TotalWidth;
    public int Fractional => TotalWidth - Integer;
    public override int DecimalDigits => Math.Max(Fractional, 0);

    public bool HasDefaultModes => Quantization == QuantizationMode.Trn && Overflow == OverflowMode.Wrap && SaturationBits == 0;

    public override string ToCpp()
    {
        var name = Signed ? "ap_fixed" : "ap_ufixed";
        if (HasDefaultModes) return $"{name}<{TotalWidth},{Integer}>";
        return $"{name}<{TotalWidth},{Integer},AP_{ModeNames.Of(Quantization)},AP_{ModeNames.Of(Overflow)},{SaturationBits}>";
    }

    public override string ToHls4mlString()
    {
        var name = Signed ? "fixed" : "ufixed";
        if (HasDefaultModes) return $"{name}<{TotalWidth},{Integer}>";
        return $"{name}<{TotalWidth},{Integer},{ModeNames.Of(Quantization)},{ModeNames.Of(Overflow)},{SaturationBits}>";
    }

    /// <summary>Smallest step (2^-F).</summary>
    public double Lsb => Math.Pow(2, -Fractional);

    public double MaxValue => Signed ? Math.Pow(2, Integer - 1) - Lsb : Math.Pow(2, Integer) - Lsb;
    public double MinValue => Signed ? -Math.Pow(2, Integer - 1) : 0;
}

/// <summary>ap_int/ap_uint.</summary>
public sealed record IntegerPrecision(int TotalWidth, bool Signed = true) : Precision
{
    public override int Width => TotalWidth;
    public override int DecimalDigits => 0;
    public override string ToCpp() => Signed ? $"ap_int<{TotalWidth}>" : $"ap_uint<{TotalWidth}>";
    public override string ToHls4mlString() => Signed ? $"int<{TotalWidth}>" : $"uint<{TotalWidth}>";
}

/// <summary>
/// "auto": a slot whose type precision inference derives (from the quantizers, input and weight widths and the number
/// of terms). Only valid as a setting; inference replaces it before any code is generated.
/// </summary>
public sealed record AutoPrecision : Precision
{
    public static readonly AutoPrecision Instance = new();
    public override int Width => 0;
    public override int DecimalDigits => 0;
    public override string ToCpp() => "auto";
    public override string ToHls4mlString() => "auto";
}

/// <summary>C float or double (accepted for completeness; not bit-accurate hardware).</summary>
public sealed record FloatPrecision(bool Double) : Precision
{
    public override int Width => 0;
    public override int DecimalDigits => Double ? 17 : 9;
    public override string ToCpp() => Double ? "double" : "float";
    public override string ToHls4mlString() => ToCpp();
}

internal static class ModeNames
{
    public static string Of(QuantizationMode q) => q switch
    {
        QuantizationMode.Trn => "TRN", QuantizationMode.TrnZero => "TRN_ZERO", QuantizationMode.Rnd => "RND",
        QuantizationMode.RndZero => "RND_ZERO", QuantizationMode.RndInf => "RND_INF", QuantizationMode.RndMinInf => "RND_MIN_INF",
        _ => "RND_CONV",
    };

    public static string Of(OverflowMode o) => o switch
    {
        OverflowMode.Wrap => "WRAP", OverflowMode.Sat => "SAT", OverflowMode.SatZero => "SAT_ZERO", _ => "SAT_SYM",
    };
}

/// <summary>
/// Parses every precision spelling hls4ml accepts (ap_fixed&lt;16,6&gt;, fixed&lt;16,6,RND,SAT&gt;, ufixed, ap_int&lt;8&gt;,
/// uint&lt;4&gt;, AP_/AC_ prefixed modes, ac_fixed/ac_int) plus the XML-friendly form with parentheses: fixed(16,6,RND,SAT),
/// and ':' as the argument separator, fixed(16:6:RND:SAT), because MSBuild splits -p: command-line values at commas.
/// </summary>
internal static partial class PrecisionParser
{
    [GeneratedRegex(@"^\s*(?<name>[A-Za-z_]+)\s*(?:[<(\[](?<args>[^>)\]]*)[>)\]])?\s*$")]
    private static partial Regex Shape();

    // An argument list opened and never closed: "fixed(18", "ap_fixed<16,6,RND".
    [GeneratedRegex(@"^\s*[A-Za-z_]+\s*[<(\[][^>)\]]*$")]
    private static partial Regex CutAtComma();

    public static Precision Parse(string text, string? context)
    {
        Exception Bad(string why) => new HlsException(DiagnosticCodes.InvalidPrecision,
            $"'{text}' is not a valid precision{(context is null ? "" : $" for {context}")}: {why}.");

        if (string.IsNullOrWhiteSpace(text)) throw Bad("the value is empty");
        var m = Shape().Match(text);
        if (!m.Success)
            throw Bad(CutAtComma().IsMatch(text)
                ? "it ends inside its argument list, as if cut at a comma (MSBuild splits -p: command-line values at ',' and ';'): "
                  + "write the comma-free form fixed(16:6), escape the comma as %2C, or quote the whole value, e.g. '-p:HlsDefaultPrecision=\"fixed(16,6)\"' in a shell"
                : "expected name<args> or name(args)");
        var name = m.Groups["name"].Value.ToLowerInvariant();
        var args = m.Groups["args"].Success
            ? m.Groups["args"].Value.Split([',', ':'], StringSplitOptions.TrimEntries)
            : Array.Empty<string>();
        if (args.Length == 1 && args[0].Length == 0) args = Array.Empty<string>();

        int Int(int i, string what)
        {
            if (i >= args.Length || !int.TryParse(args[i], NumberStyles.Integer, CultureInfo.InvariantCulture, out var v))
                throw Bad($"{what} must be an integer");
            return v;
        }

        switch (name)
        {
            case "auto" when args.Length == 0: return AutoPrecision.Instance;
            case "float": return new FloatPrecision(false);
            case "double": return new FloatPrecision(true);
            case "ap_fixed" or "fixed" or "ap_ufixed" or "ufixed":
            {
                if (args.Length < 2 || args.Length > 5) throw Bad("fixed types take 2 to 5 arguments: <W,I[,Q[,O[,N]]]>");
                int w = Int(0, "the width"), i = Int(1, "the integer width");
                if (w < 1 || w > FixedPrecision.MaxWidth) throw Bad($"the width must be between 1 and {FixedPrecision.MaxWidth} bits (AP_INT_MAX_W)");
                var q = args.Length > 2 ? ParseQuant(args[2]) ?? throw Bad($"unknown quantization mode '{args[2]}' (TRN, TRN_ZERO, RND, RND_ZERO, RND_INF, RND_MIN_INF, RND_CONV)") : QuantizationMode.Trn;
                var o = args.Length > 3 ? ParseOverflow(args[3]) ?? throw Bad($"unknown overflow mode '{args[3]}' (WRAP, SAT, SAT_ZERO, SAT_SYM)") : OverflowMode.Wrap;
                var n = args.Length > 4 ? Int(4, "the saturation bit count") : 0;
                return new FixedPrecision(w, i, !name.Contains("ufixed"), q, o, n);
            }
            case "ac_fixed":
            {
                if (args.Length < 2) throw Bad("ac_fixed takes <W,I[,signed[,Q,O]]>");
                int w = Int(0, "the width"), i = Int(1, "the integer width");
                if (w < 1 || w > FixedPrecision.MaxWidth) throw Bad($"the width must be between 1 and {FixedPrecision.MaxWidth} bits (AP_INT_MAX_W)");
                bool signed = args.Length < 3 || !(args[2] is "false" or "0");
                var q = args.Length > 3 ? ParseQuant(args[3]) ?? throw Bad($"unknown quantization mode '{args[3]}'") : QuantizationMode.Trn;
                var o = args.Length > 4 ? ParseOverflow(args[4]) ?? throw Bad($"unknown overflow mode '{args[4]}'") : OverflowMode.Wrap;
                return new FixedPrecision(w, i, signed, q, o);
            }
            case "ap_int" or "int" or "ap_uint" or "uint":
            {
                if (args.Length != 1) throw Bad("integer types take one argument: <W>");
                int w = Int(0, "the width");
                if (w < 1 || w > FixedPrecision.MaxWidth) throw Bad($"the width must be between 1 and {FixedPrecision.MaxWidth} bits (AP_INT_MAX_W)");
                return new IntegerPrecision(w, !name.Contains("uint"));
            }
            case "ac_int":
            {
                if (args.Length < 1) throw Bad("ac_int takes <W[,signed]>");
                int w = Int(0, "the width");
                if (w < 1 || w > FixedPrecision.MaxWidth) throw Bad($"the width must be between 1 and {FixedPrecision.MaxWidth} bits (AP_INT_MAX_W)");
                return new IntegerPrecision(w, args.Length < 2 || !(args[1] is "false" or "0"));
            }
            default:
                throw Bad($"unknown type name '{m.Groups["name"].Value}'");
        }
    }

    private static string StripPrefix(string s)
    {
        s = s.Trim().ToUpperInvariant();
        return s.StartsWith("AP_", StringComparison.Ordinal) || s.StartsWith("AC_", StringComparison.Ordinal) ? s[3..] : s;
    }

    private static QuantizationMode? ParseQuant(string s) => StripPrefix(s) switch
    {
        "TRN" => QuantizationMode.Trn, "TRN_ZERO" => QuantizationMode.TrnZero, "RND" => QuantizationMode.Rnd,
        "RND_ZERO" => QuantizationMode.RndZero, "RND_INF" => QuantizationMode.RndInf, "RND_MIN_INF" => QuantizationMode.RndMinInf,
        "RND_CONV" => QuantizationMode.RndConv, _ => null,
    };

    private static OverflowMode? ParseOverflow(string s) => StripPrefix(s) switch
    {
        "WRAP" => OverflowMode.Wrap, "SAT" => OverflowMode.Sat, "SAT_ZERO" => OverflowMode.SatZero, "SAT_SYM" => OverflowMode.SatSym,
        _ => null,
    };
}
