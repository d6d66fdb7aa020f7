using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using Harness.Api.SnapshotStorage;
using Harness.EnvTest.Requests;
using Harness.Scenarios.Cluster;
using Harness.Scenarios.Running;
using k8s;
using k8s.Autorest;
using k8s.Models;

namespace Harness.Scenarios.Worlds;

/// <summary>
/// Puts a <see cref="WorldSpec"/> into a running simulated cluster: namespaces, the extra drivers' StorageClasses and
/// VolumeSnapshotClasses, the claims and the VMs; then waits until Immediate claims are bound and running VMs run
/// (and paused ones are paused).
/// </summary>
public sealed class WorldBuilder(SimulatedCluster simulation, IKubernetes client)
{
    private static readonly TimeSpan SettleBudget = TimeSpan.FromMinutes(3);
    private readonly VirtualWait wait = new(simulation.Scheduler.TimeProvider, TimeSpan.FromSeconds(1));

    /// <exception cref="TimeoutException">A claim did not bind or a VM did not reach its state in time.</exception>
    public async Task BuildAsync(WorldSpec world)
    {
        ArgumentNullException.ThrowIfNull(world);
        foreach (var name in world.Namespaces.Where(n => n != "default"))
        {
            await client.CoreV1.CreateNamespaceAsync(new V1Namespace { Metadata = new V1ObjectMeta { Name = name } });
        }

        foreach (var driver in world.Drivers.Skip(1))
        {
            await CreateClassesAsync(driver);
        }

        foreach (var vm in world.VirtualMachines)
        {
            foreach (var disk in vm.Disks)
            {
                await client.CoreV1.CreateNamespacedPersistentVolumeClaimAsync(Claim(disk), vm.Namespace);
            }

            await client.CustomObjects.CreateNamespacedCustomObjectAsync(VirtualMachineManifest.Create(vm), "kubevirt.io", "v1", vm.Namespace, "virtualmachines");
        }

        var immediate = world.Drivers.Where(d => !d.WaitForFirstConsumer).Select(d => d.StorageClass).ToHashSet(StringComparer.Ordinal);
        foreach (var vm in world.VirtualMachines)
        {
            foreach (var disk in vm.Disks.Where(d => immediate.Contains(d.StorageClass)))
            {
                await wait.RequireAsync($"claim {vm.Namespace}/{disk.Claim} Bound", async () =>
                    (await client.CoreV1.ReadNamespacedPersistentVolumeClaimAsync(disk.Claim, vm.Namespace)).Status?.Phase == "Bound", SettleBudget);
            }

            if (vm.State != VmRunState.Stopped)
            {
                await wait.RequireAsync($"VMI {vm.Key} Running", async () => await InstancePhaseAsync(vm) == "Running", SettleBudget);
            }

            if (vm.State == VmRunState.Paused)
            {
                await PauseAsync(vm);
            }
        }
    }

    private async Task CreateClassesAsync(DriverSpec driver)
    {
        await client.StorageV1.CreateStorageClassAsync(new V1StorageClass
        {
            Metadata = new V1ObjectMeta { Name = driver.StorageClass },
            Provisioner = driver.Name,
            ReclaimPolicy = "Delete",
            VolumeBindingMode = driver.WaitForFirstConsumer ? "WaitForFirstConsumer" : "Immediate",
        });
        if (driver.SnapshotClass is { } snapshotClass)
        {
            await client.CustomObjects.CreateClusterCustomObjectAsync(
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
            var vmi = await client.CustomObjects.GetNamespacedCustomObjectAsync<JsonObject>("kubevirt.io", "v1", vm.Namespace, "virtualmachineinstances", vm.Name);
            return vmi["status"]?["phase"]?.GetValue<string>();
        }
        catch (HttpOperationException e) when (e.Response.StatusCode == HttpStatusCode.NotFound)
        {
            return null;
        }
    }

    /// <summary>Pauses the VMI through the API server's aggregation of <c>subresources.kubevirt.io</c>, as <c>virtctl pause</c> does.</summary>
    private async Task PauseAsync(VmSpec vm)
    {
        var response = await simulation.Server.HandleAsync(
            new ApiRequest
            {
                Method = "PUT",
                Path = $"/apis/subresources.kubevirt.io/v1/namespaces/{vm.Namespace}/virtualmachineinstances/{vm.Name}/pause",
                ContentType = "application/json",
                Body = Encoding.UTF8.GetBytes("{}"),
            },
            CancellationToken.None);
        if (response is not BufferedApiResponse { StatusCode: 200 })
        {
            var detail = response is BufferedApiResponse buffered ? $"{buffered.StatusCode} {Encoding.UTF8.GetString(buffered.Body.Span)}" : response.GetType().Name;
            throw new InvalidOperationException($"pausing VMI {vm.Key} failed: {detail}");
        }
    }
}
