using System.Text.Json.Nodes;

namespace Harness.EnvTest.Validation;

/// <summary>
/// The tail of kube's "spec is immutable" refusals: kube appends a go-cmp diff of the Go structs (whose layout go-cmp itself
/// varies from process to process); the harness names the changed top-level fields instead, in byte order.
/// </summary>
internal static class ChangedFields
{
    public static string Describe(JsonObject spec, JsonObject oldSpec)
    {
        var changed = spec.Select(p => p.Key).Union(oldSpec.Select(p => p.Key))
            .Where(key => !JsonNode.DeepEquals(spec[key], oldSpec[key])).Order(StringComparer.Ordinal);
        return $"\n  changed: {string.Join(", ", changed)}\n";
    }
}
