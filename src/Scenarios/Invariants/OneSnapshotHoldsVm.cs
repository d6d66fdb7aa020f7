using Harness.Api.Snapshots;
using Harness.Scenarios.Cluster.Events;

namespace Harness.Scenarios.Invariants;

/// <summary>
/// At most one snapshot holds a VM: no two snapshots of one VM report <c>Source locked and operation in progress</c>
/// at the same time (a hold ends when the snapshot's Progressing condition changes, it ends, or it is deleted).
/// </summary>
public sealed class OneSnapshotHoldsVm : IInvariant
{
    public string Name => "one-snapshot-holds-vm";

    public string Description => "no two snapshots hold (lock) the same VM at once";

    public IEnumerable<Violation> Check(ScenarioObservation observation)
    {
        ArgumentNullException.ThrowIfNull(observation);
        var holders = new Dictionary<string, (string Snapshot, DomainEvent Since)>(StringComparer.Ordinal);
        foreach (var e in observation.Events)
        {
            if (!e.Subject.StartsWith("vmsnapshot ", StringComparison.Ordinal) || VmOf(observation, e.Subject) is not { } vm)
            {
                continue;
            }

            var holds = e.Kind == DomainEventKind.ConditionChanged
                && e.Detail == $"{SnapshotApi.ConditionProgressing}={SnapshotApi.ConditionTrue}/{SnapshotApi.ReasonSourceLocked}";
            var releases = e.Kind == DomainEventKind.ObjectDeleted
                || (e.Kind == DomainEventKind.ConditionChanged && e.Detail.StartsWith(SnapshotApi.ConditionProgressing + "=", StringComparison.Ordinal) && !holds)
                || (e.Kind == DomainEventKind.PhaseChanged && (e.Detail.EndsWith(SnapshotApi.PhaseSucceeded, StringComparison.Ordinal) || e.Detail.EndsWith(SnapshotApi.PhaseFailed, StringComparison.Ordinal)));
            if (holds)
            {
                if (holders.TryGetValue(vm, out var holder) && holder.Snapshot != e.Subject)
                {
                    yield return new Violation(
                        Name, vm, e.At,
                        $"{e.Subject} holds the VM (#{e.Sequence}) while {holder.Snapshot} holds it since {holder.Since.At:HH:mm:ss} (#{holder.Since.Sequence})");
                }

                holders[vm] = (e.Subject, e);
            }
            else if (releases && holders.TryGetValue(vm, out var current) && current.Snapshot == e.Subject)
            {
                holders.Remove(vm);
            }
        }
    }

    private static string? VmOf(ScenarioObservation observation, string subject) =>
        observation.SnapshotOf(subject) is { } created ? $"vm {created.Namespace}/{created.Vm}" : null;
}
