using Harness.Api.Snapshots;
using Harness.Scenarios.Cluster.Events;

namespace Harness.Scenarios.Invariants;

/// <summary>Succeeded and Failed snapshots and complete restores never change phase again; a restore's Failure condition, once True, stays.</summary>
public sealed class EndedIsFinal : IInvariant
{
    private static readonly string FailureTrue = $"{SnapshotApi.ConditionFailure}={SnapshotApi.ConditionTrue}/";

    public string Name => "ended-is-final";

    public string Description => "Succeeded, Failed and complete are final";

    public IEnumerable<Violation> Check(ScenarioObservation observation)
    {
        ArgumentNullException.ThrowIfNull(observation);
        foreach (var change in PhaseChange.In(observation.Events).Where(c => PhaseChange.IsFinal(c.Before)))
        {
            yield return new Violation(Name, change.Event.Subject, change.Event.At, $"left the final phase '{change.Before}' for '{change.After}' (#{change.Event.Sequence})");
        }

        var failed = new Dictionary<string, DomainEvent>(StringComparer.Ordinal);
        foreach (var e in observation.Events.Where(e => e.Subject.StartsWith("vmrestore ", StringComparison.Ordinal)))
        {
            if (failed.TryGetValue(e.Subject, out var failure)
                && ((e.Kind == DomainEventKind.ConditionChanged && e.Detail.StartsWith(SnapshotApi.ConditionFailure + "=", StringComparison.Ordinal)) || e.Kind == DomainEventKind.PhaseChanged))
            {
                yield return new Violation(Name, e.Subject, e.At, $"failed at {failure.At:HH:mm:ss} (#{failure.Sequence}, {failure.Detail}) but changed again: {e.Kind} {e.Detail} (#{e.Sequence})");
            }
            else if (e.Kind == DomainEventKind.ConditionChanged && e.Detail.StartsWith(FailureTrue, StringComparison.Ordinal))
            {
                failed.TryAdd(e.Subject, e);
            }
        }
    }
}
