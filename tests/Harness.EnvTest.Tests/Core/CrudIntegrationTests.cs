using System.Net;
using Harness.EnvTest.Tests.Backends;
using k8s;
using k8s.Autorest;
using k8s.Models;

namespace Harness.EnvTest.Tests.Core;

[Collection(ClusterCollection.Name)]
public sealed class CrudIntegrationTests(ClusterFixture clusters)
{
    private static V1ConfigMap ConfigMap(string name, string value = "v") =>
        new() { Metadata = new V1ObjectMeta { Name = name }, Data = new Dictionary<string, string> { ["k"] = value } };

    [Fact]
    public async Task Create_NewConfigMap_SetsServerMetadata()
    {
        await using var env = new InProcessServer();
        var before = env.Server.CurrentRevision;

        var created = await env.Client.CoreV1.CreateNamespacedConfigMapAsync(ConfigMap("a"), "default");

        Assert.Equal("a", created.Metadata.Name);
        Assert.Equal("default", created.Metadata.NamespaceProperty);
        Assert.Matches("^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$", created.Metadata.Uid);
        Assert.Equal((before + 1).ToString(System.Globalization.CultureInfo.InvariantCulture), created.Metadata.ResourceVersion);
        Assert.Equal(new DateTime(2026, 1, 2, 3, 4, 5, DateTimeKind.Utc), created.Metadata.CreationTimestamp);
        Assert.Null(created.Metadata.Generation);
    }

    [Fact]
    public async Task Create_SameSeed_SameUids()
    {
        await using var first = new InProcessServer();
        await using var second = new InProcessServer();

        var a = await first.Client.CoreV1.CreateNamespacedConfigMapAsync(ConfigMap("a"), "default");
        var b = await second.Client.CoreV1.CreateNamespacedConfigMapAsync(ConfigMap("a"), "default");

        Assert.Equal(a.Metadata.Uid, b.Metadata.Uid);
    }

    [SkippableTheory, Backends]
    public async Task Create_Existing_Answers409AlreadyExists(Backend backend)
    {
        await using var cluster = await clusters.ScopeAsync(backend);
        await cluster.Client.CoreV1.CreateNamespacedConfigMapAsync(ConfigMap("a"), cluster.Namespace);

        var error = await Assert.ThrowsAsync<HttpOperationException>(() => cluster.Client.CoreV1.CreateNamespacedConfigMapAsync(ConfigMap("a", "other"), cluster.Namespace));

        Assert.Equal(HttpStatusCode.Conflict, error.Response.StatusCode);
        Assert.Contains("\"reason\":\"AlreadyExists\"", error.Response.Content, StringComparison.Ordinal);
        Assert.Contains("configmaps \\\"a\\\" already exists", error.Response.Content, StringComparison.Ordinal);
        var stored = await cluster.Client.CoreV1.ReadNamespacedConfigMapAsync("a", cluster.Namespace);
        Assert.Equal("v", stored.Data["k"]);
    }

    [SkippableTheory, Backends]
    public async Task Get_Missing_Answers404NotFound(Backend backend)
    {
        await using var cluster = await clusters.ScopeAsync(backend);

        var error = await Assert.ThrowsAsync<HttpOperationException>(() => cluster.Client.CoreV1.ReadNamespacedConfigMapAsync("missing", cluster.Namespace));

        Assert.Equal(HttpStatusCode.NotFound, error.Response.StatusCode);
        Assert.Equal(
            "{\"kind\":\"Status\",\"apiVersion\":\"v1\",\"metadata\":{},\"status\":\"Failure\",\"message\":\"configmaps \\\"missing\\\" not found\",\"reason\":\"NotFound\",\"details\":{\"name\":\"missing\",\"kind\":\"configmaps\"},\"code\":404}\n",
            error.Response.Content);
    }

