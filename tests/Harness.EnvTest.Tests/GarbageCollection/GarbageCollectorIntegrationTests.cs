using System.Net;
using Harness.EnvTest.Tests.Backends;
using Harness.EnvTest.Tests.Core;
using k8s;
using k8s.Autorest;
using k8s.Models;

namespace Harness.EnvTest.Tests.GarbageCollection;

[Collection(ClusterCollection.Name)]
public sealed class GarbageCollectorIntegrationTests(ClusterFixture clusters)
{
    private static async Task<V1ConfigMap> CreateAsync(ClusterScope cluster, string name, V1ConfigMap? owner = null, bool block = false, IList<string>? finalizers = null)
    {
        var meta = new V1ObjectMeta { Name = name, Finalizers = finalizers };
        if (owner is not null)
        {
            meta.OwnerReferences = [new V1OwnerReference { ApiVersion = "v1", Kind = "ConfigMap", Name = owner.Metadata.Name, Uid = owner.Metadata.Uid, BlockOwnerDeletion = block }];
        }

        return await cluster.Client.CoreV1.CreateNamespacedConfigMapAsync(new V1ConfigMap { Metadata = meta }, cluster.Namespace);
    }

    private static async Task<bool> ExistsAsync(ClusterScope cluster, string name)
    {
        try
        {
            await cluster.Client.CoreV1.ReadNamespacedConfigMapAsync(name, cluster.Namespace);
            return true;
        }
        catch (HttpOperationException e) when (e.Response.StatusCode == HttpStatusCode.NotFound)
        {
            return false;
        }
    }

    private static async Task ReleaseAsync(ClusterScope cluster, string name)
    {
        while (true)
        {
            var obj = await cluster.Client.CoreV1.ReadNamespacedConfigMapAsync(name, cluster.Namespace);
            obj.Metadata.Finalizers = obj.Metadata.Finalizers.Where(f => f != "test/hold").ToList();
            try
            {
                await cluster.Client.CoreV1.ReplaceNamespacedConfigMapAsync(obj, name, cluster.Namespace);
                return;
            }
            catch (HttpOperationException e) when (e.Response.StatusCode == HttpStatusCode.Conflict)
            {
            }
        }
    }

    [SkippableTheory, Backends]
    public async Task Delete_Background_CollectsDependents(Backend backend)
    {
        await using var cluster = await clusters.ScopeAsync(backend);
        var owner = await CreateAsync(cluster, "owner");
        await CreateAsync(cluster, "child", owner);

        await cluster.Client.CoreV1.DeleteNamespacedConfigMapAsync("owner", cluster.Namespace);

        Assert.False(await ExistsAsync(cluster, "owner"));
        await Eventually.TrueAsync(async () => !await ExistsAsync(cluster, "child"), "child collected");
    }

    [SkippableTheory, Backends]
    public async Task Delete_Foreground_DeletesDependentsBeforeOwner(Backend backend)
    {
        await using var cluster = await clusters.ScopeAsync(backend);
        var owner = await CreateAsync(cluster, "owner");
        await CreateAsync(cluster, "child", owner, block: true, finalizers: ["test/hold"]);

        await cluster.Client.CoreV1.DeleteNamespacedConfigMapAsync("owner", cluster.Namespace, propagationPolicy: "Foreground");

        var deleting = await cluster.Client.CoreV1.ReadNamespacedConfigMapAsync("owner", cluster.Namespace);
        Assert.NotNull(deleting.Metadata.DeletionTimestamp);
        Assert.Contains("foregroundDeletion", deleting.Metadata.Finalizers);
        await Eventually.TrueAsync(async () => (await cluster.Client.CoreV1.ReadNamespacedConfigMapAsync("child", cluster.Namespace)).Metadata.DeletionTimestamp is not null, "child deleting");
        Assert.True(await ExistsAsync(cluster, "owner"));

        await ReleaseAsync(cluster, "child");

        await Eventually.TrueAsync(async () => !await ExistsAsync(cluster, "owner"), "owner removed after its blocking dependent");
    }

    [SkippableTheory, Backends]
    public async Task Create_OwnerNeverExisted_CollectsDependent(Backend backend)
    {
        await using var cluster = await clusters.ScopeAsync(backend);
        var ghost = new V1ConfigMap { Metadata = new V1ObjectMeta { Name = "ghost", Uid = "00000000-0000-4000-8000-000000000001" } };

        await CreateAsync(cluster, "child", ghost);

        await Eventually.TrueAsync(async () => !await ExistsAsync(cluster, "child"), "child of a missing owner collected");
    }

    [SkippableTheory, Backends]
    public async Task Delete_OneOfTwoOwners_RemovesItsReferenceAndKeepsDependent(Backend backend)
    {
        await using var cluster = await clusters.ScopeAsync(backend);
        var first = await CreateAsync(cluster, "first");
        var second = await CreateAsync(cluster, "second");
        var child = await CreateAsync(cluster, "child", first);
        child.Metadata.OwnerReferences.Add(new V1OwnerReference { ApiVersion = "v1", Kind = "ConfigMap", Name = "second", Uid = second.Metadata.Uid });
        await cluster.Client.CoreV1.ReplaceNamespacedConfigMapAsync(child, "child", cluster.Namespace);

        await cluster.Client.CoreV1.DeleteNamespacedConfigMapAsync("first", cluster.Namespace);

        await Eventually.TrueAsync(
            async () => (await cluster.Client.CoreV1.ReadNamespacedConfigMapAsync("child", cluster.Namespace)).Metadata.OwnerReferences is [{ Name: "second" }],
            "reference to the deleted owner removed");
        Assert.True(await ExistsAsync(cluster, "second"));
    }

    [SkippableTheory, Backends]
    public async Task Delete_OwnerAfterUnrelatedWrites_CollectsOnlyItsDependents(Backend backend)
    {
        await using var cluster = await clusters.ScopeAsync(backend);
        var owner = await CreateAsync(cluster, "owner");
        var other = await CreateAsync(cluster, "other");
        await CreateAsync(cluster, "child", owner);
        await CreateAsync(cluster, "bystander", other);
        for (var i = 0; i < 20; i++)
        {
            await CreateAsync(cluster, "unrelated-" + i);
        }

        await cluster.Client.CoreV1.DeleteNamespacedConfigMapAsync("owner", cluster.Namespace);

        await Eventually.TrueAsync(async () => !await ExistsAsync(cluster, "child"), "child collected");
        Assert.True(await ExistsAsync(cluster, "bystander"));
        Assert.True(await ExistsAsync(cluster, "unrelated-19"));
    }

    [SkippableTheory, Backends]
    public async Task Delete_Orphan_KeepsDependentsWithoutOwnerReference(Backend backend)
    {
        await using var cluster = await clusters.ScopeAsync(backend);
        var owner = await CreateAsync(cluster, "owner");
        await CreateAsync(cluster, "child", owner);

        await cluster.Client.CoreV1.DeleteNamespacedConfigMapAsync("owner", cluster.Namespace, propagationPolicy: "Orphan");

        await Eventually.TrueAsync(async () => !await ExistsAsync(cluster, "owner"), "owner removed");
        var child = await cluster.Client.CoreV1.ReadNamespacedConfigMapAsync("child", cluster.Namespace);
        Assert.Null(child.Metadata.OwnerReferences);
    }
}
