using Harness.Runtime.Randomness;

namespace Harness.Scenarios.Faults.Api;

/// <summary>
/// The API server's fault surface in a simulated run: one <see cref="ApiFaultInjector"/> per component client, each
/// drawing from its own stream of the run's seed. <see cref="Configure"/> sets the chances before the run (watches
/// pass a fault layer only when watch faults are planned); faults happen between <see cref="Start"/> and <see cref="Stop"/>.
/// </summary>
/// <param name="record">Records each fault as it takes effect: client component, subject, what happened.</param>
public sealed class ApiFaults(SimulationSeed seed, Action<string, string, string> record)
{
    private readonly Dictionary<string, ApiFaultInjector> injectors = new(StringComparer.Ordinal);

    private double plannedRequestChance;
    private double plannedWatchChance;
    private bool active;

    /// <summary>Chance (0..1) that a request (not a watch) is answered with a fault, now.</summary>
    public double RequestChance => active ? plannedRequestChance : 0;

    /// <summary>Chance (0..1) that a watch event meets a watch fault, now.</summary>
    public double WatchChance => active ? plannedWatchChance : 0;

    /// <summary>Whether watches opened now pass a fault layer (watch faults are planned, started or not).</summary>
    public bool WatchesFaulted => plannedWatchChance > 0;

    /// <summary>The injector of the client of <paramref name="component"/> (one per component, made on first use).</summary>
    public ApiFaultInjector For(string component)
    {
        ArgumentException.ThrowIfNullOrEmpty(component);
        if (!injectors.TryGetValue(component, out var injector))
        {
            injector = new ApiFaultInjector(this, component, seed.Derive("api-faults/" + component).CreateRandom(), record);
            injectors.Add(component, injector);
        }

        return injector;
    }

    /// <param name="requestChance">Chance that a request is answered with a fault.</param>
    /// <param name="watchChance">Chance that a watch event meets a watch fault.</param>
    public void Configure(double requestChance, double watchChance)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(requestChance);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(requestChance, 1);
        ArgumentOutOfRangeException.ThrowIfNegative(watchChance);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(watchChance, 1);
        plannedRequestChance = requestChance;
        plannedWatchChance = watchChance;
    }

    public void Start() => active = true;

    /// <summary>No new fault from now on; a watch that already lost an event still ends with its 410, so a list reveals the loss.</summary>
    public void Stop() => active = false;
}