    [SkippableTheory, Backends]
    public async Task Replace_StaleResourceVersion_Answers409ConflictAndKeepsObject(Backend backend)
    {
        await using var cluster = await clusters.ScopeAsync(backend);
        var created = await cluster.Client.CoreV1.CreateNamespacedConfigMapAsync(ConfigMap("a"), cluster.Namespace);
        created.Data["k"] = "second";
        await cluster.Client.CoreV1.ReplaceNamespacedConfigMapAsync(created, "a", cluster.Namespace);
        created.Data["k"] = "stale";

        var error = await Assert.ThrowsAsync<HttpOperationException>(() => cluster.Client.CoreV1.ReplaceNamespacedConfigMapAsync(created, "a", cluster.Namespace));

        Assert.Equal(HttpStatusCode.Conflict, error.Response.StatusCode);
        Assert.Contains("Operation cannot be fulfilled on configmaps \\\"a\\\": the object has been modified; please apply your changes to the latest version and try again", error.Response.Content, StringComparison.Ordinal);
        Assert.Equal("second", (await cluster.Client.CoreV1.ReadNamespacedConfigMapAsync("a", cluster.Namespace)).Data["k"]);
    }

    [SkippableTheory, Backends]
    public async Task Replace_WithoutResourceVersion_IsUnconditionalForConfigMaps(Backend backend)
    {
        await using var cluster = await clusters.ScopeAsync(backend);
        await cluster.Client.CoreV1.CreateNamespacedConfigMapAsync(ConfigMap("a"), cluster.Namespace);

        var replaced = await cluster.Client.CoreV1.ReplaceNamespacedConfigMapAsync(ConfigMap("a", "new"), "a", cluster.Namespace);

        Assert.Equal("new", replaced.Data["k"]);
    }

    [SkippableTheory, Backends]
    public async Task Replace_Unchanged_KeepsResourceVersion(Backend backend)
    {
        await using var cluster = await clusters.ScopeAsync(backend);
        var created = await cluster.Client.CoreV1.CreateNamespacedConfigMapAsync(ConfigMap("a"), cluster.Namespace);

        var replaced = await cluster.Client.CoreV1.ReplaceNamespacedConfigMapAsync(created, "a", cluster.Namespace);

        Assert.Equal(created.Metadata.ResourceVersion, replaced.Metadata.ResourceVersion);
    }

    [SkippableTheory, Backends]
    public async Task Delete_WithoutFinalizers_RemovesObject(Backend backend)
    {
        await using var cluster = await clusters.ScopeAsync(backend);
        await cluster.Client.CoreV1.CreateNamespacedConfigMapAsync(ConfigMap("a"), cluster.Namespace);

        var status = await cluster.Client.CoreV1.DeleteNamespacedConfigMapAsync("a", cluster.Namespace);

        Assert.Equal("Success", status.Status);
        Assert.Empty((await cluster.Client.CoreV1.ListNamespacedConfigMapAsync(cluster.Namespace)).Items);
    }

    [Fact]
    public async Task List_AcrossNamespaces_ReturnsObjectsInKeyOrderWithStoreRevision()
    {
        await using var env = new InProcessServer();
        await env.Client.CoreV1.CreateNamespacedConfigMapAsync(ConfigMap("b"), "default");
        await env.Client.CoreV1.CreateNamespacedConfigMapAsync(ConfigMap("a"), "kube-system");
        await env.Client.CoreV1.CreateNamespacedConfigMapAsync(ConfigMap("a"), "default");

        var list = await env.Client.CoreV1.ListConfigMapForAllNamespacesAsync();

        Assert.Equal(["default/a", "default/b", "kube-system/a"], list.Items.Select(i => i.Metadata.NamespaceProperty + "/" + i.Metadata.Name));
        Assert.Equal(env.Server.CurrentRevision.ToString(System.Globalization.CultureInfo.InvariantCulture), list.Metadata.ResourceVersion);
    }

    [Fact]
    public async Task List_InitialNamespaces_Exist()
    {
        await using var env = new InProcessServer();

        var namespaces = await env.Client.CoreV1.ListNamespaceAsync();

        Assert.Equal(["default", "kube-node-lease", "kube-public", "kube-system"], namespaces.Items.Select(n => n.Metadata.Name));
        Assert.All(namespaces.Items, n => Assert.Equal("Active", n.Status.Phase));
    }
}
