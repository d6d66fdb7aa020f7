using System.Text.Json.Nodes;
using Harness.EnvTest.Errors;

namespace Harness.EnvTest.Validation;

/// <summary>kube-apiserver's Lease validation (pkg/apis/coordination/validation): positive duration, non-negative transitions.</summary>
internal static class LeaseValidation
{
    public static void Validate(JsonObject lease, JsonObject? old, List<FieldError> errors)
    {
        var spec = JsonFields.Object(lease, "spec");
        if (JsonFields.Integer(spec, "leaseDurationSeconds") is { } duration && duration <= 0)
        {
            errors.Add(FieldErrorFactory.InvalidNumber("spec.leaseDurationSeconds", duration, "must be greater than 0"));
        }

        if (JsonFields.Integer(spec, "leaseTransitions") is { } transitions && transitions < 0)
        {
            errors.Add(FieldErrorFactory.InvalidNumber("spec.leaseTransitions", transitions, "must be greater than or equal to 0"));
        }
    }
}
