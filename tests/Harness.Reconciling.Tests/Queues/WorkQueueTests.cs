using System.Globalization;
using Harness.Reconciling.Tests.Runtime;
using Microsoft.Extensions.Time.Testing;

namespace Harness.Reconciling.Tests.Queues;

public sealed class WorkQueueTests
{
    private static readonly ObjectKey A = new("ns", "a");
    private static readonly ObjectKey B = new("ns", "b");

    [Fact]
    public async Task Add_SameKeyTwice_IsTakenOnce()
    {
        using var queue = CreateSut(out _);

        queue.Add(A);
        queue.Add(B);
        queue.Add(A);

        Assert.Equal(2, queue.Count);
        Assert.Equal(A, await queue.TakeAsync(CancellationToken.None));
        Assert.Equal(B, await queue.TakeAsync(CancellationToken.None));
        Assert.Equal(0, queue.Count);
    }

    [Fact]
    public async Task Add_WhileProcessing_IsHeldBackUntilDoneThenTakenOnce()
    {
        using var queue = CreateSut(out _);
        queue.Add(A);
        var taken = await queue.TakeAsync(CancellationToken.None);

        queue.Add(A);
        queue.Add(A);
        var second = queue.TakeAsync(CancellationToken.None);

        Assert.Equal(0, queue.Count);
        Assert.False(second.IsCompleted);
        queue.Done(taken);
        Assert.True(second.IsCompletedSuccessfully);
        Assert.Equal(A, await second);
        Assert.Equal(0, queue.Count);
    }

    [Fact]
    public async Task Done_NotAddedMeanwhile_DoesNotQueueAgain()
    {
        using var queue = CreateSut(out _);
        queue.Add(A);
        var taken = await queue.TakeAsync(CancellationToken.None);

        queue.Done(taken);

        Assert.Equal(0, queue.Count);
    }

    [Fact]
    public void AddAfter_DelayNotYetPassed_IsNotReady()
    {
        using var queue = CreateSut(out var time);

        queue.AddAfter(A, TimeSpan.FromSeconds(10));
        time.Advance(TimeSpan.FromSeconds(9.999));
        Assert.Equal(0, queue.Count);

        time.Advance(TimeSpan.FromMilliseconds(1));
        Assert.Equal(1, queue.Count);
    }

    [Fact]
    public async Task AddAfter_KeyAlreadyWaiting_KeepsTheEarlierDueTime()
    {
        using var queue = CreateSut(out var time);

        queue.AddAfter(A, TimeSpan.FromSeconds(10));
        queue.AddAfter(A, TimeSpan.FromSeconds(1));
        queue.AddAfter(A, TimeSpan.FromSeconds(5));
        time.Advance(TimeSpan.FromSeconds(1));
        Assert.Equal(1, queue.Count);

        queue.Done(await queue.TakeAsync(CancellationToken.None));
        time.Advance(TimeSpan.FromSeconds(20));
        Assert.Equal(0, queue.Count);
    }

    [Fact]
    public async Task AddRateLimited_RepeatedFailures_WaitLongerOnTheClockUpToTheCap()
    {
        var time = new FakeTimeProvider();
        using var queue = new WorkQueue<ObjectKey>(time, new ExponentialFailureRateLimiter<ObjectKey>(TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(4)));
        var waits = new List<double>();
        for (var failure = 0; failure < 5; failure++)
        {
            queue.AddRateLimited(A);
            waits.Add(await WaitUntilReadyAsync(queue, time));
        }

        Assert.Equal([1, 2, 4, 4, 4], waits);
        Assert.Equal(5, queue.Requeues(A));

        queue.Forget(A);
        queue.AddRateLimited(A);
        Assert.Equal(1, await WaitUntilReadyAsync(queue, time));
    }

    [Fact]
    public void Dispose_DelayedAddPending_NeverAddsIt()
    {
        var queue = CreateSut(out var time);
        queue.AddAfter(A, TimeSpan.FromSeconds(1));

        queue.Dispose();
        time.Advance(TimeSpan.FromSeconds(2));
        queue.Add(B);

        Assert.Equal(0, queue.Count);
    }

    [Fact]
    public async Task Add_SeveralTakersWaiting_WakesOneTakerPerKey()
    {
        using var queue = CreateSut(out _);
        var first = queue.TakeAsync(CancellationToken.None);
        var second = queue.TakeAsync(CancellationToken.None);

        queue.Add(A);

        Assert.Equal(A, await first);
        Assert.False(second.IsCompleted);
        queue.Add(B);
        Assert.Equal(B, await second);
    }

