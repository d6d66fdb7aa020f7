using System.Net;
using Harness.EnvTest.Tests.Backends;
using Harness.EnvTest.Tests.Core;
using k8s;
using k8s.Autorest;
using k8s.Models;

namespace Harness.EnvTest.Tests.Namespaces;

[Collection(ClusterCollection.Name)]
public sealed class NamespaceControllerIntegrationTests(ClusterFixture clusters)
{
    [SkippableTheory, Backends]
    public async Task Delete_Namespace_TerminatesDeletesContentsThenDisappears(Backend backend)
    {
        await using var cluster = await clusters.ScopeAsync(backend);
        var team = cluster.UniqueName("team");
        await cluster.Client.CoreV1.CreateNamespaceAsync(new V1Namespace { Metadata = new V1ObjectMeta { Name = team } });
        await cluster.Client.CoreV1.CreateNamespacedConfigMapAsync(new V1ConfigMap { Metadata = new V1ObjectMeta { Name = "a", Finalizers = ["test/hold"] } }, team);
        await cluster.Client.CoreV1.CreateNamespacedSecretAsync(new V1Secret { Metadata = new V1ObjectMeta { Name = "s" } }, team);

        var deleted = await cluster.Client.CoreV1.DeleteNamespaceAsync(team);

        var terminating = await cluster.Client.CoreV1.ReadNamespaceAsync(team);
        Assert.Equal("Terminating", terminating.Status.Phase);
        Assert.Equal(["kubernetes"], terminating.Spec.Finalizers);
        var status = await ApiAssert.FailsAsync(HttpStatusCode.Forbidden, () =>
            cluster.Client.CoreV1.CreateNamespacedConfigMapAsync(new V1ConfigMap { Metadata = new V1ObjectMeta { Name = "late" } }, team));
        Assert.Equal($"configmaps \"late\" is forbidden: unable to create new content in namespace {team} because it is being terminated", status.Message);
        Assert.Equal("Forbidden", status.Reason);
        Assert.Equal("NamespaceTerminating", Assert.Single(status.Details.Causes).Reason);
        await Eventually.TrueAsync(async () => (await cluster.Client.CoreV1.ListNamespacedSecretAsync(team)).Items.Count == 0, "secret deleted");
        await Eventually.TrueAsync(async () => (await cluster.Client.CoreV1.ReadNamespacedConfigMapAsync("a", team)).Metadata.DeletionTimestamp is not null, "configmap deleting");
        Assert.Equal("Terminating", (await cluster.Client.CoreV1.ReadNamespaceAsync(team)).Status.Phase);

        var held = await cluster.Client.CoreV1.ReadNamespacedConfigMapAsync("a", team);
        held.Metadata.Finalizers = null;
        await cluster.Client.CoreV1.ReplaceNamespacedConfigMapAsync(held, "a", team);

        await Eventually.TrueAsync(async () => !(await cluster.Client.CoreV1.ListNamespaceAsync()).Items.Any(n => n.Metadata.Name == team), "namespace removed");
        Assert.NotNull(deleted);
    }

    [SkippableTheory, Backends]
    public async Task Create_InMissingNamespace_Answers404AndStoresNothing(Backend backend)
    {
        await using var cluster = await clusters.ScopeAsync(backend);

        var status = await ApiAssert.FailsAsync(HttpStatusCode.NotFound, () =>
            cluster.Client.CoreV1.CreateNamespacedConfigMapAsync(new V1ConfigMap { Metadata = new V1ObjectMeta { Name = "a" } }, "nowhere"));

        Assert.Equal("namespaces \"nowhere\" not found", status.Message);
        Assert.Empty((await cluster.Client.CoreV1.ListNamespacedConfigMapAsync("nowhere")).Items);
    }

    [SkippableTheory, Backends]
    public async Task Create_NamespaceNotDnsLabel_Answers422(Backend backend)
    {
        await using var cluster = await clusters.ScopeAsync(backend);

        var status = await ApiAssert.FailsAsync(HttpStatusCode.UnprocessableEntity, () =>
            cluster.Client.CoreV1.CreateNamespaceAsync(new V1Namespace { Metadata = new V1ObjectMeta { Name = "a.b" } }));

        Assert.Equal("Namespace \"a.b\" is invalid: metadata.name: Invalid value: \"a.b\": must not contain dots", status.Message);
        Assert.Equal("metadata.name", Assert.Single(status.Details.Causes).Field);
        Assert.DoesNotContain((await cluster.Client.CoreV1.ListNamespaceAsync()).Items, n => n.Metadata.Name == "a.b");
    }
}
