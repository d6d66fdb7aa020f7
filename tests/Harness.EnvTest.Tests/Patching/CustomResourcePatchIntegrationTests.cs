using System.Net;
using System.Text.Json.Nodes;
using Harness.EnvTest.Core;
using Harness.EnvTest.Environment;
using k8s;
using k8s.Autorest;
using k8s.Models;

namespace Harness.EnvTest.Tests.Patching;

/// <summary>PATCH of a custom resource (the harness's VirtualMachineSnapshot CRD) through KubernetesClient over HTTPS.</summary>
public sealed class CustomResourcePatchIntegrationTests : IAsyncLifetime
{
    private const string Group = "snapshot.kubevirt.io";
    private const string Version = "v1beta1";
    private const string Plural = "virtualmachinesnapshots";
    private const string Namespace = "default";

    private ApiServer _server = null!;
    private TestEnvironment _environment = null!;

    private ICustomObjectsOperations Objects => _environment.Client.CustomObjects;

    public async Task InitializeAsync()
    {
        _server = new ApiServer(new ApiServerOptions { TimeProvider = TimeProvider.System, TaskFactory = Task.Factory, Seed = 11 });
        _environment = new TestEnvironment(new TestEnvironmentOptions { TimeProvider = TimeProvider.System, TaskFactory = Task.Factory, EmbeddedHandler = _server, EnvironmentVariable = _ => null });
        await _environment.StartAsync();
    }

    public async Task DisposeAsync()
    {
        await _environment.DisposeAsync();
        await _server.DisposeAsync();
    }

    private static string Snapshot(string tier) =>
        """{"apiVersion":"snapshot.kubevirt.io/v1beta1","kind":"VirtualMachineSnapshot","metadata":{"name":"snap","namespace":"default","labels":{"tier":"TIER"}},"spec":{"source":{"apiGroup":"kubevirt.io","kind":"VirtualMachine","name":"larry"}}}"""
            .Replace("TIER", tier, StringComparison.Ordinal);

    private Task<object> ApplyAsync(string body, string manager, bool? force = null) =>
        Objects.PatchNamespacedCustomObjectAsync(new V1Patch(body, V1Patch.PatchType.ApplyPatch), Group, Version, Namespace, Plural, "snap", fieldManager: manager, force: force);

    private static JsonObject Json(object response) => JsonNode.Parse(KubernetesJson.Serialize(response))!.AsObject();

    [Fact]
    public async Task Patch_StrategicMergeOnCustomResource_Answers415WithTheAcceptedTypes()
    {
        await ApplyAsync(Snapshot("gold"), "creator");

        var error = await Assert.ThrowsAsync<HttpOperationException>(() => Objects.PatchNamespacedCustomObjectAsync(
            new V1Patch("""{"metadata":{"labels":{"tier":"x"}}}""", V1Patch.PatchType.StrategicMergePatch), Group, Version, Namespace, Plural, "snap"));

        Assert.Equal(HttpStatusCode.UnsupportedMediaType, error.Response.StatusCode);
        Assert.Contains(
            "the body of the request was in an unknown format - accepted media types include: application/json-patch+json, application/merge-patch+json, application/apply-patch+yaml",
            error.Response.Content,
            StringComparison.Ordinal);
    }

    [Fact]
    public async Task Patch_MergeAndJsonPatch_ChangeTheCustomResourceAndRecordTheirManagers()
    {
        await ApplyAsync(Snapshot("gold"), "creator");

        await Objects.PatchNamespacedCustomObjectAsync(
            new V1Patch("""{"metadata":{"labels":{"team":"storage"}}}""", V1Patch.PatchType.MergePatch), Group, Version, Namespace, Plural, "snap", fieldManager: "labeller");
        var patched = Json(await Objects.PatchNamespacedCustomObjectAsync(
            new V1Patch("""[{"op":"test","path":"/metadata/labels/team","value":"storage"},{"op":"replace","path":"/metadata/labels/tier","value":"silver"}]""", V1Patch.PatchType.JsonPatch),
            Group, Version, Namespace, Plural, "snap", fieldManager: "editor"));

        Assert.Equal("silver", (string?)patched["metadata"]!["labels"]!["tier"]);
        Assert.Equal(
            ["creator", "editor", "labeller"],
            patched["metadata"]!["managedFields"]!.AsArray().Select(e => (string)e!["manager"]!).Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task Apply_TwoManagers_ConflictThenForceMovesOwnership()
    {
        await ApplyAsync(Snapshot("gold"), "creator");

        var error = await Assert.ThrowsAsync<HttpOperationException>(() => ApplyAsync(Snapshot("bronze"), "other", force: false));
        var forced = Json(await ApplyAsync(Snapshot("bronze"), "other", force: true));

        Assert.Equal(HttpStatusCode.Conflict, error.Response.StatusCode);
        Assert.Contains("Apply failed with 1 conflict: conflict with \\\"creator\\\": .metadata.labels.tier", error.Response.Content, StringComparison.Ordinal);
        Assert.Equal("bronze", (string?)forced["metadata"]!["labels"]!["tier"]);
        var creator = forced["metadata"]!["managedFields"]!.AsArray().Single(e => (string?)e!["manager"] == "creator")!;
        Assert.Null(creator["fieldsV1"]!["f:metadata"]);
    }

    [Fact]
    public async Task PatchStatus_RecordsAStatusSubresourceEntryThatOwnsOnlyStatus()
    {
        await ApplyAsync(Snapshot("gold"), "creator");

        var patched = Json(await Objects.PatchNamespacedCustomObjectStatusAsync(
            new V1Patch("""{"status":{"phase":"InProgress"},"metadata":{"labels":{"tier":"ignored"}}}""", V1Patch.PatchType.MergePatch),
            Group, Version, Namespace, Plural, "snap", fieldManager: "controller"));

        Assert.Equal("gold", (string?)patched["metadata"]!["labels"]!["tier"]);
        var entry = patched["metadata"]!["managedFields"]!.AsArray().Single(e => (string?)e!["manager"] == "controller")!;
        Assert.Equal(("Update", "status"), ((string?)entry["operation"], (string?)entry["subresource"]));
        Assert.True(JsonNode.DeepEquals(JsonNode.Parse("""{"f:status":{".":{},"f:phase":{}}}"""), entry["fieldsV1"]), entry.ToJsonString());
    }
}
