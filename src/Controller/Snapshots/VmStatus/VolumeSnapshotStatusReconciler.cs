using System.Text.Json.Nodes;
using Harness.Api.KubeVirt;
using Harness.Controller.Clients;
using Harness.Controller.Snapshots.Volumes;
using Harness.Reconciling;
using Harness.Reflectors;
using k8s;

namespace Harness.Controller.Snapshots.VmStatus;

/// <summary>
/// Keeps <c>vm.status.volumeSnapshotStatuses</c> (§2.10): for every volume of the VM (and its backend-storage volume), whether a snapshot would
/// include it and, if not, why, so a user sees which disks a snapshot would silently leave out. Written only when
/// the list changed.
/// </summary>
internal sealed class VolumeSnapshotStatusReconciler(SnapshotControllerContext context)
{
    public async Task<ReconcileResult> ReconcileAsync(ObjectKey key, CancellationToken ct)
    {
        if (context.Caches.VirtualMachines.Get(key) is not { } vm)
        {
            return ReconcileResult.Done;
        }

        var statuses = BackendVolume.WithBackend(vm, context.Caches).Select(v => StatusOf(vm, v)).ToList();
        var current = vm.Status?.VolumeSnapshotStatuses ?? [];
        if (KubernetesJson.Serialize(current) == KubernetesJson.Serialize(statuses))
        {
            return ReconcileResult.Done;
        }

        var patch = MergePatches.Of(new JsonObject
        {
            ["metadata"] = new JsonObject { ["resourceVersion"] = vm.Metadata.ResourceVersion },
            ["status"] = new JsonObject { ["volumeSnapshotStatuses"] = KubernetesUtf8Json.SerializeToNode(statuses) },
        });
        await context.VirtualMachines.PatchStatusAsync(key.Namespace, key.Name, patch, ct);
        return ReconcileResult.Done;
    }

    private VirtualMachineVolumeSnapshotStatus StatusOf(VirtualMachine vm, Volume volume)
    {
        if (SnapshotVolume.Of(volume) is not { } claimVolume)
        {
            return Disabled(volume, $"Snapshot is not supported for this volumeSource type [{volume.Name}]");
        }

        var storageClass = StorageClassOf(vm, claimVolume);
        if (storageClass is null)
        {
            return Disabled(volume, "PVC not found");
        }

        try
        {
            return context.SnapshotClasses.Choose(storageClass) is null
                ? Disabled(volume, $"No VolumeSnapshotClass: Volume snapshots are not configured for this StorageClass [{storageClass}] [{volume.Name}]")
                : new VirtualMachineVolumeSnapshotStatus { Name = volume.Name, Enabled = true };
        }
        catch (SnapshotClassAmbiguousException e)
        {
            return Disabled(volume, e.Message);
        }
    }

    /// <summary>A claim's StorageClass; for a DataVolume, its spec's, else the VM's matching template's, else its claim's.</summary>
    private string? StorageClassOf(VirtualMachine vm, SnapshotVolume volume)
    {
        var ns = vm.Metadata.NamespaceProperty;
        if (volume.IsDataVolume)
        {
            var dataVolume = context.Caches.DataVolumes.Get(ObjectKey.Of(ns, volume.ClaimName));
            if ((dataVolume?.Spec.Pvc ?? dataVolume?.Spec.Storage)?.StorageClassName is { } fromDataVolume)
            {
                return fromDataVolume;
            }

            if (vm.Spec.DataVolumeTemplates?.FirstOrDefault(t => t.Metadata?.Name == volume.ClaimName)?.Spec is { } template
                && (template.Pvc ?? template.Storage)?.StorageClassName is { } fromTemplate)
            {
                return fromTemplate;
            }
        }

        return context.Caches.Claims.Get(ObjectKey.Of(ns, volume.ClaimName))?.Spec.StorageClassName;
    }

    private static VirtualMachineVolumeSnapshotStatus Disabled(Volume volume, string reason) =>
        new() { Name = volume.Name, Enabled = false, Reason = reason };
}
