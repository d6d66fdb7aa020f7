using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using Google.Protobuf;
using Google.Protobuf.Reflection;
using Harness.EnvTest.Protos;

namespace Harness.EnvTest.Serialization.Protobuf;

/// <summary>
/// Writes an object's JSON as the gogo-generated <c>Marshal</c> of its kube type writes the Go value, the inverse of
/// <see cref="ProtobufJson"/>: fields in field-number order; a scalar without presence (a Go value field) always, at its
/// zero value too; one with presence (a Go pointer), a message, a list or bytes only when the JSON holds it; map entries
/// by key in Go's string order, key and value each written; a <c>(harness.envtest.inline)</c> field from the parent's
/// own members; Time and MicroTime as seconds and nanos (a null time as an empty message), and the other
/// <see cref="JsonFormMessages"/> from their JSON forms.
/// </summary>
internal static class ProtobufWriter
{
    private static readonly JsonSerializerOptions RawJson = new() { Encoder = GoJsonEncoder.Instance };

    /// <summary>The encoding of <paramref name="node"/> as a <paramref name="descriptor"/> message.</summary>
    public static byte[] Write(JsonNode? node, MessageDescriptor descriptor)
    {
        using var buffer = new MemoryStream();
        var output = new CodedOutputStream(buffer);
        WriteMessage(output, node, descriptor);
        output.Flush();
        return buffer.ToArray();
    }

    private static void WriteMessage(CodedOutputStream output, JsonNode? node, MessageDescriptor descriptor)
    {
        switch (descriptor.FullName)
        {
            case JsonFormMessages.Time or JsonFormMessages.MicroTime:
                if (node is JsonValue value && value.GetValue<string>() is { Length: > 0 } text)
                {
                    var time = DateTimeOffset.Parse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal);
                    output.WriteTag(1, WireFormat.WireType.Varint);
                    output.WriteInt64(time.ToUnixTimeSeconds());
                    output.WriteTag(2, WireFormat.WireType.Varint);
                    output.WriteInt32((int)(time.Ticks % TimeSpan.TicksPerSecond * 100));
                }

                return;
            case JsonFormMessages.Quantity:
                output.WriteTag(1, WireFormat.WireType.LengthDelimited);
                output.WriteString(node!.GetValue<string>());
                return;
            case JsonFormMessages.IntOrString:
                var isString = node!.GetValueKind() == JsonValueKind.String;
                output.WriteTag(1, WireFormat.WireType.Varint);
                output.WriteInt64(isString ? 1 : 0);
                output.WriteTag(2, WireFormat.WireType.Varint);
                output.WriteInt32(isString ? 0 : node.GetValue<int>());
                output.WriteTag(3, WireFormat.WireType.LengthDelimited);
                output.WriteString(isString ? node.GetValue<string>() : string.Empty);
                return;
            case JsonFormMessages.FieldsV1 or JsonFormMessages.RawExtension or JsonFormMessages.SchemaJson:
                if (node is not null)
                {
                    output.WriteTag(1, WireFormat.WireType.LengthDelimited);
                    output.WriteBytes(ByteString.CopyFromUtf8(node.ToJsonString(RawJson)));
                }

                return;
            case JsonFormMessages.SchemaOrBool:
                // Go reads a schema as allows=true with that schema; gogo writes allows always.
                output.WriteTag(1, WireFormat.WireType.Varint);
                output.WriteBool(node is JsonObject || node?.GetValue<bool>() == true);
                if (node is JsonObject)
                {
                    WriteValue(output, descriptor.FindFieldByNumber(2), node);
                }

                return;
            case JsonFormMessages.SchemaOrArray or JsonFormMessages.SchemaOrStringArray:
                // Field 1 is the schema, field 2 the list; the JSON is one or the other.
                if (node is JsonObject)
                {
                    WriteValue(output, descriptor.FindFieldByNumber(1), node);
                }

                foreach (var item in node as JsonArray ?? [])
                {
                    WriteValue(output, descriptor.FindFieldByNumber(2), item);
                }

                return;
        }

