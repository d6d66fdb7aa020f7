using System.Text.Json.Nodes;
using Harness.EnvTest.Validation;
using static Harness.EnvTest.Tables.PrinterCells;

namespace Harness.EnvTest.Tables;

/// <summary>kube-apiserver's printers for PersistentVolumeClaims, PersistentVolumes and StorageClasses.</summary>
internal static class StoragePrinters
{
    private const string Unset = "<unset>";

    public static TableConverter Claims { get; } = TableConverter.ForPrinter(
        [
            TableColumn.NameColumn,
            new("Status", Description: "Status represents the current information/status of a persistent volume claim. Read-only. More info: https://kubernetes.io/docs/concepts/storage/persistent-volumes#persistentvolumeclaims"),
            new("Volume", Description: "volumeName is the binding reference to the PersistentVolume backing this claim."),
            new("Capacity", Description: "capacity represents the actual resources of the underlying volume."),
            new("Access Modes", Description: "accessModes contains the desired access modes the volume should have. More info: https://kubernetes.io/docs/concepts/storage/persistent-volumes#access-modes-1"),
            new("StorageClass", Description: "StorageClass of the pvc"),
            new("VolumeAttributesClass", Description: "VolumeAttributesClass of the pvc"),
            TableColumn.AgeColumn,
            new("VolumeMode", Priority: 1, Description: "volumeMode defines what type of volume is required by the claim. Value of Filesystem is implied when not included in claim spec."),
        ],
        (claim, now) =>
        {
            var spec = JsonFields.Object(claim, "spec");
            var status = JsonFields.Object(claim, "status");
            var phase = Deleting(claim) ? "Terminating" : JsonFields.String(status, "phase") ?? string.Empty;
            var volumeName = JsonFields.String(spec, "volumeName") ?? string.Empty;
            var bound = volumeName.Length > 0;
            return Row(
                Name(claim), phase, volumeName,
                bound ? JsonFields.String(JsonFields.Object(status, "capacity"), "storage") ?? "0" : string.Empty,
                bound ? AccessModes(status) : string.Empty,
                StorageClass(claim),
                OrDefault(JsonFields.String(spec, "volumeAttributesClassName"), Unset),
                Age(claim, now),
                OrDefault(JsonFields.String(spec, "volumeMode"), Unset));
        });

    public static TableConverter Volumes { get; } = TableConverter.ForPrinter(
        [
            TableColumn.NameColumn,
            new("Capacity", Description: "capacity is the description of the persistent volume's resources and capacity. More info: https://kubernetes.io/docs/concepts/storage/persistent-volumes#capacity"),
            new("Access Modes", Description: "accessModes contains all ways the volume can be mounted. More info: https://kubernetes.io/docs/concepts/storage/persistent-volumes#access-modes"),
            new("Reclaim Policy", Description: "persistentVolumeReclaimPolicy defines what happens to a persistent volume when released from its claim. Valid options are Retain (default for manually created PersistentVolumes), Delete (default for dynamically provisioned PersistentVolumes), and Recycle (deprecated). Recycle must be supported by the volume plugin underlying this PersistentVolume. More info: https://kubernetes.io/docs/concepts/storage/persistent-volumes#reclaiming"),
            new("Status", Description: "phase indicates if a volume is available, bound to a claim, or released by a claim. More info: https://kubernetes.io/docs/concepts/storage/persistent-volumes#phase"),
            new("Claim", Description: "claimRef is part of a bi-directional binding between PersistentVolume and PersistentVolumeClaim. Expected to be non-nil when bound. claim.VolumeName is the authoritative bind between PV and PVC. More info: https://kubernetes.io/docs/concepts/storage/persistent-volumes#binding"),
            new("StorageClass", Description: "StorageClass of the pv"),
            new("VolumeAttributesClass", Description: "VolumeAttributesClass of the pv"),
            new("Reason", Description: "reason is a brief CamelCase string that describes any failure and is meant for machine parsing and tidy display in the CLI."),
            TableColumn.AgeColumn,
            new("VolumeMode", Priority: 1, Description: "volumeMode defines if a volume is intended to be used with a formatted filesystem or to remain in raw block state. Value of Filesystem is implied when not included in spec."),
        ],
        (volume, now) =>
        {
            var spec = JsonFields.Object(volume, "spec");
            var status = JsonFields.Object(volume, "status");
            var claimRef = JsonFields.Object(spec, "claimRef");
            var claim = claimRef is null ? string.Empty : string.Join("/", new[] { JsonFields.String(claimRef, "namespace"), JsonFields.String(claimRef, "name") }.Where(p => !string.IsNullOrEmpty(p)));
            return Row(
                Name(volume),
                JsonFields.String(JsonFields.Object(spec, "capacity"), "storage") ?? "0",
                AccessModes(spec),
                JsonFields.String(spec, "persistentVolumeReclaimPolicy") ?? string.Empty,
                Deleting(volume) ? "Terminating" : JsonFields.String(status, "phase") ?? string.Empty,
                claim,
                StorageClass(volume),
                OrDefault(JsonFields.String(spec, "volumeAttributesClassName"), Unset),
                JsonFields.String(status, "reason") ?? string.Empty,
                Age(volume, now),
                OrDefault(JsonFields.String(spec, "volumeMode"), Unset));
        });

    public static TableConverter Classes { get; } = TableConverter.ForPrinter(
        [
            TableColumn.NameColumn,
            new("Provisioner", Description: "provisioner indicates the type of the provisioner."),
            new("ReclaimPolicy", Description: "reclaimPolicy controls the reclaimPolicy for dynamically provisioned PersistentVolumes of this storage class. Defaults to Delete."),
            new("VolumeBindingMode", Description: "volumeBindingMode indicates how PersistentVolumeClaims should be provisioned and bound.  When unset, VolumeBindingImmediate is used. This field is only honored by servers that enable the VolumeScheduling feature."),
            new("AllowVolumeExpansion", Description: "allowVolumeExpansion shows whether the storage class allow volume expand."),
            TableColumn.AgeColumn,
        ],
        (storageClass, now) =>
        {
            var isDefault = Annotation(storageClass, "storageclass.kubernetes.io/is-default-class") == "true"
                || Annotation(storageClass, "storageclass.beta.kubernetes.io/is-default-class") == "true";
            return Row(
                Name(storageClass) + (isDefault ? " (default)" : string.Empty),
                JsonFields.String(storageClass, "provisioner") ?? string.Empty,
                OrDefault(JsonFields.String(storageClass, "reclaimPolicy"), "Delete"),
                OrDefault(JsonFields.String(storageClass, "volumeBindingMode"), "Immediate"),
                storageClass["allowVolumeExpansion"] is JsonValue expansion && expansion.TryGetValue<bool>(out var allowed) && allowed,
                Age(storageClass, now));
        });
}
