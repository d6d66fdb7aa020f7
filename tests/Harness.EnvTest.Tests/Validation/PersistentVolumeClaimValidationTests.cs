using Harness.EnvTest.Tests.Backends;
using Harness.EnvTest.Tests.Core;
using k8s;
using k8s.Models;

namespace Harness.EnvTest.Tests.Validation;

/// <summary>kube-apiserver's PersistentVolumeClaim validation and create-time data-source handling, on both backends.</summary>
[Collection(ClusterCollection.Name)]
public sealed class PersistentVolumeClaimValidationTests(ClusterFixture clusters)
{
    [SkippableTheory, Backends]
    public async Task Create_EmptySpec_Answers422(Backend backend)
    {
        await using var cluster = await clusters.ScopeAsync(backend);

        var message = await ValidationAssert.InvalidAsync(
            () => cluster.Client.CoreV1.CreateNamespacedPersistentVolumeClaimAsync(Claim(new V1PersistentVolumeClaimSpec()), cluster.Namespace),
            "spec.accessModes: Required value: at least 1 access mode is required",
            "spec.resources[storage]: Required value");

        Assert.Equal(
            "PersistentVolumeClaim \"c\" is invalid: [spec.accessModes: Required value: at least 1 access mode is required, spec.resources[storage]: Required value]", message);
    }

    [SkippableTheory, Backends]
    public async Task Create_BadModesSizeAndClass_Answers422(Backend backend)
    {
        await using var cluster = await clusters.ScopeAsync(backend);
        var spec = Spec("0", "Bogus");
        spec.VolumeMode = "Weird";
        spec.StorageClassName = "Bad_Name";

        await ValidationAssert.InvalidAsync(
            () => cluster.Client.CoreV1.CreateNamespacedPersistentVolumeClaimAsync(Claim(spec), cluster.Namespace),
            "spec.accessModes: Unsupported value: \"Bogus\": supported values: \"ReadOnlyMany\", \"ReadWriteMany\", \"ReadWriteOnce\", \"ReadWriteOncePod\"",
            "spec.resources[storage]: Invalid value: \"0\": must be greater than zero",
            "spec.storageClassName: Invalid value: \"Bad_Name\": a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character (e.g. 'example.com', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*')",
            "spec.volumeMode: Unsupported value: \"Weird\": supported values: \"Block\", \"Filesystem\"");
    }

    [SkippableTheory, Backends]
    public async Task Create_ReadWriteOncePodWithOthers_Answers422(Backend backend)
    {
        await using var cluster = await clusters.ScopeAsync(backend);

        await ValidationAssert.InvalidAsync(
            () => cluster.Client.CoreV1.CreateNamespacedPersistentVolumeClaimAsync(Claim(Spec("0", "ReadWriteOnce", "ReadWriteOncePod")), cluster.Namespace),
            "spec.accessModes: Forbidden: may not use ReadWriteOncePod with other access modes",
            "spec.resources[storage]: Invalid value: \"0\": must be greater than zero");
    }

    [SkippableTheory, Backends]
    public async Task Create_EmptyDataSourceReferences_Answers422(Backend backend)
    {
        await using var cluster = await clusters.ScopeAsync(backend);
        var spec = Spec("1Gi", "ReadWriteOnce");
        spec.DataSourceRef = new V1TypedObjectReference { Kind = string.Empty, Name = string.Empty };

        await ValidationAssert.InvalidAsync(
            () => cluster.Client.CoreV1.CreateNamespacedPersistentVolumeClaimAsync(Claim(spec), cluster.Namespace),
            "spec.dataSource.name: Required value",
            "spec.dataSource.kind: Required value",
            "spec.dataSource: Invalid value: \"\": must be 'PersistentVolumeClaim' when referencing the default apiGroup",
            "spec.dataSourceRef.name: Required value",
            "spec.dataSourceRef.kind: Required value",
            "spec.dataSourceRef: Invalid value: \"\": must be 'PersistentVolumeClaim' when referencing the default apiGroup");
    }

    [SkippableTheory, Backends]
    public async Task Create_SnapshotDataSource_IsCopiedToDataSourceRefAndVolumeModeDefaults(Backend backend)
    {
        await using var cluster = await clusters.ScopeAsync(backend);
        var spec = Spec("1Gi", "ReadWriteOnce");
        spec.DataSource = new V1TypedLocalObjectReference { ApiGroup = "snapshot.storage.k8s.io", Kind = "VolumeSnapshot", Name = "snap" };

        var created = await cluster.Client.CoreV1.CreateNamespacedPersistentVolumeClaimAsync(Claim(spec), cluster.Namespace);

        Assert.Equal(("snapshot.storage.k8s.io", "VolumeSnapshot", "snap"), (created.Spec.DataSourceRef.ApiGroup, created.Spec.DataSourceRef.Kind, created.Spec.DataSourceRef.Name));
        Assert.Equal("Filesystem", created.Spec.VolumeMode);
        Assert.Equal("Pending", created.Status.Phase);
    }

