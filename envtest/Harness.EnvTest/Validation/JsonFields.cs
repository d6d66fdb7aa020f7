using System.Text.Json.Nodes;
using Harness.EnvTest.Schema;

namespace Harness.EnvTest.Validation;

/// <summary>Typed reads of a decoded object's fields for the validators (absent or of another JSON type: null).</summary>
internal static class JsonFields
{
    private static readonly JsonNode?[] Empty = [];

    public static JsonObject? Object(JsonNode? node, string name) => (node as JsonObject)?[name] as JsonObject;

    public static IList<JsonNode?> Array(JsonNode? node, string name) => (node as JsonObject)?[name] is JsonArray array ? array : Empty;

    public static string? String(JsonNode? node, string name)
        => (node as JsonObject)?[name] is JsonValue value && value.TryGetValue<string>(out var text) ? text : null;

    public static long? Integer(JsonNode? node, string name)
        => (node as JsonObject)?[name] is JsonValue value && JsonKinds.TryGetInteger(value, out var number) ? number : null;

    public static IEnumerable<string> Strings(JsonNode? node, string name)
        => Array(node, name).Select(item => item is JsonValue value && value.TryGetValue<string>(out var text) ? text : string.Empty);
}
