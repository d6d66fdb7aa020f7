using System.Text.Json.Nodes;
using Harness.Api.GroupSnapshotStorage;
using Harness.Api.SnapshotStorage;
using Harness.Reconciling;
using k8s;
using Microsoft.Extensions.Logging;

namespace Harness.Simulators.Csi.Snapshotter.Groups;

/// <summary>
/// A deleted VolumeGroupSnapshot: its member VolumeSnapshots go first (released from the in-group finalizer; their
/// contents follow the group's deletion policy), then its content is deleted (Delete) or released (Retain), then the
/// group's finalizer.
/// </summary>
internal sealed partial class CsiGroupSnapshotter
{
    private async Task DeleteGroupAsync(VolumeGroupSnapshot vgs, VolumeGroupSnapshotContent? content, CancellationToken cancellationToken)
    {
        var members = Members(vgs).ToList();
        foreach (var member in members)
        {
            if (MergePatches.Has(member.Metadata, GroupSnapshotStorageApi.VolumeSnapshotInGroupFinalizer))
            {
                await sidecar.Client.CustomObjects.PatchNamespacedCustomObjectAsync(
                    MergePatches.Finalizers(member.Metadata, MergePatches.Without(member.Metadata, GroupSnapshotStorageApi.VolumeSnapshotInGroupFinalizer)),
                    SnapshotStorageApi.Group, SnapshotStorageApi.Version, member.Metadata.NamespaceProperty, SnapshotStorageApi.VolumeSnapshotPlural, member.Metadata.Name,
                    cancellationToken: cancellationToken);
            }

            if (member.Metadata.DeletionTimestamp is null)
            {
                await sidecar.Client.CustomObjects.DeleteNamespacedCustomObjectAsync(
                    SnapshotStorageApi.Group, SnapshotStorageApi.Version, member.Metadata.NamespaceProperty, SnapshotStorageApi.VolumeSnapshotPlural, member.Metadata.Name,
                    cancellationToken: cancellationToken);
            }
        }

        if (members.Count > 0)
        {
            sidecar.Logger.LogInformation("VolumeGroupSnapshot {Namespace}/{Name}: waiting for {Count} member snapshots to go", vgs.Metadata.NamespaceProperty, vgs.Metadata.Name, members.Count);
            return;
        }

        if (content is not null && content.Spec.VolumeGroupSnapshotRef?.Uid == vgs.Metadata.Uid)
        {
            if (content.Spec.DeletionPolicy == SnapshotStorageApi.DeletionPolicyDelete)
            {
                if (content.Metadata.DeletionTimestamp is null)
                {
                    await PatchContentAsync(
                        content.Metadata.Name,
                        MergePatches.Of(new JsonObject { ["metadata"] = new JsonObject { ["annotations"] = new JsonObject { [GroupSnapshotStorageApi.VolumeGroupSnapshotBeingDeletedAnnotation] = "yes" } } }),
                        cancellationToken);
                    await sidecar.Client.CustomObjects.DeleteClusterCustomObjectAsync(
                        GroupSnapshotStorageApi.Group, GroupSnapshotStorageApi.Version, GroupSnapshotStorageApi.VolumeGroupSnapshotContentPlural, content.Metadata.Name,
                        cancellationToken: cancellationToken);
                }

                return;
            }

            if (MergePatches.Has(content.Metadata, GroupSnapshotStorageApi.VolumeGroupSnapshotContentBoundProtectionFinalizer))
            {
                await PatchContentAsync(
                    content.Metadata.Name,
                    MergePatches.Finalizers(content.Metadata, MergePatches.Without(content.Metadata, GroupSnapshotStorageApi.VolumeGroupSnapshotContentBoundProtectionFinalizer)),
                    cancellationToken);
                return;
            }
        }

        if (MergePatches.Has(vgs.Metadata, GroupSnapshotStorageApi.VolumeGroupSnapshotBoundProtectionFinalizer))
        {
            await PatchGroupAsync(vgs, MergePatches.Finalizers(vgs.Metadata, MergePatches.Without(vgs.Metadata, GroupSnapshotStorageApi.VolumeGroupSnapshotBoundProtectionFinalizer)), cancellationToken);
        }
    }
}
