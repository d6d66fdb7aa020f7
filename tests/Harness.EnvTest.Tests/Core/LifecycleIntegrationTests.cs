using System.Net;
using k8s;
using k8s.Models;

namespace Harness.EnvTest.Tests.Core;

public sealed class LifecycleIntegrationTests
{
    [Fact]
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

    [Fact]
    public async Task Delete_PreconditionMismatch_Answers409()
    {
        await using var env = new InProcessServer();
        var created = await env.Client.CoreV1.CreateNamespacedConfigMapAsync(new V1ConfigMap { Metadata = new V1ObjectMeta { Name = "a" } }, "default");

        var status = await ApiAssert.FailsAsync(HttpStatusCode.Conflict, () => env.Client.CoreV1.DeleteNamespacedConfigMapAsync(
            "a", "default", new V1DeleteOptions { Preconditions = new V1Preconditions { ResourceVersion = "1" } }));

        Assert.Equal($"Operation cannot be fulfilled on configmaps \"a\": Precondition failed: ResourceVersion in precondition: 1, ResourceVersion in object meta: {created.Metadata.ResourceVersion}", status.Message);
        Assert.Single((await env.Client.CoreV1.ListNamespacedConfigMapAsync("default")).Items);
    }

    [Fact]
    public async Task Update_MainResource_KeepsStatus_StatusSubresource_KeepsSpec()
    {
        await using var env = new InProcessServer();
        var pvc = new V1PersistentVolumeClaim
        {
            Metadata = new V1ObjectMeta { Name = "disk" },
            Spec = new V1PersistentVolumeClaimSpec { AccessModes = ["ReadWriteOnce"], Resources = new V1VolumeResourceRequirements { Requests = new Dictionary<string, ResourceQuantity> { ["storage"] = new("1Gi") } } },
            Status = new V1PersistentVolumeClaimStatus { Phase = "Bound" },
        };

        var created = await env.Client.CoreV1.CreateNamespacedPersistentVolumeClaimAsync(pvc, "default");
        Assert.Equal("Pending", created.Status.Phase);

        created.Status.Phase = "Bound";
        created.Spec.VolumeName = "pv-1";
        var afterStatus = await env.Client.CoreV1.ReplaceNamespacedPersistentVolumeClaimStatusAsync(created, "disk", "default");
        Assert.Equal("Bound", afterStatus.Status.Phase);
        Assert.Null(afterStatus.Spec.VolumeName);

        afterStatus.Status.Phase = "Lost";
        afterStatus.Spec.VolumeName = "pv-1";
        var afterMain = await env.Client.CoreV1.ReplaceNamespacedPersistentVolumeClaimAsync(afterStatus, "disk", "default");
        Assert.Equal("Bound", afterMain.Status.Phase);
        Assert.Equal("pv-1", afterMain.Spec.VolumeName);
    }

    [Fact]
    public async Task Patch_MergePatch_ChangesObject()
    {
        await using var env = new InProcessServer();
        await env.Client.CoreV1.CreateNamespacedConfigMapAsync(new V1ConfigMap { Metadata = new V1ObjectMeta { Name = "a" }, Data = new Dictionary<string, string> { ["k"] = "v" } }, "default");

        var patched = await env.Client.CoreV1.PatchNamespacedConfigMapAsync(new V1Patch("{\"data\":{\"k\":\"w\"}}", V1Patch.PatchType.MergePatch), "a", "default");

        Assert.Equal("w", patched.Data["k"]);
    }

    [Fact]
    public async Task DeleteCollection_LabelSelector_DeletesOnlyMatchingObjects()
    {
        await using var env = new InProcessServer();
        foreach (var (name, app) in new[] { ("a", "x"), ("b", "x"), ("c", "y") })
        {
            await env.Client.CoreV1.CreateNamespacedConfigMapAsync(new V1ConfigMap { Metadata = new V1ObjectMeta { Name = name, Labels = new Dictionary<string, string> { ["app"] = app } } }, "default");
        }

        await env.Client.CoreV1.DeleteCollectionNamespacedConfigMapAsync("default", labelSelector: "app=x");

        Assert.Equal(["c"], (await env.Client.CoreV1.ListNamespacedConfigMapAsync("default")).Items.Select(i => i.Metadata.Name));
    }

    [Fact]
    public async Task Delete_ForegroundInBody_AddsFinalizerAndKeepsObject()
    {
        await using var env = new InProcessServer();
        await env.Client.CoreV1.CreateNamespacedConfigMapAsync(new V1ConfigMap { Metadata = new V1ObjectMeta { Name = "a" } }, "default");

        await env.Client.CoreV1.DeleteNamespacedConfigMapAsync("a", "default", new V1DeleteOptions { PropagationPolicy = "Foreground" });

        var deleting = await env.Client.CoreV1.ReadNamespacedConfigMapAsync("a", "default");
        Assert.Equal(["foregroundDeletion"], deleting.Metadata.Finalizers);
        Assert.NotNull(deleting.Metadata.DeletionTimestamp);
    }

    [Fact]
    public async Task Delete_BadPropagationPolicy_Answers422()
    {
        await using var env = new InProcessServer();
        await env.Client.CoreV1.CreateNamespacedConfigMapAsync(new V1ConfigMap { Metadata = new V1ObjectMeta { Name = "a" } }, "default");

        var status = await ApiAssert.FailsAsync(HttpStatusCode.UnprocessableEntity, () =>
            env.Client.CoreV1.DeleteNamespacedConfigMapAsync("a", "default", propagationPolicy: "Sideways"));

        Assert.Contains(status.Details.Causes, c => c.Field == "propagationPolicy");
        Assert.Single((await env.Client.CoreV1.ListNamespacedConfigMapAsync("default")).Items);
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
}