    [SkippableTheory, Backends]
    public async Task Create_DataSourceOfAnotherKindWithoutRef_IsDropped(Backend backend)
    {
        await using var cluster = await clusters.ScopeAsync(backend);
        var spec = Spec("1Gi", "ReadWriteOnce");
        spec.DataSource = new V1TypedLocalObjectReference { Kind = "Pod", Name = "p" };

        var created = await cluster.Client.CoreV1.CreateNamespacedPersistentVolumeClaimAsync(Claim(spec), cluster.Namespace);

        Assert.Null(created.Spec.DataSource);
        Assert.Null(created.Spec.DataSourceRef);
    }

    [SkippableTheory, Backends]
    public async Task Update_SpecOtherThanVolumeName_IsForbidden(Backend backend)
    {
        await using var cluster = await clusters.ScopeAsync(backend);
        var claims = cluster.Client.CoreV1;
        await claims.CreateNamespacedPersistentVolumeClaimAsync(Claim(Spec("1Gi", "ReadWriteOnce")), cluster.Namespace);

        var bound = await claims.PatchNamespacedPersistentVolumeClaimAsync(
            new V1Patch("{\"spec\":{\"volumeName\":\"pv-1\"}}", V1Patch.PatchType.MergePatch), "c", cluster.Namespace);
        var message = await ValidationAssert.InvalidMessageAsync(() => claims.PatchNamespacedPersistentVolumeClaimAsync(
            new V1Patch("{\"spec\":{\"accessModes\":[\"ReadWriteMany\"]}}", V1Patch.PatchType.MergePatch), "c", cluster.Namespace));

        Assert.Equal("pv-1", bound.Spec.VolumeName);
        Assert.StartsWith(
            "PersistentVolumeClaim \"c\" is invalid: spec: Forbidden: spec is immutable after creation except resources.requests and volumeAttributesClassName for bound claims\n",
            message);
    }

    [SkippableTheory, Backends]
    public async Task Update_StorageOfUnboundClaim_IsForbidden(Backend backend)
    {
        await using var cluster = await clusters.ScopeAsync(backend);
        await cluster.Client.CoreV1.CreateNamespacedPersistentVolumeClaimAsync(Claim(Spec("1Gi", "ReadWriteOnce")), cluster.Namespace);

        var message = await ValidationAssert.InvalidMessageAsync(() => cluster.Client.CoreV1.PatchNamespacedPersistentVolumeClaimAsync(
            new V1Patch("{\"spec\":{\"resources\":{\"requests\":{\"storage\":\"2Gi\"}}}}", V1Patch.PatchType.MergePatch), "c", cluster.Namespace));

        Assert.Contains("spec: Forbidden: spec is immutable after creation", message, StringComparison.Ordinal);
    }

    [SkippableTheory, Backends]
    public async Task Update_GrowingABoundClaim_NeedsAClassThatAllowsExpansion(Backend backend)
    {
        await using var cluster = await clusters.ScopeAsync(backend);
        var claims = cluster.Client.CoreV1;
        var expandable = cluster.UniqueName("expandable");
        await cluster.Client.StorageV1.CreateStorageClassAsync(new V1StorageClass { Metadata = new V1ObjectMeta { Name = expandable }, Provisioner = "a.b", AllowVolumeExpansion = true });
        var spec = Spec("1Gi", "ReadWriteOnce");
        spec.StorageClassName = expandable;
        await claims.CreateNamespacedPersistentVolumeClaimAsync(Claim(spec), cluster.Namespace);
        await claims.CreateNamespacedPersistentVolumeClaimAsync(new V1PersistentVolumeClaim { Metadata = new V1ObjectMeta { Name = "plain" }, Spec = Spec("1Gi", "ReadWriteOnce") }, cluster.Namespace);
        var grow = new V1Patch("{\"spec\":{\"resources\":{\"requests\":{\"storage\":\"2Gi\"}}}}", V1Patch.PatchType.MergePatch);
        foreach (var name in new[] { "c", "plain" })
        {
            await claims.PatchNamespacedPersistentVolumeClaimAsync(new V1Patch($"{{\"spec\":{{\"volumeName\":\"pv-{name}\"}}}}", V1Patch.PatchType.MergePatch), name, cluster.Namespace);
            await claims.PatchNamespacedPersistentVolumeClaimStatusAsync(new V1Patch("{\"status\":{\"phase\":\"Bound\"}}", V1Patch.PatchType.MergePatch), name, cluster.Namespace);
        }

        var grown = await claims.PatchNamespacedPersistentVolumeClaimAsync(grow, "c", cluster.Namespace);
        var refused = await ApiAssert.FailsAsync(System.Net.HttpStatusCode.Forbidden, () => claims.PatchNamespacedPersistentVolumeClaimAsync(grow, "plain", cluster.Namespace));

        Assert.Equal("2Gi", grown.Spec.Resources.Requests["storage"].ToString());
        Assert.Equal(
            ("Forbidden", "persistentvolumeclaims \"plain\" is forbidden: only dynamically provisioned pvc can be resized and the storageclass that provisions the pvc must support resize"),
            (refused.Reason, refused.Message));
        await cluster.Client.StorageV1.DeleteStorageClassAsync(expandable);
    }

