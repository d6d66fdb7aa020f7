using System.Text.Json;
using System.Text.Json.Nodes;

namespace Harness.Simulators.KubeVirt.Subresources;

/// <summary>Decodes the optional JSON body of a subresource request as virt-api does: empty is an empty object.</summary>
internal static class RequestBody
{
    public static JsonObject Decode(ReadOnlyMemory<byte> body)
    {
        if (body.Span.Trim(" \t\r\n"u8).IsEmpty)
        {
            return [];
        }

        try
        {
            return JsonNode.Parse(body.Span) as JsonObject
                ?? throw StatusError.BadRequest("Can not unmarshal Request body to struct, error: the body is not a JSON object");
        }
        catch (JsonException e)
        {
            throw StatusError.BadRequest($"Can not unmarshal Request body to struct, error: {e.Message}");
        }
    }

    public static string? OptionalString(JsonObject body, string field)
    {
        var node = body[field];
        if (node is null)
        {
            return null;
        }

        return node is JsonValue value && value.GetValueKind() == JsonValueKind.String
            ? value.GetValue<string>()
            : throw StatusError.BadRequest(
                $"Can not unmarshal Request body to struct, error: json: cannot unmarshal {Kind(node)} into field {field} of type string");
    }

    public static long? OptionalInteger(JsonObject body, string field)
    {
        var node = body[field];
        if (node is null)
        {
            return null;
        }

        return node is JsonValue value && value.TryGetValue<long>(out var number)
            ? number
            : throw StatusError.BadRequest(
                $"Can not unmarshal Request body to struct, error: json: cannot unmarshal {Kind(node)} into field {field} of type int64");
    }

    public static JsonObject? OptionalObject(JsonObject body, string field)
    {
        var node = body[field];
        if (node is null)
        {
            return null;
        }

        return node as JsonObject
            ?? throw StatusError.BadRequest(
                $"Can not unmarshal Request body to struct, error: json: cannot unmarshal {Kind(node)} into field {field} of type object");
    }

    /// <summary>Whether <c>dryRun</c> is <c>["All"]</c>.</summary>
    public static bool IsDryRun(JsonObject body)
    {
        var node = body["dryRun"];
        if (node is null)
        {
            return false;
        }

        if (node is not JsonArray array || array.Any(e => e is not JsonValue v || v.GetValueKind() != JsonValueKind.String))
        {
            throw StatusError.BadRequest(
                $"Can not unmarshal Request body to struct, error: json: cannot unmarshal {Kind(node)} into field dryRun of type []string");
        }

        return array.Count > 0 && array[0]!.GetValue<string>() == "All";
    }

    private static string Kind(JsonNode node) => node.GetValueKind() switch
    {
        JsonValueKind.Number => "number",
        JsonValueKind.String => "string",
        JsonValueKind.Array => "array",
        JsonValueKind.Object => "object",
        _ => "bool",
    };
}
