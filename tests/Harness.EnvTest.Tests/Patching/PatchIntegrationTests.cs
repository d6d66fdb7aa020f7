using System.Net;
using Harness.EnvTest.Tests.Core;
using k8s;
using k8s.Autorest;
using k8s.Models;

namespace Harness.EnvTest.Tests.Patching;

public sealed class PatchIntegrationTests
{
    private const string Namespace = "default";

    // KubernetesClient writes patch content as raw JSON, which is also YAML.
    private static string ApplyConfig(string mode) =>
        $$$"""{"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"settings","namespace":"default"},"data":{"mode":"{{{mode}}}"}}""";

    private static Task<V1ConfigMap> CreateAsync(IKubernetes client) => client.CoreV1.CreateNamespacedConfigMapAsync(
        new V1ConfigMap { Metadata = new V1ObjectMeta { Name = "settings" }, Data = new Dictionary<string, string> { ["mode"] = "fast", ["level"] = "1" } },
        Namespace,
        fieldManager: "creator");

    [Fact]
    public async Task PatchConfigMap_MergePatch_MergesAndRecordsTheManager()
    {
        await using var env = new InProcessServer();
        await CreateAsync(env.Client);

        var patched = await env.Client.CoreV1.PatchNamespacedConfigMapAsync(
            new V1Patch("""{"data":{"level":null,"extra":"x"}}""", V1Patch.PatchType.MergePatch), "settings", Namespace, fieldManager: "editor");

        Assert.Equal(new Dictionary<string, string> { ["mode"] = "fast", ["extra"] = "x" }, patched.Data);
        Assert.Contains(patched.Metadata.ManagedFields, m => m.Manager == "editor" && m.Operation == "Update");
        var stored = await env.Client.CoreV1.ReadNamespacedConfigMapAsync("settings", Namespace);
        Assert.Equal(patched.Metadata.ResourceVersion, stored.Metadata.ResourceVersion);
    }

    [Fact]
    public async Task PatchConfigMap_JsonPatchFailingTest_Answers422AndKeepsObject()
    {
        await using var env = new InProcessServer();
        var created = await CreateAsync(env.Client);

        var error = await Assert.ThrowsAsync<HttpOperationException>(() => env.Client.CoreV1.PatchNamespacedConfigMapAsync(
            new V1Patch("""[{"op":"test","path":"/data/mode","value":"slow"},{"op":"remove","path":"/data"}]""", V1Patch.PatchType.JsonPatch), "settings", Namespace));

        Assert.Equal(HttpStatusCode.UnprocessableEntity, error.Response.StatusCode);
        Assert.Contains("the server rejected our request due to an error in our request", error.Response.Content, StringComparison.Ordinal);
        Assert.Contains("testing value /data/mode failed: test failed", error.Response.Content, StringComparison.Ordinal);
        var stored = await env.Client.CoreV1.ReadNamespacedConfigMapAsync("settings", Namespace);
        Assert.Equal(created.Metadata.ResourceVersion, stored.Metadata.ResourceVersion);
    }

    [Fact]
    public async Task PatchConfigMap_StrategicMergePatch_MergesLabels()
    {
        await using var env = new InProcessServer();
        await CreateAsync(env.Client);

        var patched = await env.Client.CoreV1.PatchNamespacedConfigMapAsync(
            new V1Patch("""{"metadata":{"labels":{"app":"web"},"finalizers":["example.com/keep"]}}""", V1Patch.PatchType.StrategicMergePatch), "settings", Namespace);

        Assert.Equal("web", patched.Metadata.Labels["app"]);
        Assert.Equal(["example.com/keep"], patched.Metadata.Finalizers);
    }

