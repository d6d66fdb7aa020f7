using System.Net;
using System.Text.Json.Nodes;
using Harness.Api.Quantities;
using Harness.Reconciling;
using Harness.Api.SnapshotStorage;
using Harness.Simulators.Csi.Snapshotter.Groups;
using k8s;
using k8s.Autorest;
using k8s.Models;
using static Harness.Simulators.Csi.Snapshotter.SnapshotJson;
using Microsoft.Extensions.Logging;

namespace Harness.Simulators.Csi.Snapshotter;

/// <summary>The common controller: a VolumeSnapshot gets its content, finalizers and status.</summary>
public sealed partial class CsiSnapshotter
{
    private const string ContentNamePrefix = "snapcontent-";

    private async Task<ReconcileResult> ReconcileSnapshotAsync(ObjectKey key, CancellationToken cancellationToken)
    {
        if (sidecar.Snapshots.Get(key) is not { } vs)
        {
            return ReconcileResult.Done;
        }

        var contentName = vs.Status?.BoundVolumeSnapshotContentName ?? ContentNamePrefix + vs.Metadata.Uid;
        var content = sidecar.Contents.Get(ObjectKey.Cluster(contentName));
        if (vs.Metadata.DeletionTimestamp is not null)
        {
            await DeleteSnapshotAsync(vs, content, cancellationToken);
            return ReconcileResult.Done;
        }

        if (vs.Spec.Source?.PersistentVolumeClaimName is not { Length: > 0 } claimName)
        {
            await SetSnapshotErrorAsync(vs, "the harness snapshotter provisions snapshots dynamically only: spec.source.persistentVolumeClaimName is required", cancellationToken);
            return ReconcileResult.Done;
        }

        if (!MergePatches.Has(vs.Metadata, SnapshotStorageApi.VolumeSnapshotAsSourceProtectionFinalizer)
            || !MergePatches.Has(vs.Metadata, SnapshotStorageApi.VolumeSnapshotBoundProtectionFinalizer))
        {
            await PatchSnapshotAsync(vs, MergePatches.Finalizers(vs.Metadata, MergePatches.With(vs.Metadata, SnapshotStorageApi.VolumeSnapshotAsSourceProtectionFinalizer, SnapshotStorageApi.VolumeSnapshotBoundProtectionFinalizer)), cancellationToken);
            return ReconcileResult.Done;
        }

        var pvc = sidecar.Claims.Get(ObjectKey.Of(vs.Metadata.NamespaceProperty, claimName));
        if (content is null && CsiGroupSnapshotter.OwningGroup(vs) is not null)
        {
            // A member of a group snapshot: the group controller makes and binds its content.
            return ReconcileResult.Done;
        }

        if (content is null)
        {
            return await CreateContentAsync(vs, pvc, contentName, cancellationToken);
        }

        if (content.Spec.VolumeSnapshotRef?.Uid != vs.Metadata.Uid)
        {
            await SetSnapshotErrorAsync(vs, $"VolumeSnapshotContent {content.Metadata.Name} is bound to another VolumeSnapshot", cancellationToken);
            return ReconcileResult.Done;
        }

        var desired = StatusFrom(vs, content);
        if (!SameStatus(vs.Status, desired))
        {
            await sidecar.Client.CustomObjects.PatchNamespacedCustomObjectStatusAsync(
                MergePatches.Of(new JsonObject { ["status"] = StatusJson(desired) }),
                SnapshotStorageApi.Group, SnapshotStorageApi.Version, vs.Metadata.NamespaceProperty, SnapshotStorageApi.VolumeSnapshotPlural, vs.Metadata.Name,
                cancellationToken: cancellationToken);
            sidecar.Logger.LogInformation("VolumeSnapshot {Key}: bound to {Content}, readyToUse={Ready}, error={Error}", key, content.Metadata.Name, desired.ReadyToUse, desired.Error?.Message);
            return ReconcileResult.Done;
        }

        if (pvc is not null && (desired.ReadyToUse == true || desired.Error is not null))
        {
            await ReleaseClaimAsync(pvc, except: vs, cancellationToken);
        }

        return ReconcileResult.Done;
    }

