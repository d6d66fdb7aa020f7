using System.Text.Json;
using System.Text.Json.Nodes;

namespace Harness.EnvTest.Schema;

/// <summary>
/// The JSON type of a value as kube-openapi infers it from a decoded object: integral numbers are
/// <c>integer</c> (int64), other numbers <c>number</c> (float64).
/// </summary>
internal static class JsonKinds
{
    public const string Object = "object";
    public const string Array = "array";
    public const string String = "string";
    public const string Integer = "integer";
    public const string Number = "number";
    public const string Boolean = "boolean";
    public const string Null = "null";

    public static string Of(JsonNode? node) => node switch
    {
        null => Null,
        JsonObject => Object,
        JsonArray => Array,
        JsonValue v => v.GetValueKind() switch
        {
            JsonValueKind.String => String,
            JsonValueKind.True or JsonValueKind.False => Boolean,
            JsonValueKind.Number => TryGetInteger(v, out _) ? Integer : Number,
            _ => Null,
        },
        _ => Null,
    };

    public static bool TryGetInteger(JsonValue value, out long integer)
    {
        if (value.TryGetValue(out JsonElement element))
        {
            integer = 0;
            return element.ValueKind == JsonValueKind.Number && element.TryGetInt64(out integer);
        }

        if (value.TryGetValue(out integer))
        {
            return true;
        }

        if (value.TryGetValue(out int i))
        {
            integer = i;
            return true;
        }

        if (value.TryGetValue(out short s))
        {
            integer = s;
            return true;
        }

        if (value.TryGetValue(out uint u))
        {
            integer = u;
            return true;
        }

        if (value.TryGetValue(out ulong ul) && ul <= long.MaxValue)
        {
            integer = (long)ul;
            return true;
        }

        integer = 0;
        return false;
    }

    public static double GetDouble(JsonValue value)
    {
        if (value.TryGetValue(out JsonElement element))
        {
            return element.GetDouble();
        }

        if (TryGetInteger(value, out var integer))
        {
            return integer;
        }

        if (value.TryGetValue(out double d))
        {
            return d;
        }

        if (value.TryGetValue(out float f))
        {
            return f;
        }

        return value.TryGetValue(out decimal m) ? (double)m : double.NaN;
    }

    /// <summary>Deep equality of decoded JSON values, numbers compared by value (Go's <c>reflect.DeepEqual</c> after decoding).</summary>
    public static bool DeepEquals(JsonNode? a, JsonNode? b)
    {
        switch (a)
        {
            case null:
                return b is null;
            case JsonObject oa:
                if (b is not JsonObject ob || oa.Count != ob.Count)
                {
                    return false;
                }

                foreach (var (key, value) in oa)
                {
                    if (!ob.TryGetPropertyValue(key, out var other) || !DeepEquals(value, other))
                    {
                        return false;
                    }
                }

                return true;
            case JsonArray aa:
                if (b is not JsonArray ab || aa.Count != ab.Count)
                {
                    return false;
                }

                for (var i = 0; i < aa.Count; i++)
                {
                    if (!DeepEquals(aa[i], ab[i]))
                    {
                        return false;
                    }
                }

                return true;
            case JsonValue va:
                if (b is not JsonValue vb)
                {
                    return false;
                }

                var ka = va.GetValueKind();
                var kb = vb.GetValueKind();
                if (ka == JsonValueKind.Number && kb == JsonValueKind.Number)
                {
                    if (TryGetInteger(va, out var ia) && TryGetInteger(vb, out var ib))
                    {
                        return ia == ib;
                    }

                    return GetDouble(va) == GetDouble(vb);
                }

                if (ka != kb)
                {
                    return false;
                }

                return ka != JsonValueKind.String || string.Equals(va.GetValue<string>(), vb.GetValue<string>(), StringComparison.Ordinal);
            default:
                return false;
        }
    }
}
