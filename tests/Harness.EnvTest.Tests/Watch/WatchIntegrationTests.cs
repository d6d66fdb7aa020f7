using System.Net;
using Harness.EnvTest.Requests;
using Harness.EnvTest.Tests.Backends;
using Harness.EnvTest.Tests.Core;
using k8s;
using k8s.Autorest;
using k8s.Models;

namespace Harness.EnvTest.Tests.Watch;

[Collection(ClusterCollection.Name)]
public sealed class WatchIntegrationTests(ClusterFixture clusters)
{
    private static V1ConfigMap ConfigMap(string name, IDictionary<string, string>? labels = null) =>
        new() { Metadata = new V1ObjectMeta { Name = name, Labels = labels }, Data = new Dictionary<string, string> { ["k"] = name } };

    private static async Task<List<(WatchEventType Type, V1ConfigMap Object)>> TakeAsync(
        IKubernetes client, int count, string? resourceVersion = null, string? labelSelector = null, bool bookmarks = false, int? timeoutSeconds = null, string ns = "default")
    {
        Exception? failure = null;
        var events = await TakeAsync(client, count, resourceVersion, labelSelector, bookmarks, timeoutSeconds, e => failure ??= e, ns);
        return failure is null ? events : throw failure;
    }

    private static async Task<List<(WatchEventType Type, V1ConfigMap Object)>> TakeAsync(
        IKubernetes client, int count, string? resourceVersion, string? labelSelector, bool bookmarks, int? timeoutSeconds, Action<Exception> onError, string ns = "default")
    {
        var response = await client.CoreV1.ListNamespacedConfigMapWithHttpMessagesAsync(
            ns, watch: true, resourceVersion: resourceVersion, labelSelector: labelSelector, allowWatchBookmarks: bookmarks, timeoutSeconds: timeoutSeconds);
        var events = new List<(WatchEventType, V1ConfigMap)>();
#pragma warning disable CS0618
        await foreach (var (type, item) in Task.FromResult(response).WatchAsync<V1ConfigMap, V1ConfigMapList>(onError))
#pragma warning restore CS0618
        {
            events.Add((type, item));
            if (events.Count == count)
            {
                break;
            }
        }

        return events;
    }

    [SkippableTheory, Backends]
    public async Task Watch_FromListResourceVersion_SeesLaterEventsInOrder(Backend backend)
    {
        await using var cluster = await clusters.ScopeAsync(backend);
        await cluster.Client.CoreV1.CreateNamespacedConfigMapAsync(ConfigMap("before"), cluster.Namespace);
        var list = await cluster.Client.CoreV1.ListNamespacedConfigMapAsync(cluster.Namespace);
        var created = await cluster.Client.CoreV1.CreateNamespacedConfigMapAsync(ConfigMap("a"), cluster.Namespace);
        created.Data["k"] = "changed";
        await cluster.Client.CoreV1.ReplaceNamespacedConfigMapAsync(created, "a", cluster.Namespace);
        await cluster.Client.CoreV1.DeleteNamespacedConfigMapAsync("a", cluster.Namespace);

        var events = await TakeAsync(cluster.Client, 3, list.Metadata.ResourceVersion, ns: cluster.Namespace);

        Assert.Equal([WatchEventType.Added, WatchEventType.Modified, WatchEventType.Deleted], events.Select(e => e.Type));
        Assert.All(events, e => Assert.Equal("a", e.Object.Metadata.Name));
        var versions = events.Select(e => long.Parse(e.Object.Metadata.ResourceVersion, System.Globalization.CultureInfo.InvariantCulture)).ToList();
        Assert.Equal(versions.Order(), versions);
    }

