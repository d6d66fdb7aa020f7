using System.Net;
using k8s;
using k8s.Autorest;
using k8s.Models;

namespace Harness.EnvTest.Tests.Core;

public sealed class CrudIntegrationTests
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

    [Fact]
    public async Task Create_Existing_Answers409AlreadyExists()
    {
        await using var env = new InProcessServer();
        await env.Client.CoreV1.CreateNamespacedConfigMapAsync(ConfigMap("a"), "default");

        var error = await Assert.ThrowsAsync<HttpOperationException>(() => env.Client.CoreV1.CreateNamespacedConfigMapAsync(ConfigMap("a", "other"), "default"));

        Assert.Equal(HttpStatusCode.Conflict, error.Response.StatusCode);
        Assert.Contains("\"reason\":\"AlreadyExists\"", error.Response.Content, StringComparison.Ordinal);
        Assert.Contains("configmaps \\\"a\\\" already exists", error.Response.Content, StringComparison.Ordinal);
        var stored = await env.Client.CoreV1.ReadNamespacedConfigMapAsync("a", "default");
        Assert.Equal("v", stored.Data["k"]);
    }

    [Fact]
    public async Task Get_Missing_Answers404NotFound()
    {
        await using var env = new InProcessServer();

        var error = await Assert.ThrowsAsync<HttpOperationException>(() => env.Client.CoreV1.ReadNamespacedConfigMapAsync("missing", "default"));

        Assert.Equal(HttpStatusCode.NotFound, error.Response.StatusCode);
        Assert.Equal(
            "{\"kind\":\"Status\",\"apiVersion\":\"v1\",\"metadata\":{},\"status\":\"Failure\",\"message\":\"configmaps \\\"missing\\\" not found\",\"reason\":\"NotFound\",\"details\":{\"name\":\"missing\",\"kind\":\"configmaps\"},\"code\":404}",
            error.Response.Content);
    }

    [Fact]
    public async Task Replace_StaleResourceVersion_Answers409ConflictAndKeepsObject()
    {
        await using var env = new InProcessServer();
        var created = await env.Client.CoreV1.CreateNamespacedConfigMapAsync(ConfigMap("a"), "default");
        created.Data["k"] = "second";
        await env.Client.CoreV1.ReplaceNamespacedConfigMapAsync(created, "a", "default");
        created.Data["k"] = "stale";

        var error = await Assert.ThrowsAsync<HttpOperationException>(() => env.Client.CoreV1.ReplaceNamespacedConfigMapAsync(created, "a", "default"));

        Assert.Equal(HttpStatusCode.Conflict, error.Response.StatusCode);
        Assert.Contains("Operation cannot be fulfilled on configmaps \\\"a\\\": the object has been modified; please apply your changes to the latest version and try again", error.Response.Content, StringComparison.Ordinal);
        Assert.Equal("second", (await env.Client.CoreV1.ReadNamespacedConfigMapAsync("a", "default")).Data["k"]);
    }

    [Fact]
    public async Task Replace_WithoutResourceVersion_IsUnconditionalForConfigMaps()
    {
        await using var env = new InProcessServer();
        await env.Client.CoreV1.CreateNamespacedConfigMapAsync(ConfigMap("a"), "default");

        var replaced = await env.Client.CoreV1.ReplaceNamespacedConfigMapAsync(ConfigMap("a", "new"), "a", "default");

        Assert.Equal("new", replaced.Data["k"]);
    }

    [Fact]
    public async Task Replace_Unchanged_KeepsResourceVersion()
    {
        await using var env = new InProcessServer();
        var created = await env.Client.CoreV1.CreateNamespacedConfigMapAsync(ConfigMap("a"), "default");

        var replaced = await env.Client.CoreV1.ReplaceNamespacedConfigMapAsync(created, "a", "default");

        Assert.Equal(created.Metadata.ResourceVersion, replaced.Metadata.ResourceVersion);
    }

    [Fact]
    public async Task Delete_WithoutFinalizers_RemovesObject()
    {
        await using var env = new InProcessServer();
        await env.Client.CoreV1.CreateNamespacedConfigMapAsync(ConfigMap("a"), "default");

        var status = await env.Client.CoreV1.DeleteNamespacedConfigMapAsync("a", "default");

        Assert.Equal("Success", status.Status);
        Assert.Empty((await env.Client.CoreV1.ListNamespacedConfigMapAsync("default")).Items);
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
