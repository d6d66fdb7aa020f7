using System.Net;
using Harness.EnvTest.Tests.Core;
using k8s;
using k8s.Autorest;
using k8s.Models;

namespace Harness.EnvTest.Tests.Namespaces;

public sealed class NamespaceControllerIntegrationTests
{
    [Fact]
    public async Task Delete_Namespace_TerminatesDeletesContentsThenDisappears()
    {
        await using var env = new InProcessServer(runControllers: true);
        await env.Client.CoreV1.CreateNamespaceAsync(new V1Namespace { Metadata = new V1ObjectMeta { Name = "team" } });
        await env.Client.CoreV1.CreateNamespacedConfigMapAsync(new V1ConfigMap { Metadata = new V1ObjectMeta { Name = "a", Finalizers = ["test/hold"] } }, "team");
        await env.Client.CoreV1.CreateNamespacedSecretAsync(new V1Secret { Metadata = new V1ObjectMeta { Name = "s" } }, "team");

        var deleted = await env.Client.CoreV1.DeleteNamespaceAsync("team");

        var terminating = await env.Client.CoreV1.ReadNamespaceAsync("team");
        Assert.Equal("Terminating", terminating.Status.Phase);
        Assert.Equal(["kubernetes"], terminating.Spec.Finalizers);
        var status = await ApiAssert.FailsAsync(HttpStatusCode.Forbidden, () =>
            env.Client.CoreV1.CreateNamespacedConfigMapAsync(new V1ConfigMap { Metadata = new V1ObjectMeta { Name = "late" } }, "team"));
        Assert.Equal("configmaps \"late\" is forbidden: unable to create new content in namespace team because it is being terminated", status.Message);
        Assert.Equal("Forbidden", status.Reason);
        Assert.Equal("NamespaceTerminating", Assert.Single(status.Details.Causes).Reason);
        await Eventually.TrueAsync(async () => (await env.Client.CoreV1.ListNamespacedSecretAsync("team")).Items.Count == 0, "secret deleted");
        await Eventually.TrueAsync(async () => (await env.Client.CoreV1.ReadNamespacedConfigMapAsync("a", "team")).Metadata.DeletionTimestamp is not null, "configmap deleting");
        Assert.Equal("Terminating", (await env.Client.CoreV1.ReadNamespaceAsync("team")).Status.Phase);

        var held = await env.Client.CoreV1.ReadNamespacedConfigMapAsync("a", "team");
        held.Metadata.Finalizers = null;
        await env.Client.CoreV1.ReplaceNamespacedConfigMapAsync(held, "a", "team");

        await Eventually.TrueAsync(async () => !(await env.Client.CoreV1.ListNamespaceAsync()).Items.Any(n => n.Metadata.Name == "team"), "namespace removed");
        Assert.NotNull(deleted);
    }

    [Fact]
    public async Task Create_InMissingNamespace_Answers404AndStoresNothing()
    {
        await using var env = new InProcessServer();

        var status = await ApiAssert.FailsAsync(HttpStatusCode.NotFound, () =>
            env.Client.CoreV1.CreateNamespacedConfigMapAsync(new V1ConfigMap { Metadata = new V1ObjectMeta { Name = "a" } }, "nowhere"));

        Assert.Equal("namespaces \"nowhere\" not found", status.Message);
        Assert.Empty((await env.Client.CoreV1.ListConfigMapForAllNamespacesAsync()).Items);
    }

    [Fact]
    public async Task Create_NamespaceNotDnsLabel_Answers422()
    {
        await using var env = new InProcessServer();

        var status = await ApiAssert.FailsAsync(HttpStatusCode.UnprocessableEntity, () =>
            env.Client.CoreV1.CreateNamespaceAsync(new V1Namespace { Metadata = new V1ObjectMeta { Name = "a.b" } }));

        Assert.StartsWith("Namespace \"a.b\" is invalid: metadata.name: Invalid value: \"a.b\": a lowercase RFC 1123 label must consist of", status.Message, StringComparison.Ordinal);
        Assert.Equal("metadata.name", Assert.Single(status.Details.Causes).Field);
        Assert.DoesNotContain((await env.Client.CoreV1.ListNamespaceAsync()).Items, n => n.Metadata.Name == "a.b");
    }
}
