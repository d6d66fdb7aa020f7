using System.Text.Json.Nodes;

namespace Harness.EnvTest.Validation;

/// <summary>
/// Decoded JSON in the form where <see cref="JsonNode.DeepEquals"/> agrees with apimachinery's <c>apiequality.Semantic.DeepEqual</c>
/// of the Go structs: a null member, an empty list and an empty map are all unset (Semantic equates nil and empty slices and maps).
/// An empty object for a pointer to a struct is unset here too, where Go tells it from nil.
/// </summary>
internal static class SemanticJson
{
    /// <summary>A copy of <paramref name="node"/> without unset members; null when the node itself is unset.</summary>
    public static JsonNode? Canonical(JsonNode? node)
    {
        switch (node)
        {
            case JsonObject obj:
                var copy = new JsonObject();
                foreach (var (key, value) in obj)
                {
                    if (Canonical(value) is { } member)
                    {
                        copy[key] = member;
                    }
                }

                return copy.Count == 0 ? null : copy;
            case JsonArray { Count: 0 }:
                return null;
            case JsonArray array:
                return new JsonArray([.. array.Select(item => Canonical(item) ?? (item is JsonObject ? new JsonObject() : null))]);
            default:
                return node?.DeepClone();
        }
    }
}
