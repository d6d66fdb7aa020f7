using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace Harness.Api.Quantities;

/// <summary>Reads a <see cref="Quantity"/> from a JSON string or number and writes it back the same way.</summary>
internal sealed class QuantityJsonConverter : JsonConverter<Quantity>
{
    public override Quantity Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) => reader.TokenType switch
    {
        JsonTokenType.String => new Quantity(reader.GetString()!),
        JsonTokenType.Number => Quantity.FromJsonNumber(reader.HasValueSequence
            ? Encoding.UTF8.GetString(reader.ValueSequence)
            : Encoding.UTF8.GetString(reader.ValueSpan)),
        _ => throw new JsonException($"a quantity is a string or a number, not {reader.TokenType}"),
    };

    public override void Write(Utf8JsonWriter writer, Quantity value, JsonSerializerOptions options)
    {
        ArgumentNullException.ThrowIfNull(writer);
        ArgumentNullException.ThrowIfNull(value);
        if (value.IsNumber)
        {
            writer.WriteRawValue(value.Text);
        }
        else
        {
            writer.WriteStringValue(value.Text);
        }
    }
}
