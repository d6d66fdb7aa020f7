using System.Net;
using System.Text.Json.Nodes;
using Harness.Api.GroupSnapshotStorage;
using Harness.Api.SnapshotStorage;
using Harness.Reconciling;
using Harness.Reflectors;
using k8s;
using k8s.Autorest;
using k8s.Models;
using Microsoft.Extensions.Logging;

namespace Harness.Simulators.Csi.Snapshotter.Groups;

/// <summary>
/// A cut group's members, as the common controller makes them: per volume a VolumeSnapshotContent (the group's driver and
/// deletion policy, the volume as its source, the group's handle annotated) and a VolumeSnapshot of the volume's claim
/// (owned by the group, kept by the in-group finalizer), bound both ways, the content given its snapshot handle.
/// </summary>
internal sealed partial class CsiGroupSnapshotter
{
    /// <returns>Whether every member exists and is bound to its content.</returns>
    private async Task<bool> CreateMembersAsync(VolumeGroupSnapshot vgs, VolumeGroupSnapshotContent content, CancellationToken cancellationToken)
    {
        if (content.Status is not { VolumeGroupSnapshotHandle: { } groupHandle, VolumeSnapshotHandlePairList: { Count: > 0 } pairs })
        {
            return false;
        }

        var bound = true;
        foreach (var pair in pairs)
        {
            bound &= await CreateMemberAsync(vgs, content, groupHandle, pair.VolumeHandle!, pair.SnapshotHandle!, cancellationToken);
        }

        return bound;
    }

    private async Task<bool> CreateMemberAsync(
        VolumeGroupSnapshot vgs, VolumeGroupSnapshotContent content, string groupHandle, string volumeHandle, string snapshotHandle, CancellationToken cancellationToken)
    {
        var ns = vgs.Metadata.NamespaceProperty;
        var snapshotName = MemberSnapshotName(vgs, volumeHandle);
        var contentName = MemberContentName(vgs, volumeHandle);
        var pv = sidecar.Volumes.List().FirstOrDefault(pv => pv.Spec.Csi is { } csi && csi.Driver == content.Spec.Driver && csi.VolumeHandle == volumeHandle);
        var memberContent = sidecar.Contents.Get(ObjectKey.Cluster(contentName))
            ?? await CreateOrReadAsync<VolumeSnapshotContent>(
                () => sidecar.Client.CustomObjects.CreateClusterCustomObjectAsync(
                    MemberContent(vgs, content, groupHandle, volumeHandle, snapshotName, contentName, pv),
                    SnapshotStorageApi.Group, SnapshotStorageApi.Version, SnapshotStorageApi.VolumeSnapshotContentPlural, cancellationToken: cancellationToken),
                () => sidecar.Client.CustomObjects.GetClusterCustomObjectAsync(SnapshotStorageApi.Group, SnapshotStorageApi.Version, SnapshotStorageApi.VolumeSnapshotContentPlural, contentName, cancellationToken),
                json => KubernetesJson.Deserialize<VolumeSnapshotContent>(json));
        var member = sidecar.Snapshots.Get(ObjectKey.Of(ns, snapshotName))
            ?? await CreateOrReadAsync<VolumeSnapshot>(
                () => sidecar.Client.CustomObjects.CreateNamespacedCustomObjectAsync(
                    MemberSnapshot(vgs, snapshotName, pv?.Spec.ClaimRef?.Name ?? ""),
                    SnapshotStorageApi.Group, SnapshotStorageApi.Version, ns, SnapshotStorageApi.VolumeSnapshotPlural, cancellationToken: cancellationToken),
                () => sidecar.Client.CustomObjects.GetNamespacedCustomObjectAsync(SnapshotStorageApi.Group, SnapshotStorageApi.Version, ns, SnapshotStorageApi.VolumeSnapshotPlural, snapshotName, cancellationToken),
                json => KubernetesJson.Deserialize<VolumeSnapshot>(json));

        if (memberContent.Spec.VolumeSnapshotRef?.Uid != member.Metadata.Uid)
        {
            var reference = memberContent.Spec.VolumeSnapshotRef!;
            reference.Uid = member.Metadata.Uid;
            await sidecar.Client.CustomObjects.PatchClusterCustomObjectAsync(
                MergePatches.Of(new JsonObject { ["spec"] = new JsonObject { ["volumeSnapshotRef"] = KubernetesUtf8Json.SerializeToNode(reference) } }),
                SnapshotStorageApi.Group, SnapshotStorageApi.Version, SnapshotStorageApi.VolumeSnapshotContentPlural, contentName, cancellationToken: cancellationToken);
        }

        if (member.Status?.BoundVolumeSnapshotContentName != contentName)
        {
            await sidecar.Client.CustomObjects.PatchNamespacedCustomObjectStatusAsync(
                MergePatches.Of(new JsonObject { ["status"] = new JsonObject { ["boundVolumeSnapshotContentName"] = contentName } }),
                SnapshotStorageApi.Group, SnapshotStorageApi.Version, ns, SnapshotStorageApi.VolumeSnapshotPlural, snapshotName, cancellationToken: cancellationToken);
            sidecar.Logger.LogInformation("VolumeGroupSnapshot {Namespace}/{Name}: member {Snapshot} of volume {Volume} bound to {Content}", ns, vgs.Metadata.Name, snapshotName, volumeHandle, contentName);
        }

        if (memberContent.Status?.SnapshotHandle is null)
        {
            await sidecar.Client.CustomObjects.PatchClusterCustomObjectStatusAsync(
                MergePatches.Of(new JsonObject
                {
                    ["status"] = new JsonObject
                    {
                        ["snapshotHandle"] = snapshotHandle,
                        ["volumeGroupSnapshotHandle"] = groupHandle,
                        ["creationTime"] = content.Status?.CreationTime is { } created ? (created.ToUniversalTime() - DateTime.UnixEpoch).Ticks * 100 : null,
                    },
                }),
                SnapshotStorageApi.Group, SnapshotStorageApi.Version, SnapshotStorageApi.VolumeSnapshotContentPlural, contentName, cancellationToken: cancellationToken);
        }

        return member.Status?.BoundVolumeSnapshotContentName == contentName && member.Status.ReadyToUse == true;
    }

