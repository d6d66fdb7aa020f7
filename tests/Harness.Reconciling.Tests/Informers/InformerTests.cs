using System.Net;
using Harness.Reconciling.Tests.Runtime;
using Harness.Reflectors;
using k8s;
using k8s.Autorest;
using k8s.Models;
using static Harness.Reconciling.Tests.Informers.ScriptedSource;

namespace Harness.Reconciling.Tests.Informers;

public sealed class InformerTests
{
    [Fact]
    public void RunAsync_FirstList_FillsTheCacheSyncsAndWatchesFromTheListVersion()
    {
        var script = new ScriptedSource().Listing("10", Map("a", "3"), Map("b", "7"));
        var (runtime, informer, changed, stop, _) = CreateSut(script);

        Assert.True(informer.Synced.IsCompletedSuccessfully);
        Assert.Equal(["a", "b"], informer.List().Select(c => c.Metadata.Name).Order());
        Assert.Equal("7", informer.Get(new ObjectKey("ns", "b"))?.Metadata.ResourceVersion);
        Assert.Equal(["ns/a", "ns/b"], changed.Order());
        Assert.Equal(["10"], script.WatchedFrom);
        Stop(runtime, stop);
    }

    [Fact]
    public void RunAsync_WatchEvents_UpdateTheCacheAndResumeFromTheLastVersionSeen()
    {
        var deleted = Map("a", "12");
        var script = new ScriptedSource()
            .Listing("10", Map("a", "3"))
            .Watching(null, (WatchEventType.Added, Map("b", "11")), (WatchEventType.Deleted, deleted), (WatchEventType.Bookmark, Bookmark("15")));
        var seen = new List<V1ConfigMap>();
        var (runtime, informer, _, stop, _) = CreateSut(script, seen.Add);

        Assert.Equal(["b"], informer.List().Select(c => c.Metadata.Name));
        Assert.Same(deleted, seen[^1]);
        Assert.Equal(["10", "15"], script.WatchedFrom);
        Assert.Equal(1, script.Lists);
        Stop(runtime, stop);
    }

    [Fact]
    public void RunAsync_WatchExpired410_RelistsAndReportsOnlyWhatChanged()
    {
        var script = new ScriptedSource()
            .Listing("10", Map("a", "3"), Map("b", "4"))
            .Watching(new KubernetesException(new V1Status { Code = 410, Reason = "Expired" }), (WatchEventType.Modified, Map("a", "11")))
            .Listing("20", Map("a", "11"), Map("c", "19"));
        var (runtime, informer, changed, stop, _) = CreateSut(script);

        Assert.Equal(2, script.Lists);
        Assert.Equal(["10", "20"], script.WatchedFrom);
        Assert.Equal(["a", "c"], informer.List().Select(c => c.Metadata.Name).Order());
        Assert.Equal(["ns/a", "ns/b", "ns/a", "ns/b", "ns/c"], changed);
        Stop(runtime, stop);
    }

    [Fact]
    public void RunAsync_WatchFails_BacksOffAndResumesFromTheLastVersionWithoutRelisting()
    {
        var script = new ScriptedSource()
            .Listing("10", Map("a", "3"))
            .Watching(new HttpRequestException("connection reset"), (WatchEventType.Added, Map("b", "11")));
        var (runtime, informer, _, stop, _) = CreateSut(script);
        Assert.Equal(["10"], script.WatchedFrom);

        runtime.Advance(RetryBackoff.Initial * 1.5);

        Assert.Equal(["10", "11"], script.WatchedFrom);
        Assert.Equal(1, script.Lists);
        Assert.Equal(["a", "b"], informer.List().Select(c => c.Metadata.Name).Order());
        Stop(runtime, stop);
    }

    [Fact]
    public void RunAsync_ListAnswers410_RelistsAtOnce()
    {
        var script = new ScriptedSource()
            .ListFailing(Status(HttpStatusCode.Gone))
            .Listing("10", Map("a", "3"));
        var (runtime, informer, _, stop, _) = CreateSut(script);

        Assert.Equal(2, script.Lists);
        Assert.True(informer.Synced.IsCompletedSuccessfully);
        Stop(runtime, stop);
    }

    [Fact]
    public void RunAsync_ListFails_RetriesWithDoublingJitteredBackoffOnTheClock()
    {
        var script = new ScriptedSource()
            .ListFailing(new HttpRequestException("connection refused"))
            .ListFailing(new HttpRequestException("connection refused"))
            .Listing("10", Map("a", "3"));
        var (runtime, informer, _, stop, _) = CreateSut(script);
        Assert.Equal(1, script.Lists);

        // The first pause is 100 ms plus up to half again, the second 200 ms plus up to half again.
        runtime.Advance(TimeSpan.FromMilliseconds(99));
        Assert.Equal(1, script.Lists);
        runtime.Advance(TimeSpan.FromMilliseconds(51));
        Assert.Equal(2, script.Lists);
        runtime.Advance(TimeSpan.FromMilliseconds(199));
        Assert.False(informer.Synced.IsCompleted);
        runtime.Advance(TimeSpan.FromMilliseconds(101));

        Assert.Equal(3, script.Lists);
        Assert.True(informer.Synced.IsCompletedSuccessfully);
        Stop(runtime, stop);
    }

    [Fact]
    public void RunAsync_ResourceNotServed_IsAnEmptySyncedCacheListedAgainLater()
    {
        var script = new ScriptedSource()
            .ListFailing(Status(HttpStatusCode.NotFound))
            .Listing("10", Map("a", "3"));
        var (runtime, informer, _, stop, _) = CreateSut(script);

        Assert.True(informer.Synced.IsCompletedSuccessfully);
        Assert.Empty(informer.List());
        runtime.Advance(RetryBackoff.Initial * 1.5);
        Assert.Single(informer.List());
        Stop(runtime, stop);
    }

    [Fact]
    public void RunAsync_StoppedDuringTheWatch_EndsQuietly()
    {
        var script = new ScriptedSource().Listing("10", Map("a", "3"));
        var (runtime, _, _, stop, run) = CreateSut(script);

        stop.Cancel();
        runtime.Settle();

        Assert.True(run.IsCompletedSuccessfully);
    }

    private static HttpOperationException Status(HttpStatusCode code) =>
        new($"answered {(int)code}") { Response = new HttpResponseMessageWrapper(new HttpResponseMessage(code), "") };

    private static void Stop(VirtualRuntime runtime, CancellationTokenSource stop)
    {
        stop.Cancel();
        runtime.Settle();
        stop.Dispose();
    }

    private static (VirtualRuntime Runtime, Informer<V1ConfigMap> Informer, List<string> Changed, CancellationTokenSource Stop, Task Run) CreateSut(
        ScriptedSource script, Action<V1ConfigMap>? handler = null)
    {
        var runtime = new VirtualRuntime();
        var informer = new Informer<V1ConfigMap>(script.Source, runtime.Time, new Random(7));
        var changed = new List<string>();
        informer.OnChange(c => changed.Add(ObjectKey.Of(c).ToString()));
        if (handler is not null)
        {
            informer.OnChange(handler);
        }

        var stop = new CancellationTokenSource();
        var run = runtime.Start(() => informer.RunAsync(stop.Token));
        return (runtime, informer, changed, stop, run);
    }
}
