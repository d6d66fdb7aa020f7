using System.Text.Json.Nodes;
using Harness.EnvTest.Errors;
using Harness.EnvTest.Resources;

namespace Harness.EnvTest.Validation;

/// <summary>
/// kube's <c>validatePodAffinity</c> and <c>validatePodAntiAffinity</c> (1.32), for each term: the namespaces (DNS-1123
/// labels, reported on the term's <c>namespace</c>), a <c>topologyKey</c> that is set and a label name; preferred terms
/// weighted 1-100. The terms' label and namespace selectors and match label keys are not validated yet.
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
        foreach (var name in JsonFields.Strings(term, "namespaces"))
        {
            NameValidation.Label(path + ".namespace", name, errors);
        }

        var topologyKey = JsonFields.String(term, "topologyKey") ?? string.Empty;
        if (topologyKey.Length == 0)
        {
            errors.Add(FieldErrorFactory.Required(path + ".topologyKey", "can not be empty"));
        }

        errors.AddRange(QualifiedName.Errors(topologyKey).Select(message => FieldErrorFactory.Invalid(path + ".topologyKey", topologyKey, message)));
    }
}
