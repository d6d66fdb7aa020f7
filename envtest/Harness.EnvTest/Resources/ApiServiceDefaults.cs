using System.Text.Json.Nodes;
using Harness.EnvTest.Validation;

namespace Harness.EnvTest.Resources;

/// <summary>apiregistration v1's default for an APIService: a service's port 443.</summary>
internal static class ApiServiceDefaults
{
    public static void Apply(JsonObject apiService)
    {
        if (JsonFields.Object(JsonFields.Object(apiService, "spec"), "service") is { } service && !service.ContainsKey("port"))
        {
            service["port"] = 443;
        }
    }
}
