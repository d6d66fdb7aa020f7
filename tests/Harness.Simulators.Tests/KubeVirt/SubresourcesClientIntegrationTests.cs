using System.Net;
using System.Text.Json.Nodes;
using Harness.Api.Clients;
using Harness.Api.KubeVirt;
using Harness.Simulators.GuestAgent;
using k8s;
using k8s.Autorest;
using k8s.Models;
using Harness.EnvTest.Tests.Backends;

namespace Harness.Simulators.Tests.KubeVirt;

/// <summary><see cref="SubresourcesClient"/> and the typed clients against the KubeVirt simulator behind the embedded API server.</summary>
[Collection(KubeVirtCollection.Name)]
public sealed class SubresourcesClientIntegrationTests(KubeVirtWorlds worlds)
{
    [SkippableTheory, Backends]
    public async Task Freeze_then_unfreeze_freezes_and_thaws_the_guest_and_the_instance_reports_it(Backend backend)
    {
        await using var world = await RunningAsync(backend, KubeVirtApi.RunStrategies.Always);
        var subresources = new SubresourcesClient(world.Client);
        var instances = new CustomResourceClient<VirtualMachineInstance>(world.Client);

        await subresources.FreezeAsync(world.Namespace, "vm1", TimeSpan.FromMinutes(5));

        Assert.Equal(FsFreezeStatus.Frozen, world.Agents["vm1"].Guest.Status);
        await KubeVirtWorld.EventuallyAsync(() => instances.TryGetAsync(world.Namespace, "vm1"), i => i?.Status?.FsFreezeStatus == KubeVirtApi.FsFrozen, "fsFreezeStatus frozen");

        await subresources.UnfreezeAsync(world.Namespace, "vm1");

        Assert.Equal(FsFreezeStatus.Thawed, world.Agents["vm1"].Guest.Status);
        await KubeVirtWorld.EventuallyAsync(() => instances.TryGetAsync(world.Namespace, "vm1"), i => i?.Status?.FsFreezeStatus is null, "fsFreezeStatus cleared");
    }

    [Fact]
    [Trait("EmbeddedOnly", "the unfreeze timeout runs out on the fake clock: 29 s, then 2 s more")]
    public async Task Freeze_sends_the_unfreeze_timeout_as_a_go_duration()
    {
        await using var world = await RunningAsync(Backend.Embedded, KubeVirtApi.RunStrategies.Always);

        await new SubresourcesClient(world.Client).FreezeAsync(world.Namespace, "vm1", TimeSpan.FromSeconds(30));
        world.Time.Advance(TimeSpan.FromSeconds(29));
        Assert.Equal(FsFreezeStatus.Frozen, world.Agents["vm1"].Guest.Status);
        world.Time.Advance(TimeSpan.FromSeconds(2));

        await KubeVirtWorld.EventuallyAsync(() => Task.FromResult<object?>(world.Agents["vm1"].Guest.Status), s => (FsFreezeStatus)s! == FsFreezeStatus.Thawed, "guest thawed by the timeout");
    }

    [SkippableTheory, Backends]
    public async Task Freeze_of_a_missing_instance_throws_the_api_servers_404_status(Backend backend)
    {
        await using var world = await worlds.StartAsync(backend);

        var error = await Assert.ThrowsAsync<HttpOperationException>(() => new SubresourcesClient(world.Client).FreezeAsync(world.Namespace, "nothing", TimeSpan.FromMinutes(5)));

        Assert.Equal(HttpStatusCode.NotFound, error.Response.StatusCode);
        var status = KubernetesJson.Deserialize<V1Status>(error.Response.Content);
        Assert.Equal("Failure", status.Status);
        Assert.Equal(404, status.Code);
        Assert.Contains("nothing", status.Message, StringComparison.Ordinal);
    }

    [SkippableTheory, Backends]
    public async Task Start_and_stop_run_and_end_the_instance_of_a_halted_vm(Backend backend)
    {
        await using var world = await worlds.StartAsync(backend);
        await world.CreateVmAsync(Manifests.Vm("vm1", KubeVirtApi.RunStrategies.Halted, null, Manifests.ContainerDisk("root")));
        var subresources = new SubresourcesClient(world.Client);
        var machines = new CustomResourceClient<VirtualMachine>(world.Client);
        var instances = new CustomResourceClient<VirtualMachineInstance>(world.Client);

        await subresources.StartAsync(world.Namespace, "vm1");

        await KubeVirtWorld.EventuallyAsync(() => instances.TryGetAsync(world.Namespace, "vm1"), i => i?.Status?.Phase == KubeVirtApi.InstancePhases.Running, "VMI Running");
        await KubeVirtWorld.EventuallyAsync(() => machines.TryGetAsync(world.Namespace, "vm1"), v => v?.Status?.PrintableStatus == KubeVirtApi.PrintableStatuses.Running, "VM Running");

        await subresources.StopAsync(world.Namespace, "vm1");

        await KubeVirtWorld.EventuallyAsync(() => machines.TryGetAsync(world.Namespace, "vm1"), v => v?.Status?.PrintableStatus == KubeVirtApi.PrintableStatuses.Stopped, "VM Stopped");
        Assert.Null(await instances.TryGetAsync(world.Namespace, "vm1"));
    }

