using System.Collections.Concurrent;
using Harness.EnvTest.Informers;
using Harness.EnvTest.Tests.Core;
using k8s;
using k8s.Models;

namespace Harness.EnvTest.Tests.Informers;

public sealed class ClusterMetadataCacheIntegrationTests
{
    private static Task<V1ConfigMap> CreateAsync(IKubernetes client, string name, V1OwnerReference? owner = null) =>
        client.CoreV1.CreateNamespacedConfigMapAsync(new V1ConfigMap { Metadata = new V1ObjectMeta { Name = name, OwnerReferences = owner is null ? null : [owner] } }, "default");

    [Fact]
    public async Task RunOnChanges_AfterAChange_PassesOnlyTheVersionsOfWhatChanged()
    {
        await using var env = new InProcessServer();
        var cache = new ClusterMetadataCache(env.Client, Task.Factory, TimeProvider.System, new Random(1));
        using var stop = new CancellationTokenSource();
        var passes = new ConcurrentQueue<IReadOnlyList<CachedObject>>();
        var running = cache.RunAsync(stop.Token);
        var subscribed = cache.RunOnChangesAsync((changes, _) =>
        {
            passes.Enqueue(changes);
            return Task.CompletedTask;
        }, stop.Token);
        await CreateAsync(env.Client, "a");
        await CreateAsync(env.Client, "b");
        await Eventually.TrueAsync(() => Task.FromResult(passes.SelectMany(p => p).Any(c => c.Name == "b")), "b seen");
        var before = passes.Count;

        var b = await env.Client.CoreV1.ReadNamespacedConfigMapAsync("b", "default");
        b.Metadata.Finalizers = ["example.com/changed"];
        await env.Client.CoreV1.ReplaceNamespacedConfigMapAsync(b, "b", "default");
        await Eventually.TrueAsync(() => Task.FromResult(passes.Skip(before).SelectMany(p => p).Any(c => c.Finalizers.Contains("example.com/changed"))), "update seen");

        var after = passes.Skip(before).SelectMany(p => p).ToList();
        Assert.All(after, c => Assert.Equal("b", c.Name));
        Assert.Contains(after, c => c.Finalizers.Count == 0);
        Assert.Equal(["example.com/changed"], cache.Find(after[0].Resource, "default", "b")!.Finalizers);
        await stop.CancelAsync();
        await running;
        await subscribed;
    }

    [Fact]
    public async Task Indexes_FollowOwnersAndDeletes()
    {
        await using var env = new InProcessServer();
        var cache = new ClusterMetadataCache(env.Client, Task.Factory, TimeProvider.System, new Random(1));
        using var stop = new CancellationTokenSource();
        var running = cache.RunAsync(stop.Token);
        var owner = await CreateAsync(env.Client, "owner");
        await CreateAsync(env.Client, "child", new V1OwnerReference { ApiVersion = "v1", Kind = "ConfigMap", Name = "owner", Uid = owner.Metadata.Uid });
        await Eventually.TrueAsync(() => Task.FromResult(cache.DependentsOf(owner.Metadata.Uid).Count == 1), "child indexed under its owner");

        Assert.Equal("child", cache.DependentsOf(owner.Metadata.Uid)[0].Name);
        Assert.Equal("owner", Assert.Single(cache.WithUid(owner.Metadata.Uid)).Name);
        Assert.Contains(cache.InNamespace("default"), c => c.Name == "owner");

        await env.Client.CoreV1.DeleteNamespacedConfigMapAsync("child", "default");
        await Eventually.TrueAsync(() => Task.FromResult(cache.DependentsOf(owner.Metadata.Uid).Count == 0), "child unindexed");
        Assert.DoesNotContain(cache.InNamespace("default"), c => c.Name == "child");
        await stop.CancelAsync();
        await running;
    }
}
