using Harness.Api.Snapshots;
using Harness.Scenarios.Cluster.Events;

namespace Harness.Scenarios.Invariants;

/// <summary>A <see cref="DomainEventKind.PhaseChanged"/> event of a snapshot or restore, read back: <c>before -> after</c>.</summary>
internal sealed record PhaseChange(DomainEvent Event, string Before, string After)
{
    private const string Arrow = " -> ";

    public bool IsRestore => Event.Subject.StartsWith("vmrestore ", StringComparison.Ordinal);

    public static IEnumerable<PhaseChange> In(IEnumerable<DomainEvent> events) =>
        events.Where(e => e.Kind == DomainEventKind.PhaseChanged && e.Detail.Contains(Arrow, StringComparison.Ordinal))
            .Select(e =>
            {
                var arrow = e.Detail.IndexOf(Arrow, StringComparison.Ordinal);
                return new PhaseChange(e, e.Detail[..arrow], e.Detail[(arrow + Arrow.Length)..]);
            });

    /// <summary>How far along a phase is: unset, in progress, then ended (or deleting).</summary>
    public static int Rank(string phase) => phase switch
    {
        SnapshotApi.PhaseInProgress or "Incomplete" => 1,
        SnapshotApi.PhaseSucceeded or SnapshotApi.PhaseFailed or SnapshotApi.PhaseDeleting or "Complete" => 2,
        _ => 0,
    };

    public static bool IsFinal(string phase) => phase is SnapshotApi.PhaseSucceeded or SnapshotApi.PhaseFailed or "Complete";
}
