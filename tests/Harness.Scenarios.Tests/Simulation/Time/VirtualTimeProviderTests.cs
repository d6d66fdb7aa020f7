using Harness.Runtime.Randomness;
using Harness.Scenarios.Simulation.Scheduling;

namespace Harness.Scenarios.Tests.Simulation.Time;

public sealed class VirtualTimeProviderTests
{
    [Fact]
    public void TaskDelay_TenMinutes_CompletesInVirtualTime()
    {
        var scheduler = new DeterministicScheduler(new SimulationSeed(1));
        var clock = scheduler.TimeProvider;

        scheduler.Run(() => Task.Delay(TimeSpan.FromMinutes(10), clock));

        Assert.Equal(TimeSpan.FromMinutes(10), clock.Elapsed);
        Assert.Equal(new DateTimeOffset(2026, 1, 1, 0, 10, 0, TimeSpan.Zero), clock.GetUtcNow());
        Assert.Equal(TimeSpan.FromMinutes(10), clock.GetElapsedTime(0));
    }

    [Fact]
    public void GetUtcNow_ConfiguredStart_StartsThere()
    {
        var start = new DateTimeOffset(2030, 5, 6, 7, 8, 9, TimeSpan.Zero);
        var scheduler = new DeterministicScheduler(new SimulationSeed(1), new DeterministicSchedulerOptions { StartTime = start });

        Assert.Equal(start, scheduler.TimeProvider.GetUtcNow());
        Assert.Equal(0, scheduler.TimeProvider.GetTimestamp());
    }

    [Fact]
    public void CreateTimer_DifferentDueTimes_FireInDueOrderAtTheirTimes()
    {
        var scheduler = new DeterministicScheduler(new SimulationSeed(1));
        var clock = scheduler.TimeProvider;
        var fired = new List<(int Timer, TimeSpan At)>();
        var timers = new[] { 3, 1, 2 }
            .Select(s => clock.CreateTimer(_ => fired.Add((s, clock.Elapsed)), null, TimeSpan.FromSeconds(s), Timeout.InfiniteTimeSpan))
            .ToList();

        scheduler.Run(() => Task.Delay(TimeSpan.FromSeconds(5), clock));

        Assert.Equal([(1, TimeSpan.FromSeconds(1)), (2, TimeSpan.FromSeconds(2)), (3, TimeSpan.FromSeconds(3))], fired);
        GC.KeepAlive(timers);
    }

    [Fact]
    public void CreateTimer_SameDueTime_OrderIsDrawnFromTheSeed()
    {
        string Order(ulong seed)
        {
            var scheduler = new DeterministicScheduler(new SimulationSeed(seed));
            var clock = scheduler.TimeProvider;
            var fired = new List<int>();
            var timers = Enumerable.Range(0, 5)
                .Select(i => clock.CreateTimer(_ => fired.Add(i), null, TimeSpan.FromSeconds(1), Timeout.InfiniteTimeSpan))
                .ToList();
            scheduler.Run(() => Task.Delay(TimeSpan.FromSeconds(2), clock));
            GC.KeepAlive(timers);
            Assert.Equal([0, 1, 2, 3, 4], fired.Order());
            return string.Join(",", fired);
        }

        Assert.Equal(Order(7), Order(7));
        Assert.True(Enumerable.Range(1, 10).Select(s => Order((ulong)s)).Distinct().Count() > 1);
    }

    [Fact]
    public void CreateTimer_WhileWorkIsRunnable_TimeStandsStill()
    {
        var scheduler = new DeterministicScheduler(new SimulationSeed(1));
        var clock = scheduler.TimeProvider;
        var seen = new List<TimeSpan>();

        scheduler.Run(async () =>
        {
            var delay = Task.Delay(TimeSpan.FromMilliseconds(1), clock);
            for (var i = 0; i < 50; i++)
            {
                seen.Add(clock.Elapsed);
                await scheduler.YieldAsync("busy");
            }

            Assert.False(delay.IsCompleted);
            await delay;
        });

        Assert.All(seen, t => Assert.Equal(TimeSpan.Zero, t));
        Assert.Equal(TimeSpan.FromMilliseconds(1), clock.Elapsed);
    }

    [Fact]
    public void CancellationTokenSource_VirtualTimeout_CancelsAtDueTime()
    {
        var scheduler = new DeterministicScheduler(new SimulationSeed(1));
        var clock = scheduler.TimeProvider;

        scheduler.Run(async () =>
        {
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30), clock);
            await Assert.ThrowsAnyAsync<OperationCanceledException>(() => Task.Delay(Timeout.InfiniteTimeSpan, clock, timeout.Token));
        });

        Assert.Equal(TimeSpan.FromSeconds(30), clock.Elapsed);
    }

    [Fact]
    public void PeriodicTimer_ThreeTicks_TakeThreePeriods()
    {
        var scheduler = new DeterministicScheduler(new SimulationSeed(1));
        var clock = scheduler.TimeProvider;
        var ticks = new List<TimeSpan>();

        scheduler.Run(async () =>
        {
            using var timer = new PeriodicTimer(TimeSpan.FromMinutes(1), clock);
            for (var i = 0; i < 3; i++)
            {
                Assert.True(await timer.WaitForNextTickAsync());
                ticks.Add(clock.Elapsed);
            }
        });

        Assert.Equal([TimeSpan.FromMinutes(1), TimeSpan.FromMinutes(2), TimeSpan.FromMinutes(3)], ticks);
    }

    [Fact]
    public void Dispose_BeforeDue_TimerNeverFires()
    {
        var scheduler = new DeterministicScheduler(new SimulationSeed(1));
        var clock = scheduler.TimeProvider;
        var fired = 0;

        scheduler.Run(async () =>
        {
            var timer = clock.CreateTimer(_ => fired++, null, TimeSpan.FromSeconds(5), Timeout.InfiniteTimeSpan);
            await Task.Delay(TimeSpan.FromSeconds(1), clock);
            timer.Dispose();
            await Task.Delay(TimeSpan.FromSeconds(10), clock);
        });

        Assert.Equal(0, fired);
        Assert.Equal(TimeSpan.FromSeconds(11), clock.Elapsed);
    }

    [Fact]
    public void Change_Rearmed_FiresAtTheNewTimeOnly()
    {
        var scheduler = new DeterministicScheduler(new SimulationSeed(1));
        var clock = scheduler.TimeProvider;
        var fired = new List<TimeSpan>();

        scheduler.Run(async () =>
        {
            using var timer = clock.CreateTimer(_ => fired.Add(clock.Elapsed), null, TimeSpan.FromSeconds(5), Timeout.InfiniteTimeSpan);
            Assert.True(timer.Change(TimeSpan.FromSeconds(8), Timeout.InfiniteTimeSpan));
            await Task.Delay(TimeSpan.FromSeconds(20), clock);
        });

        Assert.Equal([TimeSpan.FromSeconds(8)], fired);
    }

    [Fact]
    public void CreateTimer_NegativeDueTime_Throws()
    {
        var clock = new DeterministicScheduler(new SimulationSeed(1)).TimeProvider;

        Assert.Throws<ArgumentOutOfRangeException>(() => clock.CreateTimer(_ => { }, null, TimeSpan.FromSeconds(-2), Timeout.InfiniteTimeSpan));
    }
}
