using Harness.Api.Snapshots;

namespace Harness.Scenarios.Invariants;

/// <summary>
/// A snapshot past its deadline is <c>Failed</c>; a failed snapshot's content and VolumeSnapshots are gone and its VM
/// is unlocked (checked once the run settled after the faults stopped). A content that was ready when the deadline
/// failed the snapshot stays under <c>Retain</c>, as KubeVirt keeps it (the behaviour reference, §2.8 and §7 note 15:
/// the deadline check comes before the success check, and only an unready content is deleted whatever the policy).
/// </summary>
public sealed class DeadlineFailureCleansUp : IInvariant
{
    /// <summary>Time past the deadline for the controller's requeue to notice it.</summary>
    private static readonly TimeSpan Slack = TimeSpan.FromSeconds(30);

    public string Name => "deadline-failure-cleans-up";

    public string Description => "a snapshot past its deadline is Failed, its content and VolumeSnapshots are gone, its VM unlocked";

    public IEnumerable<Violation> Check(ScenarioObservation observation)
    {
        ArgumentNullException.ThrowIfNull(observation);
        if (observation.Settled is not { } state)
        {
            yield break;
        }

        foreach (var snapshot in state.Snapshots.Where(s => s.Metadata.DeletionTimestamp is null))
        {
            var subject = $"vmsnapshot {snapshot.Metadata.NamespaceProperty}/{snapshot.Metadata.Name}";
            var phase = snapshot.Status?.Phase;
            var created = new DateTimeOffset(DateTime.SpecifyKind(snapshot.Metadata.CreationTimestamp ?? default, DateTimeKind.Utc));
            if (ScenarioObservation.Deadline(snapshot.Spec.FailureDeadline) is { } deadline
                && phase is not (SnapshotApi.PhaseSucceeded or SnapshotApi.PhaseFailed)
                && state.At > created + deadline + Slack)
            {
                yield return new Violation(
                    Name, subject, created + deadline,
                    $"created at {created:HH:mm:ss} with deadline {deadline}, still '{phase}' at {state.At:HH:mm:ss}");
            }

            if (phase != SnapshotApi.PhaseFailed)
            {
                continue;
            }

            foreach (var violation in Leftovers(state, snapshot, subject))
            {
                yield return violation;
            }
        }
    }

    private IEnumerable<Violation> Leftovers(ClusterState state, VirtualMachineSnapshot snapshot, string subject)
    {
        var ns = snapshot.Metadata.NamespaceProperty;
        var contents = state.Contents.Where(c => c.Metadata.NamespaceProperty == ns && c.Spec.VirtualMachineSnapshotName == snapshot.Metadata.Name).ToList();
        var retained = snapshot.Spec.DeletionPolicy == SnapshotApi.DeletionPolicyRetain && contents.Count > 0 && contents.All(c => c.Status?.ReadyToUse == true);
        if (!retained)
        {
            foreach (var content in contents)
            {
                yield return new Violation(Name, subject, state.At, $"Failed, but its content {content.Metadata.Name} still exists at {state.At:HH:mm:ss}");
            }

            var prefix = SnapshotApi.VolumeSnapshotName(snapshot.Metadata.Uid, "");
            foreach (var volumeSnapshot in state.VolumeSnapshots.Where(v => v.Metadata.NamespaceProperty == ns && v.Metadata.Name.StartsWith(prefix, StringComparison.Ordinal)))
            {
                yield return new Violation(Name, subject, state.At, $"Failed, but its VolumeSnapshot {volumeSnapshot.Metadata.Name} still exists at {state.At:HH:mm:ss}");
            }
        }

        var vmName = snapshot.Spec.Source.Name;
        if (state.VirtualMachine(ns, vmName) is { } vm)
        {
            if (vm["status"]?["snapshotInProgress"]?.GetValue<string>() == snapshot.Metadata.Name)
            {
                yield return new Violation(Name, subject, state.At, $"Failed, but VM {ns}/{vmName} still names it in status.snapshotInProgress at {state.At:HH:mm:ss}");
            }

            var lockedByAnother = vm["status"]?["snapshotInProgress"] is not null;
            var finalizers = vm["metadata"]?["finalizers"]?.AsArray().Select(f => f?.GetValue<string>()) ?? [];
            if (!lockedByAnother && finalizers.Contains(SnapshotApi.SourceProtectionFinalizer))
            {
                yield return new Violation(Name, subject, state.At, $"Failed, but VM {ns}/{vmName} keeps the {SnapshotApi.SourceProtectionFinalizer} finalizer with no snapshot in progress");
            }
        }
    }
}
