using System.Net;
using Harness.EnvTest.Tests.Core;
using Harness.EnvTest.Tests.Backends;
using k8s;
using k8s.Models;

namespace Harness.EnvTest.Tests.Resources;

/// <summary>Pod deletion as kube-apiserver does it: unscheduled pods go at once, scheduled ones wait for a kubelet's grace-0 delete.</summary>
[Collection(ClusterCollection.Name)]
public sealed class PodDeletionIntegrationTests(ClusterFixture clusters)
{
    private static V1Pod Pod(string name, string? nodeName = null, long? terminationGracePeriodSeconds = null, IList<string>? finalizers = null) => new()
    {
        Metadata = new V1ObjectMeta { Name = name, Finalizers = finalizers },
        Spec = new V1PodSpec
        {
            NodeName = nodeName,
            TerminationGracePeriodSeconds = terminationGracePeriodSeconds,
            Containers = [new V1Container { Name = "web", Image = "nginx" }],
        },
    };

    private static async Task<bool> ExistsAsync(IKubernetes client, string name) =>
        (await client.CoreV1.ListNamespacedPodAsync("default")).Items.Any(p => p.Metadata.Name == name);

    [SkippableTheory, Backends]
    public async Task Delete_UnscheduledPod_IsRemovedAtOnceAndAnswersThePod(Backend backend)
    {
        await using var cluster = await clusters.ScopeAsync(backend);
        await cluster.Client.CoreV1.CreateNamespacedPodAsync(Pod("p1"), cluster.Namespace);

        var deleted = await cluster.Client.CoreV1.DeleteNamespacedPodAsync("p1", cluster.Namespace);

        Assert.Equal(("Pod", "p1"), (deleted.Kind, deleted.Metadata.Name));
        Assert.False(await ExistsAsync(cluster.Client, "p1"));
    }

    [Fact]
    [Trait("EmbeddedOnly", "fake clock")]
    public async Task Delete_ScheduledPod_GetsDeletionTimestampFromTheDefaultGracePeriodAndStays()
    {
        await using var env = new InProcessServer();
        await env.Client.CoreV1.CreateNamespacedPodAsync(Pod("p1", nodeName: "node-1"), "default");

        var deleted = await env.Client.CoreV1.DeleteNamespacedPodAsync("p1", "default");

        Assert.Equal(30, deleted.Metadata.DeletionGracePeriodSeconds);
        Assert.Equal(env.Time.GetUtcNow().UtcDateTime.AddSeconds(30), deleted.Metadata.DeletionTimestamp!.Value.ToUniversalTime(), TimeSpan.FromSeconds(1));
        var stored = await env.Client.CoreV1.ReadNamespacedPodAsync("p1", "default");
        Assert.Equal(30, stored.Metadata.DeletionGracePeriodSeconds);
    }

    [SkippableTheory, Backends]
    public async Task Delete_ScheduledPod_UsesTheRequestOrTheSpecGracePeriod(Backend backend)
    {
        await using var cluster = await clusters.ScopeAsync(backend);
        await cluster.Client.CoreV1.CreateNamespacedPodAsync(Pod("spec", nodeName: "node-1", terminationGracePeriodSeconds: 5), cluster.Namespace);
        await cluster.Client.CoreV1.CreateNamespacedPodAsync(Pod("request", nodeName: "node-1", terminationGracePeriodSeconds: 5), cluster.Namespace);

        var bySpec = await cluster.Client.CoreV1.DeleteNamespacedPodAsync("spec", cluster.Namespace);
        var byRequest = await cluster.Client.CoreV1.DeleteNamespacedPodAsync("request", cluster.Namespace, gracePeriodSeconds: 12);

        Assert.Equal((5, 12), (bySpec.Metadata.DeletionGracePeriodSeconds, byRequest.Metadata.DeletionGracePeriodSeconds));
    }

