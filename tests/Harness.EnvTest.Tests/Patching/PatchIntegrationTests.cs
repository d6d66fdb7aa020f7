using System.Net;
using Harness.EnvTest.Tests.Core;
using Harness.EnvTest.Tests.Backends;
using k8s;
using k8s.Autorest;
using k8s.Models;

namespace Harness.EnvTest.Tests.Patching;

[Collection(ClusterCollection.Name)]
public sealed class PatchIntegrationTests(ClusterFixture clusters)
{
    // KubernetesClient writes patch content as raw JSON, which is also YAML.
    private static string ApplyConfig(string mode) =>
        $$$"""{"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"settings"},"data":{"mode":"{{{mode}}}"}}""";

    private static Task<V1ConfigMap> CreateAsync(ClusterScope cluster) => cluster.Client.CoreV1.CreateNamespacedConfigMapAsync(
        new V1ConfigMap { Metadata = new V1ObjectMeta { Name = "settings" }, Data = new Dictionary<string, string> { ["mode"] = "fast", ["level"] = "1" } },
        cluster.Namespace,
        fieldManager: "creator");

    [SkippableTheory, Backends]
    public async Task PatchConfigMap_MergePatch_MergesAndRecordsTheManager(Backend backend)
    {
        await using var cluster = await clusters.ScopeAsync(backend);
        await CreateAsync(cluster);

        var patched = await cluster.Client.CoreV1.PatchNamespacedConfigMapAsync(
            new V1Patch("""{"data":{"level":null,"extra":"x"}}""", V1Patch.PatchType.MergePatch), "settings", cluster.Namespace, fieldManager: "editor");

        Assert.Equal(new Dictionary<string, string> { ["mode"] = "fast", ["extra"] = "x" }, patched.Data);
        Assert.Contains(patched.Metadata.ManagedFields, m => m.Manager == "editor" && m.Operation == "Update");
        var stored = await cluster.Client.CoreV1.ReadNamespacedConfigMapAsync("settings", cluster.Namespace);
        Assert.Equal(patched.Metadata.ResourceVersion, stored.Metadata.ResourceVersion);
    }

    [SkippableTheory, Backends]
    public async Task PatchConfigMap_JsonPatchFailingTest_Answers422AndKeepsObject(Backend backend)
    {
        await using var cluster = await clusters.ScopeAsync(backend);
        var created = await CreateAsync(cluster);

        var error = await Assert.ThrowsAsync<HttpOperationException>(() => cluster.Client.CoreV1.PatchNamespacedConfigMapAsync(
            new V1Patch("""[{"op":"test","path":"/data/mode","value":"slow"},{"op":"remove","path":"/data"}]""", V1Patch.PatchType.JsonPatch), "settings", cluster.Namespace));

        Assert.Equal(HttpStatusCode.UnprocessableEntity, error.Response.StatusCode);
        Assert.Contains("the server rejected our request due to an error in our request", error.Response.Content, StringComparison.Ordinal);
        Assert.Contains("\"details\":{}", error.Response.Content, StringComparison.Ordinal);
        var stored = await cluster.Client.CoreV1.ReadNamespacedConfigMapAsync("settings", cluster.Namespace);
        Assert.Equal(created.Metadata.ResourceVersion, stored.Metadata.ResourceVersion);
    }

    [SkippableTheory, Backends]
    public async Task PatchConfigMap_StrategicMergePatch_MergesLabels(Backend backend)
    {
        await using var cluster = await clusters.ScopeAsync(backend);
        await CreateAsync(cluster);

        var patched = await cluster.Client.CoreV1.PatchNamespacedConfigMapAsync(
            new V1Patch("""{"metadata":{"labels":{"app":"web"},"finalizers":["example.com/keep"]}}""", V1Patch.PatchType.StrategicMergePatch), "settings", cluster.Namespace);

        Assert.Equal("web", patched.Metadata.Labels["app"]);
        Assert.Equal(["example.com/keep"], patched.Metadata.Finalizers);
    }

