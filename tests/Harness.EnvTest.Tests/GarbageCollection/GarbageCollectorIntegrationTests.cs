using System.Net;
using Harness.EnvTest.Tests.Core;
using k8s;
using k8s.Autorest;
using k8s.Models;

namespace Harness.EnvTest.Tests.GarbageCollection;

public sealed class GarbageCollectorIntegrationTests
{
    private static async Task<V1ConfigMap> CreateAsync(IKubernetes client, string name, V1ConfigMap? owner = null, bool block = false, IList<string>? finalizers = null)
    {
        var meta = new V1ObjectMeta { Name = name, Finalizers = finalizers };
        if (owner is not null)
        {
            meta.OwnerReferences = [new V1OwnerReference { ApiVersion = "v1", Kind = "ConfigMap", Name = owner.Metadata.Name, Uid = owner.Metadata.Uid, BlockOwnerDeletion = block }];
        }

        return await client.CoreV1.CreateNamespacedConfigMapAsync(new V1ConfigMap { Metadata = meta }, "default");
    }

    private static async Task<bool> ExistsAsync(IKubernetes client, string name)
    {
        try
        {
            await client.CoreV1.ReadNamespacedConfigMapAsync(name, "default");
            return true;
        }
        catch (HttpOperationException e) when (e.Response.StatusCode == HttpStatusCode.NotFound)
        {
            return false;
        }
    }

    private static async Task ReleaseAsync(IKubernetes client, string name)
    {
        while (true)
        {
            var obj = await client.CoreV1.ReadNamespacedConfigMapAsync(name, "default");
            obj.Metadata.Finalizers = obj.Metadata.Finalizers.Where(f => f != "test/hold").ToList();
            try
            {
                await client.CoreV1.ReplaceNamespacedConfigMapAsync(obj, name, "default");
                return;
            }
            catch (HttpOperationException e) when (e.Response.StatusCode == HttpStatusCode.Conflict)
            {
            }
        }
    }

    [Fact]
    public async Task Delete_Background_CollectsDependents()
    {
        await using var env = new InProcessServer(runControllers: true);
        var owner = await CreateAsync(env.Client, "owner");
        await CreateAsync(env.Client, "child", owner);

        await env.Client.CoreV1.DeleteNamespacedConfigMapAsync("owner", "default");

        Assert.False(await ExistsAsync(env.Client, "owner"));
        await Eventually.TrueAsync(async () => !await ExistsAsync(env.Client, "child"), "child collected");
    }

    [Fact]
    public async Task Delete_Foreground_DeletesDependentsBeforeOwner()
    {
        await using var env = new InProcessServer(runControllers: true);
        var owner = await CreateAsync(env.Client, "owner");
        await CreateAsync(env.Client, "child", owner, block: true, finalizers: ["test/hold"]);

        await env.Client.CoreV1.DeleteNamespacedConfigMapAsync("owner", "default", propagationPolicy: "Foreground");

        var deleting = await env.Client.CoreV1.ReadNamespacedConfigMapAsync("owner", "default");
        Assert.NotNull(deleting.Metadata.DeletionTimestamp);
        Assert.Contains("foregroundDeletion", deleting.Metadata.Finalizers);
        await Eventually.TrueAsync(async () => (await env.Client.CoreV1.ReadNamespacedConfigMapAsync("child", "default")).Metadata.DeletionTimestamp is not null, "child deleting");
        Assert.True(await ExistsAsync(env.Client, "owner"));

        await ReleaseAsync(env.Client, "child");

        await Eventually.TrueAsync(async () => !await ExistsAsync(env.Client, "owner"), "owner removed after its blocking dependent");
    }

    [Fact]
    public async Task Create_OwnerNeverExisted_CollectsDependent()
    {
        await using var env = new InProcessServer(runControllers: true);
        var ghost = new V1ConfigMap { Metadata = new V1ObjectMeta { Name = "ghost", Uid = "00000000-0000-4000-8000-000000000001" } };

        await CreateAsync(env.Client, "child", ghost);

        await Eventually.TrueAsync(async () => !await ExistsAsync(env.Client, "child"), "child of a missing owner collected");
    }

    [Fact]
    public async Task Delete_OneOfTwoOwners_RemovesItsReferenceAndKeepsDependent()
    {
        await using var env = new InProcessServer(runControllers: true);
        var first = await CreateAsync(env.Client, "first");
        var second = await CreateAsync(env.Client, "second");
        var child = await CreateAsync(env.Client, "child", first);
        child.Metadata.OwnerReferences.Add(new V1OwnerReference { ApiVersion = "v1", Kind = "ConfigMap", Name = "second", Uid = second.Metadata.Uid });
        await env.Client.CoreV1.ReplaceNamespacedConfigMapAsync(child, "child", "default");

        await env.Client.CoreV1.DeleteNamespacedConfigMapAsync("first", "default");

        await Eventually.TrueAsync(
            async () => (await env.Client.CoreV1.ReadNamespacedConfigMapAsync("child", "default")).Metadata.OwnerReferences is [{ Name: "second" }],
            "reference to the deleted owner removed");
        Assert.True(await ExistsAsync(env.Client, "second"));
    }

    [Fact]
    public async Task Delete_OwnerAfterUnrelatedWrites_CollectsOnlyItsDependents()
    {
        await using var env = new InProcessServer(runControllers: true);
        var owner = await CreateAsync(env.Client, "owner");
        var other = await CreateAsync(env.Client, "other");
        await CreateAsync(env.Client, "child", owner);
        await CreateAsync(env.Client, "bystander", other);
        for (var i = 0; i < 20; i++)
        {
            await CreateAsync(env.Client, "unrelated-" + i);
        }

        await env.Client.CoreV1.DeleteNamespacedConfigMapAsync("owner", "default");

        await Eventually.TrueAsync(async () => !await ExistsAsync(env.Client, "child"), "child collected");
        Assert.True(await ExistsAsync(env.Client, "bystander"));
        Assert.True(await ExistsAsync(env.Client, "unrelated-19"));
    }

    [Fact]
    public async Task Delete_Orphan_KeepsDependentsWithoutOwnerReference()
    {
        await using var env = new InProcessServer(runControllers: true);
        var owner = await CreateAsync(env.Client, "owner");
        await CreateAsync(env.Client, "child", owner);

        await env.Client.CoreV1.DeleteNamespacedConfigMapAsync("owner", "default", propagationPolicy: "Orphan");

        await Eventually.TrueAsync(async () => !await ExistsAsync(env.Client, "owner"), "owner removed");
        var child = await env.Client.CoreV1.ReadNamespacedConfigMapAsync("child", "default");
        Assert.Null(child.Metadata.OwnerReferences);
    }
}
