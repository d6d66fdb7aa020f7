using System.Threading.Channels;
using Harness.Runtime.Randomness;
using Harness.Runtime.Scheduling;
using Harness.Scenarios.Simulation.Scheduling;

namespace Harness.Scenarios.Tests.Simulation.Scheduling;

public sealed class DeterministicSchedulerTests
{
    [Fact]
    public void Run_SameSeed_GivesIdenticalTraceAndOutcome()
    {
        var first = RunWorkload(new SimulationSeed(0xC0FFEE));
        var second = RunWorkload(new SimulationSeed(0xC0FFEE));

        Assert.Equal(first.Trace.HashText, second.Trace.HashText);
        Assert.Equal(first.Trace.Steps, second.Trace.Steps);
        Assert.Equal(first.CriticalSections, second.CriticalSections);
    }

    [Fact]
    public void Run_DifferentSeeds_GiveDifferentInterleavings()
    {
        var runs = Enumerable.Range(1, 20).Select(s => RunWorkload(new SimulationSeed((ulong)s))).ToList();

        Assert.Equal(runs.Count, runs.Select(r => r.Trace.Hash).Distinct().Count());
        Assert.True(runs.Select(r => string.Join(",", r.CriticalSections)).Distinct().Count() > 1,
            "the order in which actors entered the critical section never changed across seeds");
    }

    [Fact]
    public void Run_Workload_RecordsLabelsOfScheduledWork()
    {
        var labels = RunWorkload(new SimulationSeed(1)).Trace.Steps.Select(s => s.Label).ToHashSet();

        Assert.Contains("main", labels);
        Assert.Contains("actor-0", labels);
        Assert.Contains("actor-3 holds the gate", labels);
        Assert.Contains(labels, l => l.StartsWith("timer ", StringComparison.Ordinal));
        Assert.Contains(labels, l => l.EndsWith(".RunWorkload.lambda", StringComparison.Ordinal) || l.Contains("RunWorkload", StringComparison.Ordinal));
    }