    [SkippableTheory, Backends]
    public async Task ApplyConfigMap_CreateThenReapplyChanged_CreatesAndUpdates(Backend backend)
    {
        await using var cluster = await clusters.ScopeAsync(backend);

        var created = await cluster.Client.CoreV1.PatchNamespacedConfigMapAsync(
            new V1Patch(ApplyConfig("fast"), V1Patch.PatchType.ApplyPatch), "settings", cluster.Namespace, fieldManager: "kubectl", force: false);
        var updated = await cluster.Client.CoreV1.PatchNamespacedConfigMapAsync(
            new V1Patch(ApplyConfig("slow"), V1Patch.PatchType.ApplyPatch), "settings", cluster.Namespace, fieldManager: "kubectl", force: false);

        Assert.Equal("fast", created.Data["mode"]);
        Assert.Equal("slow", updated.Data["mode"]);
        var entry = Assert.Single(updated.Metadata.ManagedFields);
        Assert.Equal(("kubectl", "Apply", "v1"), (entry.Manager, entry.Operation, entry.ApiVersion));
    }

    [SkippableTheory, Backends]
    public async Task ApplyConfigMap_FieldOwnedByAnotherManager_Answers409UntilForced(Backend backend)
    {
        await using var cluster = await clusters.ScopeAsync(backend);
        await CreateAsync(cluster);

        var error = await Assert.ThrowsAsync<HttpOperationException>(() => cluster.Client.CoreV1.PatchNamespacedConfigMapAsync(
            new V1Patch(ApplyConfig("slow"), V1Patch.PatchType.ApplyPatch), "settings", cluster.Namespace, fieldManager: "kubectl", force: false));
        var forced = await cluster.Client.CoreV1.PatchNamespacedConfigMapAsync(
            new V1Patch(ApplyConfig("slow"), V1Patch.PatchType.ApplyPatch), "settings", cluster.Namespace, fieldManager: "kubectl", force: true);

        Assert.Equal(HttpStatusCode.Conflict, error.Response.StatusCode);
        Assert.Contains("Apply failed with 1 conflict: conflict with \\\"creator\\\" using v1: .data.mode", error.Response.Content, StringComparison.Ordinal);
        Assert.Contains("\"reason\":\"FieldManagerConflict\"", error.Response.Content, StringComparison.Ordinal);
        Assert.Equal("slow", forced.Data["mode"]);
    }

    [SkippableTheory, Backends]
    public async Task ApplyConfigMap_WithoutFieldManager_Answers422(Backend backend)
    {
        await using var cluster = await clusters.ScopeAsync(backend);

        var error = await Assert.ThrowsAsync<HttpOperationException>(() => cluster.Client.CoreV1.PatchNamespacedConfigMapAsync(
            new V1Patch(ApplyConfig("fast"), V1Patch.PatchType.ApplyPatch), "settings", cluster.Namespace));

        Assert.Equal(HttpStatusCode.UnprocessableEntity, error.Response.StatusCode);
        Assert.Contains("fieldManager: Required value: is required for apply patch", error.Response.Content, StringComparison.Ordinal);
    }

    [SkippableTheory, Backends]
    public async Task MergePatch_MissingObject_Answers404(Backend backend)
    {
        await using var cluster = await clusters.ScopeAsync(backend);

        var error = await Assert.ThrowsAsync<HttpOperationException>(() => cluster.Client.CoreV1.PatchNamespacedConfigMapAsync(
            new V1Patch("""{"data":{"a":"b"}}""", V1Patch.PatchType.MergePatch), "missing", cluster.Namespace));

        Assert.Equal(HttpStatusCode.NotFound, error.Response.StatusCode);
    }

    [SkippableTheory, Backends]
    public async Task CreateConfigMap_FieldManagerTooLong_Answers422CreateOptionsInvalid(Backend backend)
    {
        await using var cluster = await clusters.ScopeAsync(backend);

        var error = await Assert.ThrowsAsync<HttpOperationException>(() => cluster.Client.CoreV1.CreateNamespacedConfigMapAsync(
            new V1ConfigMap { Metadata = new V1ObjectMeta { Name = "settings" } }, cluster.Namespace, fieldManager: new string('m', 129)));

        Assert.Equal(HttpStatusCode.UnprocessableEntity, error.Response.StatusCode);
        Assert.Contains("CreateOptions.meta.k8s.io \\\"\\\" is invalid: fieldManager: Too long: may not be more than 128 bytes", error.Response.Content, StringComparison.Ordinal);
        Assert.Contains("\"kind\":\"CreateOptions\"", error.Response.Content, StringComparison.Ordinal);
    }
}