    [SkippableTheory, Backends]
    public async Task Watch_WithoutResourceVersion_StartsWithSyntheticAdded(Backend backend)
    {
        await using var cluster = await clusters.ScopeAsync(backend);
        await cluster.Client.CoreV1.CreateNamespacedConfigMapAsync(ConfigMap("a"), cluster.Namespace);
        await cluster.Client.CoreV1.CreateNamespacedConfigMapAsync(ConfigMap("b"), cluster.Namespace);

        var events = await TakeAsync(cluster.Client, 2, ns: cluster.Namespace);

        Assert.Equal([(WatchEventType.Added, "a"), (WatchEventType.Added, "b")], events.Select(e => (e.Type, e.Object.Metadata.Name)));
    }

    [SkippableTheory, Backends]
    public async Task Watch_ResumedFromLastSeenVersion_SeesExactlyTheMissedEvents(Backend backend)
    {
        await using var cluster = await clusters.ScopeAsync(backend);
        var start = (await cluster.Client.CoreV1.ListNamespacedConfigMapAsync(cluster.Namespace)).Metadata.ResourceVersion;
        await cluster.Client.CoreV1.CreateNamespacedConfigMapAsync(ConfigMap("a"), cluster.Namespace);
        var first = await TakeAsync(cluster.Client, 1, start, ns: cluster.Namespace);
        await cluster.Client.CoreV1.CreateNamespacedConfigMapAsync(ConfigMap("b"), cluster.Namespace);
        await cluster.Client.CoreV1.CreateNamespacedConfigMapAsync(ConfigMap("c"), cluster.Namespace);

        var resumed = await TakeAsync(cluster.Client, 2, first[0].Object.Metadata.ResourceVersion, ns: cluster.Namespace);

        Assert.Equal(["b", "c"], resumed.Select(e => e.Object.Metadata.Name));
        Assert.All(resumed, e => Assert.Equal(WatchEventType.Added, e.Type));
    }

    [Fact]
    public async Task Watch_FromCompactedVersion_Gets410Expired()
    {
        await using var env = new InProcessServer();
        var start = (await env.Client.CoreV1.ListNamespacedConfigMapAsync("default")).Metadata.ResourceVersion;
        await env.Client.CoreV1.CreateNamespacedConfigMapAsync(ConfigMap("a"), "default");
        env.Server.CompactHistory();

        var error = await Assert.ThrowsAsync<KubernetesException>(() => TakeAsync(env.Client, 1, start));

        Assert.Equal(410, error.Status.Code);
        Assert.Equal("Expired", error.Status.Reason);
        Assert.Equal($"too old resource version: {start} ({env.Server.CurrentRevision})", error.Status.Message);
    }

    [Fact]
    public async Task Watch_HistoryLimit_ExpiresOldVersions()
    {
        await using var env = new InProcessServer(eventHistoryLimit: 4);
        var start = (await env.Client.CoreV1.ListNamespacedConfigMapAsync("default")).Metadata.ResourceVersion;
        for (var i = 0; i < 10; i++)
        {
            await env.Client.CoreV1.CreateNamespacedConfigMapAsync(ConfigMap("c" + i), "default");
        }

        var error = await Assert.ThrowsAsync<KubernetesException>(() => TakeAsync(env.Client, 1, start));

        Assert.Equal(410, error.Status.Code);
    }

    [SkippableTheory, Backends]
    public async Task Watch_LabelSelector_ObjectLeavingSelectorIsDeletedForWatcher(Backend backend)
    {
        await using var cluster = await clusters.ScopeAsync(backend);
        var start = (await cluster.Client.CoreV1.ListNamespacedConfigMapAsync(cluster.Namespace)).Metadata.ResourceVersion;
        var created = await cluster.Client.CoreV1.CreateNamespacedConfigMapAsync(ConfigMap("a", new Dictionary<string, string> { ["app"] = "x" }), cluster.Namespace);
        await cluster.Client.CoreV1.CreateNamespacedConfigMapAsync(ConfigMap("other", new Dictionary<string, string> { ["app"] = "y" }), cluster.Namespace);
        created.Metadata.Labels["app"] = "z";
        await cluster.Client.CoreV1.ReplaceNamespacedConfigMapAsync(created, "a", cluster.Namespace);

        var events = await TakeAsync(cluster.Client, 2, start, labelSelector: "app=x", ns: cluster.Namespace);

        Assert.Equal([(WatchEventType.Added, "a"), (WatchEventType.Deleted, "a")], events.Select(e => (e.Type, e.Object.Metadata.Name)));
    }

