using Harness.Api.Snapshots;
using Harness.Durations;
using Harness.Scenarios.Cluster.Events;
using Harness.Scenarios.Operations;
using Harness.Scenarios.Running;

namespace Harness.Scenarios.Invariants;

/// <summary>
/// What a run of a scenario showed: its event log, the state once it settled after the faults stopped
/// (<see cref="Settled"/>), and the state after every snapshot and restore was deleted (<see cref="Cleaned"/>).
/// </summary>
/// <param name="FaultsEnded">When the schedule ended and every component was healed.</param>
/// <param name="RunFailure">Why the run itself failed (deadlock, step limit, determinism, an exception), or null.</param>
public sealed record ScenarioObservation(
    Scenario Scenario,
    IReadOnlyList<DomainEvent> Events,
    ClusterState? Settled,
    ClusterState? Cleaned,
    DateTimeOffset FaultsEnded,
    string? RunFailure)
{
    /// <summary>Guest-agent snapshots whose frozen cut the settled state judged from their volumes' bytes.</summary>
    public int FrozenCutsRead => Settled?.SnapshotJournals?.Count ?? 0;

    /// <summary>The VM a snapshot of the schedule is of (null for a snapshot the schedule did not create).</summary>
    public CreateSnapshot? SnapshotOperation(string namespaceName, string name) =>
        Scenario.Schedule.Operations.OfType<CreateSnapshot>().FirstOrDefault(s => s.Namespace == namespaceName && s.Name == name);

    /// <summary>The schedule's creation of the snapshot an event subject (<c>vmsnapshot ns/name</c>) names, or null.</summary>
    public CreateSnapshot? SnapshotOf(string subject)
    {
        const string Prefix = "vmsnapshot ";
        var slash = subject.IndexOf('/', StringComparison.Ordinal);
        return subject.StartsWith(Prefix, StringComparison.Ordinal) && slash > 0
            ? SnapshotOperation(subject[Prefix.Length..slash], subject[(slash + 1)..])
            : null;
    }

    /// <summary>A snapshot's failure deadline; null when it has none (<c>0s</c>).</summary>
    public static TimeSpan? Deadline(string? failureDeadline)
    {
        var deadline = failureDeadline is null ? SnapshotApi.DefaultFailureDeadline
            : GoDuration.TryParse(failureDeadline, out var parsed) ? parsed
            : throw new FormatException($"failureDeadline '{failureDeadline}' is not a Go duration");
        return deadline == TimeSpan.Zero ? null : deadline;
    }
}
