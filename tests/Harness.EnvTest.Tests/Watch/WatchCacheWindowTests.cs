using Harness.EnvTest.Tests.Backends;
using k8s;
using k8s.Models;

namespace Harness.EnvTest.Tests.Watch;

/// <summary>
/// A watch from a resourceVersion before a custom resource's watch cache began (when its CRD was established) answers as
/// kube-apiserver 1.32 does: 200 with one ERROR event, code 410, on both backends.
/// </summary>
[Collection(ClusterCollection.Name)]
public sealed class WatchCacheWindowTests(ClusterFixture clusters)
{
    [SkippableTheory, Backends]
    public async Task WatchCustomResources_FromResourceVersion1_AnswersOneErrorEvent410(Backend backend)
    {
        await using var cluster = await clusters.ScopeAsync(backend);

        var (code, lines) = await WatchAsync(cluster, "resourceVersion=1");

        Assert.Equal(200, code);
        var line = Assert.Single(lines);
        Assert.Matches(
            """^\{"type":"ERROR","object":\{"kind":"Status","apiVersion":"v1","metadata":\{\},"status":"Failure","message":"too old resource version: 1 \([0-9]+\)","reason":"Expired","code":410\}\}$""",
            line);
    }

    [SkippableTheory, Backends]
    public async Task WatchCustomResources_FromTheListsResourceVersion_StartsWithoutError(Backend backend)
    {
        await using var cluster = await clusters.ScopeAsync(backend);
        var list = await cluster.Client.CustomObjects.ListNamespacedCustomObjectAsync("snapshot.kubevirt.io", "v1beta1", cluster.Namespace, "virtualmachinesnapshots");
        var resourceVersion = ((System.Text.Json.JsonElement)list).GetProperty("metadata").GetProperty("resourceVersion").GetString();

        var (code, lines) = await WatchAsync(cluster, $"resourceVersion={resourceVersion}&timeoutSeconds=1");

        Assert.Equal(200, code);
        Assert.DoesNotContain(lines, l => l.Contains("\"ERROR\"", StringComparison.Ordinal));
    }

    private static async Task<(int Code, IReadOnlyList<string> Lines)> WatchAsync(ClusterScope cluster, string query)
    {
        var (code, body) = await cluster.GetAsync($"apis/snapshot.kubevirt.io/v1beta1/namespaces/{cluster.Namespace}/virtualmachinesnapshots?watch=true&{query}");
        return (code, body.Split('\n', StringSplitOptions.RemoveEmptyEntries));
    }
}