    /// <summary>
    /// kube-apiserver's StorageObjectInUseProtection admission adds <c>kubernetes.io/pvc-protection</c> and
    /// <c>kubernetes.io/pv-protection</c>, and only kube-controller-manager removes them; the harness runs neither (the binary
    /// backend turns the plugin off), so on both backends a deleted claim or volume goes at once.
    /// </summary>
    [SkippableTheory, Backends]
    public async Task Delete_ClaimAndVolume_GoAtOnceWithoutProtectionFinalizers(Backend backend)
    {
        await using var cluster = await clusters.ScopeAsync(backend);
        var volumeName = cluster.UniqueName("pv");
        var claim = await cluster.Client.CoreV1.CreateNamespacedPersistentVolumeClaimAsync(Claim(Spec("1Gi", "ReadWriteOnce")), cluster.Namespace);
        var volume = await cluster.Client.CoreV1.CreatePersistentVolumeAsync(new V1PersistentVolume
        {
            Metadata = new V1ObjectMeta { Name = volumeName },
            Spec = new V1PersistentVolumeSpec
            {
                AccessModes = ["ReadWriteOnce"],
                Capacity = new Dictionary<string, ResourceQuantity> { ["storage"] = new("1Gi") },
                HostPath = new V1HostPathVolumeSource { Path = "/tmp/pv" },
            },
        });

        await cluster.Client.CoreV1.DeleteNamespacedPersistentVolumeClaimAsync("c", cluster.Namespace);
        await cluster.Client.CoreV1.DeletePersistentVolumeAsync(volumeName);

        Assert.Null(claim.Metadata.Finalizers);
        Assert.Null(volume.Metadata.Finalizers);
        Assert.Empty((await cluster.Client.CoreV1.ListNamespacedPersistentVolumeClaimAsync(cluster.Namespace)).Items);
        Assert.DoesNotContain((await cluster.Client.CoreV1.ListPersistentVolumeAsync()).Items, v => v.Metadata.Name == volumeName);
    }

    [SkippableTheory, Backends]
    public async Task StatusUpdate_ResizeStatusKube132DoesNotKnow_Answers422AndKeepsTheStatus(Backend backend)
    {
        await using var cluster = await clusters.ScopeAsync(backend);
        await cluster.Client.CoreV1.CreateNamespacedPersistentVolumeClaimAsync(Claim(Spec("1Gi", "ReadWriteOnce")), cluster.Namespace);
        await cluster.Client.CoreV1.PatchNamespacedPersistentVolumeClaimStatusAsync(
            new V1Patch("{\"status\":{\"allocatedResourceStatuses\":{\"storage\":\"ControllerResizeInProgress\"}}}", V1Patch.PatchType.MergePatch), "c", cluster.Namespace);

        await ValidationAssert.InvalidAsync(
            () => cluster.Client.CoreV1.PatchNamespacedPersistentVolumeClaimStatusAsync(
                new V1Patch("{\"status\":{\"allocatedResourceStatuses\":{\"storage\":\"ControllerResizeFailed\"}}}", V1Patch.PatchType.MergePatch), "c", cluster.Namespace),
            "status.allocatedResourceStatus: Unsupported value: storage: supported values: \"ControllerResizeInProgress\", \"ControllerResizeInfeasible\", \"NodeResizeInProgress\", \"NodeResizeInfeasible\", \"NodeResizePending\"");

        var claim = await cluster.Client.CoreV1.ReadNamespacedPersistentVolumeClaimAsync("c", cluster.Namespace);
        Assert.Equal("ControllerResizeInProgress", claim.Status.AllocatedResourceStatuses["storage"]);
    }

    private static V1PersistentVolumeClaim Claim(V1PersistentVolumeClaimSpec spec) => new() { Metadata = new V1ObjectMeta { Name = "c" }, Spec = spec };

    private static V1PersistentVolumeClaimSpec Spec(string storage, params string[] modes) => new()
    {
        AccessModes = modes,
        Resources = new V1VolumeResourceRequirements { Requests = new Dictionary<string, ResourceQuantity> { ["storage"] = new(storage) } },
    };
}
