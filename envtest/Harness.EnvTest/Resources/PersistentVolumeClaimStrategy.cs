using System.Text.Json.Nodes;
using Harness.EnvTest.Errors;
using Harness.EnvTest.Validation;

namespace Harness.EnvTest.Resources;

/// <summary>
/// PersistentVolumeClaims as kube's registry strategy and v1 defaulting treat them: status starts Pending, <c>volumeMode</c> defaults
/// to Filesystem; on create, <c>volumeAttributesClassName</c> is dropped (its feature gate is off in 1.32), a <c>dataSourceRef</c>
/// naming another namespace is dropped (CrossNamespaceVolumeDataSource is off), a <c>dataSource</c> that is neither a claim nor a
/// VolumeSnapshot is dropped when no <c>dataSourceRef</c> is given, and the one of <c>dataSource</c>/<c>dataSourceRef</c> given is
/// copied to the other.
/// </summary>
internal sealed class PersistentVolumeClaimStrategy : IResourceStrategy
{
    /// <summary>kube's status strategy resets only the spec: <see cref="StatusMetadata.CoreFields"/> go through.</summary>
    public void PrepareForStatusUpdate(JsonObject merged, JsonObject requested, JsonObject old) => StatusMetadata.Keep(merged, requested, StatusMetadata.CoreFields);

    public void PrepareForCreate(JsonObject obj)
    {
        obj["status"] = new JsonObject { ["phase"] = "Pending" };
        if (obj["spec"] is JsonObject spec)
        {
            PrepareSpec(spec, null);
        }
    }

    /// <summary>
    /// As on create, but what the stored claim already holds stays: its <c>volumeAttributesClassName</c>, its <c>dataSourceRef</c>,
    /// any data source; kube fills in the other data source field when it reads the claim back.
    /// </summary>
    public void PrepareForUpdate(JsonObject obj, JsonObject old)
    {
        if (obj["spec"] is JsonObject spec)
        {
            PrepareSpec(spec, JsonFields.Object(old, "spec"));
        }
    }

    public void Default(JsonObject obj)
    {
        if (obj["spec"] is JsonObject spec && spec["volumeMode"] is null)
        {
            spec["volumeMode"] = "Filesystem";
        }
    }

    public void Validate(JsonObject obj, JsonObject? old, List<FieldError> errors)
    {
        Default(obj);
        PersistentVolumeClaimValidation.Validate(obj, old, errors);
    }

    private static void PrepareSpec(JsonObject spec, JsonObject? oldSpec)
    {
        if (oldSpec?["volumeAttributesClassName"] is null)
        {
            spec.Remove("volumeAttributesClassName");
        }

        if (oldSpec?["dataSourceRef"] is null && !string.IsNullOrEmpty(JsonFields.String(JsonFields.Object(spec, "dataSourceRef"), "namespace")))
        {
            spec.Remove("dataSourceRef");
        }

        var dataSource = JsonFields.Object(spec, "dataSource");
        if (oldSpec?["dataSource"] is null && oldSpec?["dataSourceRef"] is null && dataSource is not null && spec["dataSourceRef"] is null && !IsClaimOrSnapshot(dataSource))
        {
            spec.Remove("dataSource");
            dataSource = null;
        }

        var dataSourceRef = JsonFields.Object(spec, "dataSourceRef");
        if (dataSource is not null && dataSourceRef is null)
        {
            spec["dataSourceRef"] = Reference(dataSource);
        }
        else if (dataSourceRef is not null && dataSource is null)
        {
            spec["dataSource"] = Reference(dataSourceRef);
        }
    }

    private static bool IsClaimOrSnapshot(JsonObject dataSource) => (JsonFields.String(dataSource, "apiGroup") ?? string.Empty, JsonFields.String(dataSource, "kind")) switch
    {
        ("", "PersistentVolumeClaim") => true,
        ("snapshot.storage.k8s.io", "VolumeSnapshot") => true,
        _ => false,
    };

    private static JsonObject Reference(JsonObject from)
    {
        var reference = new JsonObject();
        foreach (var field in new[] { "apiGroup", "kind", "name" })
        {
            if (from.TryGetPropertyValue(field, out var value))
            {
                reference[field] = value?.DeepClone();
            }
        }

        return reference;
    }
}
