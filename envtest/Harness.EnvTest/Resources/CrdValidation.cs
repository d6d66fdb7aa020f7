using System.Text.Json.Nodes;
using Harness.EnvTest.Errors;
using Harness.EnvTest.Schema;
using Harness.EnvTest.Storage;
using Harness.EnvTest.Validation;

namespace Harness.EnvTest.Resources;

/// <summary>
/// apiextensions-apiserver's validation of a CustomResourceDefinition (<c>pkg/apis/apiextensions/validation</c>), in its
/// order and with its field paths. kube validates the internal form, into which v1 hoists a schema, subresources, printer
/// columns or selectable fields that every version shares: those are reported under <c>spec.validation</c>,
/// <c>spec.subresources</c>, <c>spec.additionalPrinterColumns</c> and <c>spec.selectableFields</c>.
/// </summary>
internal static partial class CrdValidation
{
    public static void Validate(JsonObject crd, JsonObject? old, List<FieldError> errors)
    {
        var name = ObjectJson.String(ObjectJson.Metadata(crd), "name") ?? string.Empty;
        if (crd["spec"] is not JsonObject spec)
        {
            errors.Add(FieldErrorFactory.Required("spec"));
            return;
        }

        var group = ObjectJson.String(spec, "group") ?? string.Empty;
        var names = JsonFields.Object(spec, "names");
        var plural = ObjectJson.String(names, "plural") ?? string.Empty;
        if (old is null && name != plural + "." + group)
        {
            errors.Add(FieldErrorFactory.Invalid("metadata.name", name, "must be spec.names.plural+\".\"+spec.group"));
        }

        ValidateSpec(spec, errors);
        if (old?["spec"] is JsonObject oldSpec)
        {
            ValidateSpecUpdate(spec, oldSpec, errors);
        }

        ValidateStoredVersions(crd, spec, errors);
        CrdApiApproval.Validate(group, crd, old, errors);
        if (Flag(spec, "preserveUnknownFields") && !Flag(old?["spec"], "preserveUnknownFields"))
        {
            errors.Add(FieldErrorFactory.InvalidRaw("spec.preserveUnknownFields", "true", "cannot set to true, set x-kubernetes-preserve-unknown-fields to true in spec.versions[*].schema instead"));
        }
    }

    private static void ValidateSpec(JsonObject spec, List<FieldError> errors)
    {
        var group = ObjectJson.String(spec, "group") ?? string.Empty;
        if (group.Length == 0)
        {
            errors.Add(FieldErrorFactory.Required("spec.group"));
        }
        else if (NameValidation.SubdomainErrors(group).ToList() is { Count: > 0 } problems)
        {
            errors.Add(FieldErrorFactory.Invalid("spec.group", group, string.Join(',', problems)));
        }
        else if (!group.Contains('.', StringComparison.Ordinal))
        {
            errors.Add(FieldErrorFactory.Invalid("spec.group", group, "should be a domain with at least one dot"));
        }

        var scope = ObjectJson.String(spec, "scope") ?? string.Empty;
        if (scope is not ("Namespaced" or "Cluster"))
        {
            errors.Add(scope.Length == 0 ? FieldErrorFactory.Required("spec.scope") : FieldErrorFactory.NotSupported("spec.scope", scope, ["Cluster", "Namespaced"]));
        }

        var versions = JsonFields.Array(spec, "versions").Select(v => v as JsonObject ?? []).ToList();
        var hoisted = new HoistedFields(versions);
        if (!hoisted.Schema)
        {
            for (var i = 0; i < versions.Count; i++)
            {
                if (versions[i]["schema"]?["openAPIV3Schema"] is not JsonObject)
                {
                    errors.Add(FieldErrorFactory.Required($"spec.versions[{i}].schema.openAPIV3Schema", "schemas are required"));
                }
            }
        }

        if (Flag(spec, "preserveUnknownFields") && versions.Any(v => v["schema"]?["openAPIV3Schema"] is JsonObject schema && HasDefaults(schema)))
        {
            errors.Add(FieldErrorFactory.InvalidRaw("spec.preserveUnknownFields", "true", "must be false in order to use defaults in the schema"));
        }

        for (var i = 0; i < versions.Count; i++)
        {
            var path = $"spec.versions[{i}]";
            var versionName = ObjectJson.String(versions[i], "name") ?? string.Empty;
            if (NameValidation.Dns1035Errors(versionName) is { } problems)
            {
                errors.Add(FieldErrorFactory.Invalid(path + ".name", versionName, problems));
            }

            ValidateVersion(versions[i], path, hoisted, errors);
        }

        var versionNames = versions.Select(v => ObjectJson.String(v, "name") ?? string.Empty).ToList();
        if (versionNames.Distinct(StringComparer.Ordinal).Count() != versionNames.Count)
        {
            errors.Add(FieldErrorFactory.InvalidRaw("spec.versions", VersionsDump(versions, hoisted), "must contain unique version names"));
        }

        if (versions.Count(v => Flag(v, "storage")) != 1)
        {
            errors.Add(FieldErrorFactory.InvalidRaw("spec.versions", VersionsDump(versions, hoisted), "must have exactly one version marked as storage version"));
        }

        if (versionNames.FirstOrDefault() is { Length: > 0 } first && NameValidation.Dns1035Errors(first) is { } firstProblems)
        {
            errors.Add(FieldErrorFactory.Invalid("spec.version", first, firstProblems));
        }

        ValidateNames(JsonFields.Object(spec, "names"), errors);
        ValidateShared(versions, hoisted, errors);
        ValidateConversion(spec, errors);
    }

