using System.Collections.Concurrent;
using Harness.EnvTest.InProcess;
using Harness.EnvTest.Tests.Core;
using Harness.Reflectors;
using k8s;
using k8s.Models;
using Microsoft.Extensions.Logging.Abstractions;

namespace Harness.EnvTest.Tests.Informers;

/// <summary>The reflector's list-then-watch loop against the embedded API server, seen through the requests it sends.</summary>
[Trait("EmbeddedOnly", "closes watches and compacts the history on demand (ApiServer.CloseWatches, CompactHistory), the embedded server's own entries")]
public sealed class ReflectorTests
{
    private const string Path = "/api/v1/namespaces/default/configmaps";

    [Fact]
    public async Task RunAsync_Start_ListsOnceThenWatchesFromTheListsResourceVersion()
    {
        await using var env = new InProcessServer();
        await CreateAsync(env.Client, "a");
        await using var sut = Sut.Start(env);
        await sut.Reflector.Synced;
        await sut.Created("b");

        Assert.Equal(["a", "b"], sut.Names());
        var list = Assert.Single(sut.Log.Lists);
        Assert.StartsWith(Path, list, StringComparison.Ordinal);
        var watch = Assert.Single(sut.Log.Watches);
        Assert.Contains($"resourceVersion={sut.ListVersion}&", watch, StringComparison.Ordinal);
        Assert.Contains("allowWatchBookmarks=true", watch, StringComparison.Ordinal);
    }

    [Fact]
    public async Task RunAsync_WatchClosedByTheServer_ResumesFromTheLastResourceVersionSeenWithoutRelisting()
    {
        await using var env = new InProcessServer();
        await using var sut = Sut.Start(env);
        await sut.Reflector.Synced;
        var b = await sut.Created("b");

        env.Server.CloseWatches();
        await Eventually.TrueAsync(() => Task.FromResult(sut.Log.Watches.Count == 2), "a second watch");
        await sut.Created("c");

        Assert.Contains($"resourceVersion={b.Metadata.ResourceVersion}&", sut.Log.Watches[1], StringComparison.Ordinal);
        Assert.Single(sut.Log.Lists);
        Assert.Equal(["b", "c"], sut.Names());
    }

    [Fact]
    public async Task RunAsync_VersionCompactedWhileCutOff_RelistsAndReportsWhatVanishedAsDeleted()
    {
        await using var env = new InProcessServer();
        await CreateAsync(env.Client, "a");
        await using var sut = Sut.Start(env);
        await sut.Reflector.Synced;
        var b = await sut.Created("b");

        sut.Log.HoldWatches();
        env.Server.CloseWatches();
        await Eventually.TrueAsync(() => Task.FromResult(sut.Log.Watches.Count == 2), "the reconnecting watch");
        await env.Client.CoreV1.DeleteNamespacedConfigMapAsync("b", "default");
        await CreateAsync(env.Client, "c");
        env.Server.CompactHistory();
        sut.Log.Release();
        await Eventually.TrueAsync(() => Task.FromResult(sut.Names().SequenceEqual(["a", "c"])), "the relist");

        Assert.Contains($"resourceVersion={b.Metadata.ResourceVersion}&", sut.Log.Watches[1], StringComparison.Ordinal);
        Assert.Equal(2, sut.Log.Lists.Count);
        var vanished = Assert.Single(sut.Changes, c => c.Current is null);
        Assert.Equal("b", vanished.Previous!.Metadata.Name);
        Assert.Same(vanished.Previous, vanished.Latest);
        Assert.Contains(sut.Changes, c => c.Previous is null && c.Current?.Metadata.Name == "c");
    }

    private static Task<V1ConfigMap> CreateAsync(IKubernetes client, string name) =>
        client.CoreV1.CreateNamespacedConfigMapAsync(new V1ConfigMap { Metadata = new V1ObjectMeta { Name = name } }, "default");

    /// <summary>A reflector of the ConfigMaps of <c>default</c>, running on the thread pool and the real clock until disposed.</summary>
    private sealed class Sut : IAsyncDisposable
    {
        private readonly Kubernetes client;
        private readonly CancellationTokenSource stop = new();
        private readonly Task running;

        private Sut(InProcessServer env)
        {
            Log = new RequestLog();
            client = new Kubernetes(new KubernetesClientConfiguration { Host = "http://apiserver.in-process" }, Log, new ApiServerMessageHandler(env.Server));
            var source = new ReflectorSource<string, V1ConfigMap>(
                "configmaps",
                async ct =>
                {
                    var list = await client.CoreV1.ListNamespacedConfigMapAsync("default", cancellationToken: ct);
                    ListVersion = list.Metadata.ResourceVersion;
                    return (list.Items.ToList(), list.Metadata.ResourceVersion);
                },
                (version, onError, ct) => StreamedWatch.ReadAsync<V1ConfigMap>(client, Path.TrimStart('/'), version, bookmarks: true, onError, ct),
                c => c.Metadata.Name,
                c => c.Metadata.ResourceVersion);
            var random = new Random(3);
            Reflector = new Reflector<string, V1ConfigMap>(source, TimeProvider.System, random.NextDouble, NullLogger.Instance, changes =>
            {
                foreach (var change in changes)
                {
                    Changes.Enqueue(change);
                }
            });
            running = Reflector.RunAsync(stop.Token);
        }

        public RequestLog Log { get; }

        public Reflector<string, V1ConfigMap> Reflector { get; }

        public ConcurrentQueue<ReflectedChange<V1ConfigMap>> Changes { get; } = new();

        public string? ListVersion { get; private set; }

        public static Sut Start(InProcessServer env) => new(env);

        public IReadOnlyList<string> Names() => [.. Reflector.List().Select(c => c.Metadata.Name).Order(StringComparer.Ordinal)];

        /// <summary>Creates <paramref name="name"/> and waits until the reflector holds it.</summary>
        public async Task<V1ConfigMap> Created(string name)
        {
            var created = await CreateAsync(client, name);
            await Eventually.TrueAsync(() => Task.FromResult(Reflector.Get(name) is not null), name + " reflected");
            return created;
        }

        public async ValueTask DisposeAsync()
        {
            await stop.CancelAsync();
            await running;
            client.Dispose();
            stop.Dispose();
        }
    }
}
