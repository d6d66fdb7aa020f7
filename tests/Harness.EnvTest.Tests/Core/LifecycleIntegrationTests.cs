using System.Net;
using Harness.EnvTest.Tests.Backends;
using k8s;
using k8s.Models;

namespace Harness.EnvTest.Tests.Core;

[Collection(ClusterCollection.Name)]
public sealed class LifecycleIntegrationTests(ClusterFixture clusters)
{
    [Fact]
    [Trait("EmbeddedOnly", "fake clock")]
    public async Task Delete_WithFinalizer_SetsDeletionTimestampUntilLastFinalizerGoes()
    {
        await using var env = new InProcessServer();
        await env.Client.CoreV1.CreateNamespacedConfigMapAsync(new V1ConfigMap { Metadata = new V1ObjectMeta { Name = "a", Finalizers = ["example.com/one", "example.com/two"] } }, "default");

        await env.Client.CoreV1.DeleteNamespacedConfigMapAsync("a", "default");
        var deleting = await env.Client.CoreV1.ReadNamespacedConfigMapAsync("a", "default");
        Assert.Equal(new DateTime(2026, 1, 2, 3, 4, 5, DateTimeKind.Utc), deleting.Metadata.DeletionTimestamp);
        Assert.Equal(0, deleting.Metadata.DeletionGracePeriodSeconds);

        deleting.Metadata.Finalizers = ["example.com/two", "example.com/three"];
        var status = await ApiAssert.FailsAsync(HttpStatusCode.UnprocessableEntity, () => env.Client.CoreV1.ReplaceNamespacedConfigMapAsync(deleting, "a", "default"));
        Assert.Equal("ConfigMap \"a\" is invalid: metadata.finalizers: Forbidden: no new finalizers can be added if the object is being deleted, found new finalizers []string{\"example.com/three\"}", status.Message);

        deleting.Metadata.Finalizers = ["example.com/two"];
        var kept = await env.Client.CoreV1.ReplaceNamespacedConfigMapAsync(deleting, "a", "default");
        Assert.NotNull(kept.Metadata.DeletionTimestamp);
        kept.Metadata.Finalizers = [];
        await env.Client.CoreV1.ReplaceNamespacedConfigMapAsync(kept, "a", "default");

        Assert.Empty((await env.Client.CoreV1.ListNamespacedConfigMapAsync("default")).Items);
    }

    [SkippableTheory, Backends]
    public async Task Delete_PreconditionMismatch_Answers409(Backend backend)
    {
        await using var cluster = await clusters.ScopeAsync(backend);
        var created = await cluster.Client.CoreV1.CreateNamespacedConfigMapAsync(new V1ConfigMap { Metadata = new V1ObjectMeta { Name = "a" } }, cluster.Namespace);

        var status = await ApiAssert.FailsAsync(HttpStatusCode.Conflict, () => cluster.Client.CoreV1.DeleteNamespacedConfigMapAsync(
            "a", cluster.Namespace, new V1DeleteOptions { Preconditions = new V1Preconditions { ResourceVersion = "1" } }));

        Assert.Equal($"Operation cannot be fulfilled on ConfigMap \"a\": the ResourceVersion in the precondition (1) does not match the ResourceVersion in record ({created.Metadata.ResourceVersion}). The object might have been modified", status.Message);
        Assert.Single((await cluster.Client.CoreV1.ListNamespacedConfigMapAsync(cluster.Namespace)).Items);
    }

    [SkippableTheory, Backends]
    public async Task Update_MainResource_KeepsStatus_StatusSubresource_KeepsSpec(Backend backend)
    {
        await using var cluster = await clusters.ScopeAsync(backend);
        var pvc = new V1PersistentVolumeClaim
        {
            Metadata = new V1ObjectMeta { Name = "disk" },
            Spec = new V1PersistentVolumeClaimSpec { AccessModes = ["ReadWriteOnce"], Resources = new V1VolumeResourceRequirements { Requests = new Dictionary<string, ResourceQuantity> { ["storage"] = new("1Gi") } } },
            Status = new V1PersistentVolumeClaimStatus { Phase = "Bound" },
        };

        var created = await cluster.Client.CoreV1.CreateNamespacedPersistentVolumeClaimAsync(pvc, cluster.Namespace);
        Assert.Equal("Pending", created.Status.Phase);

        created.Status.Phase = "Bound";
        created.Spec.VolumeName = "pv-1";
        var afterStatus = await cluster.Client.CoreV1.ReplaceNamespacedPersistentVolumeClaimStatusAsync(created, "disk", cluster.Namespace);
        Assert.Equal("Bound", afterStatus.Status.Phase);
        Assert.Null(afterStatus.Spec.VolumeName);

        afterStatus.Status.Phase = "Lost";
        afterStatus.Spec.VolumeName = "pv-1";
        var afterMain = await cluster.Client.CoreV1.ReplaceNamespacedPersistentVolumeClaimAsync(afterStatus, "disk", cluster.Namespace);
        Assert.Equal("Bound", afterMain.Status.Phase);
        Assert.Equal("pv-1", afterMain.Spec.VolumeName);
    }

    [SkippableTheory, Backends]
    public async Task Patch_MergePatch_ChangesObject(Backend backend)
    {
        await using var cluster = await clusters.ScopeAsync(backend);
        await cluster.Client.CoreV1.CreateNamespacedConfigMapAsync(new V1ConfigMap { Metadata = new V1ObjectMeta { Name = "a" }, Data = new Dictionary<string, string> { ["k"] = "v" } }, cluster.Namespace);

        var patched = await cluster.Client.CoreV1.PatchNamespacedConfigMapAsync(new V1Patch("{\"data\":{\"k\":\"w\"}}", V1Patch.PatchType.MergePatch), "a", cluster.Namespace);

        Assert.Equal("w", patched.Data["k"]);
    }

