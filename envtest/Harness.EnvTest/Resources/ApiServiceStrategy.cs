using System.Text.Json.Nodes;
using Harness.EnvTest.Errors;
using Harness.EnvTest.Validation;

namespace Harness.EnvTest.Resources;

/// <summary>APIServices: apiregistration v1's default (a service's port 443), then <see cref="ApiServiceValidation"/>.</summary>
internal sealed class ApiServiceStrategy : IResourceStrategy
{
    public void PrepareForCreate(JsonObject obj) => ApplyDefaults(obj);

    public void Validate(JsonObject obj, JsonObject? old, List<FieldError> errors)
    {
        ApplyDefaults(obj);
        ApiServiceValidation.Validate(obj, errors);
    }

    private static void ApplyDefaults(JsonObject apiService)
    {
        if (JsonFields.Object(JsonFields.Object(apiService, "spec"), "service") is { } service && !service.ContainsKey("port"))
        {
            service["port"] = 443;
        }
    }
}
