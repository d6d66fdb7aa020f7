using System.Text.Json.Nodes;
using k8s;
using static Harness.Simulators.Tests.KubeVirt.Conditions;
using Harness.EnvTest.Tests.Backends;

namespace Harness.Simulators.Tests.KubeVirt;

[Collection(KubeVirtCollection.Name)]
public sealed class HotplugIntegrationTests(KubeVirtWorlds worlds)
{
    private const string AddHp = "{\"name\":\"hp\",\"disk\":{\"disk\":{\"bus\":\"scsi\"}},\"volumeSource\":{\"persistentVolumeClaim\":{\"claimName\":\"hp-claim\"}}}";

    [SkippableTheory, Backends]
    public async Task AddVolume_Vm_PersistedAndHotpluggedThenRemoved(Backend backend)
    {
        await using var world = await RunningWithClaimAsync(backend);

        var (status, _) = await world.VmAsync("vm1", "addvolume", AddHp);

        Assert.Equal(202, status);
        var vm = await world.VmAsync("vm1");
        var persisted = vm!["spec"]!["template"]!["spec"]!["volumes"]!.AsArray().Single(v => v!["name"]!.GetValue<string>() == "hp")!;
        Assert.True(persisted["persistentVolumeClaim"]!["hotpluggable"]!.GetValue<bool>());
        Assert.Contains(vm["spec"]!["template"]!["spec"]!["domain"]!["devices"]!["disks"]!.AsArray(), d => d!["name"]!.GetValue<string>() == "hp");
        var vmi = await KubeVirtWorld.EventuallyAsync(
            () => world.VmiAsync("vm1"),
            i => Hotplug(i) is { } entry && entry["phase"]?.GetValue<string>() == "Ready",
            "hot-plugged volume Ready");
        var hotplug = Hotplug(vmi)!;
        Assert.StartsWith("hp-volume-", hotplug["hotplugVolume"]!["attachPodName"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Equal("VolumeReady", hotplug["reason"]!.GetValue<string>());
        Assert.Equal("hp-claim", hotplug["persistentVolumeClaimInfo"]!["claimName"]!.GetValue<string>());
        Assert.Null(vmi["status"]!["volumeStatus"]!.AsArray().Single(v => v!["name"]!.GetValue<string>() == "root")!["hotplugVolume"]);

        Assert.Equal(202, (await world.VmAsync("vm1", "removevolume", "{\"name\":\"hp\"}")).Status);

        await KubeVirtWorld.EventuallyAsync(() => world.VmiAsync("vm1"), i => Hotplug(i) is null, "volume unplugged");
        Assert.DoesNotContain((await world.VmAsync("vm1"))!["spec"]!["template"]!["spec"]!["volumes"]!.AsArray(), v => v!["name"]!.GetValue<string>() == "hp");
    }

    [SkippableTheory, Backends]
    public async Task AddVolume_Vmi_EphemeralNotPersisted(Backend backend)
    {
        await using var world = await RunningWithClaimAsync(backend);

        Assert.Equal(202, (await world.VmiAsync("vm1", "addvolume", AddHp)).Status);

        await KubeVirtWorld.EventuallyAsync(() => world.VmiAsync("vm1"), i => Hotplug(i)?["phase"]?.GetValue<string>() == "Ready", "hot-plugged");
        Assert.DoesNotContain((await world.VmAsync("vm1"))!["spec"]!["template"]!["spec"]!["volumes"]!.AsArray(), v => v!["name"]!.GetValue<string>() == "hp");

        Assert.Equal(202, (await world.VmiAsync("vm1", "removevolume", "{\"name\":\"hp-claim\"}")).Status);
        await KubeVirtWorld.EventuallyAsync(() => world.VmiAsync("vm1"), i => Hotplug(i) is null, "volume unplugged");
    }

    [SkippableTheory]
    [BackendsData("addvolume", null, 400, "Request with no body, a new name is expected as the request body")]
    [BackendsData("addvolume", "{\"disk\":{},\"volumeSource\":{\"persistentVolumeClaim\":{\"claimName\":\"x\"}}}", 400, "AddVolumeOptions requires name to be set")]
    [BackendsData("addvolume", "{\"name\":\"x\",\"volumeSource\":{\"persistentVolumeClaim\":{\"claimName\":\"x\"}}}", 400, "AddVolumeOptions requires disk to not be nil")]
    [BackendsData("addvolume", "{\"name\":\"x\",\"disk\":{}}", 400, "AddVolumeOptions requires VolumeSource to not be nil")]
    [BackendsData("addvolume", "{\"name\":\"root\",\"disk\":{},\"volumeSource\":{\"persistentVolumeClaim\":{\"claimName\":\"x\"}}}", 409, "Operation cannot be fulfilled on virtualmachine.kubevirt.io \"vm1\": Unable to add volume [root] because volume with that name already exists")]
    [BackendsData("addvolume", "{\"name\":3}", 400, "Can not unmarshal Request body to struct, error: json: cannot unmarshal number into field name of type string")]
    [BackendsData("removevolume", "{}", 400, "RemoveVolumeOptions requires name to be set")]
    [BackendsData("removevolume", "{\"name\":\"nope\"}", 409, "Operation cannot be fulfilled on virtualmachine.kubevirt.io \"vm1\": Unable to remove volume [nope] because it does not exist")]
    [BackendsData("removevolume", "{\"name\":\"root\"}", 409, "Operation cannot be fulfilled on virtualmachine.kubevirt.io \"vm1\": Unable to remove volume [root] because it is not hotpluggable")]
    public async Task VolumeSubresource_BadRequest_KubeVirtError(Backend backend, string action, string? body, int code, string message)
    {
        await using var world = await RunningWithClaimAsync(backend);

        var (status, answer) = await world.VmAsync("vm1", action, body);

        Assert.Equal(code, status);
        Assert.Equal(message, Message(answer));
    }

    [SkippableTheory, Backends]
    public async Task AddVolume_FeatureGateOff_BadRequest(Backend backend)
    {
        await using var world = await worlds.StartAsync(backend, featureGates: ["Snapshot"]);
        await world.CreateVmAsync(Manifests.Vm("vm1", "Always", null, Manifests.ContainerDisk("root")));

        var (status, body) = await world.VmAsync("vm1", "addvolume", AddHp);

        Assert.Equal(400, status);
        Assert.Equal("Unable to Add Volume because HotplugVolumes feature gate is not enabled.", Message(body));
    }

    [SkippableTheory, Backends]
    public async Task AddVolume_MissingVm_NotFound(Backend backend)
    {
        await using var world = await worlds.StartAsync(backend);

        var (status, body) = await world.VmAsync("nope", "addvolume", AddHp);

        Assert.Equal(404, status);
        Assert.Equal("virtualmachine.kubevirt.io \"nope\" not found", Message(body));
    }

    [SkippableTheory, Backends]
    public async Task AddVolume_SnapshotInProgress_RejectedByAdmission(Backend backend)
    {
        await using var world = await RunningWithClaimAsync(backend);
        await world.Client.CustomObjects.PatchNamespacedCustomObjectStatusAsync(
            new k8s.Models.V1Patch("{\"status\":{\"snapshotInProgress\":\"snap-1\"}}", k8s.Models.V1Patch.PatchType.MergePatch),
            "kubevirt.io", "v1", world.Namespace, "virtualmachines", "vm1");

        var (status, body) = await world.VmAsync("vm1", "addvolume", AddHp);

        Assert.NotEqual(202, status);
        Assert.Contains("Cannot update vm disks or volumes until snapshot \"snap-1\" completes", Message(body), StringComparison.Ordinal);
    }

    private static JsonObject? Hotplug(JsonObject? vmi)
        => vmi?["status"]?["volumeStatus"] is JsonArray statuses
            ? statuses.OfType<JsonObject>().FirstOrDefault(v => v["hotplugVolume"] is not null)
            : null;

    private async Task<KubeVirtWorld> RunningWithClaimAsync(Backend backend)
    {
        var world = await worlds.StartAsync(backend);
        await StorageWorld.StorageClassAsync(world, "immediate", "Immediate");
        await StorageWorld.ClaimAsync(world, "hp-claim", "immediate");
        await StorageWorld.BindAsync(world, "hp-claim");
        await world.CreateVmAsync(Manifests.Vm("vm1", "Always", null, Manifests.ContainerDisk("root")));
        await KubeVirtWorld.EventuallyAsync(() => world.VmiAsync("vm1"), i => Phase(i) == "Running", "Running");
        return world;
    }
}
