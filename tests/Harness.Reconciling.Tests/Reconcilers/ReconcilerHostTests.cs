using Harness.Reconciling.Tests.Informers;
using Harness.Reconciling.Tests.Runtime;
using Harness.Reflectors;
using k8s.Models;
using static Harness.Reconciling.Tests.Informers.ScriptedSource;

namespace Harness.Reconciling.Tests.Reconcilers;

public sealed class ReconcilerHostTests
{
    [Fact]
    public void StartAsync_InformersSynced_StartsReconcilersThatReadTheCache()
    {
        var (runtime, host, _, queue, reconciled) = CreateSut(new ScriptedSource().Listing("10", Map("a", "3"), Map("b", "4")));

        var start = runtime.Start(() => host.StartAsync());

        Assert.True(start.IsCompletedSuccessfully);
        Assert.Equal(["ns/a@3", "ns/b@4"], reconciled);
        Assert.Equal(0, queue.Count);
        runtime.Start(host.StopAsync);
    }

    [Fact]
    public void StartAsync_InformerNeverSynced_StartsNoReconcilerUntilItLists()
    {
        var script = new ScriptedSource().ListFailing(new HttpRequestException("refused")).Listing("10", Map("a", "3"));
        var (runtime, host, _, _, reconciled) = CreateSut(script);

        var start = runtime.Start(() => host.StartAsync());
        Assert.False(start.IsCompleted);
        Assert.Empty(reconciled);
        runtime.Advance(RetryBackoff.Initial * 1.5);

        Assert.True(start.IsCompletedSuccessfully);
        Assert.Equal(["ns/a@3"], reconciled);
        runtime.Start(host.StopAsync);
    }

    [Fact]
    public void StopAsync_RequeuePending_EndsEverythingQuietlyAndNeverReconcilesAgain()
    {
        var (runtime, host, _, queue, reconciled) = CreateSut(new ScriptedSource().Listing("10", Map("a", "3")), TimeSpan.FromSeconds(1));
        runtime.Start(() => host.StartAsync());

        var stop = runtime.Start(host.StopAsync);
        runtime.Advance(TimeSpan.FromMinutes(1));
        queue.Add(new ObjectKey("ns", "a"));
        runtime.Settle();

        Assert.True(stop.IsCompletedSuccessfully);
        Assert.Equal(["ns/a@3"], reconciled);
    }

    [Fact]
    public void Reconcile_SeveralWorkers_ReconcileDifferentKeysAtOnceButNeverOneKeyTwice()
    {
        var runtime = new VirtualRuntime();
        var host = new ReconcilerHost(runtime.Component());
        var informer = host.Inform(new ScriptedSource().Listing("10", Map("a", "3"), Map("b", "4")).Source);
        var releases = new Dictionary<ObjectKey, TaskCompletionSource>();
        var calls = new List<string>();
        var queue = host.Reconcile<ObjectKey>(
            "configmaps",
            async (key, _) =>
            {
                calls.Add(key.Name);
                releases.Add(key, new TaskCompletionSource());
                await releases[key].Task;
                releases.Remove(key);
                return ReconcileResult.Done;
            },
            workers: 3);
        informer.OnChange(c => queue.Add(ObjectKey.Of(c)));
        runtime.Start(() => host.StartAsync());
        var a = new ObjectKey("ns", "a");

        queue.Add(a);
        runtime.Settle();
        Assert.Equal(["a", "b"], calls);

        releases[a].SetResult();
        runtime.Settle();
        Assert.Equal(["a", "b", "a"], calls);
        releases[a].SetResult();
        releases[new ObjectKey("ns", "b")].SetResult();
        runtime.Settle();
        Assert.Empty(releases);
        Assert.Equal(0, queue.Count);
        runtime.Start(host.StopAsync);
    }

    [Fact]
    public void Reconcile_NoWorkers_Throws()
    {
        var runtime = new VirtualRuntime();
        var host = new ReconcilerHost(runtime.Component());

        Assert.Throws<ArgumentOutOfRangeException>(() => host.Reconcile<ObjectKey>("none", (_, _) => Task.FromResult(ReconcileResult.Done), workers: 0));
    }

    [Fact]
    public void Inform_SameResourceTwice_OneInformerListsAndWatchesIt()
    {
        var runtime = new VirtualRuntime();
        var host = new ReconcilerHost(runtime.Component());
        var first = new ScriptedSource().Listing("10", Map("a", "3"));
        var second = new ScriptedSource().Listing("10", Map("a", "3"));
        var seen = new List<string>();

        var informer = host.Inform(first.Source);
        var again = host.Inform(second.Source);
        informer.OnChange(c => seen.Add($"first {c.Metadata.Name}"));
        again.OnChange(c => seen.Add($"second {c.Metadata.Name}"));
        runtime.Start(() => host.StartAsync());
        runtime.Settle();

        Assert.Same(informer, again);
        Assert.Equal((1, 0), (first.Lists, second.Lists));
        Assert.Equal(["10"], first.WatchedFrom);
        Assert.Empty(second.WatchedFrom);
        Assert.Equal(["first a", "second a"], seen);
        runtime.Start(host.StopAsync);
    }

    [Fact]
    public void Inform_AfterStart_Throws()
    {
        var script = new ScriptedSource().Listing("10");
        var (runtime, host, _, _, _) = CreateSut(script);
        runtime.Start(() => host.StartAsync());

        Assert.Throws<InvalidOperationException>(() => host.Inform(new ScriptedSource().Source));
        runtime.Start(host.StopAsync);
    }

    [Theory]
    [InlineData(1UL)]
    [InlineData(0x478UL)]
    public void Inform_ListFails_RetryJitterIsAStreamOfTheComponentsSeed(ulong seed)
    {
        var runtime = new VirtualRuntime();
        var host = new ReconcilerHost(runtime.Component(seed));
        host.Inform(new ScriptedSource().ListFailing(new HttpRequestException("refused")).Listing("10").Source);
        var jitter = runtime.Component(seed).Random("informer/configmaps").NextDouble();
        var pause = RetryBackoff.Initial + RetryBackoff.Initial * (0.5 * jitter);

        var start = runtime.Start(() => host.StartAsync());
        var waited = TimeSpan.Zero;
        while (!start.IsCompleted)
        {
            runtime.Advance(TimeSpan.FromMilliseconds(1));
            waited += TimeSpan.FromMilliseconds(1);
        }

        // The timer may round the pause to whole milliseconds either way.
        Assert.InRange(waited.TotalMilliseconds, Math.Floor(pause.TotalMilliseconds), Math.Ceiling(pause.TotalMilliseconds));
        runtime.Start(host.StopAsync);
    }

    private static (VirtualRuntime Runtime, ReconcilerHost Host, Informer<V1ConfigMap> Informer, WorkQueue<ObjectKey> Queue, List<string> Reconciled) CreateSut(
        ScriptedSource script, TimeSpan? requeueAfter = null)
    {
        var runtime = new VirtualRuntime();
        var host = new ReconcilerHost(runtime.Component());
        var informer = host.Inform(script.Source);
        var reconciled = new List<string>();
        var queue = host.Reconcile<ObjectKey>("configmaps", (key, _) =>
        {
            reconciled.Add($"{key}@{informer.Get(key)?.Metadata.ResourceVersion}");
            return Task.FromResult(requeueAfter is { } delay ? ReconcileResult.RequeueAfter(delay) : ReconcileResult.Done);
        });
        informer.OnChange(c => queue.Add(ObjectKey.Of(c)));
        return (runtime, host, informer, queue, reconciled);
    }
}
