using Harness.Api.Clients;
using Harness.Api.SnapshotStorage;
using Harness.Simulators.Csi.Snapshotter;
using Harness.Simulators.Csi.Storage;
using k8s;

namespace Harness.Scenarios.Cluster.Adoption;

/// <summary>
/// Makes the CSI backends hold what a loaded dump says they hold: every bound PersistentVolume of one of the cluster's
/// drivers gets its volume (its capacity from the PV), every ready VolumeSnapshotContent its snapshot (its
/// <c>restoreSize</c> and <c>creationTime</c>), with synthetic content (see <see cref="VolumeStore.AdoptVolume"/>).
/// </summary>
public static class StorageAdoption
{
    /// <summary>Adopts into the store of each object's driver (<paramref name="storeOf"/> answers null for drivers the cluster does not run).</summary>
    /// <returns>What was adopted, one line each (<c>volume ID (PV name)</c>, <c>snapshot ID (content name)</c>).</returns>
    public static async Task<IReadOnlyList<string>> AdoptAsync(IKubernetes client, Func<string, VolumeStore?> storeOf, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(client);
        ArgumentNullException.ThrowIfNull(storeOf);
        var adopted = new List<string>();
        foreach (var pv in (await client.CoreV1.ListPersistentVolumeAsync(cancellationToken: cancellationToken)).Items)
        {
            if (pv.Status?.Phase == "Bound" && pv.Spec?.Csi is { Driver: { } driver, VolumeHandle: { } handle } && storeOf(driver) is { } store
                && pv.Spec.Capacity?.TryGetValue("storage", out var capacity) == true
                && store.AdoptVolume(handle, pv.Metadata.Name, capacity.ToInt64()))
            {
                adopted.Add($"volume {handle} (PersistentVolume {pv.Metadata.Name})");
            }
        }

        var contents = new CustomResourceClient<VolumeSnapshotContent>(client);
        foreach (var content in (await contents.ListAsync(cancellationToken: cancellationToken)).Items)
        {
            if (content is { Status: { ReadyToUse: true, SnapshotHandle: { } snapshot } status, Spec: { Driver: { } driver } spec }
                && storeOf(driver) is { } store
                && store.AdoptSnapshot(
                    snapshot,
                    CsiSnapshotter.SnapshotNamePrefix + spec.VolumeSnapshotRef?.Uid,
                    spec.Source?.VolumeHandle ?? "",
                    status.RestoreSize ?? 0,
                    DateTimeOffset.UnixEpoch.AddTicks((status.CreationTime ?? 0) / 100)))
            {
                adopted.Add($"snapshot {snapshot} (VolumeSnapshotContent {content.Metadata.Name})");
            }
        }

        return adopted;
    }
}
