using System.Text.Json.Nodes;
using Harness.EnvTest.Errors;
using Harness.EnvTest.Resources;

namespace Harness.EnvTest.Validation;

/// <summary>
/// kube-apiserver's StorageClass validation (pkg/apis/storage/validation) after v1 defaulting (reclaimPolicy Delete,
/// volumeBindingMode Immediate): provisioner, parameters, reclaim policy, binding mode; all four are immutable.
/// </summary>
internal static class StorageClassValidation
{
    private const int MaxParametersSize = 256 * 1024;

    private static readonly string[] ReclaimPolicies = ["Delete", "Retain"];

    private static readonly string[] BindingModes = ["Immediate", "WaitForFirstConsumer"];

    public static void Validate(JsonObject storageClass, JsonObject? old, List<FieldError> errors)
    {
        storageClass["reclaimPolicy"] ??= "Delete";
        storageClass["volumeBindingMode"] ??= "Immediate";
        var provisioner = JsonFields.String(storageClass, "provisioner") ?? string.Empty;
        if (provisioner.Length == 0)
        {
            errors.Add(FieldErrorFactory.Required("provisioner"));
        }
        else
        {
            var lower = provisioner.ToLowerInvariant();
            errors.AddRange(QualifiedName.Errors(lower).Select(message => FieldErrorFactory.Invalid("provisioner", lower, message)));
        }

        long size = 0;
        foreach (var (key, value) in ConfigMapValidation.Ordered(JsonFields.Object(storageClass, "parameters")))
        {
            if (key.Length == 0)
            {
                errors.Add(FieldErrorFactory.Invalid("parameters", key, "field can not be empty."));
            }

            size += key.Length + ConfigMapValidation.Text(value).Length;
        }

        if (size > MaxParametersSize)
        {
            errors.Add(FieldErrorFactory.TooLongBytes("parameters", MaxParametersSize));
        }

        NotSupported(storageClass, "reclaimPolicy", ReclaimPolicies, errors);
        NotSupported(storageClass, "volumeBindingMode", BindingModes, errors);
        if (old is not null)
        {
            ValidateUpdate(storageClass, old, errors);
        }
    }

    private static void NotSupported(JsonObject storageClass, string field, string[] supported, List<FieldError> errors)
    {
        if (JsonFields.String(storageClass, field) is { } value && !supported.Contains(value))
        {
            errors.Add(FieldErrorFactory.NotSupported(field, value, supported));
        }
    }

    private static void ValidateUpdate(JsonObject storageClass, JsonObject old, List<FieldError> errors)
    {
        foreach (var field in new[] { "parameters", "provisioner", "reclaimPolicy" })
        {
            if (!JsonNode.DeepEquals(storageClass[field], old[field]))
            {
                errors.Add(FieldErrorFactory.Forbidden(field, $"updates to {field} are forbidden."));
            }
        }

        if (!JsonNode.DeepEquals(storageClass["volumeBindingMode"], old["volumeBindingMode"]))
        {
            errors.Add(FieldErrorFactory.Invalid("volumeBindingMode", JsonFields.String(storageClass, "volumeBindingMode") ?? string.Empty, "field is immutable"));
        }
    }
}
