using Harness.Runtime.Randomness;

namespace Harness.Runtime;

/// <summary>
/// What a component runs on: its clock, the task factory it starts work through and the seed of its random source.
/// Every member is required and none has a default, so a component can never fall back to real time in a
/// simulation: live composition roots pass the real clock and <c>Task.Factory</c>, the deterministic runtime its
/// virtual clock and scheduler's factory.
/// </summary>
public sealed record ComponentRuntime
{
    public required TimeProvider Time { get; init; }

    public required TaskFactory Tasks { get; init; }

    /// <summary>The component's own seed; a part of it draws from <see cref="Random"/> with a name of its own.</summary>
    public required SimulationSeed Seed { get; init; }

    /// <summary>The runtime of a sub-component: the same clock and factory, the seed derived for <paramref name="name"/>.</summary>
    public ComponentRuntime For(string name) => this with { Seed = Seed.Derive(name) };

    /// <summary>A random source of its own for <paramref name="name"/> (one per actor: the sources are not thread-safe).</summary>
    public Random Random(string name) => Seed.Derive(name).CreateRandom();
}
