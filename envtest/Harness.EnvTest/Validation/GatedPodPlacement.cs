using System.Text.Json.Nodes;
using Harness.EnvTest.Errors;
using Harness.EnvTest.Storage;

namespace Harness.EnvTest.Validation;

/// <summary>
/// The placement kube lets an update change while a pod still has scheduling gates (<c>ValidatePodUpdate</c>'s gated branch):
/// <c>nodeSelector</c> entries may be added, and required node affinity terms may gain requirements (preferred terms, or
/// required ones where there were none, may change freely). Refusals print the new value as Go's <c>%#v</c> of kube's internal
/// types. Each checked field is then set back to the old one, so the spec comparison after it sees no change there.
/// </summary>
internal static class GatedPodPlacement
{
    private const string TermsField = "spec.affinity.nodeAffinity.requiredDuringSchedulingIgnoredDuringExecution.nodeSelectorTerms";

    public static void Validate(JsonObject spec, JsonObject oldSpec, List<FieldError> errors)
    {
        var selector = JsonFields.Object(spec, "nodeSelector");
        if (!JsonNode.DeepEquals(selector, oldSpec["nodeSelector"]))
        {
            if ((JsonFields.Object(oldSpec, "nodeSelector") ?? []).Any(entry => !JsonNode.DeepEquals(selector?[entry.Key], entry.Value)))
            {
                errors.Add(FieldErrorFactory.InvalidRaw(
                    "spec.nodeSelector", StringMap(selector), "only additions to spec.nodeSelector are allowed (no mutations or deletions)"));
            }

            ObjectJson.SetOrRemove(spec, "nodeSelector", oldSpec["nodeSelector"]);
        }

        var oldAffinity = JsonFields.Object(oldSpec, "affinity");
        var oldNodeAffinity = JsonFields.Object(oldAffinity, "nodeAffinity");
        var affinity = JsonFields.Object(spec, "affinity");
        if (JsonNode.DeepEquals(JsonFields.Object(affinity, "nodeAffinity"), oldNodeAffinity))
        {
            return;
        }

        ValidateRequiredTerms(RequiredTerms(affinity), RequiredTerms(oldAffinity), errors);
        if (affinity is null)
        {
            if (oldNodeAffinity is not null)
            {
                spec["affinity"] = new JsonObject { ["nodeAffinity"] = oldNodeAffinity.DeepClone() };
            }
        }
        else if (oldAffinity is null && affinity["podAffinity"] is null && affinity["podAntiAffinity"] is null)
        {
            spec.Remove("affinity");
        }
        else
        {
            ObjectJson.SetOrRemove(affinity, "nodeAffinity", oldAffinity?["nodeAffinity"]);
        }
    }

    private static JsonArray? RequiredTerms(JsonObject? affinity) =>
        JsonFields.Object(JsonFields.Object(affinity, "nodeAffinity"), "requiredDuringSchedulingIgnoredDuringExecution")?["nodeSelectorTerms"] as JsonArray;

    /// <summary><c>validateNodeAffinityMutation</c>: as many terms as before, each keeping its requirements in order.</summary>
    private static void ValidateRequiredTerms(JsonArray? terms, JsonArray? oldTerms, List<FieldError> errors)
    {
        if (oldTerms is null)
        {
            return;
        }

        if (oldTerms.Count != (terms?.Count ?? 0))
        {
            errors.Add(FieldErrorFactory.InvalidRaw(TermsField, Terms(terms), "no additions/deletions to non-empty NodeSelectorTerms list are allowed"));
            return;
        }

        for (var i = 0; i < oldTerms.Count; i++)
        {
            if (!OnlyAdds(terms![i], oldTerms[i], "matchExpressions") || !OnlyAdds(terms[i], oldTerms[i], "matchFields"))
            {
                errors.Add(FieldErrorFactory.InvalidRaw($"{TermsField}[{i}]", Term(terms[i]), "only additions are allowed (no mutations or deletions)"));
            }
        }
    }

    private static bool OnlyAdds(JsonNode? term, JsonNode? oldTerm, string list)
    {
        var requirements = JsonFields.Array(term, list);
        var oldRequirements = JsonFields.Array(oldTerm, list);
        return oldRequirements.Count <= requirements.Count && oldRequirements.Select((old, i) => JsonNode.DeepEquals(old, requirements[i])).All(same => same);
    }

    private static string StringMap(JsonObject? map) => map is null
        ? "map[string]string(nil)"
        : "map[string]string{" + string.Join(", ", map.OrderBy(p => p.Key, StringComparer.Ordinal).Select(p => Quote(p.Key) + ":" + Quote(p.Value?.GetValue<string>()))) + "}";

    private static string Terms(JsonArray? terms) => terms is null ? "[]core.NodeSelectorTerm(nil)" : "[]core.NodeSelectorTerm{" + string.Join(", ", terms.Select(Term)) + "}";

    private static string Term(JsonNode? term) =>
        $"core.NodeSelectorTerm{{MatchExpressions:{Requirements(term, "matchExpressions")}, MatchFields:{Requirements(term, "matchFields")}}}";

    private static string Requirements(JsonNode? term, string list) => term?[list] is JsonArray requirements
        ? "[]core.NodeSelectorRequirement{" + string.Join(", ", requirements.Select(Requirement)) + "}"
        : "[]core.NodeSelectorRequirement(nil)";

    private static string Requirement(JsonNode? requirement)
    {
        var values = requirement?["values"] is JsonArray list ? "[]string{" + string.Join(", ", list.Select(v => Quote(v?.GetValue<string>()))) + "}" : "[]string(nil)";
        return $"core.NodeSelectorRequirement{{Key:{Quote(JsonFields.String(requirement, "key"))}, Operator:{Quote(JsonFields.String(requirement, "operator"))}, Values:{values}}}";
    }

    private static string Quote(string? text) => FieldErrorFactory.Quote(text ?? string.Empty);
}
