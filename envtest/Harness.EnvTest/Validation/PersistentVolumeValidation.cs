using System.Text.Json.Nodes;
using Harness.EnvTest.Errors;
using Harness.EnvTest.Resources;

namespace Harness.EnvTest.Validation;

/// <summary>
/// kube-apiserver's PersistentVolume validation (<c>ValidatePersistentVolumeSpec</c>): access modes, a capacity of storage only and
/// above zero, storage class name, reclaim policy, exactly one volume source (a CSI one with driver and volume handle), volume mode.
/// </summary>
internal static class PersistentVolumeValidation
{
    private static readonly string[] ReclaimPolicies = ["Delete", "Recycle", "Retain"];

    private static readonly string[] Sources =
    [
        "gcePersistentDisk", "awsElasticBlockStore", "hostPath", "glusterfs", "nfs", "rbd", "quobyte", "cephfs", "iscsi", "cinder", "fc",
        "flexVolume", "azureFile", "vsphereVolume", "azureDisk", "photonPersistentDisk", "portworxVolume", "scaleIO", "local", "storageos", "csi",
    ];

    public static void Validate(JsonObject volume, JsonObject? old, List<FieldError> errors)
    {
        var spec = JsonFields.Object(volume, "spec");
        AccessModes.Validate(spec, string.Empty, errors);
        ValidateCapacity(JsonFields.Object(spec, "capacity"), errors);
        if (JsonFields.String(spec, "storageClassName") is { Length: > 0 } className)
        {
            NameValidation.Subdomain("spec.storageClassName", className, errors);
        }

        if (JsonFields.String(spec, "persistentVolumeReclaimPolicy") is { Length: > 0 } policy && !ReclaimPolicies.Contains(policy))
        {
            errors.Add(FieldErrorFactory.NotSupported("spec.persistentVolumeReclaimPolicy", policy, ReclaimPolicies));
        }

        ValidateSource(spec, errors);
        if (JsonFields.String(spec, "volumeMode") is { } volumeMode && !PersistentVolumeClaimValidation.VolumeModes.Contains(volumeMode))
        {
            errors.Add(FieldErrorFactory.NotSupported("spec.volumeMode", volumeMode, PersistentVolumeClaimValidation.VolumeModes));
        }
    }

    private static void ValidateCapacity(JsonObject? capacity, List<FieldError> errors)
    {
        if (capacity is null || capacity.Count == 0)
        {
            errors.Add(FieldErrorFactory.Required("spec.capacity"));
            errors.Add(new FieldError("FieldValueNotSupported", "spec.capacity", "Unsupported value: core.ResourceList(nil): supported values: \"storage\""));
            return;
        }

        if (!capacity.ContainsKey("storage") || capacity.Count > 1)
        {
            // kube prints the whole ResourceList with %#v here; the harness names its resources.
            var names = string.Join(", ", capacity.Select(p => FieldErrorFactory.Quote(p.Key)));
            errors.Add(new FieldError("FieldValueNotSupported", "spec.capacity", $"Unsupported value: core.ResourceList{{{names}}}: supported values: \"storage\""));
        }

        foreach (var (name, value) in ConfigMapValidation.Ordered(capacity))
        {
            var text = ConfigMapValidation.Text(value);
            if (Quantities.TryParse(text, out var amount) && amount <= 0)
            {
                errors.Add(FieldErrorFactory.Invalid($"spec.capacity[{name}]", text, "must be greater than zero"));
            }
        }
    }

    private static void ValidateSource(JsonObject? spec, List<FieldError> errors)
    {
        var count = 0;
        foreach (var source in Sources.Where(source => JsonFields.Object(spec, source) is not null))
        {
            if (++count > 1)
            {
                errors.Add(FieldErrorFactory.Forbidden("spec." + source, "may not specify more than 1 volume type"));
                continue;
            }

            if (source == "csi")
            {
                ValidateCsi(JsonFields.Object(spec, "csi")!, errors);
            }
        }

        if (count == 0)
        {
            errors.Add(FieldErrorFactory.Required("spec", "must specify a volume type"));
        }
    }

    private static void ValidateCsi(JsonObject csi, List<FieldError> errors)
    {
        var driver = JsonFields.String(csi, "driver") ?? string.Empty;
        if (driver.Length == 0)
        {
            errors.Add(FieldErrorFactory.Required("spec.csi.driver"));
        }

        NameValidation.Subdomain("spec.csi.driver", driver.ToLowerInvariant(), errors);
        if (string.IsNullOrEmpty(JsonFields.String(csi, "volumeHandle")))
        {
            errors.Add(FieldErrorFactory.Required("spec.csi.volumeHandle"));
        }
    }
}
