using Harness.Api.Clients;
using Harness.Api.Snapshots;
using Harness.Api.SnapshotStorage;

namespace Harness.Scenarios.Operations;

/// <summary>Deletes the VolumeSnapshots of a VM snapshot's content behind the controller's back, as a user cleaning up might.</summary>
public sealed record DeleteVolumeSnapshots(TimeSpan At, string Namespace, string Snapshot) : Operation(At)
{
    public override string Subject => $"vmsnapshot {Namespace}/{Snapshot}";

    public override string Describe() => $"delete the VolumeSnapshots of {Subject} behind the controller's back";

    public override async Task<string> ApplyAsync(OperationContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var list = await new CustomResourceClient<VirtualMachineSnapshotContent>(context.Client).ListAsync(Namespace);
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

        var volumeSnapshots = new CustomResourceClient<VolumeSnapshot>(context.Client);
        var outcomes = new List<string>();
        foreach (var name in names)
        {
            outcomes.Add(name + " " + await ApiCall.RunAsync("deleted", () => volumeSnapshots.DeleteAsync(Namespace, name)));
        }

        return string.Join("; ", outcomes);
    }
}