    private async Task<ReconcileResult> CreateContentAsync(VolumeSnapshot vs, V1PersistentVolumeClaim? pvc, string contentName, CancellationToken cancellationToken)
    {
        var claimKey = $"{vs.Metadata.NamespaceProperty}/{vs.Spec.Source?.PersistentVolumeClaimName}";
        if (pvc is null)
        {
            await SetSnapshotErrorAsync(vs, $"failed to get input parameters to create snapshot {vs.Metadata.Name}: PersistentVolumeClaim {claimKey} not found", cancellationToken);
            return ReconcileResult.Done;
        }

        if (string.IsNullOrEmpty(pvc.Spec.VolumeName) || pvc.Status?.Phase != "Bound")
        {
            await SetSnapshotErrorAsync(vs, $"the PVC {claimKey} is not yet bound to a PV, will not attempt to take a snapshot", cancellationToken);
            return ReconcileResult.Done;
        }

        if (sidecar.Volumes.Get(ObjectKey.Cluster(pvc.Spec.VolumeName)) is not { Spec.Csi: { } csi } pv)
        {
            await SetSnapshotErrorAsync(vs, $"the PV {pvc.Spec.VolumeName} bound to {claimKey} is not a CSI volume", cancellationToken);
            return ReconcileResult.Done;
        }

        var (snapshotClass, classError) = ResolveClass(vs.Spec.VolumeSnapshotClassName, csi.Driver);
        if (snapshotClass is null)
        {
            await SetSnapshotErrorAsync(vs, classError!, cancellationToken);
            return ReconcileResult.Done;
        }

        if (pvc.Metadata.DeletionTimestamp is null && !MergePatches.Has(pvc.Metadata, SnapshotStorageApi.PvcAsSourceProtectionFinalizer))
        {
            await sidecar.Client.CoreV1.PatchNamespacedPersistentVolumeClaimAsync(
                MergePatches.Finalizers(pvc.Metadata, MergePatches.With(pvc.Metadata, SnapshotStorageApi.PvcAsSourceProtectionFinalizer)),
                pvc.Metadata.Name, pvc.Metadata.NamespaceProperty, cancellationToken: cancellationToken);
            return ReconcileResult.Done;
        }

        var content = new VolumeSnapshotContent
        {
            Metadata = new V1ObjectMeta
            {
                Name = contentName,
                Finalizers = [SnapshotStorageApi.VolumeSnapshotContentBoundProtectionFinalizer],
            },
            Spec = new VolumeSnapshotContentSpec
            {
                VolumeSnapshotRef = new V1ObjectReference
                {
                    ApiVersion = SnapshotStorageApi.ApiVersion,
                    Kind = SnapshotStorageApi.VolumeSnapshotKind,
                    NamespaceProperty = vs.Metadata.NamespaceProperty,
                    Name = vs.Metadata.Name,
                    Uid = vs.Metadata.Uid,
                    ResourceVersion = vs.Metadata.ResourceVersion,
                },
                DeletionPolicy = snapshotClass.DeletionPolicy,
                Driver = csi.Driver,
                VolumeSnapshotClassName = snapshotClass.Metadata.Name,
                Source = new VolumeSnapshotContentSource { VolumeHandle = csi.VolumeHandle },
                SourceVolumeMode = pv.Spec.VolumeMode ?? "Filesystem",
            },
        };
        try
        {
            await sidecar.Client.CustomObjects.CreateClusterCustomObjectAsync(content, SnapshotStorageApi.Group, SnapshotStorageApi.Version, SnapshotStorageApi.VolumeSnapshotContentPlural, cancellationToken: cancellationToken);
            sidecar.Logger.LogInformation("VolumeSnapshot {Namespace}/{Name}: created VolumeSnapshotContent {Content} (class {Class}, driver {Driver})", vs.Metadata.NamespaceProperty, vs.Metadata.Name, contentName, snapshotClass.Metadata.Name, csi.Driver);
        }
        catch (HttpOperationException e) when (e.Response.StatusCode == HttpStatusCode.Conflict)
        {
            sidecar.Logger.LogInformation("VolumeSnapshotContent {Content} already exists", contentName);
        }

        return ReconcileResult.Done;
    }

