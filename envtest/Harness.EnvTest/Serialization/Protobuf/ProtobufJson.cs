using System.Collections;
using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using Google.Protobuf;
using Google.Protobuf.Reflection;
using Harness.EnvTest.Protos;

namespace Harness.EnvTest.Serialization.Protobuf;

/// <summary>
/// Writes a decoded message as the JSON Go's encoder writes the same object: field names as the .proto names them,
/// int64 as numbers, bytes as base64, maps as objects, meta/v1 Time as RFC 3339 and MicroTime with six fraction
/// digits (a zero time as null), FieldsV1 and RawExtension as their raw JSON, Quantity as its string, IntOrString as a
/// number or a string, and a field marked
/// <c>(harness.envtest.inline)</c> (a Go embedded struct) spread into its parent. A scalar without presence is omitted
/// at its zero value (a Go value field under omitempty), one with presence is kept whenever it was sent (a Go
/// pointer); messages, lists and maps appear when sent and not empty.
/// </summary>
internal static class ProtobufJson
{
    private const long MinUnixSeconds = -62135596800;
    private const long MaxUnixSeconds = 253402300799;

    /// <summary>Writes <paramref name="message"/>'s fields into <paramref name="target"/>, in field-number order.</summary>
    public static void WriteFields(IMessage message, JsonObject target)
    {
        foreach (var field in message.Descriptor.Fields.InFieldNumberOrder())
        {
            if (field.GetOptions()?.GetExtension(OptionsExtensions.Inline) == true)
            {
                if (field.Accessor.HasValue(message))
                {
                    WriteFields((IMessage)field.Accessor.GetValue(message), target);
                }
            }
            else if (TryConvert(field, message, out var node))
            {
                target[JsonName(field)] = node;
            }
        }
    }

    /// <summary>The field's name in the JSON form: its <c>(harness.envtest.json)</c> option, or its .proto name.</summary>
    public static string JsonName(FieldDescriptor field) =>
        field.GetOptions()?.GetExtension(OptionsExtensions.Json) is { Length: > 0 } json ? json : field.Name;

    private static bool TryConvert(FieldDescriptor field, IMessage message, out JsonNode? node)
    {
        node = null;
        var value = field.Accessor.GetValue(message);
        if (field.IsMap)
        {
            var entries = (IDictionary)value;
            if (entries.Count == 0)
            {
                return false;
            }

            var valueField = field.MessageType.FindFieldByNumber(2);
            var map = new JsonObject();
            foreach (DictionaryEntry entry in entries)
            {
                map[(string)entry.Key] = Value(valueField, entry.Value!);
            }

            node = map;
            return true;
        }

        if (field.IsRepeated)
        {
            var items = (IList)value;
            if (items.Count == 0)
            {
                return false;
            }

            var list = new JsonArray();
            foreach (var item in items)
            {
                list.Add(Value(field, item!));
            }

            node = list;
            return true;
        }

        if (field.HasPresence ? !field.Accessor.HasValue(message) : IsZero(value))
        {
            return false;
        }

        node = Value(field, value);
        return true;
    }

    private static JsonNode? Value(FieldDescriptor field, object value) => value switch
    {
        IMessage nested => Message(nested),
        string text => JsonValue.Create(text),
        bool flag => JsonValue.Create(flag),
        int number => Number(number.ToString(CultureInfo.InvariantCulture)),
        long number => Number(number.ToString(CultureInfo.InvariantCulture)),
        uint number => Number(number.ToString(CultureInfo.InvariantCulture)),
        ulong number => Number(number.ToString(CultureInfo.InvariantCulture)),
        double number => Number(number.ToString("R", CultureInfo.InvariantCulture)),
        float number => Number(number.ToString("R", CultureInfo.InvariantCulture)),
        ByteString bytes => JsonValue.Create(bytes.ToBase64()),
        _ => throw new InvalidOperationException($"field {field.FullName} has a type the JSON form does not cover"),
    };

    /// <summary>A number as parsed JSON holds it, so it reads back as any numeric type that fits, as a JSON body's would.</summary>
    private static JsonValue Number(string digits) => JsonValue.Create(JsonElement.Parse(digits))!;

    private static JsonNode? Message(IMessage message)
    {
        switch (message.Descriptor.FullName)
        {
            case JsonFormMessages.Time:
                return Timestamp(message, "yyyy-MM-dd'T'HH:mm:ss'Z'");
            case JsonFormMessages.MicroTime:
                return Timestamp(message, "yyyy-MM-dd'T'HH:mm:ss.ffffff'Z'");
            case JsonFormMessages.Quantity:
                return JsonValue.Create((string)message.Descriptor.Fields[1].Accessor.GetValue(message));
            case JsonFormMessages.IntOrString:
                var intOrString = message.Descriptor.Fields;
                return (long)intOrString[1].Accessor.GetValue(message) == 1
                    ? JsonValue.Create((string)intOrString[3].Accessor.GetValue(message))
                    : Number(((int)intOrString[2].Accessor.GetValue(message)).ToString(CultureInfo.InvariantCulture));
            case JsonFormMessages.FieldsV1 or JsonFormMessages.RawExtension or JsonFormMessages.SchemaJson:
                var raw = (ByteString)message.Descriptor.Fields[1].Accessor.GetValue(message);
                return raw.IsEmpty ? null : JsonNode.Parse(raw.Span, documentOptions: new JsonDocumentOptions { MaxDepth = 10000 });
            case JsonFormMessages.SchemaOrArray:
                return FirstSent(message, 2, 1);
            case JsonFormMessages.SchemaOrBool:
                return FirstSent(message, 2) ?? JsonValue.Create((bool)message.Descriptor.Fields[1].Accessor.GetValue(message));
            case JsonFormMessages.SchemaOrStringArray:
                return FirstSent(message, 2, 1);
            default:
                var obj = new JsonObject();
                WriteFields(message, obj);
                return obj;
        }
    }

    /// <summary>
    /// The JSON of the first of <paramref name="numbers"/> sent (a list that is not empty, a message), or null: how Go's
    /// <c>MarshalJSON</c> writes apiextensions' either-or types.
    /// </summary>
    private static JsonNode? FirstSent(IMessage message, params int[] numbers)
    {
        foreach (var number in numbers)
        {
            var field = message.Descriptor.FindFieldByNumber(number);
            if (TryConvert(field, message, out var node))
            {
                return node;
            }
        }

        return null;
    }

    /// <summary>A meta/v1 Time or MicroTime (seconds and nanos since 1970) in <paramref name="format"/>, in UTC; the zero time as null.</summary>
    private static JsonValue? Timestamp(IMessage message, string format)
    {
        var fields = message.Descriptor.Fields;
        var seconds = (long)fields[1].Accessor.GetValue(message);
        var nanos = (int)fields[2].Accessor.GetValue(message);
        if (seconds == 0 && nanos == 0)
        {
            return null;
        }

        return seconds is < MinUnixSeconds or > MaxUnixSeconds
            ? throw new FormatException("Time.MarshalJSON: year outside of range [0,9999]")
            : JsonValue.Create(DateTimeOffset.FromUnixTimeSeconds(seconds).AddTicks(nanos / 100).UtcDateTime.ToString(format, CultureInfo.InvariantCulture));
    }

    private static bool IsZero(object value) => value switch
    {
        string text => text.Length == 0,
        bool flag => !flag,
        int number => number == 0,
        long number => number == 0,
        uint number => number == 0,
        ulong number => number == 0,
        double number => number == 0,
        float number => number == 0,
        ByteString bytes => bytes.IsEmpty,
        _ => false,
    };
}
