using Harness.EnvTest.Resources;

namespace Harness.EnvTest.Admission;

/// <summary>Matches a request against admission rules as kube's webhook rule matcher does.</summary>
internal static class RuleMatcher
{
    public static bool Matches(IReadOnlyList<AdmissionRule> rules, string operation, ResourceDefinition def, string? subresource) =>
        rules.Any(rule => Matches(rule, operation, def, subresource));

    private static bool Matches(AdmissionRule rule, string operation, ResourceDefinition def, string? subresource)
    {
        if (!rule.Operations.Any(o => o == "*" || o == operation)
            || !rule.ApiGroups.Any(g => g == "*" || g == def.Group)
            || !rule.ApiVersions.Any(v => v == "*" || v == def.Version))
        {
            return false;
        }

        var scopeMatches = rule.Scope switch
        {
            "Cluster" => !def.Namespaced,
            "Namespaced" => def.Namespaced,
            _ => true,
        };
        if (!scopeMatches)
        {
            return false;
        }

        foreach (var resource in rule.Resources)
        {
            var slash = resource.IndexOf('/', StringComparison.Ordinal);
            var main = slash < 0 ? resource : resource[..slash];
            var sub = slash < 0 ? null : resource[(slash + 1)..];
            if (main != "*" && main != def.Plural)
            {
                continue;
            }

            if ((sub is null && subresource is null) || sub == "*" || (sub is not null && sub == subresource))
            {
                return true;
            }
        }

        return false;
    }
}
