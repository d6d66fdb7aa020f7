using Harness.Api.Resources;
using Harness.Api.Snapshots;
using Harness.Api.SnapshotStorage;
using Harness.Controller.Clients;
using Harness.Controller.Defects;
using Harness.Controller.Snapshots.Source;
using Harness.Controller.Snapshots.Status;
using Harness.Reconciling;
using k8s.Autorest;
using k8s.Models;

namespace Harness.Controller.Snapshots.Content;

/// <summary>The VolumeSnapshots facet: find, create (after a lazy freeze) and aggregate the content's VolumeSnapshots.</summary>
internal sealed partial class ContentReconciler
{
    private async Task<ContentPass> CollectAsync(
        VirtualMachineSnapshotContent content, VirtualMachineSnapshot? snapshot, SourceState? source, bool snapshotEnding, DateTimeOffset now, CancellationToken ct)
    {
        var ns = content.Metadata.NamespaceProperty;
        var statuses = new List<ContentVolumeSnapshotStatus>();
        var missing = new List<string>();
        var skipped = new List<string>();
        var frozen = false;
        foreach (var backup in content.Spec.VolumeBackups ?? [])
        {
            if (backup.VolumeSnapshotName is not { } name)
            {
                continue;
            }

            if (context.Caches.VolumeSnapshots.Get(ObjectKey.Of(ns, name)) is { } existing)
            {
                if (content.Status is null && context.Options.Defects.HasFlag(ControllerDefects.VolumeSnapshotCreatedTwice))
                {
                    await context.VolumeSnapshots.TryDeleteAsync(ns, name, ct);
                    statuses.Add(new ContentVolumeSnapshotStatus { VolumeSnapshotName = name });
                    continue;
                }

                statuses.Add(StatusOf(existing));
            }
            else if (content.Status?.CreationTime is not null)
            {
                missing.Add(name);
            }
            else if (snapshotEnding || snapshot is null || source is null)
            {
                skipped.Add(name);
            }
            else
            {
                if (!frozen)
                {
                    try
                    {
                        await context.Freezer.FreezeAsync(source, snapshot.Metadata.Name, SnapshotDeadline.Duration(snapshot), ct);
                    }
                    catch (Exception e) when (e is HttpOperationException or InvalidOperationException)
                    {
                        return new ContentPass(statuses, false, false, null, ApiErrors.Message(e));
                    }

                    frozen = true;
                }

                await CreateVolumeSnapshotAsync(content, backup, snapshot, ct);
                statuses.Add(new ContentVolumeSnapshotStatus { VolumeSnapshotName = name });
            }
        }

        if (missing.Count > 0)
        {
            var message = $"VolumeSnapshots ({string.Join(",", missing)}) missing";
            if (content.Status?.Error?.Message != message)
            {
                await context.Events.RecordAsync(content, EventRecorder.Warning, SnapshotApi.VolumeSnapshotMissingEvent, message, ct);
            }

            return new ContentPass(statuses, false, false, message, null);
        }

        if (skipped.Count > 0)
        {
            return new ContentPass(statuses, false, false, $"VolumeSnapshots ({string.Join(",", skipped)}) skipped because vm snapshot is deleted", null);
        }

        var firstError = statuses.FirstOrDefault(s => s.Error?.Message is not null);
        return new ContentPass(
            statuses,
            statuses.All(s => s.CreationTime is not null),
            statuses.All(s => s.ReadyToUse == true),
            firstError is null ? null : $"VolumeSnapshot {firstError.VolumeSnapshotName} error: {firstError.Error!.Message}",
            null);
    }

    /// <summary>Creates the backup's VolumeSnapshot, named by the backup and controller-owned by the content, so the content's deletion collects it.</summary>
    private async Task CreateVolumeSnapshotAsync(VirtualMachineSnapshotContent content, VolumeBackup backup, VirtualMachineSnapshot snapshot, CancellationToken ct)
    {
        var storageClass = backup.PersistentVolumeClaim.Spec.StorageClassName
            ?? throw new InvalidOperationException($"{backup.VolumeName}: VolumeSnapshot requested but no storage class");
        var snapshotClass = context.SnapshotClasses.Choose(storageClass)
            ?? throw new InvalidOperationException($"{backup.VolumeName}: no VolumeSnapshotClass for StorageClass {storageClass}");
        var volumeSnapshot = new VolumeSnapshot
        {
            Metadata = new V1ObjectMeta
            {
                Name = backup.VolumeSnapshotName,
                NamespaceProperty = content.Metadata.NamespaceProperty,
                Labels = new Dictionary<string, string>
                {
                    [SnapshotApi.SourceVmNameLabel] = snapshot.Spec.Source.Name,
                    [SnapshotApi.SourceVmNamespaceLabel] = snapshot.Metadata.NamespaceProperty,
                },
                OwnerReferences = [ControllerReference.To(SnapshotApi.StorageApiVersion, SnapshotApi.ContentKind, content.Metadata.Name, content.Metadata.Uid)],
            },
            Spec = new VolumeSnapshotSpec
            {
                Source = new VolumeSnapshotSource { PersistentVolumeClaimName = backup.PersistentVolumeClaim.Metadata.Name },
                VolumeSnapshotClassName = snapshotClass,
            },
        };
        if (await context.VolumeSnapshots.TryCreateAsync(volumeSnapshot, ct))
        {
            await context.Events.RecordAsync(content, EventRecorder.Normal, SnapshotApi.VolumeSnapshotCreatedEvent, $"Successfully created VolumeSnapshot {volumeSnapshot.Metadata.Name}", ct);
        }
    }

    private static ContentVolumeSnapshotStatus StatusOf(VolumeSnapshot volumeSnapshot) => new()
    {
        VolumeSnapshotName = volumeSnapshot.Metadata.Name,
        CreationTime = volumeSnapshot.Status?.CreationTime,
        ReadyToUse = volumeSnapshot.Status?.ReadyToUse,
        Error = volumeSnapshot.Status?.Error is { } error ? new SnapshotError { Time = error.Time, Message = error.Message } : null,
    };
}
