using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Harness.EnvTest.Schema;

/// <summary>
/// Renders JSON values the way Go's <c>fmt</c> does in Kubernetes error messages
/// (<c>%q</c> for strings, <c>%v</c> for numbers, <c>%#v</c> for maps), so messages match kube-apiserver's.
/// </summary>
internal static class GoValueFormat
{
    /// <summary>The word Go's JSON decoder uses for a value's kind in <c>cannot unmarshal object into Go value of type ...</c>.</summary>
    public static string Kind(JsonValueKind kind) => kind switch
    {
        JsonValueKind.Object => "object",
        JsonValueKind.Array => "array",
        JsonValueKind.String => "string",
        JsonValueKind.Number => "number",
        _ => "bool",
    };

    /// <summary>Go's <c>strconv.Quote</c>.</summary>
    public static string Quote(string value)
    {
        var sb = new StringBuilder(value.Length + 2);
        sb.Append('"');
        foreach (var rune in value.EnumerateRunes())
        {
            switch (rune.Value)
            {
                case '"': sb.Append("\\\""); break;
                case '\\': sb.Append("\\\\"); break;
                case '\n': sb.Append("\\n"); break;
                case '\r': sb.Append("\\r"); break;
                case '\t': sb.Append("\\t"); break;
                case '\a': sb.Append("\\a"); break;
                case '\b': sb.Append("\\b"); break;
                case '\f': sb.Append("\\f"); break;
                case '\v': sb.Append("\\v"); break;
                default:
                    if (rune.Value < 0x20 || rune.Value == 0x7f)
                    {
                        sb.Append("\\x").Append(rune.Value.ToString("x2", CultureInfo.InvariantCulture));
                    }
                    else if (rune.Value < 0x80 || IsPrint(rune))
                    {
                        sb.Append(rune.ToString());
                    }
                    else
                    {
                        sb.Append(rune.Value > 0xFFFF ? "\\U" : "\\u").Append(rune.Value.ToString(rune.Value > 0xFFFF ? "x8" : "x4", CultureInfo.InvariantCulture));
                    }

                    break;
            }
        }

        sb.Append('"');
        return sb.ToString();
    }

    /// <summary>Go's <c>unicode.IsPrint</c> for a non-ASCII rune: letters, marks, numbers, punctuation and symbols.</summary>
    private static bool IsPrint(Rune rune) => Rune.GetUnicodeCategory(rune) switch
    {
        UnicodeCategory.Control or UnicodeCategory.Format or UnicodeCategory.Surrogate or UnicodeCategory.PrivateUse
            or UnicodeCategory.OtherNotAssigned or UnicodeCategory.SpaceSeparator or UnicodeCategory.LineSeparator
            or UnicodeCategory.ParagraphSeparator => false,
        _ => true,
    };

    /// <summary>Go's <c>%v</c> of a float64 (shortest digits; exponent form from 1e+06 up or below 1e-04).</summary>
    public static string Float(double value)
    {
        if (double.IsPositiveInfinity(value))
        {
            return "+Inf";
        }

        if (double.IsNegativeInfinity(value))
        {
            return "-Inf";
        }

        if (double.IsNaN(value))
        {
            return "NaN";
        }

        if (value == 0)
        {
            return "0";
        }

        var exponent = (int)Math.Floor(Math.Log10(Math.Abs(value)));
        var shortest = value.ToString("R", CultureInfo.InvariantCulture);
        if (exponent < -4 || exponent >= 6)
        {
            return value.ToString("0.################e+00", CultureInfo.InvariantCulture);
        }

        if (shortest.Contains('E', StringComparison.Ordinal))
        {
            return value.ToString("0.#####################", CultureInfo.InvariantCulture);
        }

        return shortest;
    }

    /// <summary>The bad value part of a <c>field.Error</c> body (<c>Invalid value: X</c>).</summary>
    public static string BadValue(JsonNode? value) => value switch
    {
        null => "\"null\"",
        JsonValue v when v.GetValueKind() == JsonValueKind.String => Quote(v.GetValue<string>()),
        JsonValue v => Scalar(v),
        _ => GoSharpV(value),
    };

    /// <summary>Go's <c>fmt.Sprint</c> of a decoded JSON value (used by JSONPath text output).</summary>
    public static string Sprint(JsonNode? value)
    {
        switch (value)
        {
            case null:
                return "<nil>";
            case JsonValue v when v.GetValueKind() == JsonValueKind.String:
                return v.GetValue<string>();
            case JsonValue v:
                return Scalar(v);
            case JsonArray a:
                return "[" + string.Join(' ', a.Select(Sprint)) + "]";
            case JsonObject o:
                return "map[" + string.Join(' ', o.OrderBy(p => p.Key, StringComparer.Ordinal).Select(p => p.Key + ":" + Sprint(p.Value))) + "]";
            default:
                return value.ToJsonString();
        }
    }

    /// <summary>Go's <c>%#v</c> of a decoded JSON value.</summary>
    public static string GoSharpV(JsonNode? value)
    {
        switch (value)
        {
            case null:
                return "interface {}(nil)";
            case JsonValue v when v.GetValueKind() == JsonValueKind.String:
                return Quote(v.GetValue<string>());
            case JsonValue v:
                return Scalar(v);
            case JsonArray a:
                return "[]interface {}{" + string.Join(", ", a.Select(GoSharpV)) + "}";
            case JsonObject o:
                return "map[string]interface {}{" + string.Join(", ", o.OrderBy(p => p.Key, StringComparer.Ordinal).Select(p => Quote(p.Key) + ":" + GoSharpV(p.Value))) + "}";
            default:
                return value.ToJsonString();
        }
    }

    private static string Scalar(JsonValue value)
    {
        switch (value.GetValueKind())
        {
            case JsonValueKind.True:
                return "true";
            case JsonValueKind.False:
                return "false";
            case JsonValueKind.Number:
                if (JsonKinds.TryGetInteger(value, out var integer))
                {
                    return integer.ToString(CultureInfo.InvariantCulture);
                }

                return Float(JsonKinds.GetDouble(value));
            default:
                return value.ToJsonString();
        }
    }
}