    [Fact]
    public async Task Watch_Bookmarks_ComeFromTheClockWithCurrentRevision()
    {
        await using var env = new InProcessServer();
        var watching = TakeAsync(env.Client, 1, env.Server.CurrentRevision.ToString(System.Globalization.CultureInfo.InvariantCulture), bookmarks: true);
        await Eventually.TrueAsync(() =>
        {
            env.Time.Advance(TimeSpan.FromMinutes(1));
            return Task.FromResult(watching.IsCompleted);
        }, "a bookmark");

        var events = await watching;

        Assert.Equal(WatchEventType.Bookmark, events[0].Type);
        Assert.Equal(env.Server.CurrentRevision.ToString(System.Globalization.CultureInfo.InvariantCulture), events[0].Object.Metadata.ResourceVersion);
    }

    [Fact]
    public async Task Watch_TimeoutSeconds_EndsStreamByTheClock()
    {
        await using var env = new InProcessServer();
        await env.Client.CoreV1.CreateNamespacedConfigMapAsync(ConfigMap("a"), "default");
        var response = await env.Server.HandleAsync(new ApiRequest
        {
            Method = "GET",
            Path = "/api/v1/namespaces/default/configmaps",
            Query = new Dictionary<string, string> { ["watch"] = "true", ["timeoutSeconds"] = "30" },
        }, CancellationToken.None);
        var frames = Assert.IsType<StreamingApiResponse>(response).Frames.GetAsyncEnumerator();

        Assert.True(await frames.MoveNextAsync());
        var next = frames.MoveNextAsync().AsTask();
        Assert.False(next.IsCompleted);
        env.Time.Advance(TimeSpan.FromSeconds(30));

        Assert.False(await next);
    }

    [Fact]
    public async Task DisposeAsync_OpenWatch_EndsStream()
    {
        var env = new InProcessServer();
        var response = await env.Server.HandleAsync(new ApiRequest
        {
            Method = "GET",
            Path = "/api/v1/namespaces/default/configmaps",
            Query = new Dictionary<string, string> { ["watch"] = "true", ["resourceVersion"] = env.Server.CurrentRevision.ToString(System.Globalization.CultureInfo.InvariantCulture) },
        }, CancellationToken.None);
        var frames = Assert.IsType<StreamingApiResponse>(response).Frames.GetAsyncEnumerator();
        var next = frames.MoveNextAsync().AsTask();

        await env.DisposeAsync();

        Assert.False(await next);
    }

