using Harness.Api.KubeVirt;
using Harness.Api.Resources;
using Harness.Api.Snapshots;
using Harness.Api.SnapshotStorage;
using Harness.Controller.Defects;
using Harness.Controller.Restores.Target;
using k8s.Models;

namespace Harness.Controller.Restores.Volumes;

/// <summary>
/// The claim restored for one volume (KubeVirt's <c>CreateRestorePVCDef</c>, §3.4): the backed-up claim's labels and
/// annotations less those of its old binding and population, the restore's markers, the overrides; its access modes,
/// class and mode; a storage request of at least the VolumeSnapshot's <c>restoreSize</c>; <c>dataSource</c> and
/// <c>dataSourceRef</c> on the VolumeSnapshot; and who will own it.
/// </summary>
internal static class RestoredClaims
{
    private static readonly string[] DroppedAnnotationPrefixes =
        ["pv.kubernetes.io", "volume.beta.kubernetes.io", "cdi.kubevirt.io", "volume.kubernetes.io", "k8s.io/CloneRequest", "k8s.io/CloneOf"];

    private const string KeptContentTypeAnnotation = "cdi.kubevirt.io/storage.contentType";

    public static V1PersistentVolumeClaim Define(
        RestoreTarget target, SnapshotSource source, VolumeBackup backup, VolumeRestore entry, VolumeSnapshot volumeSnapshot, ControllerDefects defects)
    {
        var restore = target.Restore;
        var backedUp = backup.PersistentVolumeClaim;
        var labels = (backedUp.Metadata.Labels ?? new Dictionary<string, string>())
            .Where(l => l.Key != BackendStorage.VmLabel)
            .ToDictionary(l => l.Key, l => l.Value, StringComparer.Ordinal);
        labels[SnapshotApi.RestoreSourceVmNameLabel] = source.CapturedVm.Metadata.Name;
        labels[SnapshotApi.RestoreSourceVmNamespaceLabel] = source.CapturedVm.Metadata.NamespaceProperty ?? restore.Metadata.NamespaceProperty;
        var annotations = (backedUp.Metadata.Annotations ?? new Dictionary<string, string>())
            .Where(a => a.Key == KeptContentTypeAnnotation || !DroppedAnnotationPrefixes.Any(p => a.Key.StartsWith(p, StringComparison.Ordinal)))
            .ToDictionary(a => a.Key, a => a.Value, StringComparer.Ordinal);
        annotations[SnapshotApi.RestoreNameAnnotation] = restore.Metadata.Name;
        annotations[SnapshotApi.LastRestoreUidAnnotation] = RestoreTarget.LastRestoreUid(restore);
        if (restore.Spec.VolumeRestoreOverrides?.FirstOrDefault(o => o.VolumeName == entry.VolumeName) is { } overrides)
        {
            Merge(labels, overrides.Labels);
            Merge(annotations, overrides.Annotations);
        }

        var claim = new V1PersistentVolumeClaim
        {
            ApiVersion = "v1",
            Kind = "PersistentVolumeClaim",
            Metadata = new V1ObjectMeta
            {
                Name = entry.PersistentVolumeClaim,
                NamespaceProperty = restore.Metadata.NamespaceProperty,
                Labels = labels,
                Annotations = annotations,
            },
            Spec = new V1PersistentVolumeClaimSpec
            {
                AccessModes = backedUp.Spec.AccessModes,
                StorageClassName = backedUp.Spec.StorageClassName,
                VolumeMode = backedUp.Spec.VolumeMode,
                Resources = Resources(backedUp.Spec.Resources, defects.HasFlag(ControllerDefects.RestoredSizeNotRoundedUp) ? null : volumeSnapshot.Status?.RestoreSize?.Value),
                DataSource = new V1TypedLocalObjectReference { ApiGroup = SnapshotStorageApi.Group, Kind = SnapshotStorageApi.VolumeSnapshotKind, Name = volumeSnapshot.Metadata.Name },
                DataSourceRef = new V1TypedObjectReference { ApiGroup = SnapshotStorageApi.Group, Kind = SnapshotStorageApi.VolumeSnapshotKind, Name = volumeSnapshot.Metadata.Name },
            },
        };
        Own(claim, target, source, backup, entry);
        return claim;
    }

    /// <summary>An owner reference to the target VM, as controller (KubeVirt's <c>Own</c>).</summary>
    public static V1OwnerReference OwnerReference(VirtualMachine vm)
        => ControllerReference.To(KubeVirtApi.ApiVersion, KubeVirtApi.VirtualMachineKind, vm.Metadata.Name, vm.Metadata.Uid);

    private static void Own(V1PersistentVolumeClaim claim, RestoreTarget target, SnapshotSource source, VolumeBackup backup, VolumeRestore entry)
    {
        if (entry.DataVolumeName is { } dataVolume)
        {
            claim.Metadata.Annotations[SnapshotApi.PopulatedForAnnotation] = dataVolume;
            return;
        }

        if (target.Restore.Spec.VolumeOwnershipPolicy == SnapshotApi.VolumeOwnershipNone)
        {
            return;
        }

        if (target.Vm is { } vm)
        {
            claim.Metadata.OwnerReferences = [OwnerReference(vm)];
        }
        else if (backup.PersistentVolumeClaim.Metadata.OwnerReferences?.Any(o =>
            o.Kind == KubeVirtApi.VirtualMachineKind && o.Name == source.CapturedVm.Metadata.Name && o.Uid == source.CapturedVm.Metadata.Uid) == true)
        {
            claim.Metadata.Annotations[SnapshotApi.OwnedByVmAnnotation] = target.Restore.Metadata.Name;
        }
    }

    private static V1VolumeResourceRequirements Resources(V1VolumeResourceRequirements? backedUp, ResourceQuantity? restoreSize)
    {
        var requests = new Dictionary<string, ResourceQuantity>(backedUp?.Requests ?? new Dictionary<string, ResourceQuantity>(), StringComparer.Ordinal);
        if (restoreSize is not null
            && (!requests.TryGetValue("storage", out var requested) || restoreSize.ToDecimal() > requested.ToDecimal()))
        {
            requests["storage"] = restoreSize;
        }

        return new V1VolumeResourceRequirements { Requests = requests, Limits = backedUp?.Limits };
    }

    private static void Merge(Dictionary<string, string> into, IDictionary<string, string>? extra)
    {
        foreach (var (key, value) in extra ?? new Dictionary<string, string>())
        {
            into[key] = value;
        }
    }
}
