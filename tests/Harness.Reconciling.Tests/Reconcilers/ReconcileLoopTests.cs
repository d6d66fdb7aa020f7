using Harness.Reconciling.Tests.Runtime;
using Microsoft.Extensions.Logging.Abstractions;

namespace Harness.Reconciling.Tests.Reconcilers;

public sealed class ReconcileLoopTests
{
    private static readonly ObjectKey A = new("ns", "a");

    [Fact]
    public void RunAsync_RequeueAfter_ReconcilesAgainWhenTheDelayHasPassedInVirtualTime()
    {
        var runtime = new VirtualRuntime();
        using var queue = new WorkQueue<ObjectKey>(runtime.Time);
        var start = runtime.Time.GetUtcNow();
        var seen = new List<TimeSpan>();
        var loop = CreateSut(queue, (_, _) =>
        {
            seen.Add(runtime.Time.GetUtcNow() - start);
            return Task.FromResult(seen.Count < 3 ? ReconcileResult.RequeueAfter(TimeSpan.FromSeconds(10)) : ReconcileResult.Done);
        });
        using var stop = new CancellationTokenSource();
        var run = runtime.Start(() => loop.RunAsync(stop.Token));

        queue.Add(A);
        runtime.Settle();
        runtime.Advance(TimeSpan.FromSeconds(9.9));
        Assert.Single(seen);
        runtime.Advance(TimeSpan.FromSeconds(0.1));
        runtime.Advance(TimeSpan.FromSeconds(10));
        runtime.Advance(TimeSpan.FromMinutes(5));

        Assert.Equal([TimeSpan.Zero, TimeSpan.FromSeconds(10), TimeSpan.FromSeconds(20)], seen);
        stop.Cancel();
        runtime.Settle();
        Assert.True(run.IsCompletedSuccessfully);
    }

    [Fact]
    public void RunAsync_ReconcileThrows_BacksOffExponentiallyAndForgetsAfterSuccess()
    {
        var runtime = new VirtualRuntime();
        using var queue = new WorkQueue<ObjectKey>(runtime.Time);
        var start = runtime.Time.GetUtcNow();
        var seen = new List<double>();
        var errors = new List<ObjectKey>();
        var loop = CreateSut(
            queue,
            (_, _) =>
            {
                seen.Add((runtime.Time.GetUtcNow() - start).TotalMilliseconds);
                return seen.Count <= 4 ? throw new InvalidOperationException("boom") : Task.FromResult(ReconcileResult.Done);
            },
            (key, _) => errors.Add(key));
        using var stop = new CancellationTokenSource();
        runtime.Start(() => loop.RunAsync(stop.Token));

        queue.Add(A);
        runtime.Settle();
        for (var i = 0; i < 100; i++)
        {
            runtime.Advance(TimeSpan.FromMilliseconds(1));
        }

        Assert.Equal([0, 5, 15, 35, 75], seen);
        Assert.Equal(4, errors.Count);
        Assert.Equal(0, queue.Requeues(A));
        stop.Cancel();
        runtime.Settle();
    }

    [Fact]
    public void RunAsync_KeyAddedWhileReconciling_ReconciledOnceMoreAfterwardsAndNeverConcurrently()
    {
        var runtime = new VirtualRuntime();
        using var queue = new WorkQueue<ObjectKey>(runtime.Time);
        var releases = new Queue<TaskCompletionSource>();
        var active = 0;
        var maxActive = 0;
        var calls = 0;
        async Task<ReconcileResult> Reconcile(ObjectKey key, CancellationToken ct)
        {
            calls++;
            maxActive = Math.Max(maxActive, ++active);
            var release = new TaskCompletionSource();
            releases.Enqueue(release);
            await release.Task;
            active--;
            return ReconcileResult.Done;
        }

        using var stop = new CancellationTokenSource();
        runtime.Start(() => CreateSut(queue, Reconcile).RunAsync(stop.Token));
        runtime.Start(() => CreateSut(queue, Reconcile).RunAsync(stop.Token));

        queue.Add(A);
        runtime.Settle();
        queue.Add(A);
        queue.Add(A);
        runtime.Settle();
        Assert.Equal(1, calls);

        releases.Dequeue().SetResult();
        runtime.Settle();
        Assert.Equal(2, calls);
        releases.Dequeue().SetResult();
        runtime.Settle();

        Assert.Equal(2, calls);
        Assert.Equal(1, maxActive);
        Assert.Equal(0, queue.Count);
        stop.Cancel();
        runtime.Settle();
    }

    [Fact]
    public void RunAsync_StoppedDuringReconcile_EndsQuietlyWithoutRetrying()
    {
        var runtime = new VirtualRuntime();
        using var queue = new WorkQueue<ObjectKey>(runtime.Time);
        var errors = 0;
        var loop = CreateSut(
            queue,
            async (_, ct) =>
            {
                var never = new TaskCompletionSource();
                using (ct.Register(() => never.TrySetCanceled(ct)))
                {
                    await never.Task;
                }

                return ReconcileResult.Done;
            },
            (_, _) => errors++);
        using var stop = new CancellationTokenSource();
        var run = runtime.Start(() => loop.RunAsync(stop.Token));
        queue.Add(A);
        runtime.Settle();

        stop.Cancel();
        runtime.Settle();

        Assert.True(run.IsCompletedSuccessfully);
        Assert.Equal(0, errors);
        Assert.Equal(0, queue.Requeues(A));
    }

    private static ReconcileLoop<ObjectKey> CreateSut(
        WorkQueue<ObjectKey> queue, Func<ObjectKey, CancellationToken, Task<ReconcileResult>> reconcile, Action<ObjectKey, Exception>? onError = null)
        => new("test", queue, reconcile, NullLogger.Instance, onError);
}