    private static VolumeSnapshotContent MemberContent(
        VolumeGroupSnapshot vgs, VolumeGroupSnapshotContent content, string groupHandle, string volumeHandle, string snapshotName, string contentName, V1PersistentVolume? pv) => new()
    {
        Metadata = new V1ObjectMeta
        {
            Name = contentName,
            Annotations = new Dictionary<string, string> { [GroupSnapshotStorageApi.VolumeGroupSnapshotHandleAnnotation] = groupHandle },
            Finalizers = [SnapshotStorageApi.VolumeSnapshotContentBoundProtectionFinalizer],
        },
        Spec = new VolumeSnapshotContentSpec
        {
            VolumeSnapshotRef = new V1ObjectReference
            {
                ApiVersion = SnapshotStorageApi.ApiVersion,
                Kind = SnapshotStorageApi.VolumeSnapshotKind,
                NamespaceProperty = vgs.Metadata.NamespaceProperty,
                Name = snapshotName,
            },
            DeletionPolicy = content.Spec.DeletionPolicy,
            Driver = content.Spec.Driver,
            Source = new VolumeSnapshotContentSource { VolumeHandle = volumeHandle },
            SourceVolumeMode = pv?.Spec.VolumeMode,
        },
    };

    private static VolumeSnapshot MemberSnapshot(VolumeGroupSnapshot vgs, string snapshotName, string claimName) => new()
    {
        Metadata = new V1ObjectMeta
        {
            Name = snapshotName,
            OwnerReferences =
            [
                new V1OwnerReference
                {
                    ApiVersion = GroupSnapshotStorageApi.ApiVersion,
                    Kind = GroupSnapshotStorageApi.VolumeGroupSnapshotKind,
                    Name = vgs.Metadata.Name,
                    Uid = vgs.Metadata.Uid,
                },
            ],
            Finalizers = [GroupSnapshotStorageApi.VolumeSnapshotInGroupFinalizer],
        },
        Spec = new VolumeSnapshotSpec { Source = new VolumeSnapshotSource { PersistentVolumeClaimName = claimName } },
    };

    /// <summary>Creates an object, or reads it when it exists already (the informer had not seen it yet).</summary>
    private static async Task<T> CreateOrReadAsync<T>(Func<Task<object>> create, Func<Task<object>> read, Func<string, T> parse)
    {
        object created;
        try
        {
            created = await create();
        }
        catch (HttpOperationException e) when (e.Response.StatusCode == HttpStatusCode.Conflict)
        {
            created = await read();
        }

        return parse(((System.Text.Json.JsonElement)created).GetRawText());
    }
}
