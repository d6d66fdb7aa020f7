using System.Text.Json.Nodes;
using Harness.EnvTest.Errors;
using Harness.EnvTest.Storage;

namespace Harness.EnvTest.Resources;

/// <summary>
/// Namespaces start Active with the <c>kubernetes</c> spec finalizer, and always carry their name as the
/// <c>kubernetes.io/metadata.name</c> label: v1's defaults set it (so the writer owns it), the strategy sets it again once a
/// generated name is known and on every update.
/// </summary>
internal sealed class NamespaceStrategy : IResourceStrategy
{
    public const string KubernetesFinalizer = "kubernetes";

    public const string NameLabel = "kubernetes.io/metadata.name";

    public void Default(JsonObject obj)
    {
        if (ObjectJson.String(ObjectJson.Metadata(obj), "name") is { Length: > 0 })
        {
            LabelWithName(obj);
        }
    }

    public void PrepareForUpdate(JsonObject obj, JsonObject old) => LabelWithName(obj);

    public void PrepareForCreate(JsonObject obj)
    {
        LabelWithName(obj);
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

    private static void LabelWithName(JsonObject obj)
    {
        var metadata = ObjectJson.Metadata(obj);
        var labels = metadata["labels"] as JsonObject ?? new JsonObject();
        metadata["labels"] = labels;
        labels[NameLabel] = ObjectJson.String(metadata, "name");
    }

    public void Validate(JsonObject obj, JsonObject? old, List<FieldError> errors)
    {
    }

    /// <summary>kube's status strategy resets only the spec: <see cref="StatusMetadata.CoreFields"/> go through.</summary>
    public void PrepareForStatusUpdate(JsonObject merged, JsonObject requested, JsonObject old) => StatusMetadata.Keep(merged, requested, StatusMetadata.CoreFields);
}
