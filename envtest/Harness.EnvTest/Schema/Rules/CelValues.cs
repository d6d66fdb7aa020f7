using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using Harness.Durations;
using Harness.EnvTest.Environment;

namespace Harness.EnvTest.Schema.Rules;

/// <summary>
/// A JSON value as a CEL rule sees it, typed by its schema as apiextensions' <c>UnstructuredToVal</c> types it: an object
/// with declared properties exposes just those (under their <see cref="CelNames"/>), a map its keys as they are; integers
/// are <c>int</c>, numbers <c>double</c>; strings of format <c>date-time</c>/<c>date</c> are timestamps and of format
/// <c>duration</c> durations; set and map lists are marked (<see cref="CelListTypes"/>). A resource's root (and an embedded resource) adds <c>apiVersion</c>, <c>kind</c> and
/// <c>metadata.name</c>/<c>generateName</c>.
/// </summary>
internal static class CelValues
{
    public static object? From(JsonNode? value, SchemaNode node, bool isResourceRoot)
    {
        switch (value)
        {
            case null:
                return null;
            case JsonObject obj:
                return FromObject(obj, node, isResourceRoot || node.EmbeddedResource);
            case JsonArray array:
                var items = new object?[array.Count];
                for (var i = 0; i < array.Count; i++)
                {
                    items[i] = From(array[i], node.Items ?? SchemaNode.Empty, node.Items?.EmbeddedResource ?? false);
                }

                CelListTypes.Mark(items, node);

                return items;
            default:
                return FromScalar((JsonValue)value, node);
        }
    }

    private static Dictionary<string, object?> FromObject(JsonObject obj, SchemaNode node, bool isResource)
    {
        var result = new Dictionary<string, object?>(StringComparer.Ordinal);
        if (node.Properties is { } properties)
        {
            foreach (var (name, child) in obj)
            {
                if (properties.TryGetValue(name, out var property) && CelNames.Escape(name) is { } escaped)
                {
                    result[escaped] = From(child, property, isResourceRoot: false);
                }
            }
        }
        else if (node.AdditionalProperties is not null || node.PreserveUnknownFields || node.Type.Length == 0)
        {
            foreach (var (name, child) in obj)
            {
                result[name] = From(child, node.AdditionalProperties ?? SchemaNode.Empty, isResourceRoot: false);
            }
        }

        if (isResource)
        {
            AddResourceFields(obj, result);
        }

        return result;
    }

    private static void AddResourceFields(JsonObject obj, Dictionary<string, object?> result)
    {
        foreach (var name in new[] { "apiVersion", "kind" })
        {
            if (obj[name] is JsonValue text && text.GetValueKind() == JsonValueKind.String)
            {
                result[name] = text.GetValue<string>();
            }
        }

        if (obj["metadata"] is JsonObject metadata)
        {
            var exposed = new Dictionary<string, object?>(StringComparer.Ordinal);
            foreach (var name in new[] { "name", "generateName" })
            {
                if (metadata[name] is JsonValue text && text.GetValueKind() == JsonValueKind.String)
                {
                    exposed[name] = text.GetValue<string>();
                }
            }

            result["metadata"] = exposed;
        }
    }

    private static object? FromScalar(JsonValue value, SchemaNode node)
    {
        switch (value.GetValueKind())
        {
            case JsonValueKind.True:
                return true;
            case JsonValueKind.False:
                return false;
            case JsonValueKind.Number:
                return node.Type != JsonKinds.Number && JsonKinds.TryGetInteger(value, out var integer) ? (object)integer : JsonKinds.GetDouble(value);
            case JsonValueKind.String:
                var text = value.GetValue<string>();
                return node.Format?.Name switch
                {
                    "date-time" or "datetime" or "date" when DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var time) => time,
                    "duration" => Duration(text),
                    _ => text,
                };
            default:
                return null;
        }
    }

    private static object Duration(string text)
    {
        try
        {
            return Google.Protobuf.WellKnownTypes.Duration.FromTimeSpan(GoDuration.Parse(text, "duration"));
        }
        catch (FormatException)
        {
            return text;
        }
    }
}
