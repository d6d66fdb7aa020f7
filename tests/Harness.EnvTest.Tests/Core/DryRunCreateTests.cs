using System.Text.Json.Nodes;
using Harness.EnvTest.Tests.Backends;

namespace Harness.EnvTest.Tests.Core;

/// <summary>A dry-run create meets the storage layer's existence check as a real create does (kube's DryRunnableStorage).</summary>
[Collection(ClusterCollection.Name)]
public sealed class DryRunCreateTests(ClusterFixture clusters)
{
    [SkippableTheory, Backends]
    public async Task DryRunCreate_OfAnObjectThatExists_Answers409AlreadyExistsAndChangesNothing(Backend backend)
    {
        await using var cluster = await clusters.ScopeAsync(backend);
        var configMaps = $"/api/v1/namespaces/{cluster.Namespace}/configmaps";
        Assert.Equal(201, (await cluster.SendAsync(HttpMethod.Post, configMaps, """{"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"a"},"data":{"k":"1"}}""")).Code);

        var (code, body) = await cluster.SendAsync(HttpMethod.Post, configMaps + "?dryRun=All", """{"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"a"},"data":{"k":"2"}}""");
        var stored = await cluster.GetAsync(configMaps + "/a");

        Assert.Equal(409, code);
        var status = JsonNode.Parse(body)!;
        Assert.Equal("AlreadyExists", status["reason"]!.GetValue<string>());
        Assert.Equal("configmaps \"a\" already exists", status["message"]!.GetValue<string>());
        Assert.Equal("1", JsonNode.Parse(stored.Body)!["data"]!["k"]!.GetValue<string>());
    }
}