    [SkippableTheory, Backends]
    public async Task DeleteCollection_LabelSelector_DeletesOnlyMatchingObjects(Backend backend)
    {
        await using var cluster = await clusters.ScopeAsync(backend);
        foreach (var (name, app) in new[] { ("a", "x"), ("b", "x"), ("c", "y") })
        {
            await cluster.Client.CoreV1.CreateNamespacedConfigMapAsync(new V1ConfigMap { Metadata = new V1ObjectMeta { Name = name, Labels = new Dictionary<string, string> { ["app"] = app } } }, cluster.Namespace);
        }

        await cluster.Client.CoreV1.DeleteCollectionNamespacedConfigMapAsync(cluster.Namespace, labelSelector: "app=x");

        Assert.Equal(["c"], (await cluster.Client.CoreV1.ListNamespacedConfigMapAsync(cluster.Namespace)).Items.Select(i => i.Metadata.Name));
    }

    [Fact]
    [Trait("EmbeddedOnly", "no garbage collector running: with one, the foregroundDeletion finalizer of an object without dependents goes at once")]
    public async Task Delete_ForegroundInBody_AddsFinalizerAndKeepsObject()
    {
        await using var env = new InProcessServer();
        await env.Client.CoreV1.CreateNamespacedConfigMapAsync(new V1ConfigMap { Metadata = new V1ObjectMeta { Name = "a" } }, "default");

        await env.Client.CoreV1.DeleteNamespacedConfigMapAsync("a", "default", new V1DeleteOptions { PropagationPolicy = "Foreground" });

        var deleting = await env.Client.CoreV1.ReadNamespacedConfigMapAsync("a", "default");
        Assert.Equal(["foregroundDeletion"], deleting.Metadata.Finalizers);
        Assert.NotNull(deleting.Metadata.DeletionTimestamp);
    }

    [SkippableTheory, Backends]
    public async Task Delete_BadPropagationPolicy_Answers422(Backend backend)
    {
        await using var cluster = await clusters.ScopeAsync(backend);
        await cluster.Client.CoreV1.CreateNamespacedConfigMapAsync(new V1ConfigMap { Metadata = new V1ObjectMeta { Name = "a" } }, cluster.Namespace);

        var status = await ApiAssert.FailsAsync(HttpStatusCode.UnprocessableEntity, () =>
            cluster.Client.CoreV1.DeleteNamespacedConfigMapAsync("a", cluster.Namespace, propagationPolicy: "Sideways"));

        Assert.Contains(status.Details.Causes, c => c.Field == "propagationPolicy");
        Assert.Single((await cluster.Client.CoreV1.ListNamespacedConfigMapAsync(cluster.Namespace)).Items);
    }

    [Fact]
    public async Task Replace_CrdSpec_BumpsGeneration_MetadataOnly_DoesNot()
    {
        await using var env = new InProcessServer();
        await Crds.WidgetCrd.InstallAsync(env.Client);
        var crd = await env.Client.ApiextensionsV1.ReadCustomResourceDefinitionAsync("widgets.example.com");
        Assert.Equal(1, crd.Metadata.Generation);

        crd.Metadata.Labels = new Dictionary<string, string> { ["team"] = "storage" };
        crd = await env.Client.ApiextensionsV1.ReplaceCustomResourceDefinitionAsync(crd, crd.Metadata.Name);
        Assert.Equal(1, crd.Metadata.Generation);

        crd.Spec.Names.ShortNames = ["wd", "wdg"];
        crd = await env.Client.ApiextensionsV1.ReplaceCustomResourceDefinitionAsync(crd, crd.Metadata.Name);
        Assert.Equal(2, crd.Metadata.Generation);
        Assert.Equal(["wd", "wdg"], (await env.Client.CustomObjects.GetAPIResourcesAsync("example.com", "v1")).Resources.Single(r => r.Name == "widgets").ShortNames);
    }

    [SkippableTheory, Backends]
    public async Task Delete_AnswersTheObjectForKindsWhoseRegistryReturnsIt_AStatusOtherwise(Backend backend)
    {
        await using var cluster = await clusters.ScopeAsync(backend);
        var ns = cluster.Namespace;
        var className = cluster.UniqueName("sc");
        await cluster.SendAsync(HttpMethod.Post, $"/api/v1/namespaces/{ns}/configmaps", """{"metadata":{"name":"a"}}""");
        await cluster.SendAsync(HttpMethod.Post, $"/api/v1/namespaces/{ns}/persistentvolumeclaims", """{"metadata":{"name":"a"},"spec":{"accessModes":["ReadWriteOnce"],"resources":{"requests":{"storage":"1Gi"}}}}""");
        await cluster.SendAsync(HttpMethod.Post, "/apis/storage.k8s.io/v1/storageclasses", $$"""{"metadata":{"name":"{{className}}"},"provisioner":"a.b"}""");

        var kinds = new List<string?>();
        foreach (var path in new[] { $"/api/v1/namespaces/{ns}/configmaps/a", $"/api/v1/namespaces/{ns}/persistentvolumeclaims/a", $"/apis/storage.k8s.io/v1/storageclasses/{className}" })
        {
            var (code, body) = await cluster.SendAsync(HttpMethod.Delete, path);
            Assert.True(code == 200, body);
            kinds.Add((string?)System.Text.Json.Nodes.JsonNode.Parse(body)!["kind"]);
        }

        Assert.Equal(["Status", "PersistentVolumeClaim", "StorageClass"], kinds);
    }
}