    /// <summary>The named class, or the single class marked default for the driver.</summary>
    private (VolumeSnapshotClass? Class, string? Error) ResolveClass(string? className, string driver)
    {
        if (!string.IsNullOrEmpty(className))
        {
            return classes.Get(ObjectKey.Cluster(className)) switch
            {
                null => (null, $"failed to get input parameters to create snapshot: VolumeSnapshotClass {className} not found"),
                { } found when found.Driver != driver => (null, $"VolumeSnapshotClass {className} is for driver {found.Driver}, not {driver}"),
                { } found => (found, null),
            };
        }

        var defaults = classes.List()
            .Where(c => c.Driver == driver && c.Metadata.Annotations?.TryGetValue(SnapshotStorageApi.IsDefaultClassAnnotation, out var value) == true && value == "true")
            .ToList();
        return defaults.Count switch
        {
            0 => (null, $"cannot find default snapshot class for driver {driver}"),
            1 => (defaults[0], null),
            _ => (null, $"{defaults.Count} default snapshot classes were found for driver {driver}"),
        };
    }

    /// <summary>
    /// snapshot-controller's deletion of a bound VolumeSnapshot: nothing while a Pending claim is restored from it (not
    /// even its content's deletion), then the content by its policy, the source claim's finalizer, its own finalizers.
    /// </summary>
    private async Task DeleteSnapshotAsync(VolumeSnapshot vs, VolumeSnapshotContent? content, CancellationToken cancellationToken)
    {
        if (content is not null && content.Spec.VolumeSnapshotRef?.Uid == vs.Metadata.Uid)
        {
            if (sidecar.Claims.List().Any(pvc => IsRestoreSource(pvc, vs) && pvc.Status?.Phase == "Pending"))
            {
                await events.RecordAsync(vs, EventRecorder.Warning, SnapshotDeletePendingReason, "Snapshot is being used to restore a PVC", cancellationToken);
                return;
            }

            if (content.Spec.DeletionPolicy == SnapshotStorageApi.DeletionPolicyDelete)
            {
                if (content.Metadata.DeletionTimestamp is null)
                {
                    await sidecar.Client.CustomObjects.PatchClusterCustomObjectAsync(
                        MergePatches.Of(new JsonObject { ["metadata"] = new JsonObject { ["annotations"] = new JsonObject { [SnapshotStorageApi.VolumeSnapshotBeingDeletedAnnotation] = "yes" } } }),
                        SnapshotStorageApi.Group, SnapshotStorageApi.Version, SnapshotStorageApi.VolumeSnapshotContentPlural, content.Metadata.Name, cancellationToken: cancellationToken);
                    await sidecar.Client.CustomObjects.DeleteClusterCustomObjectAsync(SnapshotStorageApi.Group, SnapshotStorageApi.Version, SnapshotStorageApi.VolumeSnapshotContentPlural, content.Metadata.Name, cancellationToken: cancellationToken);
                }

                return;
            }

            if (MergePatches.Has(content.Metadata, SnapshotStorageApi.VolumeSnapshotContentBoundProtectionFinalizer))
            {
                await sidecar.Client.CustomObjects.PatchClusterCustomObjectAsync(
                    MergePatches.Finalizers(content.Metadata, MergePatches.Without(content.Metadata, SnapshotStorageApi.VolumeSnapshotContentBoundProtectionFinalizer)),
                    SnapshotStorageApi.Group, SnapshotStorageApi.Version, SnapshotStorageApi.VolumeSnapshotContentPlural, content.Metadata.Name, cancellationToken: cancellationToken);
                return;
            }
        }

        if (vs.Spec.Source?.PersistentVolumeClaimName is { } claimName
            && sidecar.Claims.Get(ObjectKey.Of(vs.Metadata.NamespaceProperty, claimName)) is { } pvc
            && await ReleaseClaimAsync(pvc, except: vs, cancellationToken))
        {
            return;
        }

        var remaining = MergePatches.Without(vs.Metadata, SnapshotStorageApi.VolumeSnapshotAsSourceProtectionFinalizer, SnapshotStorageApi.VolumeSnapshotBoundProtectionFinalizer).ToList();
        if (remaining.Count != (vs.Metadata.Finalizers?.Count ?? 0))
        {
            await PatchSnapshotAsync(vs, MergePatches.Finalizers(vs.Metadata, remaining), cancellationToken);
        }
    }

