using Newtonsoft.Json.Linq;

namespace Hls4ml.Frontends.Keras;

/// <summary>
/// Integer values of model JSON. Parsed integers hold a long, or a BigInteger past its range (Python ints have no
/// bound); JValues built in code may hold an int. Explicit casts throw OverflowException on the large ones, so config
/// readers test through here and report a value out of range as what it is.
/// </summary>
internal static class JsonInts
{
    public static bool TryLong(JToken? token, out long value)
    {
        value = 0;
        if (token is not JValue { Type: JTokenType.Integer } v) return false;
        switch (v.Value)
        {
            case long l: value = l; return true;
            case int i: value = i; return true;
            case short s: value = s; return true;
            case byte b: value = b; return true;
            case sbyte sb: value = sb; return true;
            case ushort us: value = us; return true;
            case uint ui: value = ui; return true;
            case ulong ul when ul <= long.MaxValue: value = (long)ul; return true;
            default: return false;
        }
    }

    public static bool TryInt(JToken? token, out int value)
    {
        value = 0;
        if (!TryLong(token, out var l) || l < int.MinValue || l > int.MaxValue) return false;
        value = (int)l;
        return true;
    }
}
