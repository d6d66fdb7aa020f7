using System.Net;
using System.Text.Json.Nodes;
using Harness.Api.SnapshotStorage;
using Harness.Scenarios.Running;
using k8s;
using k8s.Autorest;
using k8s.Models;

namespace Harness.Scenarios.Worlds;

/// <summary>
/// Puts a <see cref="WorldSpec"/> into a running cluster: namespaces, the extra drivers' StorageClasses and
/// VolumeSnapshotClasses, the claims and the VMs; then waits until Immediate claims are bound and running VMs run
/// (and paused ones are paused).
/// </summary>
public sealed class WorldBuilder(IScenarioCluster cluster)
{
    private static readonly TimeSpan SettleBudget = TimeSpan.FromMinutes(3);
    private readonly VirtualWait wait = new(cluster.Time, TimeSpan.FromSeconds(1));

    private IKubernetes Client => cluster.Client;

    /// <exception cref="TimeoutException">A claim did not bind or a VM did not reach its state in time.</exception>
    public async Task BuildAsync(WorldSpec world)
    {
        ArgumentNullException.ThrowIfNull(world);
        foreach (var name in world.Namespaces.Where(n => n != "default"))
        {
            try
            {
                await Client.CoreV1.CreateNamespaceAsync(new V1Namespace { Metadata = new V1ObjectMeta { Name = name } });
            }
            catch (HttpOperationException e) when (e.Response.StatusCode == HttpStatusCode.Conflict)
            {
                // Left by an earlier world on a cluster that outlives its worlds (TearDownAsync keeps namespaces).
            }
        }

        foreach (var driver in world.Drivers.Skip(1))
        {
            await CreateClassesAsync(driver);
        }

        foreach (var vm in world.VirtualMachines)
        {
            foreach (var disk in vm.Disks)
            {
                await Client.CoreV1.CreateNamespacedPersistentVolumeClaimAsync(Claim(disk), vm.Namespace);
            }

            await Client.CustomObjects.CreateNamespacedCustomObjectAsync(VirtualMachineManifest.Create(vm), "kubevirt.io", "v1", vm.Namespace, "virtualmachines");
        }

        var immediate = world.Drivers.Where(d => !d.WaitForFirstConsumer).Select(d => d.StorageClass).ToHashSet(StringComparer.Ordinal);
        foreach (var vm in world.VirtualMachines)
        {
            foreach (var disk in vm.Disks.Where(d => immediate.Contains(d.StorageClass)))
            {
                await wait.RequireAsync($"claim {vm.Namespace}/{disk.Claim} Bound", async () =>
                    (await Client.CoreV1.ReadNamespacedPersistentVolumeClaimAsync(disk.Claim, vm.Namespace)).Status?.Phase == "Bound", SettleBudget);
            }

            if (vm.State != VmRunState.Stopped)
            {
                await wait.RequireAsync($"VMI {vm.Key} Running", async () => await InstancePhaseAsync(vm) == "Running", SettleBudget);
            }

            if (vm.State == VmRunState.Paused)
            {
                await cluster.PauseAsync(vm.Namespace, vm.Name);
            }
        }
    }

    /// <summary>
    /// Takes the world out of a cluster that outlives it (a kubeconfig's): deletes the VMs and their claims and waits
    /// until they are gone, then the extra drivers' classes. Namespaces stay (without kube-controller-manager they would
    /// never finish terminating); <see cref="BuildAsync"/> reuses them.
    /// </summary>
    /// <exception cref="TimeoutException">A VM or claim was not gone in time.</exception>
    public async Task TearDownAsync(WorldSpec world)
    {
        ArgumentNullException.ThrowIfNull(world);
        foreach (var vm in world.VirtualMachines)
        {
            await Ignoring404(() => Client.CustomObjects.DeleteNamespacedCustomObjectAsync("kubevirt.io", "v1", vm.Namespace, "virtualmachines", vm.Name));
            await wait.RequireAsync($"VMI {vm.Key} gone", async () => await InstancePhaseAsync(vm) is null, SettleBudget);
            foreach (var disk in vm.Disks)
            {
                await Ignoring404(() => Client.CoreV1.DeleteNamespacedPersistentVolumeClaimAsync(disk.Claim, vm.Namespace));
            }
        }

        foreach (var vm in world.VirtualMachines)
        {
            await wait.RequireAsync($"claims of VM {vm.Key} gone", async () =>
                (await Client.CoreV1.ListNamespacedPersistentVolumeClaimAsync(vm.Namespace)).Items.All(c => vm.Disks.All(d => d.Claim != c.Metadata.Name)), SettleBudget);
        }

        foreach (var driver in world.Drivers.Skip(1))
        {
            await Ignoring404(() => Client.StorageV1.DeleteStorageClassAsync(driver.StorageClass));
            if (driver.SnapshotClass is { } snapshotClass)
            {
                await Ignoring404(() => Client.CustomObjects.DeleteClusterCustomObjectAsync(
                    SnapshotStorageApi.Group, SnapshotStorageApi.Version, SnapshotStorageApi.VolumeSnapshotClassPlural, snapshotClass));
            }
        }
    }

    private static async Task Ignoring404<T>(Func<Task<T>> delete)
    {
        try
        {
            await delete();
        }
        catch (HttpOperationException e) when (e.Response.StatusCode == HttpStatusCode.NotFound)
        {
        }
    }

    private async Task CreateClassesAsync(DriverSpec driver)
    {
        await Client.StorageV1.CreateStorageClassAsync(new V1StorageClass
        {
            Metadata = new V1ObjectMeta { Name = driver.StorageClass },
            Provisioner = driver.Name,
            ReclaimPolicy = "Delete",
            VolumeBindingMode = driver.WaitForFirstConsumer ? "WaitForFirstConsumer" : "Immediate",
        });
        if (driver.SnapshotClass is { } snapshotClass)
        {
            await Client.CustomObjects.CreateClusterCustomObjectAsync(
                new VolumeSnapshotClass { Metadata = new V1ObjectMeta { Name = snapshotClass }, Driver = driver.Name, DeletionPolicy = SnapshotStorageApi.DeletionPolicyDelete },
                SnapshotStorageApi.Group,
                SnapshotStorageApi.Version,
                SnapshotStorageApi.VolumeSnapshotClassPlural);
        }
    }

    private static V1PersistentVolumeClaim Claim(DiskSpec disk) => new()
    {
        Metadata = new V1ObjectMeta { Name = disk.Claim },
        Spec = new V1PersistentVolumeClaimSpec
        {
            AccessModes = ["ReadWriteOnce"],
            StorageClassName = disk.StorageClass,
            VolumeMode = "Block",
            Resources = new V1VolumeResourceRequirements { Requests = new Dictionary<string, ResourceQuantity> { ["storage"] = new($"{disk.SizeMi}Mi") } },
        },
    };

    private async Task<string?> InstancePhaseAsync(VmSpec vm)
    {
        try
        {
            var vmi = await Client.CustomObjects.GetNamespacedCustomObjectAsync<JsonObject>("kubevirt.io", "v1", vm.Namespace, "virtualmachineinstances", vm.Name);
            return vmi["status"]?["phase"]?.GetValue<string>();
        }
        catch (HttpOperationException e) when (e.Response.StatusCode == HttpStatusCode.NotFound)
        {
            return null;
        }
    }
}
