using System.Text.Json.Nodes;
using Harness.EnvTest.Errors;

namespace Harness.EnvTest.Resources;

/// <summary>Namespaces start Active with the <c>kubernetes</c> spec finalizer.</summary>
internal sealed class NamespaceStrategy : IResourceStrategy
{
    public const string KubernetesFinalizer = "kubernetes";

    public void PrepareForCreate(JsonObject obj)
    {
        var spec = obj["spec"] as JsonObject ?? new JsonObject();
        obj["spec"] = spec;
        var finalizers = spec["finalizers"] as JsonArray ?? [];
        spec["finalizers"] = finalizers;
        if (!finalizers.Any(f => f?.GetValue<string>() == KubernetesFinalizer))
        {
            finalizers.Add(KubernetesFinalizer);
        }

        obj["status"] = new JsonObject { ["phase"] = "Active" };
    }

    public void Validate(JsonObject obj, JsonObject? old, List<FieldError> errors)
    {
    }

    /// <summary>kube's status strategy resets only the spec: <see cref="StatusMetadata.CoreFields"/> go through.</summary>
    public void PrepareForStatusUpdate(JsonObject merged, JsonObject requested, JsonObject old) => StatusMetadata.Keep(merged, requested, StatusMetadata.CoreFields);
}
