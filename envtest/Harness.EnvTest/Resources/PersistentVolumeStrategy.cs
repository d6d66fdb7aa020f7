using System.Text.Json.Nodes;
using Harness.EnvTest.Errors;
using Harness.EnvTest.Storage;
using Harness.EnvTest.Validation;

namespace Harness.EnvTest.Resources;

/// <summary>
/// PersistentVolumes as kube 1.32's registry strategy and v1 defaulting treat them: a new volume's status is <c>Pending</c> with
/// <c>lastPhaseTransitionTime</c> now, a <c>/status</c> write that changes the phase without a new transition time gets now;
/// <c>persistentVolumeReclaimPolicy</c> defaults to Retain, <c>volumeMode</c> to Filesystem, the volume sources as a pod's
/// (<see cref="VolumeSourceDefaults"/>); validated by <see cref="PersistentVolumeValidation"/>.
/// </summary>
internal sealed class PersistentVolumeStrategy : IResourceStrategy
{
    public void PrepareForCreate(JsonObject obj)
    {
        obj["status"] = new JsonObject { ["phase"] = "Pending" };
        Default(obj);
    }

    public void StampTime(JsonObject obj, JsonObject? old, string now)
    {
        if (obj["status"] is not JsonObject status)
        {
            return;
        }

        var oldStatus = JsonFields.Object(old, "status");
        var transition = status["lastPhaseTransitionTime"];
        if (old is null || (JsonFields.String(status, "phase") != JsonFields.String(oldStatus, "phase")
            && (transition is null || JsonNode.DeepEquals(transition, oldStatus?["lastPhaseTransitionTime"]))))
        {
            status["lastPhaseTransitionTime"] = now;
        }
        else if (transition is null && oldStatus?["lastPhaseTransitionTime"] is { } kept)
        {
            status["lastPhaseTransitionTime"] = kept.DeepClone();
        }
    }

    public void Validate(JsonObject obj, JsonObject? old, List<FieldError> errors)
    {
        Default(obj);
        PersistentVolumeValidation.Validate(obj, old, errors);
    }

    /// <summary>kube's status strategy resets only the spec: <see cref="StatusMetadata.CoreFields"/> go through.</summary>
    public void PrepareForStatusUpdate(JsonObject merged, JsonObject requested, JsonObject old) => StatusMetadata.Keep(merged, requested, StatusMetadata.CoreFields);

    public void Default(JsonObject obj)
    {
        if (JsonFields.Object(obj, "spec") is not { } spec)
        {
            return;
        }

        ObjectJson.Default(spec, "persistentVolumeReclaimPolicy", "Retain");
        ObjectJson.Default(spec, "volumeMode", "Filesystem");
        VolumeSourceDefaults.Apply(spec);
    }
}