    [SkippableTheory, Backends]
    public async Task Delete_TerminatingPodWithGraceZero_RemovesItAsAKubeletDoes(Backend backend)
    {
        await using var cluster = await clusters.ScopeAsync(backend);
        await cluster.Client.CoreV1.CreateNamespacedPodAsync(Pod("p1", nodeName: "node-1"), cluster.Namespace);
        await cluster.Client.CoreV1.DeleteNamespacedPodAsync("p1", cluster.Namespace);

        var again = await cluster.Client.CoreV1.DeleteNamespacedPodAsync("p1", cluster.Namespace, gracePeriodSeconds: 60);
        Assert.Equal(30, again.Metadata.DeletionGracePeriodSeconds);
        await cluster.Client.CoreV1.DeleteNamespacedPodAsync("p1", cluster.Namespace, body: new V1DeleteOptions { GracePeriodSeconds = 0 });

        Assert.False(await ExistsAsync(cluster.Client, "p1"));
    }

    [SkippableTheory, Backends]
    public async Task Delete_ShorterGracePeriod_MovesTheDeletionTimestampForward(Backend backend)
    {
        await using var cluster = await clusters.ScopeAsync(backend);
        await cluster.Client.CoreV1.CreateNamespacedPodAsync(Pod("p1", nodeName: "node-1"), cluster.Namespace);
        var first = await cluster.Client.CoreV1.DeleteNamespacedPodAsync("p1", cluster.Namespace);

        var shorter = await cluster.Client.CoreV1.DeleteNamespacedPodAsync("p1", cluster.Namespace, gracePeriodSeconds: 10);

        Assert.Equal(10, shorter.Metadata.DeletionGracePeriodSeconds);
        Assert.Equal(first.Metadata.DeletionTimestamp!.Value.AddSeconds(-20), shorter.Metadata.DeletionTimestamp!.Value);
    }

    [SkippableTheory, Backends]
    public async Task Delete_ScheduledPodWithGraceZero_IsRemovedAtOnce(Backend backend)
    {
        await using var cluster = await clusters.ScopeAsync(backend);
        await cluster.Client.CoreV1.CreateNamespacedPodAsync(Pod("p1", nodeName: "node-1"), cluster.Namespace);

        await cluster.Client.CoreV1.DeleteNamespacedPodAsync("p1", cluster.Namespace, gracePeriodSeconds: 0);

        Assert.False(await ExistsAsync(cluster.Client, "p1"));
    }

    [Fact]
    public async Task Update_GracefullyTerminatingPodLosingItsFinalizers_StaysUntilGraceZero()
    {
        await using var env = new InProcessServer();
        await env.Client.CoreV1.CreateNamespacedPodAsync(Pod("p1", nodeName: "node-1", finalizers: ["example.com/hold"]), "default");
        await env.Client.CoreV1.DeleteNamespacedPodAsync("p1", "default");

        await env.Client.CoreV1.PatchNamespacedPodAsync(new V1Patch("""{"metadata":{"finalizers":null}}""", V1Patch.PatchType.MergePatch), "p1", "default");
        Assert.True(await ExistsAsync(env.Client, "p1"));
        await env.Client.CoreV1.DeleteNamespacedPodAsync("p1", "default", gracePeriodSeconds: 0);

        Assert.False(await ExistsAsync(env.Client, "p1"));
    }

    [SkippableTheory, Backends]
    public async Task Delete_FinishedScheduledPod_IsRemovedAtOnce(Backend backend)
    {
        await using var cluster = await clusters.ScopeAsync(backend);
        await cluster.Client.CoreV1.CreateNamespacedPodAsync(Pod("p1", nodeName: "node-1"), cluster.Namespace);
        await cluster.Client.CoreV1.PatchNamespacedPodStatusAsync(new V1Patch("""{"status":{"phase":"Succeeded"}}""", V1Patch.PatchType.MergePatch), "p1", cluster.Namespace);

        await cluster.Client.CoreV1.DeleteNamespacedPodAsync("p1", cluster.Namespace);

        Assert.False(await ExistsAsync(cluster.Client, "p1"));
        await ApiAssert.FailsAsync(HttpStatusCode.NotFound, () => cluster.Client.CoreV1.ReadNamespacedPodAsync("p1", cluster.Namespace));
    }
}
