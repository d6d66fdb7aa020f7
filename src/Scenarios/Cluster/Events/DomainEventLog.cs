namespace Harness.Scenarios.Cluster.Events;

/// <summary>
/// The cluster's ordered record of observable facts (<see cref="DomainEvent"/>): what the invariants read and what a
/// failure report shows. Appends come from the components' own flows; the order is the order they happened in.
/// </summary>
public sealed class DomainEventLog(TimeProvider time)
{
    private readonly Lock gate = new();
    private readonly List<DomainEvent> events = [];

    /// <summary>Raised after each append, on the appending flow.</summary>
    public event Action<DomainEvent>? Recorded;

    public IReadOnlyList<DomainEvent> Events
    {
        get
        {
            lock (gate)
            {
                return [.. events];
            }
        }
    }

    public DomainEvent Record(string component, DomainEventKind kind, string subject, string detail = "")
    {
        DomainEvent recorded;
        lock (gate)
        {
            recorded = new DomainEvent(events.Count, time.GetUtcNow(), component, kind, subject, detail);
            events.Add(recorded);
        }

        Recorded?.Invoke(recorded);
        return recorded;
    }

    /// <summary>Whether a guest froze and has neither thawed nor stopped since.</summary>
    public bool AnyGuestFrozen()
    {
        var frozen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var e in Events)
        {
            if (e.Kind == DomainEventKind.GuestFrozen)
            {
                frozen.Add(e.Subject);
            }
            else if (e.Kind is DomainEventKind.GuestThawed or DomainEventKind.GuestStopped)
            {
                frozen.Remove(e.Subject);
            }
        }

        return frozen.Count > 0;
    }

    /// <summary>The events of <paramref name="kind"/> about <paramref name="subject"/> (any subject when null), in order.</summary>
    public IReadOnlyList<DomainEvent> Of(DomainEventKind kind, string? subject = null) =>
        [.. Events.Where(e => e.Kind == kind && (subject is null || e.Subject == subject))];
}
