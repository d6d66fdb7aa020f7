using System.Text;
using System.Text.Json.Nodes;
using Harness.EnvTest.Requests;
using Harness.EnvTest.Tests.Core;
using k8s;
using k8s.Models;

namespace Harness.EnvTest.Tests.Tables;

/// <summary>Table output (what kubectl asks for) on single-object GETs and on watches.</summary>
public sealed class TableOutputIntegrationTests
{
    private const string TableAccept = "application/json;as=Table;v=v1;g=meta.k8s.io,application/json;as=Table;v=v1beta1;g=meta.k8s.io,application/json";

    [Theory]
    [InlineData("None", null)]
    [InlineData("Metadata", "PartialObjectMetadata")]
    [InlineData("Object", "ConfigMap")]
    public async Task Get_TableWithIncludeObject_RowCarriesWhatWasAskedFor(string includeObject, string? rowKind)
    {
        await using var env = new InProcessServer();
        var created = await env.Client.CoreV1.CreateNamespacedConfigMapAsync(new V1ConfigMap { Metadata = new V1ObjectMeta { Name = "c1" }, Data = new Dictionary<string, string> { ["a"] = "1" } }, "default");

        var (code, _, body) = await RawRequests.SendAsync(
            env.Server, "GET", "/api/v1/namespaces/default/configmaps/c1", accept: TableAccept, query: new Dictionary<string, string> { ["includeObject"] = includeObject });

        Assert.Equal(200, code);
        var table = JsonNode.Parse(body)!;
        Assert.Equal(("Table", created.Metadata.ResourceVersion), (table["kind"]!.GetValue<string>(), table["metadata"]!["resourceVersion"]!.GetValue<string>()));
        var row = Assert.Single(table["rows"]!.AsArray())!;
        Assert.Equal("c1", row["cells"]![0]!.GetValue<string>());
        Assert.Equal(rowKind, row["object"]?["kind"]?.GetValue<string>());
        Assert.Equal(includeObject == "Object", row["object"]?["data"] is not null);
    }

    [Fact]
    public async Task Get_TableWithUnknownIncludeObject_IsBadRequest()
    {
        await using var env = new InProcessServer();
        await env.Client.CoreV1.CreateNamespacedConfigMapAsync(new V1ConfigMap { Metadata = new V1ObjectMeta { Name = "c1" } }, "default");

        var (code, _, body) = await RawRequests.SendAsync(
            env.Server, "GET", "/api/v1/namespaces/default/configmaps/c1", accept: TableAccept, query: new Dictionary<string, string> { ["includeObject"] = "Everything" });

        Assert.Equal(400, code);
        Assert.Equal("unrecognized includeObject value: \"Everything\"", JsonNode.Parse(body)!["message"]!.GetValue<string>());
    }

    [Fact]
    public async Task Watch_TableAccept_StreamsOneRowTablesWithColumnsOnlyFirst()
    {
        await using var env = new InProcessServer();
        var list = await env.Client.CoreV1.ListNamespacedConfigMapAsync("default");
        await env.Client.CoreV1.CreateNamespacedConfigMapAsync(new V1ConfigMap { Metadata = new V1ObjectMeta { Name = "c1" } }, "default");
        await env.Client.CoreV1.PatchNamespacedConfigMapAsync(new V1Patch("""{"data":{"a":"1"}}""", V1Patch.PatchType.MergePatch), "c1", "default");
        await env.Client.CoreV1.DeleteNamespacedConfigMapAsync("c1", "default");

        var response = await env.Server.HandleAsync(new ApiRequest
        {
            Method = "GET",
            Path = "/api/v1/namespaces/default/configmaps",
            Accept = TableAccept,
            Query = new Dictionary<string, string> { ["watch"] = "true", ["resourceVersion"] = list.Metadata.ResourceVersion, ["includeObject"] = "None" },
        }, CancellationToken.None);
        var frames = new List<JsonNode>();
        await foreach (var frame in Assert.IsType<StreamingApiResponse>(response).Frames)
        {
            frames.Add(JsonNode.Parse(Encoding.UTF8.GetString(frame.Span))!);
            if (frames.Count == 3)
            {
                break;
            }
        }

        Assert.Equal(["ADDED", "MODIFIED", "DELETED"], frames.Select(f => f["type"]!.GetValue<string>()));
        Assert.All(frames, f => Assert.Equal("Table", f["object"]!["kind"]!.GetValue<string>()));
        Assert.All(frames, f => Assert.Equal("c1", Assert.Single(f["object"]!["rows"]!.AsArray())!["cells"]![0]!.GetValue<string>()));
        Assert.All(frames, f => Assert.Null(f["object"]!["rows"]![0]!["object"]));
        Assert.NotNull(frames[0]["object"]!["columnDefinitions"]);
        Assert.Null(frames[1]["object"]!["columnDefinitions"]);
        Assert.Null(frames[2]["object"]!["columnDefinitions"]);
    }
}
