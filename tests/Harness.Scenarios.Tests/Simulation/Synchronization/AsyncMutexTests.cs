using Harness.Runtime.Randomness;
using Harness.Runtime.Synchronization;
using Harness.Scenarios.Simulation.Scheduling;

namespace Harness.Scenarios.Tests.Simulation.Synchronization;

public sealed class AsyncMutexTests
{
    [Fact]
    public void ContendedCancellableWaits_UnderTheScheduler_StayOnItAndReplay()
    {
        var first = RunContended(new SimulationSeed(21));
        var second = RunContended(new SimulationSeed(21));

        Assert.Equal(first.Order, second.Order);
        Assert.Equal(first.TraceHash, second.TraceHash);
        Assert.Equal(4, first.Order.Count);
    }

    [Fact]
    public void ContendedCancellableSemaphoreSlimWaits_UnderTheScheduler_EscapeToTheThreadPool()
    {
        var scheduler = new DeterministicScheduler(new SimulationSeed(21));
        using var cancellation = new CancellationTokenSource();
        using var semaphore = new SemaphoreSlim(1, 1);

        Assert.Throws<DeterminismViolationException>(() => scheduler.Run(async () =>
        {
            await semaphore.WaitAsync(cancellation.Token);
            var waiter = scheduler.Spawn("waiter", async () => await semaphore.WaitAsync(cancellation.Token));
            await scheduler.YieldAsync("holding");
            semaphore.Release();
            while (!waiter.IsCompleted)
            {
                // Real time for the thread pool, which resumes the waiter: on a loaded machine it may not run for
                // seconds, and a busy spin would reach the step limit first (seen once in CI).
                Thread.Sleep(1);
                await scheduler.YieldAsync("spin");
            }
        }));
    }

    [Fact]
    public void Release_WithWaiters_HandsTheLockOverInArrivalOrder()
    {
        var scheduler = new DeterministicScheduler(new SimulationSeed(5));
        var mutex = new AsyncMutex();
        var arrived = new List<string>();
        var order = new List<string>();

        scheduler.Run(async () =>
        {
            await mutex.WaitAsync();
            var waiters = new[] { "a", "b", "c" }.Select(name => scheduler.Spawn(name, async () =>
            {
                arrived.Add(name);
                await mutex.WaitAsync();
                order.Add(name);
                mutex.Release();
            })).ToList();
            await scheduler.YieldAsync("let them queue");
            await scheduler.YieldAsync("let them queue");
            mutex.Release();
            await Task.WhenAll(waiters);
        });

        Assert.Equal(3, order.Count);
        Assert.Equal(arrived, order);
    }

    [Fact]
    public async Task WaitAsync_CancelledWhileWaiting_ThrowsAndTheNextWaiterGetsTheLock()
    {
        var mutex = new AsyncMutex();
        await mutex.WaitAsync();
        using var cancellation = new CancellationTokenSource();
        var cancelled = mutex.WaitAsync(cancellation.Token);
        var next = mutex.WaitAsync();

        cancellation.Cancel();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => cancelled);
        Assert.False(next.IsCompleted);
        mutex.Release();

        await next;
        Assert.False(mutex.TryAcquire());
        mutex.Release();
        Assert.True(mutex.TryAcquire());
    }

    [Fact]
    public void Release_WhenNotHeld_Throws() =>
        Assert.Throws<InvalidOperationException>(() => new AsyncMutex().Release());

    private static (List<int> Order, string TraceHash) RunContended(SimulationSeed seed)
    {
        var scheduler = new DeterministicScheduler(seed);
        var mutex = new AsyncMutex();
        var order = new List<int>();
        using var cancellation = new CancellationTokenSource();
        scheduler.Run(async () =>
        {
            var workers = Enumerable.Range(0, 4).Select(i => scheduler.Spawn($"worker-{i}", async () =>
            {
                await mutex.WaitAsync(cancellation.Token);
                try
                {
                    await scheduler.YieldAsync($"worker-{i} holds the mutex");
                    order.Add(i);
                }
                finally
                {
                    mutex.Release();
                }
            })).ToList();
            await Task.WhenAll(workers);
        });

        return (order, scheduler.Trace.HashText);
    }
}
