using System.Text.Json.Nodes;
using Harness.EnvTest.Errors;

namespace Harness.EnvTest.Validation;

/// <summary>kube-apiserver's ControllerRevision validation (pkg/apis/apps/validation): a non-negative revision and some data.</summary>
internal static class ControllerRevisionValidation
{
    public static void Validate(JsonObject revision, JsonObject? old, List<FieldError> errors)
    {
        if (JsonFields.Integer(revision, "revision") is { } number && number < 0)
        {
            errors.Add(FieldErrorFactory.InvalidNumber("revision", number, "must be greater than or equal to 0"));
        }

        if (revision["data"] is null)
        {
            errors.Add(FieldErrorFactory.Required("data", "data is mandatory"));
        }
    }
}