    [Fact]
    public void Run_CompletedTaskWithAwaiter_ResumesAwaiterAsSeparateStep()
    {
        var scheduler = new DeterministicScheduler(new SimulationSeed(3));
        var events = new List<string>();
        scheduler.Run(async () =>
        {
            var signal = new TaskCompletionSource();
            var waiter = scheduler.Spawn("waiter", async () =>
            {
                await signal.Task;
                events.Add("waiter resumed");
            });
            await scheduler.YieldAsync("before signal");
            await scheduler.YieldAsync("before signal");
            signal.SetResult();
            events.Add("signalled");
            await waiter;
        });

        Assert.Equal(["signalled", "waiter resumed"], events);
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void Run_AwaiterWokenInStep_ResumesInThatStepAfterItsWorkOnlyWhenARelay(bool relay)
    {
        var scheduler = new DeterministicScheduler(new SimulationSeed(3));
        var label = $"{nameof(DeterministicSchedulerTests)}.{nameof(HandOnAsync)}";
        if (relay)
        {
            scheduler.AddRelay(label);
        }

        var events = new List<string>();
        scheduler.Run(async () =>
        {
            var signal = new TaskCompletionSource();
            var handedOn = HandOnAsync(signal.Task, events);
            await scheduler.YieldAsync("before signal");
            signal.SetResult();
            events.Add("signalled");
            await handedOn;
        });

        Assert.Equal(["signalled", "handed on"], events);
        Assert.Equal(!relay, scheduler.Trace.Steps.Any(s => s.Label == label));
    }

    [Fact]
    public void Run_MainThrows_RethrowsItsException()
    {
        var scheduler = new DeterministicScheduler(new SimulationSeed(1));

        var error = Assert.Throws<InvalidOperationException>(() => scheduler.Run(async () =>
        {
            await scheduler.YieldAsync("step");
            throw new InvalidOperationException("broken actor");
        }));

        Assert.Equal("broken actor", error.Message);
    }

    [Fact]
    public void Run_PostedStepThrows_StopsTheRunWithThatException()
    {
        var scheduler = new DeterministicScheduler(new SimulationSeed(1));

        var error = Assert.Throws<ArithmeticException>(() => scheduler.Run(async () =>
        {
            scheduler.Post("faulty callback", () => throw new ArithmeticException("from a step"));
            await Task.Delay(TimeSpan.FromHours(1), scheduler.TimeProvider);
        }));

        Assert.Equal("from a step", error.Message);
    }

    [Fact]
    public void Run_ActorsWaitingOnEachOther_ThrowsDeadlockNamingTheSeed()
    {
        var scheduler = new DeterministicScheduler(new SimulationSeed(0xDEAD));

        var error = Assert.Throws<SimulationDeadlockException>(() => scheduler.Run(async () =>
        {
            var a = new TaskCompletionSource();
            var b = new TaskCompletionSource();
            var first = scheduler.Spawn("first", async () => { await a.Task; b.SetResult(); });
            var second = scheduler.Spawn("second", async () => { await b.Task; a.SetResult(); });
            await Task.WhenAll(first, second);
        }));

        Assert.Contains("0x000000000000DEAD", error.Message, StringComparison.Ordinal);
        Assert.Contains("deadlock", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Run_BusyLoop_ThrowsStepLimit()
    {
        var scheduler = new DeterministicScheduler(new SimulationSeed(1));

        Assert.Throws<SimulationStepLimitException>(() => scheduler.Run(async () =>
        {
            while (true)
            {
                await scheduler.YieldAsync("spin");
            }
        }, maxSteps: 1_000));
        Assert.Equal(1_000, scheduler.Trace.StepCount);
    }

    [Fact]
    public void Run_WorkEscapesToThreadPool_ThrowsDeterminismViolation()
    {
        var scheduler = new DeterministicScheduler(new SimulationSeed(1));

        var error = Assert.Throws<DeterminismViolationException>(() => scheduler.Run(async () =>
        {
            var escaped = Task.Run(() => { });
            while (!escaped.IsCompleted)
            {
                await scheduler.YieldAsync("spin");
            }
        }));

        Assert.Contains("thread pool", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void PostAtBoundary_DeclaredThreadPoolHop_IsAwaitedAndReplays()
    {
        var traces = Enumerable.Range(0, 5).Select(_ => RunLibraryThatHops(new SimulationSeed(8), declareHop: true)).ToList();

        Assert.Single(traces.Distinct());
    }

    [Fact]
    public void PostAtBoundary_UndeclaredThreadPoolHop_ThrowsDeterminismViolation() =>
        Assert.Throws<DeterminismViolationException>(() => RunLibraryThatHops(new SimulationSeed(8), declareHop: false));

    [Fact]
    public void PostAtBoundary_ConfigureAwaitFalseContinuation_RunsInlineOnSchedulerThread()
    {
        var scheduler = new DeterministicScheduler(new SimulationSeed(2));
        var threads = new List<int>();
        scheduler.Run(async () =>
        {
            var source = new TaskCompletionSource<int>();
            var library = ReadWithConfigureAwaitFalse(source.Task, threads);
            scheduler.PostAtBoundary("deliver", () => source.SetResult(1), expectThreadPoolHop: () => false);
            await library;
            threads.Add(Environment.CurrentManagedThreadId);
        });

        Assert.Single(threads.Distinct());
    }

    [Fact]
    public void RunUntilIdle_PostedWork_RunsItWithoutAdvancingTime()
    {
        var scheduler = new DeterministicScheduler(new SimulationSeed(4));
        var ran = new List<string>();
        scheduler.Post("a", () => ran.Add("a"));
        scheduler.Post("b", () => ran.Add("b"));
        _ = scheduler.TimeProvider.CreateTimer(_ => ran.Add("timer"), null, TimeSpan.FromSeconds(1), Timeout.InfiniteTimeSpan);

        scheduler.RunUntilIdle();

        Assert.Equal(["a", "b"], ran.Order());
        Assert.Equal(TimeSpan.Zero, scheduler.TimeProvider.Elapsed);
    }

    [Fact]
    public void TaskFactory_StartedTasks_RunOnTheScheduler()
    {
        var scheduler = new DeterministicScheduler(new SimulationSeed(4));
        var schedulers = new List<TaskScheduler>();
        scheduler.Run(async () =>
        {
            await scheduler.TaskFactory.StartNew(() => schedulers.Add(TaskScheduler.Current));
            await Task.Factory.StartNew(() => schedulers.Add(TaskScheduler.Current), CancellationToken.None, TaskCreationOptions.None, scheduler.TaskScheduler);
        });

        Assert.All(schedulers, s => Assert.Same(scheduler.TaskScheduler, s));
        Assert.Contains(scheduler.Trace.Steps, s => s.Label == "task");
    }

    [Fact]
    public void Spawn_BeforeRun_StartsTheActorAsAStepOfTheRun()
    {
        var scheduler = new DeterministicScheduler(new SimulationSeed(5));
        var ran = false;
        var actor = scheduler.Spawn("early actor", () =>
        {
            ran = true;
            return Task.CompletedTask;
        });

        Assert.False(ran);
        scheduler.Run(() => actor);

        Assert.True(ran);
        Assert.Contains(scheduler.Trace.Steps, s => s.Label == "early actor");
    }

    [Fact]
    public void SchedulingPoint_OutsideScheduler_CompletesAtOnce()
    {
        Assert.True(SchedulingPoint.YieldAsync("live").IsCompleted);
    }

    [Fact]
    public void SchedulingPoint_InsideScheduler_IsAStepWithItsLabel()
    {
        var scheduler = new DeterministicScheduler(new SimulationSeed(4));
        scheduler.Run(async () => await SchedulingPoint.YieldAsync("store: before compare-and-swap"));

        Assert.Contains(scheduler.Trace.Steps, s => s.Label == "store: before compare-and-swap");
    }

    private static async Task ReadWithConfigureAwaitFalse(Task<int> source, List<int> threads)
    {
        await source.ConfigureAwait(false);
        threads.Add(Environment.CurrentManagedThreadId);
    }

    // The shape of KubernetesClient's watch reader: a ContinueWith on the default scheduler, awaited with
    // ConfigureAwait(false), so the reader always resumes on the thread pool and posts its caller back.
    private static string RunLibraryThatHops(SimulationSeed seed, bool declareHop)
    {
        var scheduler = new DeterministicScheduler(seed);
        scheduler.Run(async () =>
        {
            var done = false;
            var spinner = scheduler.Spawn("spinner", async () =>
            {
                while (!done)
                {
                    await scheduler.YieldAsync("spin");
                }
            });
            for (var i = 0; i < 10; i++)
            {
                var source = new TaskCompletionSource<int>();
                var read = HopThroughThreadPool(source.Task);
                scheduler.PostAtBoundary("deliver", () => source.SetResult(i), () => declareHop);
                Assert.Equal(i, await read);
            }

            done = true;
            await spinner;
        });
        return scheduler.Trace.HashText;
    }

    private static async Task<int> HopThroughThreadPool(Task<int> source) =>
        await source.ContinueWith(t => t.Result, CancellationToken.None, TaskContinuationOptions.None, TaskScheduler.Default).ConfigureAwait(false);

    private static (Harness.Scenarios.Simulation.Tracing.ScheduleTrace Trace, List<string> CriticalSections) RunWorkload(SimulationSeed seed)
    {
        var scheduler = new DeterministicScheduler(seed);
        var sections = new List<string>();
        scheduler.Run(async () =>
        {
            var channel = Channel.CreateUnbounded<int>();
            var gate = new SemaphoreSlim(1);
            var actors = Enumerable.Range(0, 4).Select(i => scheduler.Spawn($"actor-{i}", async () =>
            {
                for (var n = 0; n < 5; n++)
                {
                    await gate.WaitAsync();
                    try
                    {
                        sections.Add($"{i}.{n}");
                        await scheduler.YieldAsync($"actor-{i} holds the gate");
                    }
                    finally
                    {
                        gate.Release();
                    }

                    await channel.Writer.WriteAsync(i);
                    await Task.Delay(TimeSpan.FromMilliseconds(10 * (i + 1)), scheduler.TimeProvider);
                }
            })).ToList();
            var consumer = scheduler.Spawn("consumer", async () =>
            {
                for (var k = 0; k < 20; k++)
                {
                    await channel.Reader.ReadAsync();
                }
            });
            await Task.WhenAll(actors.Append(consumer));
        });
        return (scheduler.Trace, sections);
    }

    private static async Task HandOnAsync(Task signal, List<string> events)
    {
        await signal;
        events.Add("handed on");
    }
}
