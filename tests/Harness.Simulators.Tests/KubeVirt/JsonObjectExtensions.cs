using System.Text.Json.Nodes;

namespace Harness.Simulators.Tests.KubeVirt;

internal static class JsonObjectExtensions
{
    /// <summary>Applies <paramref name="change"/> and returns the same object, for building manifests inline.</summary>
    public static JsonObject Also(this JsonObject obj, Action<JsonObject> change)
    {
        change(obj);
        return obj;
    }

    /// <summary>The string at <paramref name="path"/>, or null where the path ends early.</summary>
    public static string? Str(this JsonObject obj, params string[] path)
    {
        JsonNode? node = obj;
        foreach (var name in path)
        {
            node = (node as JsonObject)?[name];
        }

        return node is JsonValue value && value.TryGetValue<string>(out var text) ? text : null;
    }
}
