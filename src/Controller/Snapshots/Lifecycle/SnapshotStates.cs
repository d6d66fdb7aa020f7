using Harness.Api.Snapshots;
using Harness.Controller.Snapshots.Source;

namespace Harness.Controller.Snapshots.Lifecycle;

/// <summary>The snapshot lifecycle's state accessor: the phase from the status, the InProgress substate from the source lock and the content.</summary>
internal static class SnapshotStates
{
    public static SnapshotState Read(VirtualMachineSnapshot snapshot, SourceState? source, VirtualMachineSnapshotContent? content) => snapshot.Status?.Phase switch
    {
        null when snapshot.Status is null => SnapshotState.New,
        SnapshotApi.PhaseSucceeded => SnapshotState.Succeeded,
        SnapshotApi.PhaseFailed => SnapshotState.Failed,
        SnapshotApi.PhaseDeleting => SnapshotState.Deleting,
        _ when content is not null => SnapshotState.ContentCreated,
        _ when source?.IsLockedBy(snapshot.Metadata.Name) == true => SnapshotState.SourceLocked,
        _ => SnapshotState.WaitingForSource,
    };
}