        var obj = node as JsonObject;
        foreach (var field in descriptor.Fields.InFieldNumberOrder())
        {
            if (field.GetOptions()?.GetExtension(OptionsExtensions.Inline) == true)
            {
                WriteNested(output, field.FieldNumber, node, field.MessageType);
                continue;
            }

            var name = ProtobufJson.JsonName(field);
            var present = obj is not null && obj.TryGetPropertyValue(name, out _);
            var member = present ? obj![name] : null;
            if (field.IsMap)
            {
                WriteMap(output, field, member as JsonObject);
            }
            else if (field.IsRepeated)
            {
                foreach (var item in member as JsonArray ?? [])
                {
                    WriteValue(output, field, item);
                }
            }
            else if (field.FieldType == FieldType.Message || field.FieldType == FieldType.Bytes || field.HasPresence)
            {
                if (present && (member is not null || field.FieldType == FieldType.Message))
                {
                    WriteValue(output, field, member);
                }
            }
            else
            {
                WriteValue(output, field, member);
            }
        }
    }

    private static void WriteMap(CodedOutputStream output, FieldDescriptor field, JsonObject? map)
    {
        var keyField = field.MessageType.FindFieldByNumber(1);
        var valueField = field.MessageType.FindFieldByNumber(2);
        foreach (var (key, value) in (map ?? []).OrderBy(p => p.Key, Utf8Order.Instance))
        {
            using var entry = new MemoryStream();
            var entryOutput = new CodedOutputStream(entry);
            WriteValue(entryOutput, keyField, JsonValue.Create(key));
            if (value is not null || valueField.FieldType != FieldType.Bytes)
            {
                WriteValue(entryOutput, valueField, value);
            }

            entryOutput.Flush();
            output.WriteTag(field.FieldNumber, WireFormat.WireType.LengthDelimited);
            output.WriteBytes(ByteString.CopyFrom(entry.ToArray()));
        }
    }

    private static void WriteNested(CodedOutputStream output, int number, JsonNode? node, MessageDescriptor descriptor)
    {
        output.WriteTag(number, WireFormat.WireType.LengthDelimited);
        output.WriteBytes(ByteString.CopyFrom(Write(node, descriptor)));
    }

    private static void WriteValue(CodedOutputStream output, FieldDescriptor field, JsonNode? value)
    {
        var number = field.FieldNumber;
        switch (field.FieldType)
        {
            case FieldType.Message:
                WriteNested(output, number, value, field.MessageType);
                break;
            case FieldType.String:
                output.WriteTag(number, WireFormat.WireType.LengthDelimited);
                output.WriteString(value?.GetValue<string>() ?? string.Empty);
                break;
            case FieldType.Bytes:
                output.WriteTag(number, WireFormat.WireType.LengthDelimited);
                output.WriteBytes(ByteString.FromBase64(value?.GetValue<string>() ?? string.Empty));
                break;
            case FieldType.Bool:
                output.WriteTag(number, WireFormat.WireType.Varint);
                output.WriteBool(value?.GetValue<bool>() ?? false);
                break;
            case FieldType.Double:
                output.WriteTag(number, WireFormat.WireType.Fixed64);
                output.WriteDouble(value?.GetValue<double>() ?? 0);
                break;
            case FieldType.Int32:
                output.WriteTag(number, WireFormat.WireType.Varint);
                output.WriteInt32(value?.GetValue<int>() ?? 0);
                break;
            case FieldType.Int64:
                output.WriteTag(number, WireFormat.WireType.Varint);
                output.WriteInt64(value?.GetValue<long>() ?? 0);
                break;
            default:
                throw new InvalidOperationException($"field {field.FullName} has a type the protobuf writer does not cover");
        }
    }
}
