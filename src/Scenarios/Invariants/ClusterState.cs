using System.Text.Json.Nodes;
using Harness.Api.Snapshots;
using Harness.Api.SnapshotStorage;
using Harness.Simulators.GuestAgent;
using k8s.Models;

namespace Harness.Scenarios.Invariants;

/// <summary>
/// What the API server and the storage backends held at one moment of a run: the objects the invariants look at, and
/// the content hashes of the backends' volumes and snapshots (a restored volume's hash is taken when a guest first
/// boots on it, before the guest writes).
/// </summary>
/// <param name="VolumeHashes">Content hash per CSI volume id.</param>
/// <param name="SnapshotHashes">Content hash per CSI snapshot id (the VolumeSnapshotContent's <c>snapshotHandle</c>).</param>
/// <param name="SnapshotJournals">The guest journal each snapshot promising one frozen cut holds, by <c>namespace/name</c> (where its disks are known).</param>
public sealed record ClusterState(
    DateTimeOffset At,
    IReadOnlyList<VirtualMachineSnapshot> Snapshots,
    IReadOnlyList<VirtualMachineSnapshotContent> Contents,
    IReadOnlyList<VirtualMachineRestore> Restores,
    IReadOnlyList<VolumeSnapshot> VolumeSnapshots,
    IReadOnlyList<VolumeSnapshotContent> VolumeSnapshotContents,
    IReadOnlyList<JsonObject> VirtualMachines,
    IReadOnlyList<V1PersistentVolumeClaim> Claims,
    IReadOnlyList<V1PersistentVolume> Volumes,
    IReadOnlyDictionary<string, string> VolumeHashes,
    IReadOnlyDictionary<string, string> SnapshotHashes,
    IReadOnlyDictionary<string, JournalCheckResult>? SnapshotJournals = null)
{
    public VirtualMachineSnapshot? Snapshot(string namespaceName, string name) =>
        Snapshots.FirstOrDefault(s => s.Metadata.NamespaceProperty == namespaceName && s.Metadata.Name == name);

    public VolumeSnapshot? VolumeSnapshot(string namespaceName, string name) =>
        VolumeSnapshots.FirstOrDefault(s => s.Metadata.NamespaceProperty == namespaceName && s.Metadata.Name == name);

    public JsonObject? VirtualMachine(string namespaceName, string name) =>
        VirtualMachines.FirstOrDefault(vm => vm["metadata"]?["namespace"]?.GetValue<string>() == namespaceName && vm["metadata"]?["name"]?.GetValue<string>() == name);

    /// <summary>The claims of VM <paramref name="namespaceName"/>/<paramref name="vmName"/>'s volumes (by claim or DataVolume) that are not bound.</summary>
    public IEnumerable<string> UnboundClaims(string namespaceName, string vmName)
    {
        var volumes = VirtualMachine(namespaceName, vmName)?["spec"]?["template"]?["spec"]?["volumes"]?.AsArray() ?? [];
        foreach (var volume in volumes)
        {
            var claim = (volume?["persistentVolumeClaim"]?["claimName"] ?? volume?["dataVolume"]?["name"])?.GetValue<string>();
            var phase = Claims.FirstOrDefault(c => c.Metadata.NamespaceProperty == namespaceName && c.Metadata.Name == claim)?.Status?.Phase;
            if (claim is not null && phase != "Bound")
            {
                yield return claim;
            }
        }
    }

    /// <summary>The CSI volume id behind claim <paramref name="namespaceName"/>/<paramref name="claim"/>, when it is bound.</summary>
    public string? VolumeHandle(string namespaceName, string claim)
    {
        var bound = Claims.FirstOrDefault(c => c.Metadata.NamespaceProperty == namespaceName && c.Metadata.Name == claim)?.Spec?.VolumeName;
        return bound is null ? null : Volumes.FirstOrDefault(v => v.Metadata.Name == bound)?.Spec?.Csi?.VolumeHandle;
    }

    /// <summary>The CSI snapshot id behind VolumeSnapshot <paramref name="namespaceName"/>/<paramref name="name"/>, when it is bound and cut.</summary>
    public string? SnapshotHandle(string namespaceName, string name)
    {
        var bound = VolumeSnapshot(namespaceName, name)?.Status?.BoundVolumeSnapshotContentName;
        return bound is null ? null : VolumeSnapshotContents.FirstOrDefault(c => c.Metadata.Name == bound)?.Status?.SnapshotHandle;
    }
}
