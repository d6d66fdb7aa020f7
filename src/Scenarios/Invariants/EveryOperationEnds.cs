using Harness.Api.Snapshots;
using Harness.Api.SnapshotStorage;

namespace Harness.Scenarios.Invariants;

/// <summary>
/// Liveness under fair scheduling: once the faults stopped, every snapshot ends (Succeeded or Failed) and every restore
/// ends (complete, or failed by its readiness policy) — except what rightly waits: a restore whose snapshot cannot be
/// restored from (gone, failed or not ready), a snapshot without a deadline whose source has a claim that is not
/// bound (KubeVirt locks only bound volumes, §2.3: a stopped VM's claim on WaitForFirstConsumer storage never binds),
/// and a restore one of whose claims is Pending on a VolumeSnapshot deleted meanwhile. That one deadlocks on a real
/// cluster: external-snapshotter keeps the VolumeSnapshot (and its content) while a Pending claim restores from it
/// (<c>checkandRemoveSnapshotFinalizersAndCheckandDeleteContent</c>, <c>isVolumeBeingCreatedFromSnapshot</c>),
/// external-provisioner refuses a VolumeSnapshot with a deletionTimestamp (<c>getSnapshotSource</c>: "snapshot ... is
/// currently being deleted"), KubeVirt's VMSC still finds the VolumeSnapshot ready, and its restore controller waits
/// for a Pending claim of Immediate storage without a deadline (<c>reconcileVolumeRestores</c>, §3.4).
/// </summary>
public sealed class EveryOperationEnds : IInvariant
{
    public string Name => "every-operation-ends";

    public string Description => "every snapshot and restore ends once the faults stop";

    public IEnumerable<Violation> Check(ScenarioObservation observation)
    {
        ArgumentNullException.ThrowIfNull(observation);
        if (observation.Settled is not { } state)
        {
            return [];
        }

        var waited = state.At - observation.FaultsEnded;
        return Pending(state).Select(p => new Violation(Name, p.Subject, state.At, $"{p.Problem} {waited} after the faults stopped{p.Conditions}"));
    }

    /// <summary>The snapshots and restores of <paramref name="state"/> that have not ended and should.</summary>
    public static IEnumerable<(string Subject, string Problem, string Conditions)> Pending(ClusterState state)
    {
        ArgumentNullException.ThrowIfNull(state);
        foreach (var snapshot in state.Snapshots.Where(s => s.Metadata.DeletionTimestamp is null))
        {
            if (snapshot.Status?.Phase is not (SnapshotApi.PhaseSucceeded or SnapshotApi.PhaseFailed) && !WaitsForUnboundSource(state, snapshot))
            {
                yield return ($"vmsnapshot {snapshot.Metadata.NamespaceProperty}/{snapshot.Metadata.Name}", $"still '{snapshot.Status?.Phase}'", Conditions.Describe(snapshot.Status?.Conditions));
            }
        }

        foreach (var restore in state.Restores.Where(r => r.Metadata.DeletionTimestamp is null))
        {
            var ended = restore.Status?.Complete == true || Conditions.Find(restore.Status?.Conditions, SnapshotApi.ConditionFailure)?.Status == SnapshotApi.ConditionTrue;
            var source = state.Snapshot(restore.Metadata.NamespaceProperty, restore.Spec.VirtualMachineSnapshotName);
            if (!ended && source?.Status is { Phase: SnapshotApi.PhaseSucceeded, ReadyToUse: true } && !WaitsForDeletedVolumeSnapshot(state, restore))
            {
                yield return (
                    $"vmrestore {restore.Metadata.NamespaceProperty}/{restore.Metadata.Name}",
                    $"not complete though its snapshot {restore.Spec.VirtualMachineSnapshotName} is ready,",
                    Conditions.Describe(restore.Status?.Conditions));
            }
        }
    }

    private static bool WaitsForDeletedVolumeSnapshot(ClusterState state, VirtualMachineRestore restore) =>
        (restore.Status?.Restores ?? []).Any(volume =>
            state.Claims.FirstOrDefault(c => c.Metadata.NamespaceProperty == restore.Metadata.NamespaceProperty && c.Metadata.Name == volume.PersistentVolumeClaim) is
                { Status.Phase: "Pending", Spec.DataSource: { Kind: SnapshotStorageApi.VolumeSnapshotKind } dataSource }
            && state.VolumeSnapshot(restore.Metadata.NamespaceProperty, dataSource.Name)?.Metadata.DeletionTimestamp is not null);

    private static bool WaitsForUnboundSource(ClusterState state, VirtualMachineSnapshot snapshot) =>
        ScenarioObservation.Deadline(snapshot.Spec.FailureDeadline) is null
        && state.UnboundClaims(snapshot.Metadata.NamespaceProperty, snapshot.Spec.Source.Name).Any();
}
