using System.Collections.Concurrent;
using Harness.EnvTest.Informers;
using Harness.EnvTest.Tests.Backends;
using Harness.EnvTest.Tests.Core;
using k8s;
using k8s.Models;

namespace Harness.EnvTest.Tests.Informers;

/// <summary>The metadata cache over a whole cluster; each test looks at its own namespace (the cluster is shared).</summary>
[Collection(ClusterCollection.Name)]
public sealed class ClusterMetadataCacheIntegrationTests(ClusterFixture clusters)
{
    private static Task<V1ConfigMap> CreateAsync(ClusterScope cluster, string name, V1OwnerReference? owner = null) =>
        cluster.Client.CoreV1.CreateNamespacedConfigMapAsync(new V1ConfigMap { Metadata = new V1ObjectMeta { Name = name, OwnerReferences = owner is null ? null : [owner] } }, cluster.Namespace);

    [SkippableTheory, Backends]
    public async Task RunOnChanges_AfterAChange_PassesOnlyTheVersionsOfWhatChanged(Backend backend)
    {
        await using var cluster = await clusters.ScopeAsync(backend);
        var cache = new ClusterMetadataCache((Kubernetes)cluster.Client, Task.Factory, TimeProvider.System, new Random(1));
        using var stop = new CancellationTokenSource();
        var passes = new ConcurrentQueue<IReadOnlyList<CachedObject>>();
        var running = cache.RunAsync(stop.Token);
        var subscribed = cache.RunOnChangesAsync((changes, _) =>
        {
            passes.Enqueue(changes.Where(c => c.Namespace == cluster.Namespace).ToList());
            return Task.FromResult<IReadOnlyList<CachedObject>>([]);
        }, stop.Token);
        await CreateAsync(cluster, "a");
        await CreateAsync(cluster, "b");
        await Eventually.TrueAsync(() => Task.FromResult(passes.SelectMany(p => p).Any(c => c.Name == "b")), "b seen");
        var before = passes.Count;

        var b = await cluster.Client.CoreV1.ReadNamespacedConfigMapAsync("b", cluster.Namespace);
        b.Metadata.Finalizers = ["example.com/changed"];
        await cluster.Client.CoreV1.ReplaceNamespacedConfigMapAsync(b, "b", cluster.Namespace);
        await Eventually.TrueAsync(() => Task.FromResult(passes.Skip(before).SelectMany(p => p).Any(c => c.Finalizers.Contains("example.com/changed"))), "update seen");

        var after = passes.Skip(before).SelectMany(p => p).ToList();
        Assert.All(after, c => Assert.Equal("b", c.Name));
        Assert.Contains(after, c => c.Finalizers.Count == 0);
        Assert.Equal(["example.com/changed"], cache.Find(after[0].Resource, cluster.Namespace, "b")!.Finalizers);
        await stop.CancelAsync();
        await running;
        await subscribed;
    }

    [SkippableTheory, Backends]
    public async Task Indexes_FollowOwnersAndDeletes(Backend backend)
    {
        await using var cluster = await clusters.ScopeAsync(backend);
        var cache = new ClusterMetadataCache((Kubernetes)cluster.Client, Task.Factory, TimeProvider.System, new Random(1));
        using var stop = new CancellationTokenSource();
        var running = cache.RunAsync(stop.Token);
        var owner = await CreateAsync(cluster, "owner");
        await CreateAsync(cluster, "child", new V1OwnerReference { ApiVersion = "v1", Kind = "ConfigMap", Name = "owner", Uid = owner.Metadata.Uid });
        await Eventually.TrueAsync(() => Task.FromResult(cache.DependentsOf(owner.Metadata.Uid).Count == 1), "child indexed under its owner");

        Assert.Equal("child", cache.DependentsOf(owner.Metadata.Uid)[0].Name);
        Assert.Equal("owner", Assert.Single(cache.WithUid(owner.Metadata.Uid)).Name);
        Assert.Contains(cache.InNamespace(cluster.Namespace), c => c.Name == "owner");

        await cluster.Client.CoreV1.DeleteNamespacedConfigMapAsync("child", cluster.Namespace);
        await Eventually.TrueAsync(() => Task.FromResult(cache.DependentsOf(owner.Metadata.Uid).Count == 0), "child unindexed");
        Assert.DoesNotContain(cache.InNamespace(cluster.Namespace), c => c.Name == "child");
        await stop.CancelAsync();
        await running;
    }
}
