using Harness.Runtime.Randomness;
using Harness.Scenarios.Simulation.Scheduling;
using Harness.Simulators.GuestAgent;

namespace Harness.Simulators.Tests.GuestAgent;

/// <summary>
/// A guest's write and a freeze racing on the deterministic scheduler. The scheduling point between a write's admission
/// and its disk write lets a freeze find the write in flight (without it the in-memory disk write completes in the step
/// that admitted it, and that interleaving never happens); the freeze then answers only once the write reached the disk.
/// </summary>
public sealed class GuestWriteFreezeRaceTests
{
    private const int Seeds = 40;

    [Fact]
    public void WriteAndFreeze_EverySeed_NoWriteWhileFrozen_AndSomeSeedsFreezeDuringTheWrite()
    {
        var outcomes = Enumerable.Range(1, Seeds).Select(seed => Race(new SimulationSeed((ulong)seed))).ToList();

        Assert.All(outcomes, outcome => Assert.False(outcome.WroteWhileFrozen, "a write reached the disk after the freeze answered"));
        Assert.All(outcomes, outcome => Assert.True(outcome.WrittenAtTheEnd));
        Assert.Contains(outcomes, outcome => !outcome.WrittenWhenFreezeBegan && outcome.WrittenWhenFrozen);
        Assert.Contains(outcomes, outcome => !outcome.WrittenWhenFrozen);
    }

    private static Outcome Race(SimulationSeed seed)
    {
        var scheduler = new DeterministicScheduler(seed);
        return scheduler.Run(async () =>
        {
            var disk = new FreezeWatchingDisk();
            var guest = new Guest([disk], scheduler.TimeProvider);
            var writer = scheduler.Spawn("writer", async () => await guest.WriteAsync(0, 0, new byte[] { 1, 2, 3, 4 }, CancellationToken.None));
            var began = false;
            var frozen = false;
            var freezer = scheduler.Spawn("freezer", async () =>
            {
                began = disk.Written;
                await guest.FreezeAsync();
                frozen = disk.Written;
                disk.Frozen = true;
                for (var i = 0; i < 5; i++)
                {
                    await Task.Yield();
                }

                disk.Frozen = false;
                guest.Thaw();
            });
            await Task.WhenAll(writer, freezer);
            return new Outcome(began, frozen, disk.WroteWhileFrozen, disk.Written);
        });
    }

    private sealed record Outcome(bool WrittenWhenFreezeBegan, bool WrittenWhenFrozen, bool WroteWhileFrozen, bool WrittenAtTheEnd);

    /// <summary>A disk that remembers whether it was written, and whether while the test held the guest frozen.</summary>
    private sealed class FreezeWatchingDisk : IGuestDisk
    {
        public bool Frozen { get; set; }

        public bool Written { get; private set; }

        public bool WroteWhileFrozen { get; private set; }

        public long Size => 1 << 16;

        public ValueTask WriteAsync(long offset, ReadOnlyMemory<byte> data)
        {
            Written = true;
            WroteWhileFrozen |= Frozen;
            return ValueTask.CompletedTask;
        }

        public ValueTask<int> ReadAsync(long offset, Memory<byte> buffer)
        {
            buffer.Span.Clear();
            return ValueTask.FromResult(buffer.Length);
        }
    }
}