    [SkippableTheory, Backends]
    public async Task Pause_and_unpause_set_and_clear_the_paused_condition(Backend backend)
    {
        await using var world = await RunningAsync(backend, KubeVirtApi.RunStrategies.Always);
        var subresources = new SubresourcesClient(world.Client);
        var instances = new CustomResourceClient<VirtualMachineInstance>(world.Client);

        await subresources.PauseAsync(world.Namespace, "vm1");

        await KubeVirtWorld.EventuallyAsync(() => instances.TryGetAsync(world.Namespace, "vm1"), i => Paused(i) == "True", "Paused condition");

        await subresources.UnpauseAsync(world.Namespace, "vm1");

        await KubeVirtWorld.EventuallyAsync(() => instances.TryGetAsync(world.Namespace, "vm1"), i => Paused(i) is null, "Paused condition gone");
    }

    [SkippableTheory, Backends]
    public async Task AddVolume_and_removeVolume_hotplug_a_claim_into_the_vm(Backend backend)
    {
        await using var world = await worlds.StartAsync(backend);
        await StorageWorld.StorageClassAsync(world, "immediate", "Immediate");
        await StorageWorld.ClaimAsync(world, "hp-claim", "immediate");
        await StorageWorld.BindAsync(world, "hp-claim");
        await world.CreateVmAsync(Manifests.Vm("vm1", KubeVirtApi.RunStrategies.Always, null, Manifests.ContainerDisk("root")));
        var instances = new CustomResourceClient<VirtualMachineInstance>(world.Client);
        var machines = new CustomResourceClient<VirtualMachine>(world.Client);
        await KubeVirtWorld.EventuallyAsync(() => instances.TryGetAsync(world.Namespace, "vm1"), i => i?.Status?.Phase == KubeVirtApi.InstancePhases.Running, "VMI Running");
        var subresources = new SubresourcesClient(world.Client);

        await subresources.AddVolumeAsync(world.Namespace, "vm1", new AddVolumeOptions
        {
            Name = "hp",
            Disk = new Disk { DiskTarget = new DiskTarget { Bus = "scsi" } },
            VolumeSource = new HotplugVolumeSource { PersistentVolumeClaim = new PersistentVolumeClaimVolumeSource { ClaimName = "hp-claim" } },
        });

        var vmi = await KubeVirtWorld.EventuallyAsync(() => instances.TryGetAsync(world.Namespace, "vm1"), i => Hotplugged(i)?.Phase == "Ready", "hot-plugged volume Ready");
        Assert.Equal("hp-claim", Hotplugged(vmi)!.PersistentVolumeClaimInfo!.ClaimName);
        var persisted = (await machines.GetAsync(world.Namespace, "vm1")).Spec.Template!.Spec!.Volumes!.Single(v => v.Name == "hp");
        Assert.True(persisted.IsHotpluggable);

        await subresources.RemoveVolumeAsync(world.Namespace, "vm1", new RemoveVolumeOptions { Name = "hp" });

        await KubeVirtWorld.EventuallyAsync(() => instances.TryGetAsync(world.Namespace, "vm1"), i => i is not null && Hotplugged(i) is null, "volume unplugged");
    }

    [Fact]
    public void A_client_without_kubernetesclients_http_pipeline_is_refused()
        => Assert.Throws<ArgumentException>(() => new SubresourcesClient(System.Reflection.DispatchProxy.Create<IKubernetes, NotKubernetes>()));

    private static string? Paused(VirtualMachineInstance? vmi)
        => vmi?.Status?.Conditions?.FirstOrDefault(c => c.Type == KubeVirtApi.ConditionTypes.Paused)?.Status;

    private static VolumeStatus? Hotplugged(VirtualMachineInstance? vmi)
        => vmi?.Status?.VolumeStatus?.FirstOrDefault(v => v.HotplugVolume is not null);

    private async Task<KubeVirtWorld> RunningAsync(Backend backend, string runStrategy)
    {
        var world = await worlds.StartAsync(backend);
        await world.CreateVmAsync(Manifests.Vm("vm1", runStrategy, null, Manifests.ContainerDisk("root")));
        var instances = new CustomResourceClient<VirtualMachineInstance>(world.Client);
        await KubeVirtWorld.EventuallyAsync(
            () => instances.TryGetAsync(world.Namespace, "vm1"),
            i => i?.Status?.Phase == KubeVirtApi.InstancePhases.Running && i.Status.Conditions?.Any(c => c.Type == KubeVirtApi.ConditionTypes.AgentConnected) == true,
            "VMI Running with its agent");
        return world;
    }

    /// <summary>An <see cref="IKubernetes"/> that is not KubernetesClient's <see cref="Kubernetes"/>.</summary>
    public class NotKubernetes : System.Reflection.DispatchProxy
    {
        protected override object? Invoke(System.Reflection.MethodInfo? targetMethod, object?[]? args) => throw new NotSupportedException();
    }
}
