using System.Text.Json.Nodes;
using Harness.EnvTest.Errors;
using Harness.EnvTest.Storage;
using Harness.EnvTest.Validation;

namespace Harness.EnvTest.Resources;

/// <summary>A CRD's names: plural, singular, kind, list kind, short names, categories.</summary>
internal static partial class CrdValidation
{
    private const string MixedCase = "may have mixed case, but should otherwise match: ";

    private static void ValidateNames(JsonObject? names, List<FieldError> errors)
    {
        string Read(string name) => ObjectJson.String(names, name) ?? string.Empty;
        foreach (var name in new[] { "plural", "singular", "kind", "listKind" })
        {
            if (Read(name).Length == 0)
            {
                errors.Add(FieldErrorFactory.Required("spec.names." + name));
            }
        }

        foreach (var name in new[] { "plural", "singular" })
        {
            if (Read(name) is { Length: > 0 } value && NameValidation.Dns1035Errors(value) is { } problems)
            {
                errors.Add(FieldErrorFactory.Invalid("spec.names." + name, value, problems));
            }
        }

        foreach (var name in new[] { "kind", "listKind" })
        {
            if (Read(name) is { Length: > 0 } value && NameValidation.Dns1035Errors(value.ToLowerInvariant()) is { } problems)
            {
                errors.Add(FieldErrorFactory.Invalid("spec.names." + name, value, MixedCase + problems));
            }
        }

        EachLabel(names, "shortNames", errors);
        if (Read("kind").Length > 0 && Read("kind") == Read("listKind"))
        {
            errors.Add(FieldErrorFactory.Invalid("spec.names.listKind", Read("listKind"), "kind and listKind may not be the same"));
        }

        EachLabel(names, "categories", errors);
    }

    private static void EachLabel(JsonObject? names, string list, List<FieldError> errors)
    {
        var values = JsonFields.Strings(names, list).ToList();
        for (var i = 0; i < values.Count; i++)
        {
            if (NameValidation.Dns1035Errors(values[i]) is { } problems)
            {
                errors.Add(FieldErrorFactory.Invalid($"spec.names.{list}[{i}]", values[i], problems));
            }
        }
    }
}
