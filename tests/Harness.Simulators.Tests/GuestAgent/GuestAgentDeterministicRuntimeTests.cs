using Harness.Runtime.Randomness;
using Harness.Scenarios.Simulation.Scheduling;
using Harness.Simulators.GuestAgent;

namespace Harness.Simulators.Tests.GuestAgent;

/// <summary>The guest, its agent and a client on the project's deterministic runtime: no escapes, same seed → same trace.</summary>
public sealed class GuestAgentDeterministicRuntimeTests
{
    [Theory]
    [InlineData(1UL)]
    [InlineData(2UL)]
    [InlineData(3UL)]
    [InlineData(0xC0FFEEUL)]
    public void FreezeSnapshotThaw_SameSeedTwice_SameTraceAndConsistentCut(ulong seed)
    {
        var first = RunScenario(new SimulationSeed(seed));
        var second = RunScenario(new SimulationSeed(seed));

        Assert.Equal(first, second);
        Assert.True(first.Consistent);
        Assert.True(first.LastCommitted > 0);
    }

    private static (string Hash, bool Consistent, long LastCommitted) RunScenario(SimulationSeed seed)
    {
        var scheduler = new DeterministicScheduler(seed);
        var time = scheduler.TimeProvider;
        var result = scheduler.Run(async () =>
        {
            var disks = new[] { new MemoryGuestDisk(1 << 20), new MemoryGuestDisk(1 << 20) };
            var options = new GuestAgentSimulatorOptions { Faults = GuestFaults.Parse(["latency=5ms..50ms"]) };
            var guest = new Guest(disks, time, options.Faults.ThawLimit);
            var server = new GuestAgentServer(guest, options, time, seed.Derive("agent").CreateRandom());
            using var stop = new CancellationTokenSource();
            var writer = new JournalWriter(guest, options, time, scheduler.TaskFactory);
            var writing = writer.StartAsync(stop.Token);
            var (hostEnd, guestEnd) = InMemoryDuplexStream.CreatePair();
            var session = scheduler.Spawn("agent", async () =>
            {
                using (guestEnd)
                {
                    await server.ServeAsync(guestEnd, stop.Token);
                }
            });
            var client = new GuestAgentClient(hostEnd, time, seed.Derive("client").CreateRandom());

            await Task.Delay(TimeSpan.FromSeconds(2), time);
            await client.FreezeAsync();
            var copy0 = disks[0].Clone();
            await Task.Delay(TimeSpan.FromMilliseconds(700), time);
            var copy1 = disks[1].Clone();
            await client.ThawAsync();
            await Task.Delay(TimeSpan.FromSeconds(1), time);
            var journal = await JournalChecker.CheckAsync([copy0, copy1]);

            stop.Cancel();
            hostEnd.Dispose();
            await writing;
            await session;
            return (journal.IsConsistent, journal.LastCommitted);
        });
        return (scheduler.Trace.HashText, result.IsConsistent, result.LastCommitted);
    }
}
