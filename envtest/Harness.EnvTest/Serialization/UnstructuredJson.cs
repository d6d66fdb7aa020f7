using System.Buffers;
using System.Text.Json;
using System.Text.Json.Nodes;
using Harness.EnvTest.Schema;

namespace Harness.EnvTest.Serialization;

/// <summary>
/// Writes a custom object as kube-apiserver does: decoded into Go maps (<c>unstructured.Unstructured</c>), so encoded with
/// every object's keys in <see cref="Utf8Order"/>, integers that fit an int64 as such and every other number as a float64
/// (<see cref="GoJsonNumber"/>).
/// </summary>
internal static class UnstructuredJson
{
    public static void Write(Utf8JsonWriter writer, JsonNode? node)
    {
        switch (node)
        {
            case null:
                writer.WriteNullValue();
                break;
            case JsonObject obj:
                writer.WriteStartObject();
                var properties = Sorted(obj, out var rented);
                foreach (var (key, value) in properties)
                {
                    writer.WritePropertyName(key);
                    Write(writer, value);
                }

                Return(rented);
                writer.WriteEndObject();
                break;
            case JsonArray array:
                writer.WriteStartArray();
                foreach (var item in array)
                {
                    Write(writer, item);
                }

                writer.WriteEndArray();
                break;
            case JsonValue value when value.GetValueKind() == JsonValueKind.Number:
                WriteNumber(writer, value);
                break;
            default:
                node.WriteTo(writer);
                break;
        }
    }

    /// <summary><paramref name="obj"/>'s properties in key order, in an array rented for them: give it back with <see cref="Return"/>.</summary>
    public static ReadOnlySpan<KeyValuePair<string, JsonNode?>> Sorted(JsonObject obj, out KeyValuePair<string, JsonNode?>[] rented)
    {
        rented = ArrayPool<KeyValuePair<string, JsonNode?>>.Shared.Rent(obj.Count);
        var count = 0;
        var ordered = true;
        foreach (var property in obj)
        {
            ordered &= count == 0 || Utf8Order.Instance.Compare(rented[count - 1].Key, property.Key) < 0;
            rented[count++] = property;
        }

        var span = rented.AsSpan(0, count);
        if (!ordered)
        {
            span.Sort(static (a, b) => Utf8Order.Instance.Compare(a.Key, b.Key));
        }

        return span;
    }

    public static void Return(KeyValuePair<string, JsonNode?>[] rented) => ArrayPool<KeyValuePair<string, JsonNode?>>.Shared.Return(rented, clearArray: true);

    private static void WriteNumber(Utf8JsonWriter writer, JsonValue value)
    {
        if (JsonKinds.TryGetInteger(value, out var integer))
        {
            writer.WriteNumberValue(integer);
        }
        else if (value.TryGetValue<double>(out var real))
        {
            writer.WriteRawValue(GoJsonNumber.Format(real), skipInputValidation: true);
        }
        else
        {
            value.WriteTo(writer);
        }
    }
}
