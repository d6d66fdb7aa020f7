using Harness.Api.GroupSnapshotStorage;
using Harness.Api.Resources;
using Harness.Api.SnapshotStorage;
using k8s;
using k8s.Models;

namespace Harness.Simulators.Tests.Csi.Sidecars;

/// <summary>The world's <c>groupsnapshot.storage.k8s.io</c> objects, as a user writes and reads them.</summary>
internal sealed partial class SidecarWorld
{
    public Task CreateGroupClassAsync(string name, string driver, string deletionPolicy = SnapshotStorageApi.DeletionPolicyDelete) =>
        Client.CustomObjects.CreateClusterCustomObjectAsync(
            new VolumeGroupSnapshotClass
            {
                ApiVersion = GroupSnapshotStorageApi.ApiVersion,
                Kind = GroupSnapshotStorageApi.VolumeGroupSnapshotClassKind,
                Metadata = new V1ObjectMeta { Name = name, Annotations = new Dictionary<string, string> { [GroupSnapshotStorageApi.IsDefaultClassAnnotation] = "true" } },
                Driver = driver,
                DeletionPolicy = deletionPolicy,
            },
            GroupSnapshotStorageApi.Group, GroupSnapshotStorageApi.Version, GroupSnapshotStorageApi.VolumeGroupSnapshotClassPlural);

    public async Task<VolumeGroupSnapshot> CreateGroupSnapshotAsync(string name, IDictionary<string, string> matchLabels) =>
        Convert<VolumeGroupSnapshot>(await Client.CustomObjects.CreateNamespacedCustomObjectAsync(
            new VolumeGroupSnapshot
            {
                ApiVersion = GroupSnapshotStorageApi.ApiVersion,
                Kind = GroupSnapshotStorageApi.VolumeGroupSnapshotKind,
                Metadata = new V1ObjectMeta { Name = name },
                Spec = new VolumeGroupSnapshotSpec { Source = new VolumeGroupSnapshotSource { Selector = new V1LabelSelector { MatchLabels = matchLabels } } },
            },
            GroupSnapshotStorageApi.Group, GroupSnapshotStorageApi.Version, Namespace, GroupSnapshotStorageApi.VolumeGroupSnapshotPlural));

    public async Task<VolumeGroupSnapshot?> GetGroupSnapshotAsync(string name) =>
        await Absent(async () => Convert<VolumeGroupSnapshot>(await Client.CustomObjects.GetNamespacedCustomObjectAsync(
            GroupSnapshotStorageApi.Group, GroupSnapshotStorageApi.Version, Namespace, GroupSnapshotStorageApi.VolumeGroupSnapshotPlural, name)));

    public async Task<VolumeGroupSnapshotContent?> GetGroupContentAsync(string name) =>
        await Absent(async () => Convert<VolumeGroupSnapshotContent>(await Client.CustomObjects.GetClusterCustomObjectAsync(
            GroupSnapshotStorageApi.Group, GroupSnapshotStorageApi.Version, GroupSnapshotStorageApi.VolumeGroupSnapshotContentPlural, name)));

    public Task DeleteGroupSnapshotAsync(string name) =>
        Client.CustomObjects.DeleteNamespacedCustomObjectAsync(GroupSnapshotStorageApi.Group, GroupSnapshotStorageApi.Version, Namespace, GroupSnapshotStorageApi.VolumeGroupSnapshotPlural, name);

    public async Task<IReadOnlyList<VolumeSnapshot>> ListVolumeSnapshotsAsync() =>
        [.. Convert<ResourceList<VolumeSnapshot>>(await Client.CustomObjects.ListNamespacedCustomObjectAsync(SnapshotStorageApi.Group, SnapshotStorageApi.Version, Namespace, SnapshotStorageApi.VolumeSnapshotPlural)).Items];

    public async Task<IReadOnlyList<VolumeSnapshotContent>> ListContentsAsync() =>
        [.. Convert<ResourceList<VolumeSnapshotContent>>(await Client.CustomObjects.ListClusterCustomObjectAsync(SnapshotStorageApi.Group, SnapshotStorageApi.Version, SnapshotStorageApi.VolumeSnapshotContentPlural)).Items];
}