    [Fact]
    public async Task ApplyConfigMap_CreateThenReapplyChanged_CreatesAndUpdates()
    {
        await using var env = new InProcessServer();

        var created = await env.Client.CoreV1.PatchNamespacedConfigMapAsync(
            new V1Patch(ApplyConfig("fast"), V1Patch.PatchType.ApplyPatch), "settings", Namespace, fieldManager: "kubectl", force: false);
        var updated = await env.Client.CoreV1.PatchNamespacedConfigMapAsync(
            new V1Patch(ApplyConfig("slow"), V1Patch.PatchType.ApplyPatch), "settings", Namespace, fieldManager: "kubectl", force: false);

        Assert.Equal("fast", created.Data["mode"]);
        Assert.Equal("slow", updated.Data["mode"]);
        var entry = Assert.Single(updated.Metadata.ManagedFields);
        Assert.Equal(("kubectl", "Apply", "v1"), (entry.Manager, entry.Operation, entry.ApiVersion));
    }

    [Fact]
    public async Task ApplyConfigMap_FieldOwnedByAnotherManager_Answers409UntilForced()
    {
        await using var env = new InProcessServer();
        await CreateAsync(env.Client);

        var error = await Assert.ThrowsAsync<HttpOperationException>(() => env.Client.CoreV1.PatchNamespacedConfigMapAsync(
            new V1Patch(ApplyConfig("slow"), V1Patch.PatchType.ApplyPatch), "settings", Namespace, fieldManager: "kubectl", force: false));
        var forced = await env.Client.CoreV1.PatchNamespacedConfigMapAsync(
            new V1Patch(ApplyConfig("slow"), V1Patch.PatchType.ApplyPatch), "settings", Namespace, fieldManager: "kubectl", force: true);

        Assert.Equal(HttpStatusCode.Conflict, error.Response.StatusCode);
        Assert.Contains("Apply failed with 1 conflict: conflict with \\\"creator\\\" using v1: .data.mode", error.Response.Content, StringComparison.Ordinal);
        Assert.Contains("\"reason\":\"FieldManagerConflict\"", error.Response.Content, StringComparison.Ordinal);
        Assert.Equal("slow", forced.Data["mode"]);
    }

    [Fact]
    public async Task ApplyConfigMap_WithoutFieldManager_Answers422()
    {
        await using var env = new InProcessServer();

        var error = await Assert.ThrowsAsync<HttpOperationException>(() => env.Client.CoreV1.PatchNamespacedConfigMapAsync(
            new V1Patch(ApplyConfig("fast"), V1Patch.PatchType.ApplyPatch), "settings", Namespace));

        Assert.Equal(HttpStatusCode.UnprocessableEntity, error.Response.StatusCode);
        Assert.Contains("fieldManager: Required value: is required for apply patch", error.Response.Content, StringComparison.Ordinal);
    }

    [Fact]
    public async Task MergePatch_MissingObject_Answers404()
    {
        await using var env = new InProcessServer();

        var error = await Assert.ThrowsAsync<HttpOperationException>(() => env.Client.CoreV1.PatchNamespacedConfigMapAsync(
            new V1Patch("""{"data":{"a":"b"}}""", V1Patch.PatchType.MergePatch), "missing", Namespace));

        Assert.Equal(HttpStatusCode.NotFound, error.Response.StatusCode);
    }

    [Fact]
    public async Task CreateConfigMap_FieldManagerTooLong_Answers422CreateOptionsInvalid()
    {
        await using var env = new InProcessServer();

        var error = await Assert.ThrowsAsync<HttpOperationException>(() => env.Client.CoreV1.CreateNamespacedConfigMapAsync(
            new V1ConfigMap { Metadata = new V1ObjectMeta { Name = "settings" } }, Namespace, fieldManager: new string('m', 129)));

        Assert.Equal(HttpStatusCode.UnprocessableEntity, error.Response.StatusCode);
        Assert.Contains("CreateOptions.meta.k8s.io \\\"\\\" is invalid: fieldManager: Too long: may not be more than 128 bytes", error.Response.Content, StringComparison.Ordinal);
        Assert.Contains("\"kind\":\"CreateOptions\"", error.Response.Content, StringComparison.Ordinal);
    }
}