    [Fact]
    public async Task Add_FirstWaitingTakerCancelled_TheNextTakerGetsTheKey()
    {
        using var queue = CreateSut(out _);
        using var cancellation = new CancellationTokenSource();
        var cancelled = queue.TakeAsync(cancellation.Token);
        var next = queue.TakeAsync(CancellationToken.None);

        cancellation.Cancel();
        queue.Add(A);

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => cancelled);
        Assert.Equal(A, await next);
    }

    [Fact]
    public void TakeAsync_WokenThenCancelledBeforeItRuns_PassesTheKeyOnToAnotherWaitingTaker()
    {
        var runtime = new VirtualRuntime();
        using var queue = new WorkQueue<ObjectKey>(runtime.Time);
        using var cancellation = new CancellationTokenSource();
        var woken = runtime.Start(() => queue.TakeAsync(cancellation.Token));
        ObjectKey? taken = null;
        var other = runtime.Start(async () => taken = await queue.TakeAsync(CancellationToken.None));

        queue.Add(A);
        cancellation.Cancel();
        runtime.Settle();

        Assert.True(woken.IsCanceled);
        Assert.True(other.IsCompletedSuccessfully);
        Assert.Equal(A, taken);
    }

    [Fact]
    public async Task TakeAsync_ManyWorkersOnThreadsAndConcurrentAdds_NeverProcessKeyTwiceAtOnceAndProcessEveryAdd()
    {
        const int Keys = 16;
        const int Workers = 6;
        using var queue = CreateSut(out _);
        using var stop = new CancellationTokenSource();
        var added = new int[Keys];
        var seen = new int[Keys];
        var active = new int[Keys];
        var overlaps = 0;
        var workers = Enumerable.Range(0, Workers).Select(_ => Task.Run(async () =>
        {
            while (true)
            {
                ObjectKey key;
                try
                {
                    key = await queue.TakeAsync(stop.Token);
                }
                catch (OperationCanceledException)
                {
                    return;
                }

                var index = int.Parse(key.Name);
                if (Interlocked.Increment(ref active[index]) > 1)
                {
                    Interlocked.Increment(ref overlaps);
                }

                Volatile.Write(ref seen[index], Volatile.Read(ref added[index]));
                await Task.Yield();
                Interlocked.Decrement(ref active[index]);
                queue.Done(key);
            }
        })).ToArray();

        var adders = Enumerable.Range(0, 4).Select(adder => Task.Run(() =>
        {
            for (var i = 0; i < 5_000; i++)
            {
                var index = (i * 7 + adder) % Keys;
                Interlocked.Increment(ref added[index]);
                queue.Add(new ObjectKey("ns", index.ToString(CultureInfo.InvariantCulture)));
            }
        })).ToArray();
        await Task.WhenAll(adders);

        var settled = Task.Run(async () =>
        {
            while (Enumerable.Range(0, Keys).Any(i => Volatile.Read(ref seen[i]) != added[i]))
            {
                await Task.Delay(10);
            }
        });
        var finished = await Task.WhenAny(settled, Task.Delay(TimeSpan.FromSeconds(30)));
        stop.Cancel();
        await Task.WhenAll(workers);

        Assert.Same(settled, finished);
        Assert.Equal(0, overlaps);
        Assert.Equal(0, queue.Count);
    }

    [Fact]
    public async Task TakeAsync_Cancelled_Throws()
    {
        using var queue = CreateSut(out _);
        using var cancel = new CancellationTokenSource();
        var take = queue.TakeAsync(cancel.Token);

        await cancel.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => take);
    }

    /// <summary>Seconds of virtual time until a key is ready (in quarter seconds); takes it and marks it done.</summary>
    private static async Task<double> WaitUntilReadyAsync(WorkQueue<ObjectKey> queue, FakeTimeProvider time)
    {
        var waited = 0.0;
        while (queue.Count == 0)
        {
            Assert.True(waited < 60, "the key never became ready");
            time.Advance(TimeSpan.FromMilliseconds(250));
            waited += 0.25;
        }

        queue.Done(await queue.TakeAsync(CancellationToken.None));
        return waited;
    }

    private static WorkQueue<ObjectKey> CreateSut(out FakeTimeProvider time)
    {
        time = new FakeTimeProvider();
        return new WorkQueue<ObjectKey>(time);
    }
}
