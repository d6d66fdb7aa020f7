using System.Text.Json.Nodes;
using Harness.Api.Cdi;
using Harness.Api.SnapshotStorage;
using Harness.Scenarios.Cluster;
using Harness.Simulators.GuestAgent;
using k8s;
using k8s.Models;

namespace Harness.Controller.Tests.World;

/// <summary>The storage facet: claims, DataVolumes, VolumeSnapshots and classes, and reading a journal back from restored snapshots.</summary>
internal sealed partial class ControllerWorld
{
    public Task<V1PersistentVolumeClaim> CreateClaimAsync(string name, string size = "16Mi", string? fromSnapshot = null, string storageClass = StorageClass, string volumeMode = "Block") =>
        Client.CoreV1.CreateNamespacedPersistentVolumeClaimAsync(
            new V1PersistentVolumeClaim
            {
                Metadata = new V1ObjectMeta { Name = name },
                Spec = new V1PersistentVolumeClaimSpec
                {
                    AccessModes = ["ReadWriteOnce"],
                    StorageClassName = storageClass,
                    VolumeMode = volumeMode,
                    Resources = new V1VolumeResourceRequirements { Requests = new Dictionary<string, ResourceQuantity> { ["storage"] = new(size) } },
                    DataSource = fromSnapshot is null ? null : new V1TypedLocalObjectReference { ApiGroup = SnapshotStorageApi.Group, Kind = SnapshotStorageApi.VolumeSnapshotKind, Name = fromSnapshot },
                },
            },
            Namespace);

    /// <summary>Makes the default CSI driver take <paramref name="latency"/> to cut each snapshot (the VolumeSnapshot has no creation time until then).</summary>
    public void SlowSnapshotCuts(TimeSpan latency)
    {
        CsiDriver.Faults.CreateSnapshotLatencyMin = latency;
        CsiDriver.Faults.CreateSnapshotLatencyMax = latency;
    }

    /// <summary>Creates bound claims named <paramref name="names"/> on the default StorageClass.</summary>
    public async Task CreateBoundClaimsAsync(params string[] names)
    {
        foreach (var name in names)
        {
            await CreateClaimAsync(name);
        }

        foreach (var name in names)
        {
            await BoundVolumeAsync(name);
        }
    }

    public async Task<V1PersistentVolume> BoundVolumeAsync(string claim, string? ns = null)
    {
        var bound = await WaitForAsync($"claim {claim} Bound", async () =>
        {
            var read = await Client.CoreV1.ReadNamespacedPersistentVolumeClaimAsync(claim, ns ?? Namespace);
            return read.Status?.Phase == "Bound" ? read : null;
        });
        return await Client.CoreV1.ReadPersistentVolumeAsync(bound.Spec.VolumeName);
    }

    public Task<object> CreateDataVolumeAsync(string name) =>
        Client.CustomObjects.CreateNamespacedCustomObjectAsync(
            new JsonObject
            {
                ["apiVersion"] = CdiApi.ApiVersion,
                ["kind"] = CdiApi.DataVolumeKind,
                ["metadata"] = new JsonObject { ["name"] = name, ["namespace"] = Namespace },
                ["spec"] = DataVolumeSpec("16Mi"),
            },
            CdiApi.Group, CdiApi.Version, Namespace, CdiApi.DataVolumePlural);

    public Task WaitDataVolumeSucceededAsync(string name, string? ns = null) =>
        WaitForAsync($"DataVolume {name} Succeeded", async () =>
        {
            try
            {
                var dv = Convert<DataVolume>(await Client.CustomObjects.GetNamespacedCustomObjectAsync(CdiApi.Group, CdiApi.Version, ns ?? Namespace, CdiApi.DataVolumePlural, name));
                return dv.Status?.Phase == CdiApi.Phases.Succeeded ? dv : null;
            }
            catch (Exception e) when (IsNotFound(e))
            {
                return null;
            }
        });

    public async Task<VolumeSnapshot?> VolumeSnapshotAsync(string name)
    {
        try
        {
            return Convert<VolumeSnapshot>(await Client.CustomObjects.GetNamespacedCustomObjectAsync(SnapshotStorageApi.Group, SnapshotStorageApi.Version, Namespace, SnapshotStorageApi.VolumeSnapshotPlural, name));
        }
        catch (Exception e) when (IsNotFound(e))
        {
            return null;
        }
    }

    public async Task<IReadOnlyList<V1PersistentVolumeClaim>> ClaimsLabelledAsync(string labelSelector) =>
        (await Client.CoreV1.ListNamespacedPersistentVolumeClaimAsync(Namespace, labelSelector: labelSelector)).Items.ToList();

    public async Task<IReadOnlyList<VolumeSnapshot>> VolumeSnapshotsAsync() =>
        Convert<Api.Resources.ResourceList<VolumeSnapshot>>(await Client.CustomObjects.ListNamespacedCustomObjectAsync(SnapshotStorageApi.Group, SnapshotStorageApi.Version, Namespace, SnapshotStorageApi.VolumeSnapshotPlural)).Items.ToList();

    public Task<object> CreateSnapshotClassAsync(string name, string driver, bool isDefault = false) =>
        Client.CustomObjects.CreateClusterCustomObjectAsync(
            new JsonObject
            {
                ["apiVersion"] = SnapshotStorageApi.ApiVersion,
                ["kind"] = SnapshotStorageApi.VolumeSnapshotClassKind,
                ["metadata"] = isDefault
                    ? new JsonObject { ["name"] = name, ["annotations"] = new JsonObject { [SnapshotStorageApi.IsDefaultClassAnnotation] = "true" } }
                    : new JsonObject { ["name"] = name },
                ["driver"] = driver,
                ["deletionPolicy"] = "Delete",
            },
            SnapshotStorageApi.Group, SnapshotStorageApi.Version, SnapshotStorageApi.VolumeSnapshotClassPlural);

    public Task<V1StorageClass> CreateStorageClassAsync(string name, string provisioner) =>
        Client.StorageV1.CreateStorageClassAsync(new V1StorageClass
        {
            Metadata = new V1ObjectMeta { Name = name },
            Provisioner = provisioner,
            ReclaimPolicy = "Delete",
            VolumeBindingMode = "Immediate",
        });

    /// <summary>Restores each VolumeSnapshot into a new claim and reads the guest journal from those volumes, in the given order.</summary>
    public async Task<JournalCheckResult> RestoreAndCheckJournalAsync(params string[] volumeSnapshots)
    {
        foreach (var snapshot in volumeSnapshots)
        {
            await CreateClaimAsync($"{snapshot}-restored", fromSnapshot: snapshot);
        }

        var handles = new List<string>();
        foreach (var snapshot in volumeSnapshots)
        {
            handles.Add((await BoundVolumeAsync($"{snapshot}-restored")).Spec.Csi.VolumeHandle);
        }

        var storage = backend.Storage();
        var disks = handles.Select(handle => new VolumeGuestDisk(storage.Open(handle))).ToList();

        return await JournalChecker.CheckAsync(disks);
    }

    private static JsonObject DataVolumeSpec(string size) => new()
    {
        ["source"] = new JsonObject { ["blank"] = new JsonObject() },
        ["pvc"] = new JsonObject
        {
            ["accessModes"] = new JsonArray("ReadWriteOnce"),
            ["volumeMode"] = "Block",
            ["storageClassName"] = StorageClass,
            ["resources"] = new JsonObject { ["requests"] = new JsonObject { ["storage"] = size } },
        },
    };
}
