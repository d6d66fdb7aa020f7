using Harness.Api.Snapshots;
using Harness.Controller.Clients;
using Harness.Controller.Restores.Target;
using Harness.Reconciling;
using k8s;
using k8s.Autorest;
using k8s.Models;

namespace Harness.Controller.Restores.Volumes;

/// <summary>
/// KubeVirt's <c>reconcileVolumeRestores</c> (§3.4): first the <c>status.restores</c> list (one entry per backed-up
/// volume but memory dumps), then for each entry its claim: created from the VolumeSnapshot when absent, replaced
/// when <c>InPlace</c> finds the original (a DataVolume owning it is marked prepopulated first), waited for while
/// Pending on an Immediate class. Returns whether anything changed or is still pending; the caller writes the status.
/// </summary>
internal sealed class VolumeRestorer(RestoreControllerContext context)
{
    public async Task<bool> ReconcileAsync(RestoreTarget target, SnapshotSource source, CancellationToken ct)
    {
        var restore = target.Restore;
        var status = restore.Status!;
        var restores = Entries(restore, source);
        var listChanged = !ObjectCopy.SameJson(status.Restores ?? [], restores);
        status.Restores = restores;
        if (listChanged)
        {
            return true;
        }

        var changed = false;
        var ns = restore.Metadata.NamespaceProperty;
        foreach (var entry in restores)
        {
            var claim = context.Caches.Claims.Get(ObjectKey.Of(ns, entry.PersistentVolumeClaim));
            if (claim is null)
            {
                await CreateAsync(target, source, entry, ct);
                changed = true;
            }
            else if (restore.Spec.VolumeRestorePolicy == SnapshotApi.VolumeRestoreInPlace && !IsRestoredBy(claim, restore))
            {
                if (claim.Metadata.OwnerReferences?.FirstOrDefault(o => o.Controller == true && o.Kind == Api.Cdi.CdiApi.DataVolumeKind) is { } owner)
                {
                    if (entry.DataVolumeName is null)
                    {
                        entry.DataVolumeName = owner.Name;
                        changed = true;
                        continue;
                    }

                    await PrepopulateAsync(ns, owner.Name, restore.Metadata.Name, ct);
                }

                await DeleteAsync(claim, ct);
                changed = true;
            }
            else if (claim.Status?.Phase == "Pending")
            {
                changed |= WaitsForBinding(claim);
            }
            else if (claim.Status?.Phase != "Bound")
            {
                throw new RestoreException($"PVC {ns}/{claim.Metadata.Name} in status \"{claim.Status?.Phase}\"");
            }
        }

        return changed;
    }

    private static List<VolumeRestore> Entries(VirtualMachineRestore restore, SnapshotSource source)
    {
        var notRestored = source.MemoryDumpVolumes;
        var entries = new List<VolumeRestore>();
        foreach (var backup in source.Content.Spec.VolumeBackups ?? [])
        {
            if (notRestored.Contains(backup.VolumeName))
            {
                continue;
            }

            entries.Add(restore.Status?.Restores?.FirstOrDefault(r => r.VolumeName == backup.VolumeName) is { } existing
                ? ObjectCopy.Of(existing)
                : new VolumeRestore
                {
                    VolumeName = backup.VolumeName,
                    PersistentVolumeClaim = RestoredNames.For(restore, backup.VolumeName, backup.PersistentVolumeClaim.Metadata.Name),
                    VolumeSnapshotName = backup.VolumeSnapshotName ?? throw new RestoreException($"VolumeSnapshotName missing for volume {backup.VolumeName}"),
                });
        }

        return entries;
    }

    private async Task CreateAsync(RestoreTarget target, SnapshotSource source, VolumeRestore entry, CancellationToken ct)
    {
        var ns = target.Restore.Metadata.NamespaceProperty;
        var backup = source.Content.Spec.VolumeBackups!.First(b => b.VolumeName == entry.VolumeName);
        var volumeSnapshot = context.Caches.VolumeSnapshots.Get(ObjectKey.Of(ns, entry.VolumeSnapshotName))
            ?? throw new RestoreException($"missing volumeSnapshot {entry.VolumeSnapshotName}");
        try
        {
            await context.Client.CoreV1.CreateNamespacedPersistentVolumeClaimAsync(
                RestoredClaims.Define(target, source, backup, entry, volumeSnapshot, context.Options.Defects), ns, cancellationToken: ct);
        }
        catch (HttpOperationException e) when (ApiErrors.IsConflict(e))
        {
            // Created by an earlier pass the cache has not shown yet.
        }
    }

    /// <summary>Marks the DataVolume so CDI does not populate a new claim while its old one is replaced.</summary>
    private Task PrepopulateAsync(string ns, string dataVolume, string restoreName, CancellationToken ct) =>
        context.DataVolumes.PatchAsync(
            ns,
            dataVolume,
            MergePatches.Of(new()
            {
                ["metadata"] = new System.Text.Json.Nodes.JsonObject
                {
                    ["annotations"] = new System.Text.Json.Nodes.JsonObject
                    {
                        [SnapshotApi.RestoreNameAnnotation] = restoreName,
                        [SnapshotApi.PrePopulatedAnnotation] = dataVolume,
                    },
                },
            }),
            ct);

    /// <summary>Deletes exactly the claim seen (its UID as precondition), never one re-created under its name.</summary>
    private async Task DeleteAsync(V1PersistentVolumeClaim claim, CancellationToken ct)
    {
        try
        {
            await context.Client.CoreV1.DeleteNamespacedPersistentVolumeClaimAsync(
                claim.Metadata.Name,
                claim.Metadata.NamespaceProperty,
                new V1DeleteOptions { Preconditions = new V1Preconditions { Uid = claim.Metadata.Uid } },
                cancellationToken: ct);
        }
        catch (HttpOperationException e) when (ApiErrors.IsNotFound(e) || ApiErrors.IsConflict(e))
        {
            // Already gone, or already replaced by the restored claim.
        }
    }

    /// <summary>A Pending claim is waited for unless its class binds on first consumer (the VM will be that consumer).</summary>
    private bool WaitsForBinding(V1PersistentVolumeClaim claim)
    {
        if (claim.Spec.StorageClassName is not { } className)
        {
            return true;
        }

        var storageClass = context.Caches.StorageClasses.Get(ObjectKey.Of(null, className))
            ?? throw new RestoreException($"StorageClass {className} does not exist");
        return storageClass.VolumeBindingMode is null or "Immediate";
    }

    public static bool IsRestoredBy(V1PersistentVolumeClaim claim, VirtualMachineRestore restore) =>
        claim.Metadata.Annotations?.TryGetValue(SnapshotApi.LastRestoreUidAnnotation, out var value) == true
        && value == RestoreTarget.LastRestoreUid(restore);
}
