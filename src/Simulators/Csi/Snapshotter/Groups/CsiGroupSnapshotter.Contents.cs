using System.Text.Json.Nodes;
using Csi.V1;
using Grpc.Core;
using Harness.Api.GroupSnapshotStorage;
using Harness.Api.SnapshotStorage;
using Harness.Reconciling;
using k8s;
using Microsoft.Extensions.Logging;
using static Harness.Simulators.Csi.Snapshotter.SnapshotJson;

namespace Harness.Simulators.Csi.Snapshotter.Groups;

/// <summary>The CSI sidecar: a VolumeGroupSnapshotContent of one of our drivers is cut, followed until ready, and deleted per its policy.</summary>
internal sealed partial class CsiGroupSnapshotter
{
    private async Task<ReconcileResult> ReconcileContentAsync(ObjectKey key, CancellationToken cancellationToken)
    {
        if (contents.Get(key) is not { } content || !sidecar.Groups.TryGetValue(content.Spec.Driver ?? "", out var driver))
        {
            return ReconcileResult.Done;
        }

        if (content.Metadata.DeletionTimestamp is not null)
        {
            await DeleteContentAsync(content, driver, cancellationToken);
            return ReconcileResult.Done;
        }

        global::Csi.V1.VolumeGroupSnapshot group;
        var handle = content.Status?.VolumeGroupSnapshotHandle;
        try
        {
            group = handle is null
                ? (await driver.CreateVolumeGroupSnapshotAsync(CreateRequest(content), cancellationToken: cancellationToken)).GroupSnapshot
                : (await driver.GetVolumeGroupSnapshotAsync(new GetVolumeGroupSnapshotRequest { GroupSnapshotId = handle, SnapshotIds = { SnapshotIds(content) } }, cancellationToken: cancellationToken)).GroupSnapshot;
        }
        catch (RpcException e)
        {
            var message = handle is null
                ? $"Failed to create group snapshot: failed to take group snapshot of the volumes {string.Join(",", content.Spec.Source?.VolumeHandles ?? [])}: {e.Status.StatusCode}: {e.Status.Detail}"
                : $"Failed to check and update group snapshot content: {e.Status.StatusCode}: {e.Status.Detail}";
            await UpdateContentStatusAsync(content, new JsonObject { ["error"] = Error(message, sidecar.Time.GetUtcNow()) }, content.Status?.Error?.Message != message, cancellationToken);
            throw new InvalidOperationException(message, e);
        }

        var status = new JsonObject
        {
            ["volumeGroupSnapshotHandle"] = group.GroupSnapshotId,
            ["creationTime"] = Rfc3339(group.CreationTime?.ToDateTime()),
            ["readyToUse"] = group.ReadyToUse,
            ["error"] = null,
            ["volumeSnapshotHandlePairList"] = new JsonArray([.. group.Snapshots.Select(s => (JsonNode)new JsonObject { ["volumeHandle"] = s.SourceVolumeId, ["snapshotHandle"] = s.SnapshotId })]),
        };
        var changed = handle is null || content.Status?.ReadyToUse != group.ReadyToUse || content.Status?.Error is not null;
        await UpdateContentStatusAsync(content, status, changed, cancellationToken);
        if (handle is null)
        {
            sidecar.Logger.LogInformation("VolumeGroupSnapshotContent {Content}: CreateVolumeGroupSnapshot -> {GroupSnapshotId} of {Snapshots} ready={Ready}", content.Metadata.Name, group.GroupSnapshotId, group.Snapshots.Count, group.ReadyToUse);
        }

        return ReconcileResult.RequeueAfter(group.ReadyToUse ? sidecar.Options.ReadySnapshotCheckInterval : sidecar.Options.SnapshotPollInterval);
    }

    private CreateVolumeGroupSnapshotRequest CreateRequest(VolumeGroupSnapshotContent content)
    {
        var request = new CreateVolumeGroupSnapshotRequest
        {
            Name = GroupSnapshotNamePrefix + content.Spec.VolumeGroupSnapshotRef?.Uid,
            SourceVolumeIds = { content.Spec.Source?.VolumeHandles ?? [] },
        };
        if (content.Spec.VolumeGroupSnapshotClassName is { } className && classes.Get(ObjectKey.Cluster(className))?.Parameters is { } parameters)
        {
            request.Parameters.Add(parameters);
        }

        return request;
    }

    private static IEnumerable<string> SnapshotIds(VolumeGroupSnapshotContent content) =>
        (content.Status?.VolumeSnapshotHandlePairList ?? []).Select(p => p.SnapshotHandle!);

    /// <summary>Once the bound group is gone or going, DeleteVolumeGroupSnapshot (policy Delete), then the finalizer.</summary>
    private async Task DeleteContentAsync(VolumeGroupSnapshotContent content, GroupController.GroupControllerClient driver, CancellationToken cancellationToken)
    {
        if (!MergePatches.Has(content.Metadata, GroupSnapshotStorageApi.VolumeGroupSnapshotContentBoundProtectionFinalizer))
        {
            return;
        }

        if (content.Spec.VolumeGroupSnapshotRef is { } reference
            && groups.Get(ObjectKey.Of(reference.NamespaceProperty, reference.Name)) is { } vgs
            && vgs.Metadata.Uid == reference.Uid && vgs.Metadata.DeletionTimestamp is null)
        {
            sidecar.Logger.LogInformation("VolumeGroupSnapshotContent {Content}: kept while VolumeGroupSnapshot {Namespace}/{Name} is bound to it", content.Metadata.Name, reference.NamespaceProperty, reference.Name);
            return;
        }

        if (content.Spec.DeletionPolicy == SnapshotStorageApi.DeletionPolicyDelete && content.Status?.VolumeGroupSnapshotHandle is { } handle)
        {
            try
            {
                await driver.DeleteVolumeGroupSnapshotAsync(new DeleteVolumeGroupSnapshotRequest { GroupSnapshotId = handle, SnapshotIds = { SnapshotIds(content) } }, cancellationToken: cancellationToken);
                sidecar.Logger.LogInformation("VolumeGroupSnapshotContent {Content}: DeleteVolumeGroupSnapshot {GroupSnapshotId}", content.Metadata.Name, handle);
            }
            catch (RpcException e)
            {
                var message = $"Failed to delete group snapshot {handle}: {e.Status.StatusCode}: {e.Status.Detail}";
                await UpdateContentStatusAsync(content, new JsonObject { ["error"] = Error(message, sidecar.Time.GetUtcNow()) }, content.Status.Error?.Message != message, cancellationToken);
                throw new InvalidOperationException(message, e);
            }
        }

        await PatchContentAsync(
            content.Metadata.Name,
            MergePatches.Finalizers(content.Metadata, MergePatches.Without(content.Metadata, GroupSnapshotStorageApi.VolumeGroupSnapshotContentBoundProtectionFinalizer)),
            cancellationToken);
    }

    private Task UpdateContentStatusAsync(VolumeGroupSnapshotContent content, JsonObject status, bool changed, CancellationToken cancellationToken) =>
        !changed
            ? Task.CompletedTask
            : sidecar.Client.CustomObjects.PatchClusterCustomObjectStatusAsync(
                MergePatches.Of(new JsonObject { ["status"] = status }),
                GroupSnapshotStorageApi.Group, GroupSnapshotStorageApi.Version, GroupSnapshotStorageApi.VolumeGroupSnapshotContentPlural, content.Metadata.Name,
                cancellationToken: cancellationToken);
}
