using System.Text.Json.Nodes;
using Harness.Api.Clients;
using Harness.Api.Snapshots;
using Harness.Api.SnapshotStorage;
using Harness.Scenarios.Invariants;
using k8s;
using k8s.Models;

namespace Harness.Scenarios.Running;

/// <summary>Reads a <see cref="ClusterState"/> from the API server and the CSI drivers' backends.</summary>
internal sealed class StateReader(IScenarioCluster cluster, IReadOnlyDictionary<string, string> firstBootHashes, JournalCutReader journals)
{
    private IKubernetes Client => cluster.Client;

    /// <param name="withContent">Also read contents, VolumeSnapshots and volumes, and hash the volumes and snapshots (costly; only for the states the invariants read).</param>
    public async Task<ClusterState> ReadAsync(bool withContent)
    {
        var snapshots = await ListAsync<VirtualMachineSnapshot>();
        var restores = await ListAsync<VirtualMachineRestore>();
        var vms = (await Client.CustomObjects.ListClusterCustomObjectAsync<JsonObject>("kubevirt.io", "v1", "virtualmachines"))["items"]?.AsArray().OfType<JsonObject>().ToList() ?? [];
        var claims = (await Client.CoreV1.ListPersistentVolumeClaimForAllNamespacesAsync()).Items.ToList();
        if (!withContent)
        {
            return new ClusterState(cluster.Time.GetUtcNow(), snapshots, [], restores, [], [], vms, claims, [], new Dictionary<string, string>(), new Dictionary<string, string>());
        }

        var contents = await ListAsync<VirtualMachineSnapshotContent>();
        var volumeSnapshots = await ListAsync<VolumeSnapshot>();
        var volumeSnapshotContents = await ListAsync<VolumeSnapshotContent>();
        var volumes = (await Client.CoreV1.ListPersistentVolumeAsync()).Items.ToList();
        var volumeHashes = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var handle in volumes.Select(v => v.Spec?.Csi?.VolumeHandle).OfType<string>())
        {
            if ((firstBootHashes.GetValueOrDefault(handle) ?? cluster.VolumeHash(handle)) is { } hash)
            {
                volumeHashes[handle] = hash;
            }
        }

        var snapshotHashes = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var handle in volumeSnapshotContents.Select(c => c.Status?.SnapshotHandle).OfType<string>())
        {
            if (cluster.SnapshotHash(handle) is { } hash)
            {
                snapshotHashes[handle] = hash;
            }
        }

        var state = new ClusterState(
            cluster.Time.GetUtcNow(), snapshots, contents, restores, volumeSnapshots, volumeSnapshotContents, vms, claims, volumes, volumeHashes, snapshotHashes);
        return state with { SnapshotJournals = await journals.ReadAsync(state) };
    }

    private async Task<IReadOnlyList<T>> ListAsync<T>()
        where T : class, IKubernetesObject<V1ObjectMeta> =>
        [.. (await new CustomResourceClient<T>(Client).ListAsync()).Items];
}
