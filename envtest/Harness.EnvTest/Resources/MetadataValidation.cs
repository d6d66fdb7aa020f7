using System.Text.Json.Nodes;
using Harness.EnvTest.Errors;
using Harness.EnvTest.Selectors;
using Harness.EnvTest.Storage;

namespace Harness.EnvTest.Resources;

/// <summary>ObjectMeta rules shared by every type: labels, finalizers on deleting objects, owner references.</summary>
internal static class MetadataValidation
{
    public static void Validate(JsonObject metadata, JsonObject? old, List<FieldError> errors)
    {
        if (metadata["labels"] is JsonObject labels)
        {
            foreach (var (key, value) in labels)
            {
                var text = value is JsonValue v && v.TryGetValue<string>(out var s) ? s : null;
                try
                {
                    LabelSelector.ValidateKey(key);
                }
                catch (SelectorException)
                {
                    errors.Add(FieldErrorFactory.Invalid("metadata.labels", key, "name part must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyName',  or 'my.name',  or '123-abc', regex used for validation is '([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]')"));
                    continue;
                }

                try
                {
                    LabelSelector.ValidateValue(key, text ?? string.Empty);
                }
                catch (SelectorException)
                {
                    errors.Add(FieldErrorFactory.Invalid("metadata.labels", text ?? string.Empty, "a valid label must be an empty string or consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyValue',  or 'my_value',  or '12345', regex used for validation is '(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?')"));
                }
            }
        }

        if (metadata["ownerReferences"] is JsonArray owners)
        {
            for (var i = 0; i < owners.Count; i++)
            {
                var owner = owners[i] as JsonObject;
                foreach (var field in (string[])["apiVersion", "kind", "name"])
                {
                    if (string.IsNullOrEmpty(ObjectJson.String(owner, field)))
                    {
                        errors.Add(FieldErrorFactory.Invalid($"metadata.ownerReferences.{field}", string.Empty, $"{field} must not be empty"));
                    }
                }

                if (string.IsNullOrEmpty(ObjectJson.String(owner, "uid")))
                {
                    errors.Add(FieldErrorFactory.Invalid("metadata.ownerReferences.uid", string.Empty, "uid must not be empty"));
                }
            }
        }

        if (old is not null && old["deletionTimestamp"] is not null)
        {
            var before = ObjectJson.Finalizers(old);
            var added = ObjectJson.Finalizers(metadata).Where(f => !before.Contains(f)).ToList();
            if (added.Count > 0)
            {
                errors.Add(FieldErrorFactory.Forbidden("metadata.finalizers", $"no new finalizers can be added if the object is being deleted, found new finalizers []string{{{string.Join(", ", added.Select(FieldErrorFactory.Quote))}}}"));
            }
        }
    }
}
