using Harness.Scenarios.Cluster.Components;
using Harness.Scenarios.Cluster.Events;
using Harness.Scenarios.Operations;

namespace Harness.Scenarios.Invariants;

/// <summary>
/// Every guest freeze is followed by a thaw (or the guest stops) on every path, and no guest stays frozen longer than
/// the deadline of the snapshots of its VM allows (a snapshot without a deadline allows any time).
/// </summary>
public sealed class ThawFollowsFreeze : IInvariant
{
    /// <summary>Time beyond the deadline for the auto-thaw or the controller's cleanup to arrive.</summary>
    private static readonly TimeSpan Slack = TimeSpan.FromSeconds(10);

    public string Name => "thaw-follows-freeze";

    public string Description => "every guest freeze is followed by a thaw, within its snapshot's deadline";

    public IEnumerable<Violation> Check(ScenarioObservation observation)
    {
        ArgumentNullException.ThrowIfNull(observation);
        var frozenSince = new Dictionary<string, DomainEvent>(StringComparer.Ordinal);
        foreach (var e in observation.Events)
        {
            switch (e.Kind)
            {
                case DomainEventKind.GuestFrozen:
                    frozenSince.TryAdd(e.Subject, e);
                    break;
                case DomainEventKind.GuestThawed or DomainEventKind.GuestStopped when frozenSince.Remove(e.Subject, out var frozen):
                    if (Allowed(observation, e.Subject) is { } allowed && e.At - frozen.At > allowed + Slack)
                    {
                        yield return new Violation(
                            Name, e.Subject, e.At,
                            $"frozen at {frozen.At:HH:mm:ss} (event #{frozen.Sequence}) until {e.At:HH:mm:ss} ({e.Kind}, #{e.Sequence}): {e.At - frozen.At}, longer than its snapshots' deadline {allowed} allows");
                    }

                    break;
            }
        }

        var end = observation.Events.Count > 0 ? observation.Events[^1].At : observation.FaultsEnded;
        foreach (var (guest, frozen) in frozenSince.OrderBy(f => f.Key, StringComparer.Ordinal))
        {
            yield return new Violation(
                Name, guest, frozen.At,
                $"frozen at {frozen.At:HH:mm:ss} (event #{frozen.Sequence}, {frozen.Detail}) and never thawed; the run ended at {end:HH:mm:ss}, after every snapshot and restore was deleted");
        }
    }

    /// <summary>The longest deadline among the schedule's snapshots of the guest's VM; null when one has none.</summary>
    private static TimeSpan? Allowed(ScenarioObservation observation, string guest)
    {
        var deadlines = observation.Scenario.Schedule.Operations.OfType<CreateSnapshot>()
            .Where(s => ComponentNames.Guest(s.Namespace, s.Vm) == guest)
            .Select(s => ScenarioObservation.Deadline(s.FailureDeadline))
            .ToList();
        return deadlines.Count == 0 || deadlines.Any(d => d is null) ? null : deadlines.Max();
    }
}
