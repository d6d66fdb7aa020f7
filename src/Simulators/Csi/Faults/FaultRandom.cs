namespace Harness.Simulators.Csi.Faults;

/// <summary>The seeded random source of fault draws, safe for the concurrent calls of a live driver.</summary>
internal sealed class FaultRandom(Random random)
{
    private readonly Lock gate = new();

    public bool Chance(double probability)
    {
        if (probability >= 1)
        {
            return true;
        }

        lock (gate)
        {
            return random.NextDouble() < probability;
        }
    }

    public TimeSpan Between(TimeSpan min, TimeSpan max)
    {
        if (max <= min)
        {
            return min;
        }

        lock (gate)
        {
            return min + TimeSpan.FromTicks(random.NextInt64(max.Ticks - min.Ticks + 1));
        }
    }
}
