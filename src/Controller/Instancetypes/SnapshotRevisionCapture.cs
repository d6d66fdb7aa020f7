using Harness.Api.KubeVirt;
using Harness.Api.Resources;
using Harness.Api.Snapshots;
using k8s;
using k8s.Models;

namespace Harness.Controller.Instancetypes;

/// <summary>
/// What a snapshot keeps of a VM's instance type and preference (KubeVirt's <c>captureInstancetypeControllerRevisions</c>,
/// §2.4): each ControllerRevision the captured VM is pinned to is copied under its name with the VM's name replaced
/// by the snapshot's, owned by the snapshot (so it goes with it), and the captured VM is pinned to the copy.
/// </summary>
internal static class SnapshotRevisionCapture
{
    /// <exception cref="InvalidOperationException">A revision the VM is pinned to does not exist.</exception>
    public static async Task CaptureAsync(IKubernetes client, VirtualMachineSnapshot snapshot, VirtualMachine captured, CancellationToken ct)
    {
        var ns = snapshot.Metadata.NamespaceProperty;
        foreach (var matcher in PinnedRevisions.Of(captured.Spec))
        {
            var original = await RevisionCopy.TryReadAsync(client, ns, matcher.RevisionName!, ct)
                ?? throw new InvalidOperationException($"Unable to fetch ControllerRevision {ns}/{matcher.RevisionName}");
            var name = RevisionCopy.Renamed(original.Metadata.Name, snapshot.Spec.Source.Name ?? "", snapshot.Metadata.Name);
            await RevisionCopy.CreateAsync(client, RevisionCopy.Of(original, name, Owner(snapshot)), ct);
            matcher.RevisionName = name;
        }
    }

    private static V1OwnerReference Owner(VirtualMachineSnapshot snapshot)
        => ControllerReference.To(SnapshotApi.StorageApiVersion, SnapshotApi.SnapshotKind, snapshot.Metadata.Name, snapshot.Metadata.Uid);
}
