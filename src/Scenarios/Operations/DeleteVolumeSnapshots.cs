using Harness.Api.Snapshots;
using Harness.Api.SnapshotStorage;
using k8s;

namespace Harness.Scenarios.Operations;

/// <summary>Deletes the VolumeSnapshots of a VM snapshot's content behind the controller's back, as a user cleaning up might.</summary>
public sealed record DeleteVolumeSnapshots(TimeSpan At, string Namespace, string Snapshot) : Operation(At)
{
    public override string Subject => $"vmsnapshot {Namespace}/{Snapshot}";

    public override string Describe() => $"delete the VolumeSnapshots of {Subject} behind the controller's back";

    public override async Task<string> ApplyAsync(OperationContext context)
    {
        var list = await context.Client.CustomObjects.ListNamespacedCustomObjectAsync<VirtualMachineSnapshotContentList>(
            SnapshotApi.Group, SnapshotApi.StorageVersion, Namespace, SnapshotApi.ContentPlural);
        var names = list.Items
            .Where(content => content.Spec.VirtualMachineSnapshotName == Snapshot)
            .SelectMany(content => content.Spec.VolumeBackups ?? [])
            .Select(backup => backup.VolumeSnapshotName)
            .OfType<string>()
            .ToList();
        if (names.Count == 0)
        {
            return "no VolumeSnapshots yet";
        }

        var outcomes = new List<string>();
        foreach (var name in names)
        {
            outcomes.Add(name + " " + await ApiCall.RunAsync(
                "deleted",
                () => context.Client.CustomObjects.DeleteNamespacedCustomObjectAsync(
                    SnapshotStorageApi.Group, SnapshotStorageApi.Version, Namespace, SnapshotStorageApi.VolumeSnapshotPlural, name)));
        }

        return string.Join("; ", outcomes);
    }
}
