using System.Text.Json.Nodes;
using Harness.EnvTest.Errors;
using Harness.EnvTest.Validation;
using Harness.EnvTest.Storage;

namespace Harness.EnvTest.Resources;

/// <summary>ObjectMeta rules shared by every type: labels, finalizers on deleting objects, owner references.</summary>
internal static class MetadataValidation
{
    public static void Validate(JsonObject metadata, JsonObject? old, List<FieldError> errors)
    {
        LabelValidation.Validate(metadata["labels"] as JsonObject, "metadata.labels", errors);

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
