using System.Text.Json.Nodes;
using Harness.EnvTest.Errors;
using Harness.EnvTest.Resources;

namespace Harness.EnvTest.Validation;

/// <summary>
/// kube-apiserver's PersistentVolumeClaim validation (<c>ValidatePersistentVolumeClaim</c> and its update rules in
/// pkg/apis/core/validation): access modes, the storage request, volume mode, storage class name, dataSource and dataSourceRef;
/// after creation the spec is immutable except <c>volumeName</c> (set once) and, on a bound claim, the storage request.
/// </summary>
internal static class PersistentVolumeClaimValidation
{
    public static readonly string[] VolumeModes = ["Block", "Filesystem"];

    /// <summary>The resize states of <c>status.allocatedResourceStatuses</c> kube 1.32 accepts (1.31 renamed ControllerResizeFailed and NodeResizeFailed to ...Infeasible).</summary>
    private static readonly string[] ResizeStatuses =
        ["ControllerResizeInProgress", "ControllerResizeInfeasible", "NodeResizeInProgress", "NodeResizeInfeasible", "NodeResizePending"];

    private const string DefaultGroupKindDetail = "must be 'PersistentVolumeClaim' when referencing the default apiGroup";

    public static void Validate(JsonObject claim, JsonObject? old, List<FieldError> errors)
    {
        var spec = JsonFields.Object(claim, "spec");
        AccessModes.Validate(spec, "at least 1 access mode is required", errors);
        ValidateStorageRequest(spec, errors);
        if (JsonFields.String(spec, "storageClassName") is { Length: > 0 } className)
        {
            NameValidation.Subdomain("spec.storageClassName", className, errors);
        }

        if (JsonFields.String(spec, "volumeMode") is { } volumeMode && !VolumeModes.Contains(volumeMode))
        {
            errors.Add(FieldErrorFactory.NotSupported("spec.volumeMode", volumeMode, VolumeModes));
        }

        ValidateDataSources(spec, errors);
        ValidateResizeStatuses(JsonFields.Object(JsonFields.Object(claim, "status"), "allocatedResourceStatuses"), errors);
        if (old is not null)
        {
            ValidateUpdate(claim, old, errors);
        }
    }

    /// <summary>kube names the resource, not the unsupported state, as the value (and the field in the singular).</summary>
    private static void ValidateResizeStatuses(JsonObject? statuses, List<FieldError> errors)
    {
        foreach (var (resource, state) in statuses ?? [])
        {
            if (state is not JsonValue value || !value.TryGetValue<string>(out var text) || !ResizeStatuses.Contains(text))
            {
                errors.Add(FieldErrorFactory.NotSupportedRaw("status.allocatedResourceStatus", resource, ResizeStatuses));
            }
        }
    }

    private static void ValidateStorageRequest(JsonObject? spec, List<FieldError> errors)
    {
        var storage = JsonFields.String(JsonFields.Object(JsonFields.Object(spec, "resources"), "requests"), "storage");
        if (storage is null)
        {
            errors.Add(FieldErrorFactory.Required("spec.resources[storage]"));
        }
        else if (Quantities.TryParse(storage, out var value) && value <= 0)
        {
            errors.Add(FieldErrorFactory.Invalid("spec.resources[storage]", storage, "must be greater than zero"));
        }
    }

    private static void ValidateDataSources(JsonObject? spec, List<FieldError> errors)
    {
        var dataSource = JsonFields.Object(spec, "dataSource");
        var dataSourceRef = JsonFields.Object(spec, "dataSourceRef");
        ValidateReference(dataSource, "spec.dataSource", errors);
        ValidateReference(dataSourceRef, "spec.dataSourceRef", errors);
        if (dataSource is not null && dataSourceRef is not null && string.IsNullOrEmpty(JsonFields.String(dataSourceRef, "namespace"))
            && !SameReference(dataSource, dataSourceRef))
        {
            // kube prints the field.Path value with %#v; its parent pointer differs per process, so the harness prints a fixed one.
            errors.Add(FieldErrorFactory.InvalidRaw(
                "spec", "field.Path{name:\"dataSource\", index:\"\", parent:(*field.Path)(0xc000000000)}", "must match dataSourceRef"));
        }
    }

    private static void ValidateReference(JsonObject? reference, string path, List<FieldError> errors)
    {
        if (reference is null)
        {
            return;
        }

        var name = JsonFields.String(reference, "name") ?? string.Empty;
        var kind = JsonFields.String(reference, "kind") ?? string.Empty;
        var group = JsonFields.String(reference, "apiGroup") ?? string.Empty;
        if (name.Length == 0)
        {
            errors.Add(FieldErrorFactory.Required(path + ".name"));
        }

        if (kind.Length == 0)
        {
            errors.Add(FieldErrorFactory.Required(path + ".kind"));
        }

        if (group.Length == 0 && kind != "PersistentVolumeClaim")
        {
            errors.Add(FieldErrorFactory.Invalid(path, kind, DefaultGroupKindDetail));
        }
    }

    private static bool SameReference(JsonObject dataSource, JsonObject dataSourceRef) =>
        new[] { "apiGroup", "kind", "name" }.All(field => (JsonFields.String(dataSource, field) ?? string.Empty) == (JsonFields.String(dataSourceRef, field) ?? string.Empty));

    private static void ValidateUpdate(JsonObject claim, JsonObject old, List<FieldError> errors)
    {
        var spec = JsonFields.Object(claim, "spec")?.DeepClone().AsObject() ?? [];
        var oldSpec = JsonFields.Object(old, "spec")?.DeepClone().AsObject() ?? [];
        if (string.IsNullOrEmpty(JsonFields.String(oldSpec, "volumeName")))
        {
            oldSpec["volumeName"] = spec["volumeName"]?.DeepClone();
        }

        if (JsonFields.String(JsonFields.Object(claim, "status"), "phase") == "Bound"
            && JsonFields.Object(JsonFields.Object(spec, "resources"), "requests") is { } requests)
        {
            requests["storage"] = JsonFields.Object(JsonFields.Object(oldSpec, "resources"), "requests")?["storage"]?.DeepClone();
        }

        if (!JsonNode.DeepEquals(Canonical(spec), Canonical(oldSpec)))
        {
            errors.Add(FieldErrorFactory.Forbidden(
                "spec", "spec is immutable after creation except resources.requests and volumeAttributesClassName for bound claims" + ChangedFields.Describe(spec, oldSpec)));
        }
    }

    /// <summary>The spec without null-valued members, so a member set to null and one left out compare equal.</summary>
    private static JsonObject Canonical(JsonObject spec)
    {
        var copy = new JsonObject();
        foreach (var (key, value) in spec)
        {
            if (value is not null)
            {
                copy[key] = value.DeepClone();
            }
        }

        return copy;
    }
}
