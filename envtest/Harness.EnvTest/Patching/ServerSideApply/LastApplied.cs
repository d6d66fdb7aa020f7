using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Harness.EnvTest.Patching.TypeRules;

namespace Harness.EnvTest.Patching.ServerSideApply;

/// <summary>
/// The <c>kubectl.kubernetes.io/last-applied-configuration</c> annotation of client-side apply, as
/// kube-apiserver bridges it to server-side apply for the manager <c>kubectl</c>.
/// </summary>
internal static class LastApplied
{
    private const string Annotation = "kubectl.kubernetes.io/last-applied-configuration";

    /// <summary>
    /// The fields the annotation on <paramref name="live"/> claims and the live object still matches
    /// (conflicts on them do not stop <c>kubectl</c>), or null when there is no usable annotation.
    /// </summary>
    public static FieldSet? OwnedFields(JsonObject? live, PatchContext context, TypeRuleSet rules)
    {
        if (((live?["metadata"] as JsonObject)?["annotations"] as JsonObject)?[Annotation] is not JsonValue value || !value.TryGetValue<string>(out var text) || text.Length == 0)
        {
            return null;
        }

        JsonObject? lastApplied;
        try
        {
            lastApplied = JsonNode.Parse(text) as JsonObject;
        }
        catch (JsonException)
        {
            return null;
        }

        if (lastApplied is null || (lastApplied["apiVersion"] as JsonValue)?.ToString() != context.ApiVersion)
        {
            return null;
        }

        var comparison = ObjectFieldSets.Compare(lastApplied, live, rules);
        return ObjectFieldSets.Of(lastApplied, rules).Difference(comparison.Modified).Difference(comparison.Added).Difference(comparison.Removed);
    }

    /// <summary>Rewrites the annotation, when <paramref name="result"/> has one, to <paramref name="config"/> as kubectl would have written it.</summary>
    public static void Sync(JsonObject result, JsonObject config)
    {
        if ((result["metadata"] as JsonObject)?["annotations"] is not JsonObject annotations
            || annotations[Annotation] is not JsonValue value || !value.TryGetValue<string>(out var text) || text.Length == 0)
        {
            return;
        }

        var copy = (JsonObject)config.DeepClone();
        ((copy["metadata"] as JsonObject)?["annotations"] as JsonObject)?.Remove(Annotation);
        var json = new StringBuilder();
        WriteSorted(copy, json);
        annotations[Annotation] = json.Append('\n').ToString();
    }

    /// <summary>JSON with object keys in ordinal order, as Go encodes a map.</summary>
    private static void WriteSorted(JsonNode? node, StringBuilder json)
    {
        switch (node)
        {
            case JsonObject obj:
                json.Append('{');
                var first = true;
                foreach (var (key, child) in obj.OrderBy(p => p.Key, StringComparer.Ordinal))
                {
                    json.Append(first ? string.Empty : ",").Append(JsonValue.Create(key).ToJsonString()).Append(':');
                    WriteSorted(child, json);
                    first = false;
                }

                json.Append('}');
                break;
            case JsonArray array:
                json.Append('[');
                for (var i = 0; i < array.Count; i++)
                {
                    json.Append(i == 0 ? string.Empty : ",");
                    WriteSorted(array[i], json);
                }

                json.Append(']');
                break;
            default:
                json.Append(node?.ToJsonString() ?? "null");
                break;
        }
    }
}
