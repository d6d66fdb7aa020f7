using Harness.Scenarios.Cluster.Events;
using Harness.Scenarios.Invariants;

namespace Harness.Scenarios.Running;

/// <summary>One run of a scenario: its trace hash (equal runs, equal hashes), its size, its event log and what it violated.</summary>
/// <param name="Steps">Scheduler steps the run took.</param>
/// <param name="VirtualTime">Virtual time the run covered.</param>
/// <param name="ApiRequests">Requests the API server handled in the run (watches and the set-up included).</param>
/// <param name="Trace">Every scheduler step as text, when the runner keeps it.</param>
/// <param name="FrozenCutsRead">Guest-agent snapshots whose frozen cut was judged from their volumes' bytes.</param>
public sealed record ScenarioResult(
    Scenario Scenario,
    string TraceHash,
    long Steps,
    TimeSpan VirtualTime,
    long ApiRequests,
    IReadOnlyList<DomainEvent> Events,
    IReadOnlyList<Violation> Violations,
    string? Trace = null,
    int FrozenCutsRead = 0)
{
    public bool Passed => Violations.Count == 0;
}
