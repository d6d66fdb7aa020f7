using System.Text.Json.Nodes;
using Harness.EnvTest.Validation;

namespace Harness.EnvTest.Resources;

/// <summary>
/// kube 1.32's pod strategy on create (MatchLabelKeysInPodAffinity, beta and on): each pod (anti-)affinity term with a label
/// selector gets, for each of its <c>matchLabelKeys</c> / <c>mismatchLabelKeys</c> the pod has a label for, the expression
/// <c>key In [value]</c> / <c>key NotIn [value]</c> appended to the selector's <c>matchExpressions</c>.
/// </summary>
internal static class PodAffinityLabelKeys
{
    public static void Merge(JsonObject pod)
    {
        var labels = JsonFields.Object(JsonFields.Object(pod, "metadata"), "labels");
        var affinity = JsonFields.Object(JsonFields.Object(pod, "spec"), "affinity");
        foreach (var owner in new[] { "podAffinity", "podAntiAffinity" }.Select(kind => JsonFields.Object(affinity, kind)))
        {
            var preferred = JsonFields.Array(owner, "preferredDuringSchedulingIgnoredDuringExecution").Select(weighted => JsonFields.Object(weighted, "podAffinityTerm"));
            foreach (var term in preferred.Concat(JsonFields.Array(owner, "requiredDuringSchedulingIgnoredDuringExecution")).OfType<JsonObject>())
            {
                if (JsonFields.Object(term, "labelSelector") is not { } selector)
                {
                    continue;
                }

                Append(selector, JsonFields.Strings(term, "matchLabelKeys"), "In", labels);
                Append(selector, JsonFields.Strings(term, "mismatchLabelKeys"), "NotIn", labels);
            }
        }
    }

    private static void Append(JsonObject selector, IEnumerable<string> keys, string op, JsonObject? labels)
    {
        foreach (var key in keys.Where(key => labels?[key] is JsonValue).ToList())
        {
            if (selector["matchExpressions"] is not JsonArray expressions)
            {
                selector["matchExpressions"] = expressions = [];
            }

            expressions.Add(new JsonObject { ["key"] = key, ["operator"] = op, ["values"] = new JsonArray(labels![key]!.DeepClone()) });
        }
    }
}
