using Harness.Runtime.Randomness;

namespace Harness.Scenarios.Faults.Api;

/// <summary>
/// The API server's fault surface in a simulated run: one <see cref="ApiFaultInjector"/> per component client, each
/// drawing from its own stream of the run's seed, all quiet until <see cref="Start"/> and again after <see cref="Stop"/>.
/// </summary>
/// <param name="record">Records each fault as it takes effect: client component, subject, what happened.</param>
public sealed class ApiFaults(SimulationSeed seed, Action<string, string, string> record)
{
    private readonly Dictionary<string, ApiFaultInjector> injectors = new(StringComparer.Ordinal);

    /// <summary>Chance (0..1) that a request (not a watch) is answered with a fault.</summary>
    public double RequestChance { get; private set; }

    /// <summary>Chance (0..1) that a watch meets a stream fault.</summary>
    public double WatchChance { get; private set; }

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

    public void Start(double requestChance, double watchChance)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(requestChance);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(requestChance, 1);
        ArgumentOutOfRangeException.ThrowIfNegative(watchChance);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(watchChance, 1);
        RequestChance = requestChance;
        WatchChance = watchChance;
    }

    /// <summary>No new fault from now on; a watch that already lost an event still ends with its 410, so a list reveals the loss.</summary>
    public void Stop() => Start(0, 0);
}