    private static void ValidateStoredVersions(JsonObject crd, JsonObject spec, List<FieldError> errors)
    {
        var stored = JsonFields.Strings(JsonFields.Object(crd, "status"), "storedVersions").ToList();
        if (stored.Count == 0)
        {
            errors.Add(FieldErrorFactory.InvalidRaw("status.storedVersions", "[]string(nil)", "must have at least one stored version"));
            return;
        }

        var rendered = $"[]string{{{string.Join(", ", stored.Select(GoValueFormat.Quote))}}}";
        var unlisted = stored.ToHashSet(StringComparer.Ordinal);
        foreach (var version in JsonFields.Array(spec, "versions").OfType<JsonObject>())
        {
            var name = ObjectJson.String(version, "name") ?? string.Empty;
            if (Flag(version, "storage") && !stored.Contains(name))
            {
                errors.Add(FieldErrorFactory.InvalidRaw("status.storedVersions", rendered, "must have the storage version " + name));
            }

            unlisted.Remove(name);
        }

        foreach (var missing in stored.Where(unlisted.Contains).Distinct(StringComparer.Ordinal))
        {
            errors.Add(FieldErrorFactory.Invalid($"status.storedVersions[{stored.LastIndexOf(missing)}]", missing,
                $"missing from spec.versions; {missing} was previously a storage version, and must remain in spec.versions until a storage migration ensures no data remains persisted in {missing} and removes {missing} from status.storedVersions"));
        }
    }

    private static void ValidateSpecUpdate(JsonObject spec, JsonObject oldSpec, List<FieldError> errors)
    {
        // kube lets scope and kind change only before the CRD is established, which the embedded server does at once.
        Immutable(spec, oldSpec, "spec.scope", s => ObjectJson.String(s, "scope"), errors);
        Immutable(spec, oldSpec, "spec.names.kind", s => ObjectJson.String(JsonFields.Object(s, "names"), "kind"), errors);
        Immutable(spec, oldSpec, "spec.group", s => ObjectJson.String(s, "group"), errors);
        Immutable(spec, oldSpec, "spec.names.plural", s => ObjectJson.String(JsonFields.Object(s, "names"), "plural"), errors);
    }

    private static void Immutable(JsonObject spec, JsonObject oldSpec, string field, Func<JsonObject, string?> read, List<FieldError> errors)
    {
        var value = read(spec) ?? string.Empty;
        if (value != (read(oldSpec) ?? string.Empty))
        {
            errors.Add(FieldErrorFactory.Invalid(field, value, "field is immutable"));
        }
    }

    private static bool Flag(JsonNode? node, string name) => (node as JsonObject)?[name] is JsonValue value && value.TryGetValue<bool>(out var flag) && flag;

    private static bool HasDefaults(JsonNode? schema) => schema switch
    {
        JsonObject obj => obj.ContainsKey("default") || obj.Any(p => p.Key != "enum" && p.Key != "example" && HasDefaults(p.Value)),
        JsonArray array => array.Any(HasDefaults),
        _ => false,
    };
}
