using System.Text.Json.Nodes;
using Harness.EnvTest.Tests.Backends;
using k8s;
using k8s.Models;

namespace Harness.EnvTest.Tests.Tables;

/// <summary>Table output (what kubectl asks for) on single-object GETs and on watches.</summary>
[Collection(ClusterCollection.Name)]
public sealed class TableOutputIntegrationTests(ClusterFixture clusters)
{
    private const string TableAccept = "application/json;as=Table;v=v1;g=meta.k8s.io,application/json;as=Table;v=v1beta1;g=meta.k8s.io,application/json";

    [SkippableTheory]
    [BackendsData("None", null)]
    [BackendsData("Metadata", "PartialObjectMetadata")]
    [BackendsData("Object", "ConfigMap")]
    public async Task Get_TableWithIncludeObject_RowCarriesWhatWasAskedFor(Backend backend, string includeObject, string? rowKind)
    {
        await using var cluster = await clusters.ScopeAsync(backend);
        var created = await cluster.Client.CoreV1.CreateNamespacedConfigMapAsync(new V1ConfigMap { Metadata = new V1ObjectMeta { Name = "c1" }, Data = new Dictionary<string, string> { ["a"] = "1" } }, cluster.Namespace);

        var (code, body) = await cluster.GetAsync($"/api/v1/namespaces/{cluster.Namespace}/configmaps/c1?includeObject={includeObject}", TableAccept);

        Assert.Equal(200, code);
        var table = JsonNode.Parse(body)!;
        Assert.Equal(("Table", created.Metadata.ResourceVersion), (table["kind"]!.GetValue<string>(), table["metadata"]!["resourceVersion"]!.GetValue<string>()));
        var row = Assert.Single(table["rows"]!.AsArray())!;
        Assert.Equal("c1", row["cells"]![0]!.GetValue<string>());
        Assert.Equal(rowKind, row["object"]?["kind"]?.GetValue<string>());
        Assert.Equal(includeObject == "Object", row["object"]?["data"] is not null);
    }

    [SkippableTheory, Backends]
    public async Task Get_TableWithUnknownIncludeObject_IsBadRequest(Backend backend)
    {
        await using var cluster = await clusters.ScopeAsync(backend);
        await cluster.Client.CoreV1.CreateNamespacedConfigMapAsync(new V1ConfigMap { Metadata = new V1ObjectMeta { Name = "c1" } }, cluster.Namespace);

        var (code, body) = await cluster.GetAsync($"/api/v1/namespaces/{cluster.Namespace}/configmaps/c1?includeObject=Everything", TableAccept);

        Assert.Equal(400, code);
        Assert.Equal("Unable to convert to Table as requested: includeObject: Invalid value: \"Everything\": must be 'Metadata', 'Object', 'None', or empty", JsonNode.Parse(body)!["message"]!.GetValue<string>());
    }

    [SkippableTheory, Backends]
    public async Task Watch_TableAccept_StreamsOneRowTablesWithColumnsOnlyFirst(Backend backend)
    {
        await using var cluster = await clusters.ScopeAsync(backend);
        var list = await cluster.Client.CoreV1.ListNamespacedConfigMapAsync(cluster.Namespace);
        await cluster.Client.CoreV1.CreateNamespacedConfigMapAsync(new V1ConfigMap { Metadata = new V1ObjectMeta { Name = "c1" } }, cluster.Namespace);
        await cluster.Client.CoreV1.PatchNamespacedConfigMapAsync(new V1Patch("""{"data":{"a":"1"}}""", V1Patch.PatchType.MergePatch), "c1", cluster.Namespace);
        await cluster.Client.CoreV1.DeleteNamespacedConfigMapAsync("c1", cluster.Namespace);

        var (code, lines) = await cluster.WatchAsync(
            $"/api/v1/namespaces/{cluster.Namespace}/configmaps?watch=true&resourceVersion={list.Metadata.ResourceVersion}&includeObject=None", 3, TableAccept);
        var frames = lines.Select(line => JsonNode.Parse(line)!).ToList();

        Assert.Equal(200, code);
        Assert.Equal(["ADDED", "MODIFIED", "DELETED"], frames.Select(f => f["type"]!.GetValue<string>()));
        Assert.All(frames, f => Assert.Equal("Table", f["object"]!["kind"]!.GetValue<string>()));
        Assert.All(frames, f => Assert.Equal("c1", Assert.Single(f["object"]!["rows"]!.AsArray())!["cells"]![0]!.GetValue<string>()));
        Assert.All(frames, f => Assert.Null(f["object"]!["rows"]![0]!["object"]));
        Assert.NotNull(frames[0]["object"]!["columnDefinitions"]);
        Assert.Null(frames[1]["object"]!["columnDefinitions"]);
        Assert.Null(frames[2]["object"]!["columnDefinitions"]);
    }
}
