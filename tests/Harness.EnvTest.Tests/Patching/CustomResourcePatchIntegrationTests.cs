using System.Net;
using System.Text.Json.Nodes;
using Harness.EnvTest.Tests.Backends;
using k8s;
using k8s.Autorest;
using k8s.Models;

namespace Harness.EnvTest.Tests.Patching;

/// <summary>PATCH of a custom resource (the harness's VirtualMachineSnapshot CRD) through KubernetesClient over HTTPS, on both backends.</summary>
[Collection(ClusterCollection.Name)]
public sealed class CustomResourcePatchIntegrationTests(ClusterFixture clusters)
{
    private const string Group = "snapshot.kubevirt.io";
    private const string Version = "v1beta1";
    private const string Plural = "virtualmachinesnapshots";

    private static string Snapshot(string tier) =>
        """{"apiVersion":"snapshot.kubevirt.io/v1beta1","kind":"VirtualMachineSnapshot","metadata":{"name":"snap","labels":{"tier":"TIER"}},"spec":{"source":{"apiGroup":"kubevirt.io","kind":"VirtualMachine","name":"larry"}}}"""
            .Replace("TIER", tier, StringComparison.Ordinal);

    private static Task<object> ApplyAsync(ClusterScope cluster, string body, string manager, bool? force = null) =>
        cluster.Client.CustomObjects.PatchNamespacedCustomObjectAsync(
            new V1Patch(body, V1Patch.PatchType.ApplyPatch), Group, Version, cluster.Namespace, Plural, "snap", fieldManager: manager, force: force);

    private static JsonObject Json(object response) => JsonNode.Parse(KubernetesJson.Serialize(response))!.AsObject();

    [SkippableTheory, Backends]
    public async Task Patch_StrategicMergeOnCustomResource_Answers415WithTheAcceptedTypes(Backend backend)
    {
        await using var cluster = await clusters.ScopeAsync(backend);
        await ApplyAsync(cluster, Snapshot("gold"), "creator");

        var error = await Assert.ThrowsAsync<HttpOperationException>(() => cluster.Client.CustomObjects.PatchNamespacedCustomObjectAsync(
            new V1Patch("""{"metadata":{"labels":{"tier":"x"}}}""", V1Patch.PatchType.StrategicMergePatch), Group, Version, cluster.Namespace, Plural, "snap"));

        Assert.Equal(HttpStatusCode.UnsupportedMediaType, error.Response.StatusCode);
        Assert.Contains(
            "the body of the request was in an unknown format - accepted media types include: application/json-patch+json, application/merge-patch+json, application/apply-patch+yaml",
            error.Response.Content,
            StringComparison.Ordinal);
    }

    [SkippableTheory, Backends]
    public async Task Patch_MergeAndJsonPatch_ChangeTheCustomResourceAndRecordTheirManagers(Backend backend)
    {
        await using var cluster = await clusters.ScopeAsync(backend);
        await ApplyAsync(cluster, Snapshot("gold"), "creator");

        await cluster.Client.CustomObjects.PatchNamespacedCustomObjectAsync(
            new V1Patch("""{"metadata":{"labels":{"team":"storage"}}}""", V1Patch.PatchType.MergePatch), Group, Version, cluster.Namespace, Plural, "snap", fieldManager: "labeller");
        var patched = Json(await cluster.Client.CustomObjects.PatchNamespacedCustomObjectAsync(
            new V1Patch("""[{"op":"test","path":"/metadata/labels/team","value":"storage"},{"op":"replace","path":"/metadata/labels/tier","value":"silver"}]""", V1Patch.PatchType.JsonPatch),
            Group, Version, cluster.Namespace, Plural, "snap", fieldManager: "editor"));

        Assert.Equal("silver", (string?)patched["metadata"]!["labels"]!["tier"]);
        Assert.Equal(
            ["creator", "editor", "labeller"],
            patched["metadata"]!["managedFields"]!.AsArray().Select(e => (string)e!["manager"]!).Order(StringComparer.Ordinal));
    }

    [SkippableTheory, Backends]
    public async Task Apply_TwoManagers_ConflictThenForceMovesOwnership(Backend backend)
    {
        await using var cluster = await clusters.ScopeAsync(backend);
        await ApplyAsync(cluster, Snapshot("gold"), "creator");

        var error = await Assert.ThrowsAsync<HttpOperationException>(() => ApplyAsync(cluster, Snapshot("bronze"), "other", force: false));
        var forced = Json(await ApplyAsync(cluster, Snapshot("bronze"), "other", force: true));

        Assert.Equal(HttpStatusCode.Conflict, error.Response.StatusCode);
        Assert.Contains("Apply failed with 1 conflict: conflict with \\\"creator\\\": .metadata.labels.tier", error.Response.Content, StringComparison.Ordinal);
        Assert.Equal("bronze", (string?)forced["metadata"]!["labels"]!["tier"]);
        var creator = forced["metadata"]!["managedFields"]!.AsArray().Single(e => (string?)e!["manager"] == "creator")!;
        Assert.Null(creator["fieldsV1"]!["f:metadata"]);
    }

    [SkippableTheory, Backends]
    public async Task PatchStatus_RecordsAStatusSubresourceEntry_OwningTheMetadataItSentThoughKeptOut(Backend backend)
    {
        await using var cluster = await clusters.ScopeAsync(backend);
        await ApplyAsync(cluster, Snapshot("gold"), "creator");

        var patched = Json(await cluster.Client.CustomObjects.PatchNamespacedCustomObjectStatusAsync(
            new V1Patch("""{"status":{"phase":"InProgress"},"metadata":{"labels":{"tier":"ignored"}}}""", V1Patch.PatchType.MergePatch),
            Group, Version, cluster.Namespace, Plural, "snap", fieldManager: "controller"));

        Assert.Equal("gold", (string?)patched["metadata"]!["labels"]!["tier"]);
        var entry = patched["metadata"]!["managedFields"]!.AsArray().Single(e => (string?)e!["manager"] == "controller")!;
        Assert.Equal(("Update", "status"), ((string?)entry["operation"], (string?)entry["subresource"]));
        // kube's custom resource status strategy resets the labels in the object but not in managedFields.
        Assert.True(JsonNode.DeepEquals(JsonNode.Parse("""{"f:metadata":{"f:labels":{"f:tier":{}}},"f:status":{".":{},"f:phase":{}}}"""), entry["fieldsV1"]), entry.ToJsonString());
    }
}