    [Fact]
    public async Task Watch_LegacyWatchPath_StreamsEvents()
    {
        await using var env = new InProcessServer();
        await env.Client.CoreV1.CreateNamespacedConfigMapAsync(ConfigMap("a"), "default");

        var response = await env.Server.HandleAsync(new ApiRequest { Method = "GET", Path = "/api/v1/watch/namespaces/default/configmaps/a" }, CancellationToken.None);
        var frames = Assert.IsType<StreamingApiResponse>(response).Frames.GetAsyncEnumerator();

        Assert.True(await frames.MoveNextAsync());
        Assert.StartsWith("{\"type\":\"ADDED\",\"object\":{", System.Text.Encoding.UTF8.GetString(frames.Current.Span), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Watch_OneLiveEventThroughDifferentSelectors_EachWatcherGetsItsOwnEventType()
    {
        await using var env = new InProcessServer();
        var created = await env.Client.CoreV1.CreateNamespacedConfigMapAsync(ConfigMap("a", new Dictionary<string, string> { ["app"] = "x" }), "default");
        var from = env.Server.CurrentRevision.ToString(System.Globalization.CultureInfo.InvariantCulture);
        var watchers = new List<IAsyncEnumerator<ReadOnlyMemory<byte>>>();
        foreach (var selector in new[] { "app=x", "app=z", string.Empty })
        {
            var query = new Dictionary<string, string> { ["watch"] = "true", ["resourceVersion"] = from, ["labelSelector"] = selector };
            var response = await env.Server.HandleAsync(new ApiRequest { Method = "GET", Path = "/api/v1/namespaces/default/configmaps", Query = query }, CancellationToken.None);
            watchers.Add(Assert.IsType<StreamingApiResponse>(response).Frames.GetAsyncEnumerator());
        }

        created.Metadata.Labels["app"] = "z";
        var replaced = await env.Client.CoreV1.ReplaceNamespacedConfigMapAsync(created, "a", "default");

        var frames = new List<string>();
        foreach (var watcher in watchers)
        {
            Assert.True(await watcher.MoveNextAsync());
            frames.Add(System.Text.Encoding.UTF8.GetString(watcher.Current.Span));
            await watcher.DisposeAsync();
        }

        Assert.Equal(["DELETED", "ADDED", "MODIFIED"], frames.Select(f => System.Text.Json.JsonDocument.Parse(f).RootElement.GetProperty("type").GetString()));
        Assert.All(frames, f => Assert.Equal(
            replaced.Metadata.ResourceVersion,
            System.Text.Json.JsonDocument.Parse(f).RootElement.GetProperty("object").GetProperty("metadata").GetProperty("resourceVersion").GetString()));
        Assert.All(frames, f => Assert.EndsWith("}\n", f, StringComparison.Ordinal));
    }

    [Fact]
    public async Task Watch_ClientFallsMaxLiveBacklogBehind_GetsWhatWasQueuedThenTheStreamEnds()
    {
        await using var env = new InProcessServer();
        var response = await env.Server.HandleAsync(new ApiRequest
        {
            Method = "GET",
            Path = "/api/v1/namespaces/default/configmaps",
            Query = new Dictionary<string, string> { ["watch"] = "true", ["resourceVersion"] = env.Server.CurrentRevision.ToString(System.Globalization.CultureInfo.InvariantCulture) },
        }, CancellationToken.None);
        using var bound = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        var frames = Assert.IsType<StreamingApiResponse>(response).Frames.GetAsyncEnumerator(bound.Token);

        for (var i = 0; i <= Harness.EnvTest.Watch.Watcher.MaxLiveBacklog; i++)
        {
            await env.Client.CoreV1.CreateNamespacedConfigMapAsync(ConfigMap($"cm-{i}"), "default");
        }

        var received = 0;
        while (await frames.MoveNextAsync())
        {
            received++;
        }

        Assert.Equal(Harness.EnvTest.Watch.Watcher.MaxLiveBacklog, received);
    }

    [Fact]
    public async Task Watch_ReplayLongerThanMaxLiveBacklog_IsDeliveredWholeAndTheWatchStaysOpen()
    {
        await using var env = new InProcessServer();
        var from = env.Server.CurrentRevision.ToString(System.Globalization.CultureInfo.InvariantCulture);
        var replayed = Harness.EnvTest.Watch.Watcher.MaxLiveBacklog + 200;
        for (var i = 0; i < replayed; i++)
        {
            await env.Client.CoreV1.CreateNamespacedConfigMapAsync(ConfigMap($"cm-{i}"), "default");
        }

        var events = TakeAsync(env.Client, replayed + 1, from);
        await env.Client.CoreV1.CreateNamespacedConfigMapAsync(ConfigMap("live"), "default");

        var all = await events;
        Assert.Equal(replayed + 1, all.Count);
        Assert.Equal("live", all[^1].Object.Metadata.Name);
    }
}
