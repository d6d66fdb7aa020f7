using Harness.EnvTest.Tests.Backends;
using k8s;
using k8s.Models;

namespace Harness.EnvTest.Tests.Resources;

/// <summary>What a <c>/status</c> write of a core kind or a CRD changes beyond status: kube's status strategies reset only the spec.</summary>
[Collection(ClusterCollection.Name)]
public sealed class StatusMetadataTests(ClusterFixture clusters)
{
    /// <summary>
    /// Claims, volumes, namespaces and CRDs take labels, annotations and owner references from a status write; pods all but owner
    /// references. The owner is the test's namespace, so the garbage collector takes the volume with it.
    /// </summary>
    [SkippableTheory, Backends]
    public async Task PatchStatus_OfCoreKinds_KeepsTheMetadataKubeLetsThrough(Backend backend)
    {
        await using var cluster = await clusters.ScopeAsync(backend);
        var client = cluster.Client.CoreV1;
        var volume = cluster.UniqueName("pv");
        var owner = await client.ReadNamespaceAsync(cluster.Namespace);
        var patch = new V1Patch(
            $$$"""{"metadata":{"labels":{"a":"c"},"annotations":{"n":"1"},"ownerReferences":[{"apiVersion":"v1","kind":"Namespace","name":"{{{cluster.Namespace}}}","uid":"{{{owner.Metadata.Uid}}}"}]}}""",
            V1Patch.PatchType.MergePatch);
        await client.CreateNamespacedPersistentVolumeClaimAsync(
            new V1PersistentVolumeClaim
            {
                Metadata = new V1ObjectMeta { Name = "c" },
                Spec = new V1PersistentVolumeClaimSpec { AccessModes = ["ReadWriteOnce"], Resources = new V1VolumeResourceRequirements { Requests = new Dictionary<string, ResourceQuantity> { ["storage"] = new("1Gi") } } },
            },
            cluster.Namespace);
        await client.CreatePersistentVolumeAsync(new V1PersistentVolume
        {
            Metadata = new V1ObjectMeta { Name = volume },
            Spec = new V1PersistentVolumeSpec { Capacity = new Dictionary<string, ResourceQuantity> { ["storage"] = new("1Gi") }, AccessModes = ["ReadWriteOnce"], HostPath = new V1HostPathVolumeSource { Path = "/tmp" } },
        });
        await client.CreateNamespacedPodAsync(new V1Pod { Metadata = new V1ObjectMeta { Name = "p" }, Spec = new V1PodSpec { Containers = [new V1Container { Name = "c", Image = "x" }] } }, cluster.Namespace);

        var claim = await client.PatchNamespacedPersistentVolumeClaimStatusAsync(patch, "c", cluster.Namespace);
        var persistentVolume = await client.PatchPersistentVolumeStatusAsync(patch, volume);
        var pod = await client.PatchNamespacedPodStatusAsync(patch, "p", cluster.Namespace);
        var crdName = $"things.{cluster.Namespace}.example.com";
        await cluster.Client.ApiextensionsV1.CreateCustomResourceDefinitionAsync(new V1CustomResourceDefinition
        {
            Metadata = new V1ObjectMeta { Name = crdName },
            Spec = new V1CustomResourceDefinitionSpec
            {
                Group = $"{cluster.Namespace}.example.com", Scope = "Namespaced", Names = new V1CustomResourceDefinitionNames { Plural = "things", Kind = "Thing" },
                Versions = [new V1CustomResourceDefinitionVersion { Name = "v1", Served = true, Storage = true, Schema = new V1CustomResourceValidation { OpenAPIV3Schema = new V1JSONSchemaProps { Type = "object" } } }],
            },
        });
        var crd = await cluster.Client.ApiextensionsV1.PatchCustomResourceDefinitionStatusAsync(patch, crdName);
        await cluster.Client.ApiextensionsV1.DeleteCustomResourceDefinitionAsync(crdName);
        var ns = await client.PatchNamespaceStatusAsync(new V1Patch("""{"metadata":{"labels":{"a":"c"}}}""", V1Patch.PatchType.MergePatch), cluster.Namespace);

        Assert.All([claim.Metadata, persistentVolume.Metadata, pod.Metadata, crd.Metadata], metadata => Assert.Equal(("c", "1"), (metadata.Labels["a"], metadata.Annotations["n"])));
        Assert.Equal([cluster.Namespace, cluster.Namespace, null, cluster.Namespace], new[] { claim.Metadata, persistentVolume.Metadata, pod.Metadata, crd.Metadata }.Select(m => m.OwnerReferences?.Single().Name));
        Assert.Equal("c", ns.Metadata.Labels["a"]);
    }
}
