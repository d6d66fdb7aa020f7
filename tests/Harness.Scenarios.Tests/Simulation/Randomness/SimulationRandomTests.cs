using FsCheck.Xunit;
using Harness.Runtime.Randomness;

namespace Harness.Scenarios.Tests.Simulation.Randomness;

public sealed class SimulationRandomTests
{
    [Fact]
    public void NextUInt64_SameSeed_SameSequence()
    {
        var a = new SimulationSeed(5).CreateRandom();
        var b = new SimulationSeed(5).CreateRandom();
        Assert.Equal(Enumerable.Range(0, 100).Select(_ => a.NextUInt64()), Enumerable.Range(0, 100).Select(_ => b.NextUInt64()));
    }

    [Fact]
    public void NextUInt64_DifferentSeeds_DifferentSequences()
    {
        var a = new SimulationSeed(5).CreateRandom();
        var b = new SimulationSeed(6).CreateRandom();
        Assert.NotEqual(Enumerable.Range(0, 10).Select(_ => a.NextUInt64()), Enumerable.Range(0, 10).Select(_ => b.NextUInt64()));
    }

    [Fact]
    public void NextUInt64_KnownSeed_IsStableAcrossVersions()
    {
        // Pinned: the reference xoshiro256** output for SplitMix64(0); the generator is ours, so a .NET upgrade cannot change recorded runs.
        Assert.Equal(0x99EC5F36CB75F2B4UL, new SimulationSeed(0).CreateRandom().NextUInt64());
    }

    [Property]
    public bool Next_Range_StaysWithinBounds(ulong seed, int a, int b)
    {
        var (min, max) = a <= b ? (a, b) : (b, a);
        var random = new SimulationSeed(seed).CreateRandom();
        return Enumerable.Range(0, 20).Select(_ => random.Next(min, max)).All(v => min == max ? v == min : v >= min && v < max);
    }

    [Property]
    public bool NextDouble_Always_InUnitInterval(ulong seed)
    {
        var random = new SimulationSeed(seed).CreateRandom();
        return Enumerable.Range(0, 20).Select(_ => random.NextDouble()).All(v => v is >= 0 and < 1);
    }

    [Fact]
    public void Next_SmallBound_HitsEveryValue()
    {
        var random = new SimulationSeed(11).CreateRandom();
        var seen = Enumerable.Range(0, 200).Select(_ => random.Next(7)).ToHashSet();
        Assert.Equal(Enumerable.Range(0, 7), seen.Order());
    }

    [Fact]
    public void NextBytes_OddLength_FillsEveryByteFromTheSeed()
    {
        var a = new byte[13];
        var b = new byte[13];
        new SimulationSeed(3).CreateRandom().NextBytes(a);
        new SimulationSeed(3).CreateRandom().NextBytes(b);
        Assert.Equal(a, b);
        Assert.Contains(a[8..], x => x != 0);
    }
}
