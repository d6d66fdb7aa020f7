using System.Net;
using Harness.EnvTest.Tests.Backends;
using Harness.EnvTest.Tests.Core;
using k8s;
using k8s.Autorest;
using k8s.Models;

namespace Harness.EnvTest.Tests.GarbageCollection;

/// <summary>
/// The garbage collector and the namespace controller over their metadata cache, on every backend: in-process in the
/// embedded server, beside kube-apiserver (which has neither) on the real binaries.
/// </summary>
[Collection(ClusterCollection.Name)]
public sealed class MetadataControllersOnBackendsTests(ClusterFixture clusters)
{
    [SkippableTheory, Backends]
    public async Task DeleteOwner_Background_DependentIsCollected(Backend backend)
    {
        await using var cluster = await clusters.ScopeAsync(backend);
        var owner = await cluster.Client.CoreV1.CreateNamespacedConfigMapAsync(new V1ConfigMap { Metadata = new V1ObjectMeta { Name = "owner" } }, cluster.Namespace);
        var reference = new V1OwnerReference { ApiVersion = "v1", Kind = "ConfigMap", Name = "owner", Uid = owner.Metadata.Uid };
        await cluster.Client.CoreV1.CreateNamespacedConfigMapAsync(new V1ConfigMap { Metadata = new V1ObjectMeta { Name = "child", OwnerReferences = [reference] } }, cluster.Namespace);

        await cluster.Client.CoreV1.DeleteNamespacedConfigMapAsync("owner", cluster.Namespace, new V1DeleteOptions { PropagationPolicy = "Background" });

        await Eventually.TrueAsync(() => GoneAsync(() => cluster.Client.CoreV1.ReadNamespacedConfigMapAsync("child", cluster.Namespace)), "child collected");
    }

    [SkippableTheory, Backends]
    public async Task DeleteNamespace_WithObjects_EmptiedThenRemoved(Backend backend)
    {
        await using var cluster = await clusters.ScopeAsync(backend);
        var name = cluster.UniqueName("doomed");
        await cluster.Client.CoreV1.CreateNamespaceAsync(new V1Namespace { Metadata = new V1ObjectMeta { Name = name } });
        await cluster.Client.CoreV1.CreateNamespacedConfigMapAsync(new V1ConfigMap { Metadata = new V1ObjectMeta { Name = "a" } }, name);

        await cluster.Client.CoreV1.DeleteNamespaceAsync(name);

        await Eventually.TrueAsync(() => GoneAsync(() => cluster.Client.CoreV1.ReadNamespaceAsync(name)), "namespace removed");
    }

    private static async Task<bool> GoneAsync<T>(Func<Task<T>> read)
    {
        try
        {
            await read();
            return false;
        }
        catch (HttpOperationException e) when (e.Response.StatusCode == HttpStatusCode.NotFound)
        {
            return true;
        }
    }
}
