using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using Harness.Api.GroupSnapshotStorage;
using Harness.Api.SnapshotStorage;
using Harness.Reconciling;
using Harness.Simulators.Csi.Sidecars;
using k8s;
using k8s.Models;

namespace Harness.Simulators.Csi.Snapshotter.Groups;

/// <summary>
/// The group snapshot halves of external-snapshotter v8.2 (CSIVolumeGroupSnapshot on): the common controller binds a
/// VolumeGroupSnapshot whose selector picks bound claims of one driver to a VolumeGroupSnapshotContent, and once the
/// group is cut creates a member VolumeSnapshot and VolumeSnapshotContent per volume (owned by the group, bound to
/// each other, the content carrying the member's snapshot handle); the CSI sidecar cuts the group with
/// CreateVolumeGroupSnapshot, follows it with GetVolumeGroupSnapshot and deletes it with DeleteVolumeGroupSnapshot
/// per the deletion policy. It runs on the snapshotter's host and reads its informers.
/// </summary>
internal sealed partial class CsiGroupSnapshotter
{
    private const string ContentNamePrefix = "groupsnapcontent-";
    private const string GroupSnapshotNamePrefix = "groupsnapshot-";

    private readonly CsiSidecar sidecar;
    private readonly Informer<VolumeGroupSnapshotClass> classes;
    private readonly Informer<VolumeGroupSnapshot> groups;
    private readonly Informer<VolumeGroupSnapshotContent> contents;
    private readonly WorkQueue<ObjectKey> groupQueue;
    private readonly WorkQueue<ObjectKey> contentQueue;

    public CsiGroupSnapshotter(CsiSidecar sidecar)
    {
        this.sidecar = sidecar;
        classes = Inform<VolumeGroupSnapshotClass>(GroupSnapshotStorageApi.VolumeGroupSnapshotClassPlural);
        groups = Inform<VolumeGroupSnapshot>(GroupSnapshotStorageApi.VolumeGroupSnapshotPlural);
        contents = Inform<VolumeGroupSnapshotContent>(GroupSnapshotStorageApi.VolumeGroupSnapshotContentPlural);
        groupQueue = sidecar.Reconcile("VolumeGroupSnapshot", ReconcileGroupAsync);
        contentQueue = sidecar.Reconcile("VolumeGroupSnapshotContent", ReconcileContentAsync);

        groups.OnChange(vgs => groupQueue.Add(ObjectKey.Of(vgs)));
        contents.OnChange(content =>
        {
            contentQueue.Add(ObjectKey.Of(content));
            if (content.Spec.VolumeGroupSnapshotRef is { Name: { } name } reference)
            {
                groupQueue.Add(ObjectKey.Of(reference.NamespaceProperty, name));
            }
        });
        classes.OnChange(_ => EnqueueGroups(vgs => vgs.Status?.BoundVolumeGroupSnapshotContentName is null));
        sidecar.Claims.OnChange(pvc => EnqueueGroups(vgs => vgs.Metadata.NamespaceProperty == pvc.Metadata.NamespaceProperty && vgs.Status?.BoundVolumeGroupSnapshotContentName is null));
        sidecar.Snapshots.OnChange(vs =>
        {
            if (OwningGroup(vs) is { } owner)
            {
                groupQueue.Add(ObjectKey.Of(vs.Metadata.NamespaceProperty, owner.Name));
            }
        });
        sidecar.Contents.OnChange(content =>
        {
            if (content.Spec.VolumeSnapshotRef is { } reference && sidecar.Snapshots.Get(ObjectKey.Of(reference.NamespaceProperty, reference.Name)) is { } vs && OwningGroup(vs) is { } owner)
            {
                groupQueue.Add(ObjectKey.Of(vs.Metadata.NamespaceProperty, owner.Name));
            }
        });
    }

    /// <summary>The VolumeGroupSnapshot a member VolumeSnapshot belongs to, by its owner reference.</summary>
    public static V1OwnerReference? OwningGroup(VolumeSnapshot vs) =>
        vs.Metadata.OwnerReferences?.FirstOrDefault(o => o.Kind == GroupSnapshotStorageApi.VolumeGroupSnapshotKind && o.ApiVersion == GroupSnapshotStorageApi.ApiVersion);

    /// <summary>Whether a VolumeSnapshotContent holds a snapshot cut in a group (it is not cut or deleted alone).</summary>
    public static bool IsMember(VolumeSnapshotContent content) =>
        content.Metadata.Annotations?.ContainsKey(GroupSnapshotStorageApi.VolumeGroupSnapshotHandleAnnotation) == true
        || content.Status?.VolumeGroupSnapshotHandle is not null;

    /// <summary>The VolumeSnapshot of a volume in a group, named after the group's UID and the volume handle as external-snapshotter names it.</summary>
    private static string MemberSnapshotName(VolumeGroupSnapshot vgs, string volumeHandle) => "snapshot-" + MemberHash(vgs, volumeHandle);

    private static string MemberContentName(VolumeGroupSnapshot vgs, string volumeHandle) => "snapcontent-" + MemberHash(vgs, volumeHandle);

    private static string MemberHash(VolumeGroupSnapshot vgs, string volumeHandle) =>
        Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(vgs.Metadata.Uid + volumeHandle)));

    private IEnumerable<VolumeSnapshot> Members(VolumeGroupSnapshot vgs) =>
        sidecar.Snapshots.List().Where(vs => vs.Metadata.NamespaceProperty == vgs.Metadata.NamespaceProperty && OwningGroup(vs)?.Uid == vgs.Metadata.Uid);

    private void EnqueueGroups(Func<VolumeGroupSnapshot, bool> predicate)
    {
        foreach (var vgs in groups.List().Where(predicate))
        {
            groupQueue.Add(ObjectKey.Of(vgs));
        }
    }

    private Informer<T> Inform<T>(string plural)
        where T : class, IKubernetesObject<V1ObjectMeta>
        => sidecar.Host.Inform(InformerSources.Custom<T>(sidecar.Client, GroupSnapshotStorageApi.Group, GroupSnapshotStorageApi.Version, plural));

    private Task PatchGroupAsync(VolumeGroupSnapshot vgs, V1Patch patch, CancellationToken cancellationToken) =>
        sidecar.Client.CustomObjects.PatchNamespacedCustomObjectAsync(
            patch, GroupSnapshotStorageApi.Group, GroupSnapshotStorageApi.Version, vgs.Metadata.NamespaceProperty, GroupSnapshotStorageApi.VolumeGroupSnapshotPlural, vgs.Metadata.Name,
            cancellationToken: cancellationToken);

    private Task PatchGroupStatusAsync(VolumeGroupSnapshot vgs, JsonObject status, CancellationToken cancellationToken) =>
        sidecar.Client.CustomObjects.PatchNamespacedCustomObjectStatusAsync(
            MergePatches.Of(new JsonObject { ["status"] = status }),
            GroupSnapshotStorageApi.Group, GroupSnapshotStorageApi.Version, vgs.Metadata.NamespaceProperty, GroupSnapshotStorageApi.VolumeGroupSnapshotPlural, vgs.Metadata.Name,
            cancellationToken: cancellationToken);

    private Task PatchContentAsync(string name, V1Patch patch, CancellationToken cancellationToken) =>
        sidecar.Client.CustomObjects.PatchClusterCustomObjectAsync(
            patch, GroupSnapshotStorageApi.Group, GroupSnapshotStorageApi.Version, GroupSnapshotStorageApi.VolumeGroupSnapshotContentPlural, name, cancellationToken: cancellationToken);
}
