using System.Text.Json.Nodes;
using Harness.Api.Snapshots;
using Harness.Scenarios.Operations;

namespace Harness.Scenarios.Invariants;

/// <summary>
/// Once every snapshot and restore is deleted: none of them is left hanging on a finalizer, no content or VolumeSnapshot
/// of theirs remains, and no VM stays locked or marked. Kept by design: a content of a <c>Retain</c> snapshot that was
/// ready (it stays when its VolumeSnapshots are deleted behind its back later), and a VolumeSnapshot a still Pending
/// claim is being restored from (the snapshotter protects it, e.g. a WaitForFirstConsumer claim no VMI used yet).
/// </summary>
public sealed class NoOrphans : IInvariant
{
    public string Name => "no-orphans";

    public string Description => "deleting every snapshot and restore leaves no content, VolumeSnapshot, finalizer or VM lock behind";

    public IEnumerable<Violation> Check(ScenarioObservation observation)
    {
        ArgumentNullException.ThrowIfNull(observation);
        if (observation.Cleaned is not { } state)
        {
            yield break;
        }

        foreach (var snapshot in state.Snapshots)
        {
            yield return new Violation(Name, $"vmsnapshot {snapshot.Metadata.NamespaceProperty}/{snapshot.Metadata.Name}", state.At,
                $"deleted, but still there with finalizers [{string.Join(", ", snapshot.Metadata.Finalizers ?? [])}]");
        }

        foreach (var restore in state.Restores)
        {
            yield return new Violation(Name, $"vmrestore {restore.Metadata.NamespaceProperty}/{restore.Metadata.Name}", state.At,
                $"deleted, but still there with finalizers [{string.Join(", ", restore.Metadata.Finalizers ?? [])}]");
        }

        var retained = state.Contents.Where(c => IsRetained(observation, c)).Select(c => c.Metadata.Name).ToHashSet(StringComparer.Ordinal);
        foreach (var content in state.Contents.Where(c => !retained.Contains(c.Metadata.Name)))
        {
            yield return new Violation(Name, $"vmsnapshotcontent {content.Metadata.NamespaceProperty}/{content.Metadata.Name}", state.At,
                $"left behind by vmsnapshot {content.Spec.VirtualMachineSnapshotName} (ready {content.Status?.ReadyToUse ?? false})");
        }

        var keptSnapshots = state.Contents.Where(c => retained.Contains(c.Metadata.Name)).SelectMany(c => c.Spec.VolumeBackups ?? []).Select(b => b.VolumeSnapshotName).ToHashSet(StringComparer.Ordinal);
        keptSnapshots.UnionWith(state.Claims.Where(c => c.Status?.Phase == "Pending" && c.Spec?.DataSource?.Kind == "VolumeSnapshot").Select(c => c.Spec.DataSource.Name));
        foreach (var volumeSnapshot in state.VolumeSnapshots.Where(v => v.Metadata.Name.StartsWith("vmsnapshot-", StringComparison.Ordinal) && !keptSnapshots.Contains(v.Metadata.Name)))
        {
            yield return new Violation(Name, $"volumesnapshot {volumeSnapshot.Metadata.NamespaceProperty}/{volumeSnapshot.Metadata.Name}", state.At,
                $"left behind (owners: {string.Join(", ", volumeSnapshot.Metadata.OwnerReferences?.Select(o => $"{o.Kind} {o.Name}") ?? [])})");
        }

        foreach (var vm in state.VirtualMachines)
        {
            foreach (var problem in Locks(vm))
            {
                yield return new Violation(Name, $"vm {vm["metadata"]?["namespace"]}/{vm["metadata"]?["name"]}", state.At, problem);
            }
        }
    }

    private static bool IsRetained(ScenarioObservation observation, VirtualMachineSnapshotContent content) =>
        content.Spec.VirtualMachineSnapshotName is { } owner
        && observation.SnapshotOperation(content.Metadata.NamespaceProperty, owner)?.DeletionPolicy == SnapshotApi.DeletionPolicyRetain
        && (content.Status?.ReadyToUse == true
            || observation.Scenario.Schedule.Operations.OfType<DeleteVolumeSnapshots>().Any(d => d.Namespace == content.Metadata.NamespaceProperty && d.Snapshot == owner));

    private static IEnumerable<string> Locks(JsonObject vm)
    {
        if (vm["status"]?["snapshotInProgress"]?.GetValue<string>() is { } snapshot)
        {
            yield return $"status.snapshotInProgress still names {snapshot}";
        }

        if (vm["status"]?["restoreInProgress"]?.GetValue<string>() is { } restore)
        {
            yield return $"status.restoreInProgress still names {restore}";
        }

        if (vm["metadata"]?["finalizers"]?.AsArray().Any(f => f?.GetValue<string>() == SnapshotApi.SourceProtectionFinalizer) == true)
        {
            yield return $"still carries the {SnapshotApi.SourceProtectionFinalizer} finalizer";
        }
    }
}
