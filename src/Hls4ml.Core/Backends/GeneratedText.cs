using System.Text;

namespace Hls4ml.Backends;

/// <summary>
/// Makes untrusted text (layer and file names from a model, project properties) safe for the language it is written
/// into. Model files are untrusted input: a name that reaches generated C++ or Tcl unescaped can run code when the
/// project is compiled or sourced.
/// </summary>
public static class GeneratedText
{
    /// <summary>Longest model-derived text kept in a comment; the rest is elided.</summary>
    public const int MaxCommentLength = 96;

    /// <summary>Longest model-derived part of a generated identifier (Vivado HLS' name_max_length is 80).</summary>
    public const int MaxIdentifierPart = 40;

    /// <summary>
    /// Text for a C++ comment: printable ASCII only. Line breaks and a trailing backslash would end or extend a
    /// <c>//</c> comment, <c>*/</c> would end a block comment, and <c>??/</c> is a backslash trigraph under
    /// -std=c++0x; so backslash, '?', '*' and anything outside printable ASCII become '_'.
    /// </summary>
    public static string CppComment(string? text)
    {
        if (string.IsNullOrEmpty(text)) return "";
        var sb = new StringBuilder(Math.Min(text.Length, MaxCommentLength + 3));
        foreach (var c in text)
        {
            if (sb.Length == MaxCommentLength) { sb.Append("..."); break; }
            sb.Append(c is >= ' ' and <= '~' and not ('\\' or '?' or '*') ? c : '_');
        }
        return sb.ToString();
    }

    /// <summary>
    /// A Tcl word that evaluates to exactly <paramref name="text"/>: double-quoted, with the characters that trigger
    /// substitution (<c>$ [ ] \</c>), quotes, braces and control characters backslash-escaped.
    /// </summary>
    public static string TclQuote(string? text)
    {
        var sb = new StringBuilder("\"");
        foreach (var c in text ?? "")
        {
            if (c is '\\' or '"' or '$' or '[' or ']' or '{' or '}' or ';') sb.Append('\\').Append(c);
            else if (c < ' ' || c == '\u007f') sb.Append("\\u").Append(((int)c).ToString("x4"));
            else sb.Append(c);
        }
        return sb.Append('"').ToString();
    }

    /// <summary>
    /// The model-derived part of a generated identifier: ASCII letters, digits and single underscores, no leading or
    /// trailing underscore, at most <see cref="MaxIdentifierPart"/> characters; "" when nothing usable is left.
    /// Callers always put a generated prefix in front, so the result never has to be an identifier on its own.
    /// </summary>
    public static string IdentifierPart(string? text)
    {
        var sb = new StringBuilder();
        foreach (var c in text ?? "")
        {
            if (sb.Length >= MaxIdentifierPart) break;
            if (char.IsAsciiLetterOrDigit(c)) sb.Append(c);
            else if (sb.Length > 0 && sb[^1] != '_') sb.Append('_');
        }
        return sb.ToString().TrimEnd('_');
    }

    /// <summary>
    /// Characters a string attribute may hold when a layer template writes it into C++ (function names, enumerators,
    /// type names). Anything else in a template variable is refused before a file is written.
    /// </summary>
    public static bool IsSafeTemplateToken(string text)
    {
        foreach (var c in text)
            if (!(char.IsAsciiLetterOrDigit(c) || c is '_' or ':' or '<' or '>' or ',' or '.' or ' ' or '+' or '-' or '(' or ')' or '[' or ']'))
                return false;
        return true;
    }
}
