using Harness.Api.Snapshots;
using Harness.Controller.Clients;
using Harness.Controller.Snapshots.Source;
using Harness.Controller.Snapshots.Volumes;
using Harness.Reconciling;
using k8s.Models;

namespace Harness.Controller.Snapshots.Content;

/// <summary>
/// Creates the content of a snapshot whose source is locked (§2.5): the captured VM and one volume backup per
/// claim-backed volume that can be snapshotted (the backend-storage volume of a persistent TPM/EFI too). A claim that is missing, not Bound, without a StorageClass or
/// whose StorageClass has no VolumeSnapshotClass is left out silently (it shows in <c>excludedVolumes</c>); an
/// ambiguous VolumeSnapshotClass fails the whole creation. The content is named from the snapshot's UID, so a
/// retry finds the one it made.
/// </summary>
internal sealed class ContentFactory(SnapshotControllerContext context)
{
    public async Task CreateAsync(VirtualMachineSnapshot snapshot, SourceState source, CancellationToken ct)
    {
        var ns = snapshot.Metadata.NamespaceProperty;
        var backups = new List<VolumeBackup>();
        foreach (var volume in BackendVolume.WithBackend(source.Vm, context.Caches).Select(SnapshotVolume.Of).OfType<SnapshotVolume>())
        {
            var claim = context.Caches.Claims.Get(ObjectKey.Of(ns, volume.ClaimName));
            if (claim is not { Status.Phase: "Bound", Spec.StorageClassName: { } storageClass }
                || context.SnapshotClasses.Choose(storageClass) is null)
            {
                continue;
            }

            var metadata = ObjectCopy.Of(claim.Metadata);
            metadata.ManagedFields = null;
            backups.Add(new VolumeBackup
            {
                VolumeName = volume.VolumeName,
                PersistentVolumeClaim = new VolumeBackupClaim { Metadata = metadata, Spec = ObjectCopy.Of(claim.Spec) },
                VolumeSnapshotName = SnapshotApi.VolumeSnapshotName(snapshot.Metadata.Uid, volume.VolumeName),
            });
        }

        var content = new VirtualMachineSnapshotContent
        {
            Metadata = new V1ObjectMeta
            {
                Name = SnapshotControllerContext.ContentName(snapshot),
                NamespaceProperty = ns,
                Finalizers = [SnapshotApi.ContentProtectionFinalizer],
            },
            Spec = new VirtualMachineSnapshotContentSpec
            {
                VirtualMachineSnapshotName = snapshot.Metadata.Name,
                Source = new VirtualMachineSnapshotContentSource { VirtualMachine = await CapturedVirtualMachine.CaptureAsync(context.Client, snapshot, source, ct) },
                VolumeBackups = backups.Count == 0 ? null : backups,
            },
        };
        if (await context.Contents.TryCreateAsync(content, ct))
        {
            await context.Events.RecordAsync(snapshot, EventRecorder.Normal, SnapshotApi.ContentCreatedEvent, $"Successfully created VirtualMachineSnapshotContent {content.Metadata.Name}", ct);
        }
    }
}
