using System.Text.Json.Nodes;
using Harness.EnvTest.Errors;
using Harness.EnvTest.Resources;

namespace Harness.EnvTest.Validation;

/// <summary>
/// kube's <c>validatePodAffinity</c> and <c>validatePodAntiAffinity</c> (1.32), for each term: its label and namespace selectors,
/// the namespaces (DNS-1123 labels, reported on the term's <c>namespace</c>), <c>matchLabelKeys</c>/<c>mismatchLabelKeys</c>
/// (label names, only beside a label selector, no key in both, no match key the selector names twice once
/// <see cref="PodAffinityLabelKeys"/> merged them in), a <c>topologyKey</c> that is set and a label name; preferred terms
/// weighted 1-100.
/// </summary>
internal static class PodAffinityValidation
{
    public static void Validate(JsonObject? spec, List<FieldError> errors)
    {
        var affinity = JsonFields.Object(spec, "affinity");
        foreach (var kind in (string[])["podAffinity", "podAntiAffinity"])
        {
            var path = $"spec.affinity.{kind}";
            var owner = JsonFields.Object(affinity, kind);
            var required = JsonFields.Array(owner, "requiredDuringSchedulingIgnoredDuringExecution");
            for (var i = 0; i < required.Count; i++)
            {
                ValidateTerm(required[i], $"{path}.requiredDuringSchedulingIgnoredDuringExecution[{i}]", errors);
            }

            var preferred = JsonFields.Array(owner, "preferredDuringSchedulingIgnoredDuringExecution");
            for (var i = 0; i < preferred.Count; i++)
            {
                var weighted = $"{path}.preferredDuringSchedulingIgnoredDuringExecution[{i}]";
                NodeAffinityValidation.ValidateWeight(preferred[i], weighted, errors);
                ValidateTerm(JsonFields.Object(preferred[i], "podAffinityTerm"), weighted + ".podAffinityTerm", errors);
            }
        }
    }

    private static void ValidateTerm(JsonNode? term, string path, List<FieldError> errors)
    {
        var selector = JsonFields.Object(term, "labelSelector");
        LabelSelectorValidation.Validate(selector, path + ".labelSelector", errors);
        LabelSelectorValidation.Validate(JsonFields.Object(term, "namespaceSelector"), path + ".namespaceSelector", errors);
        foreach (var name in JsonFields.Strings(term, "namespaces"))
        {
            NameValidation.Label(path + ".namespace", name, errors);
        }

        ValidateLabelKeys(term, selector, path, errors);
        var topologyKey = JsonFields.String(term, "topologyKey") ?? string.Empty;
        if (topologyKey.Length == 0)
        {
            errors.Add(FieldErrorFactory.Required(path + ".topologyKey", "can not be empty"));
        }

        errors.AddRange(QualifiedName.Errors(topologyKey).Select(message => FieldErrorFactory.Invalid(path + ".topologyKey", topologyKey, message)));
    }

    /// <summary>
    /// <c>validateMatchLabelKeysAndMismatchLabelKeys</c>; a match key the selector names in <c>matchLabels</c> or an earlier
    /// expression is reported at the term's path indexed by the key's (last) index, as kube does.
    /// </summary>
    private static void ValidateLabelKeys(JsonNode? term, JsonObject? selector, string path, List<FieldError> errors)
    {
        var matchKeys = JsonFields.Strings(term, "matchLabelKeys").ToList();
        var mismatchKeys = JsonFields.Strings(term, "mismatchLabelKeys").ToList();
        foreach (var (field, keys) in new[] { ("matchLabelKeys", matchKeys), ("mismatchLabelKeys", mismatchKeys) }.Where(list => list.Item2.Count > 0))
        {
            if (selector is null)
            {
                errors.Add(FieldErrorFactory.Forbidden($"{path}.{field}", "must not be specified when labelSelector is not set"));
                continue;
            }

            for (var i = 0; i < keys.Count; i++)
            {
                var key = keys[i];
                errors.AddRange(QualifiedName.Errors(key).Select(message => FieldErrorFactory.Invalid($"{path}.{field}[{i}]", key, message)));
            }
        }

        if (selector is not null)
        {
            var selected = (JsonFields.Object(selector, "matchLabels") ?? []).Select(label => label.Key).ToHashSet(StringComparer.Ordinal);
            foreach (var key in JsonFields.Array(selector, "matchExpressions").Select(expression => JsonFields.String(expression, "key") ?? string.Empty))
            {
                if (matchKeys.LastIndexOf(key) is var i and >= 0 && selected.Contains(key))
                {
                    errors.Add(FieldErrorFactory.Invalid($"{path}[{i}]", key, "exists in both matchLabelKeys and labelSelector"));
                }

                selected.Add(key);
            }
        }

        for (var i = 0; i < matchKeys.Count; i++)
        {
            if (mismatchKeys.Contains(matchKeys[i]))
            {
                errors.Add(FieldErrorFactory.Invalid($"{path}.matchLabelKeys[{i}]", matchKeys[i], "exists in both matchLabelKeys and mismatchLabelKeys"));
            }
        }
    }
}
