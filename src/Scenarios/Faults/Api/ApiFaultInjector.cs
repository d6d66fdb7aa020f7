using Harness.Runtime.Randomness;

namespace Harness.Scenarios.Faults.Api;

/// <summary>
/// Chooses the faults one component's client meets, from that client's own random stream, in the order its requests
/// reach the server (one at a time: a live run's requests arrive on several threads).
/// </summary>
public sealed class ApiFaultInjector
{
    private const int MaxDelaySeconds = 30;
    private static readonly ApiFaultKind[] WatchKinds =
        [ApiFaultKind.WatchClosed, ApiFaultKind.WatchExpired, ApiFaultKind.WatchDelayed, ApiFaultKind.WatchDuplicated, ApiFaultKind.WatchDropped];

    private readonly ApiFaults plan;
    private readonly SimulationRandom random;
    private readonly Action<string, string, string> record;

    internal ApiFaultInjector(ApiFaults plan, string component, SimulationRandom random, Action<string, string, string> record)
    {
        this.plan = plan;
        Component = component;
        this.random = random;
        this.record = record;
    }

    /// <summary>The component whose client this is.</summary>
    public string Component { get; }

    /// <summary>The fault answering this request instead of the server, or null: none, or a watch (<see cref="ChooseWatchFault"/>).</summary>
    public ApiFaultKind? ChooseRequestFault(ApiRequestTarget target, bool aggregated)
    {
        ArgumentNullException.ThrowIfNull(target);
        lock (random)
        {
            return target.IsWatch || plan.RequestChance == 0 || random.NextDouble() >= plan.RequestChance ? null : ChooseRequestKind(target, aggregated);
        }
    }

    private ApiFaultKind ChooseRequestKind(ApiRequestTarget target, bool aggregated)
    {
        var kinds = new List<ApiFaultKind> { ApiFaultKind.TooManyRequests, ApiFaultKind.Timeout };
        kinds.Add(aggregated ? ApiFaultKind.ServiceUnavailable : ApiFaultKind.StorageError);
        if (!target.IsRead)
        {
            kinds.Add(ApiFaultKind.TimeoutAfterApplied);
        }

        if (target.IsUpdate && !aggregated)
        {
            kinds.Add(ApiFaultKind.Conflict);
        }

        return kinds[random.Next(kinds.Count)];
    }

    /// <summary>What happens to a watch event about to be sent, or null: nothing.</summary>
    public WatchFault? ChooseWatchFault()
    {
        lock (random)
        {
            return plan.WatchChance == 0 || random.NextDouble() >= plan.WatchChance
                ? null
                : new WatchFault(WatchKinds[random.Next(WatchKinds.Length)], TimeSpan.FromSeconds(random.Next(1, MaxDelaySeconds + 1)));
        }
    }

    /// <summary>Whether this client's watches pass a fault layer.</summary>
    public bool WatchesFaulted => plan.WatchesFaulted;

    /// <summary>Picks one of <paramref name="count"/> alternatives (which storage error, say) from this client's stream.</summary>
    public int Choose(int count)
    {
        lock (random)
        {
            return random.Next(count);
        }
    }

    /// <summary>Records a fault as it takes effect.</summary>
    public void Record(string subject, string detail) => record(Component, subject, detail);
}