    /// <summary>Drops pvc-as-source-protection once no other VolumeSnapshot of the PVC is still being cut.</summary>
    /// <returns>Whether a write was made.</returns>
    private async Task<bool> ReleaseClaimAsync(V1PersistentVolumeClaim pvc, VolumeSnapshot except, CancellationToken cancellationToken)
    {
        if (!MergePatches.Has(pvc.Metadata, SnapshotStorageApi.PvcAsSourceProtectionFinalizer))
        {
            return false;
        }

        var inProgress = sidecar.Snapshots.List().Any(vs =>
            vs.Metadata.Uid != except.Metadata.Uid
            && vs.Metadata.DeletionTimestamp is null
            && vs.Metadata.NamespaceProperty == pvc.Metadata.NamespaceProperty
            && vs.Spec.Source?.PersistentVolumeClaimName == pvc.Metadata.Name
            && vs.Status?.ReadyToUse != true
            && vs.Status?.Error is null);
        if (inProgress)
        {
            return false;
        }

        await sidecar.Client.CoreV1.PatchNamespacedPersistentVolumeClaimAsync(
            MergePatches.Finalizers(pvc.Metadata, MergePatches.Without(pvc.Metadata, SnapshotStorageApi.PvcAsSourceProtectionFinalizer)),
            pvc.Metadata.Name, pvc.Metadata.NamespaceProperty, cancellationToken: cancellationToken);
        return true;
    }

    private Task PatchSnapshotAsync(VolumeSnapshot vs, V1Patch patch, CancellationToken cancellationToken) =>
        sidecar.Client.CustomObjects.PatchNamespacedCustomObjectAsync(
            patch, SnapshotStorageApi.Group, SnapshotStorageApi.Version, vs.Metadata.NamespaceProperty, SnapshotStorageApi.VolumeSnapshotPlural, vs.Metadata.Name, cancellationToken: cancellationToken);

    private async Task SetSnapshotErrorAsync(VolumeSnapshot vs, string message, CancellationToken cancellationToken)
    {
        if (vs.Status?.Error?.Message == message)
        {
            return;
        }

        sidecar.Logger.LogWarning("VolumeSnapshot {Namespace}/{Name}: {Message}", vs.Metadata.NamespaceProperty, vs.Metadata.Name, message);
        await sidecar.Client.CustomObjects.PatchNamespacedCustomObjectStatusAsync(
            MergePatches.Of(new JsonObject { ["status"] = new JsonObject { ["readyToUse"] = false, ["error"] = SnapshotJson.Error(message, sidecar.Time.GetUtcNow()) } }),
            SnapshotStorageApi.Group, SnapshotStorageApi.Version, vs.Metadata.NamespaceProperty, SnapshotStorageApi.VolumeSnapshotPlural, vs.Metadata.Name,
            cancellationToken: cancellationToken);
    }

    private static VolumeSnapshotStatus StatusFrom(VolumeSnapshot vs, VolumeSnapshotContent content) => new()
    {
        VolumeGroupSnapshotName = content.Status?.VolumeGroupSnapshotHandle is null ? null : CsiGroupSnapshotter.OwningGroup(vs)?.Name,
        BoundVolumeSnapshotContentName = content.Metadata.Name,
        CreationTime = content.Status?.CreationTime is { } nanoseconds ? DateTime.UnixEpoch.AddTicks(nanoseconds / 100) : null,
        ReadyToUse = content.Status?.ReadyToUse ?? false,
        RestoreSize = content.Status?.RestoreSize is { } bytes ? Quantity.Of(new ResourceQuantity(bytes, 0, ResourceQuantity.SuffixFormat.BinarySI)) : null,
        Error = content.Status?.Error,
    };

    private static bool SameStatus(VolumeSnapshotStatus? current, VolumeSnapshotStatus desired) =>
        current is not null
        && current.BoundVolumeSnapshotContentName == desired.BoundVolumeSnapshotContentName
        && Rfc3339(current.CreationTime) == Rfc3339(desired.CreationTime)
        && current.ReadyToUse == desired.ReadyToUse
        && current.RestoreSize?.Value.ToInt64() == desired.RestoreSize?.Value.ToInt64()
        && current.Error?.Message == desired.Error?.Message
        && current.VolumeGroupSnapshotName == desired.VolumeGroupSnapshotName;

    private static JsonObject StatusJson(VolumeSnapshotStatus status) => new()
    {
        ["boundVolumeSnapshotContentName"] = status.BoundVolumeSnapshotContentName,
        ["creationTime"] = Rfc3339(status.CreationTime),
        ["readyToUse"] = status.ReadyToUse,
        ["restoreSize"] = status.RestoreSize?.Text,
        ["error"] = status.Error is { } error ? new JsonObject { ["time"] = Rfc3339(error.Time), ["message"] = error.Message } : null,
        ["volumeGroupSnapshotName"] = status.VolumeGroupSnapshotName,
    };
}
