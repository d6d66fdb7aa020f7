using Harness.EnvTest.Tests.Backends;
using k8s;
using k8s.Models;

namespace Harness.EnvTest.Tests.Validation;

/// <summary>PersistentVolume and StorageClass validation, on both backends.</summary>
[Collection(ClusterCollection.Name)]
public sealed class StorageValidationTests(ClusterFixture clusters)
{
    [SkippableTheory, Backends]
    public async Task CreatePersistentVolume_EmptySpec_Answers422(Backend backend)
    {
        await using var cluster = await clusters.ScopeAsync(backend);
        var volume = new V1PersistentVolume { Metadata = new V1ObjectMeta { Name = cluster.UniqueName("pv") }, Spec = new V1PersistentVolumeSpec() };

        await ValidationAssert.InvalidAsync(
            () => cluster.Client.CoreV1.CreatePersistentVolumeAsync(volume),
            "spec.accessModes: Required value",
            "spec.capacity: Required value",
            "spec.capacity: Unsupported value: core.ResourceList(nil): supported values: \"storage\"",
            "spec: Required value: must specify a volume type");
    }

    [SkippableTheory, Backends]
    public async Task CreatePersistentVolume_TwoSourcesBadPolicyAndMode_Answers422(Backend backend)
    {
        await using var cluster = await clusters.ScopeAsync(backend);
        var spec = Spec();
        spec.HostPath = new V1HostPathVolumeSource { Path = "/x" };
        spec.PersistentVolumeReclaimPolicy = "Keep";
        spec.VolumeMode = "X";
        var volume = new V1PersistentVolume { Metadata = new V1ObjectMeta { Name = cluster.UniqueName("pv") }, Spec = spec };

        await ValidationAssert.InvalidAsync(
            () => cluster.Client.CoreV1.CreatePersistentVolumeAsync(volume),
            "spec.persistentVolumeReclaimPolicy: Unsupported value: \"Keep\": supported values: \"Delete\", \"Recycle\", \"Retain\"",
            "spec.csi: Forbidden: may not specify more than 1 volume type",
            "spec.volumeMode: Unsupported value: \"X\": supported values: \"Block\", \"Filesystem\"");
    }

    [SkippableTheory, Backends]
    public async Task CreatePersistentVolume_CsiWithoutDriverOrHandle_Answers422(Backend backend)
    {
        await using var cluster = await clusters.ScopeAsync(backend);
        var spec = Spec();
        spec.Csi = new V1CSIPersistentVolumeSource { Driver = string.Empty, VolumeHandle = string.Empty };
        var volume = new V1PersistentVolume { Metadata = new V1ObjectMeta { Name = cluster.UniqueName("pv") }, Spec = spec };

        await ValidationAssert.InvalidAsync(
            () => cluster.Client.CoreV1.CreatePersistentVolumeAsync(volume),
            "spec.csi.driver: Required value",
            "spec.csi.driver: Invalid value: \"\": a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character (e.g. 'example.com', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*')",
            "spec.csi.volumeHandle: Required value");
    }

    /// <summary>
    /// A new volume gets Retain, Filesystem, its source's defaults and a phase transition time; a status write keeps a given
    /// transition time and replaces it when the phase changes without a new one.
    /// </summary>
    [SkippableTheory, Backends]
    public async Task CreatePersistentVolume_DefaultedAndPhaseTransitionTimed(Backend backend)
    {
        await using var cluster = await clusters.ScopeAsync(backend);
        var spec = Spec();
        spec.Csi = null;
        spec.Iscsi = new V1ISCSIPersistentVolumeSource { TargetPortal = "t:3260", Iqn = "iqn.2001-04.com.example:storage", Lun = 0 };
        var name = cluster.UniqueName("pv");

        var created = await cluster.Client.CoreV1.CreatePersistentVolumeAsync(new V1PersistentVolume { Metadata = new V1ObjectMeta { Name = name }, Spec = spec });
        var given = await PatchStatusAsync("""{"status":{"lastPhaseTransitionTime":"2001-01-01T00:00:00Z","message":"m"}}""");
        var moved = await PatchStatusAsync("""{"status":{"phase":"Available"}}""");

        Assert.Equal(("Retain", "Filesystem", "default"), (created.Spec.PersistentVolumeReclaimPolicy, created.Spec.VolumeMode, created.Spec.Iscsi.IscsiInterface));
        Assert.Equal("Pending", created.Status.Phase);
        Assert.NotNull(created.Status.LastPhaseTransitionTime);
        Assert.Equal(new DateTime(2001, 1, 1, 0, 0, 0, DateTimeKind.Utc), given.Status.LastPhaseTransitionTime);
        Assert.True(moved.Status.LastPhaseTransitionTime >= created.Status.LastPhaseTransitionTime, $"{moved.Status.LastPhaseTransitionTime:O}");
        await cluster.Client.CoreV1.DeletePersistentVolumeAsync(name);

        Task<V1PersistentVolume> PatchStatusAsync(string patch) => cluster.Client.CoreV1.PatchPersistentVolumeStatusAsync(new V1Patch(patch, V1Patch.PatchType.MergePatch), name);
    }

    [SkippableTheory, Backends]
    public async Task CreateStorageClass_BadFields_Answers422(Backend backend)
    {
        await using var cluster = await clusters.ScopeAsync(backend);
        var storageClass = new V1StorageClass
        {
            Metadata = new V1ObjectMeta { Name = cluster.UniqueName("sc") },
            Provisioner = "Bad Prov",
            ReclaimPolicy = "Keep",
            VolumeBindingMode = "Later",
            Parameters = new Dictionary<string, string> { [string.Empty] = "x" },
        };

        await ValidationAssert.InvalidAsync(
            () => cluster.Client.StorageV1.CreateStorageClassAsync(storageClass),
            "provisioner: Invalid value: \"bad prov\": name part must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyName',  or 'my.name',  or '123-abc', regex used for validation is '([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]')",
            "parameters: Invalid value: \"\": field can not be empty.",
            "reclaimPolicy: Unsupported value: \"Keep\": supported values: \"Delete\", \"Retain\"",
            "volumeBindingMode: Unsupported value: \"Later\": supported values: \"Immediate\", \"WaitForFirstConsumer\"");
    }

    [SkippableTheory, Backends]
    public async Task StorageClass_DefaultsAndImmutableFields(Backend backend)
    {
        await using var cluster = await clusters.ScopeAsync(backend);
        var name = cluster.UniqueName("sc");
        var created = await cluster.Client.StorageV1.CreateStorageClassAsync(new V1StorageClass { Metadata = new V1ObjectMeta { Name = name }, Provisioner = "csi.example.com" });
        try
        {
            created.Provisioner = "other.example.com";
            created.Parameters = new Dictionary<string, string> { ["a"] = "b" };

            await ValidationAssert.InvalidAsync(
                () => cluster.Client.StorageV1.ReplaceStorageClassAsync(created, name),
                "parameters: Forbidden: updates to parameters are forbidden.",
                "provisioner: Forbidden: updates to provisioner are forbidden.");
            Assert.Equal(("Delete", "Immediate"), (created.ReclaimPolicy, created.VolumeBindingMode));
        }
        finally
        {
            await cluster.Client.StorageV1.DeleteStorageClassAsync(name);
        }
    }

    private static V1PersistentVolumeSpec Spec() => new()
    {
        AccessModes = ["ReadWriteOnce"],
        Capacity = new Dictionary<string, ResourceQuantity> { ["storage"] = new("1Gi") },
        Csi = new V1CSIPersistentVolumeSource { Driver = "csi.example.com", VolumeHandle = "h" },
    };
}
