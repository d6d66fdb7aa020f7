using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using Harness.Reconciling;

namespace Harness.Simulators.KubeVirt.Objects;

/// <summary>Reads and writes the fields of Kubernetes objects held as <see cref="JsonObject"/>.</summary>
internal static class JsonAccess
{
    public static ObjectKey Key(this JsonObject obj) => new(obj.Namespace(), obj.Name());

    public static string Name(this JsonObject obj) => obj.Str("metadata", "name") ?? "";

    public static string Namespace(this JsonObject obj) => obj.Str("metadata", "namespace") ?? "";

    public static string Uid(this JsonObject obj) => obj.Str("metadata", "uid") ?? "";

    public static long Generation(this JsonObject obj) => obj.Node("metadata", "generation")?.GetValue<long>() ?? 0;

    public static bool IsDeleting(this JsonObject obj) => obj.Str("metadata", "deletionTimestamp") is not null;

    public static string? Annotation(this JsonObject obj, string key) => obj.Str("metadata", "annotations", key);

    public static JsonNode? Node(this JsonObject obj, params string[] path)
    {
        JsonNode? node = obj;
        foreach (var segment in path)
        {
            if (node is not JsonObject o || !o.TryGetPropertyValue(segment, out node))
            {
                return null;
            }
        }

        return node;
    }

    public static string? Str(this JsonObject obj, params string[] path)
        => obj.Node(path) is JsonValue v && v.GetValueKind() == JsonValueKind.String ? v.GetValue<string>() : null;

    public static bool? Bool(this JsonObject obj, params string[] path)
        => obj.Node(path) is JsonValue v && v.GetValueKind() is JsonValueKind.True or JsonValueKind.False ? v.GetValue<bool>() : null;

    public static JsonArray Array(this JsonObject obj, params string[] path) => obj.Node(path) as JsonArray ?? [];

    public static IEnumerable<JsonObject> Objects(this JsonObject obj, params string[] path) => obj.Array(path).OfType<JsonObject>();

    public static JsonObject Obj(this JsonObject obj, params string[] path) => obj.Node(path) as JsonObject ?? [];

    /// <summary>Returns the object at <paramref name="path"/>, creating the missing levels.</summary>
    public static JsonObject Ensure(this JsonObject obj, params string[] path)
    {
        var current = obj;
        foreach (var segment in path)
        {
            if (current[segment] is not JsonObject next)
            {
                next = [];
                current[segment] = next;
            }

            current = next;
        }

        return current;
    }

    /// <summary>Finds the condition of <paramref name="type"/> in <c>status.conditions</c>.</summary>
    public static JsonObject? Condition(this JsonObject obj, string type)
        => obj.Objects("status", "conditions").FirstOrDefault(c => c.Str("type") == type);

    public static JsonObject Clone(this JsonObject obj) => (JsonObject)obj.DeepClone();

    public static string Timestamp(DateTimeOffset time)
        => time.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);

    public static JsonObject Parse(JsonElement element) => JsonNode.Parse(element.GetRawText()) as JsonObject
        ?? throw new InvalidOperationException("expected a JSON object");
}
