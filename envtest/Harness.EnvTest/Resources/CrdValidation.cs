using System.Text.Json.Nodes;
using Harness.EnvTest.Errors;
using Harness.EnvTest.Schema;
using Harness.EnvTest.Storage;

namespace Harness.EnvTest.Resources;

/// <summary>The CustomResourceDefinition rules apiextensions-apiserver enforces that the server relies on.</summary>
internal static class CrdValidation
{
    public static void Validate(JsonObject crd, JsonObject? old, List<FieldError> errors)
    {
        var name = ObjectJson.String(ObjectJson.Metadata(crd), "name") ?? string.Empty;
        var spec = crd["spec"] as JsonObject;
        if (spec is null)
        {
            errors.Add(FieldErrorFactory.Required("spec"));
            return;
        }

        var group = ObjectJson.String(spec, "group") ?? string.Empty;
        var names = spec["names"] as JsonObject;
        var plural = ObjectJson.String(names, "plural") ?? string.Empty;
        var kind = ObjectJson.String(names, "kind") ?? string.Empty;
        if (group.Length == 0)
        {
            errors.Add(FieldErrorFactory.Required("spec.group"));
        }
        else if (!group.Contains('.', StringComparison.Ordinal))
        {
            errors.Add(FieldErrorFactory.Invalid("spec.group", group, "should be a domain with at least one dot"));
        }

        if (plural.Length == 0)
        {
            errors.Add(FieldErrorFactory.Required("spec.names.plural"));
        }
        else if (!NameValidation.IsLabel(plural))
        {
            errors.Add(FieldErrorFactory.Invalid("spec.names.plural", plural, "a lowercase RFC 1123 label must consist of lower case alphanumeric characters or '-', and must start and end with an alphanumeric character (e.g. 'my-name',  or '123-abc', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?')"));
        }

        if (kind.Length == 0)
        {
            errors.Add(FieldErrorFactory.Required("spec.names.kind"));
        }

        if (plural.Length > 0 && group.Length > 0 && name != plural + "." + group)
        {
            errors.Add(FieldErrorFactory.Invalid("metadata.name", name, "must be spec.names.plural+\".\"+spec.group"));
        }

        var scope = ObjectJson.String(spec, "scope") ?? string.Empty;
        if (scope is not ("Namespaced" or "Cluster"))
        {
            errors.Add(scope.Length == 0 ? FieldErrorFactory.Required("spec.scope") : FieldErrorFactory.NotSupported("spec.scope", scope, ["Cluster", "Namespaced"]));
        }

        var versions = spec["versions"] as JsonArray ?? [];
        if (versions.Count == 0)
        {
            errors.Add(FieldErrorFactory.Invalid("spec.versions", "null", "must have exactly one version marked as storage version"));
        }
        else if (versions.Count(v => v?["storage"] is JsonValue s && s.TryGetValue<bool>(out var b) && b) != 1)
        {
            errors.Add(FieldErrorFactory.InvalidRaw("spec.versions", "[]apiextensions.CustomResourceDefinitionVersion{...}", "must have exactly one version marked as storage version"));
        }

        var seen = new HashSet<string>(StringComparer.Ordinal);
        var shared = versions.Count > 0 && versions.All(v => v?["schema"] is JsonObject && JsonNode.DeepEquals(v["schema"], versions[0]!["schema"]));
        for (var i = 0; i < versions.Count; i++)
        {
            var version = versions[i] as JsonObject;
            var versionName = ObjectJson.String(version, "name") ?? string.Empty;
            if (!NameValidation.IsLabel(versionName))
            {
                errors.Add(FieldErrorFactory.Invalid($"spec.versions[{i}].name", versionName, "a DNS-1035 label must consist of lower case alphanumeric characters or '-', start with an alphabetic character, and end with an alphanumeric character (e.g. 'my-name',  or 'abc-123', regex used for validation is '[a-z]([-a-z0-9]*[a-z0-9])?')"));
            }
            else if (!seen.Add(versionName))
            {
                errors.Add(FieldErrorFactory.Duplicate($"spec.versions[{i}].name", versionName));
            }

            if (version?["schema"]?["openAPIV3Schema"] is not JsonObject schema)
            {
                errors.Add(FieldErrorFactory.Required($"spec.versions[{i}].schema.openAPIV3Schema", "schemas are required"));
            }
            else if (!shared || i == 0)
            {
                // kube hoists a schema every version shares to spec.validation and reports it there.
                StructuralSchema.Parse(schema, shared ? "spec.validation.openAPIV3Schema" : $"spec.versions[{i}].schema.openAPIV3Schema", out var schemaErrors);
                errors.AddRange(schemaErrors);
            }
        }

        if (old?["spec"] is JsonObject oldSpec)
        {
            if (ObjectJson.String(oldSpec, "group") is { } oldGroup && oldGroup != group)
            {
                errors.Add(FieldErrorFactory.Invalid("spec.group", group, "field is immutable"));
            }

            if (ObjectJson.String(oldSpec, "scope") is { } oldScope && oldScope != scope)
            {
                errors.Add(FieldErrorFactory.Invalid("spec.scope", scope, "field is immutable"));
            }
        }

        CrdApiApproval.Validate(group, crd, old, errors);
    }
}
