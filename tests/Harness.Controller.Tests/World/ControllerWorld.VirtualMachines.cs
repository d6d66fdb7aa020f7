using System.Text;
using System.Text.Json.Nodes;
using Harness.Api.KubeVirt;
using Harness.EnvTest.Requests;
using Harness.Scenarios.Cluster;
using k8s;
using k8s.Models;

namespace Harness.Controller.Tests.World;

/// <summary>The VM facet: create, read, start/stop and call subresources of VMs and VMIs.</summary>
internal sealed partial class ControllerWorld
{
    public async Task<VirtualMachine> CreateVmAsync(VmDefinition definition) =>
        Convert<VirtualMachine>(await Client.CustomObjects.CreateNamespacedCustomObjectAsync(VmJson(definition), KubeVirtApi.Group, KubeVirtApi.Version, Namespace, KubeVirtApi.VirtualMachinePlural));

    public async Task<VirtualMachine?> VmAsync(string name)
    {
        try
        {
            return Convert<VirtualMachine>(await Client.CustomObjects.GetNamespacedCustomObjectAsync(KubeVirtApi.Group, KubeVirtApi.Version, Namespace, KubeVirtApi.VirtualMachinePlural, name));
        }
        catch (Exception e) when (IsNotFound(e))
        {
            return null;
        }
    }

    public async Task<VirtualMachineInstance?> VmiAsync(string name)
    {
        try
        {
            return Convert<VirtualMachineInstance>(await Client.CustomObjects.GetNamespacedCustomObjectAsync(KubeVirtApi.Group, KubeVirtApi.Version, Namespace, KubeVirtApi.VirtualMachineInstancePlural, name));
        }
        catch (Exception e) when (IsNotFound(e))
        {
            return null;
        }
    }

    /// <summary>
    /// Waits until the VM's instance runs (with its agent connected when the guest has one) and its guest has committed
    /// five journal records (where the backend can read its disks).
    /// </summary>
    public async Task WaitRunningAsync(string name, bool agent = true)
    {
        await WaitForAsync($"VMI {name} Running" + (agent ? " with AgentConnected" : ""), async () =>
            await VmiAsync(name) is { Status.Phase: "Running" } vmi && (!agent || vmi.Status.Conditions?.Any(c => c.Type == KubeVirtApi.ConditionTypes.AgentConnected) == true) ? vmi : null);
        await WaitForAsync($"{name}'s journal past record 5", async () => await backend.JournalPositionAsync(name) is not { } position || position >= 5 ? name : null);
    }

    /// <summary>Waits until the VM's instance is Running, whatever its guest.</summary>
    public Task<VirtualMachineInstance> WaitVmiRunningAsync(string name) =>
        WaitForAsync($"VMI {name} Running", async () => await VmiAsync(name) is { Status.Phase: "Running" } vmi ? vmi : null);

    public Task WaitStoppedAsync(string name) =>
        WaitForAsync($"VMI {name} gone", async () => await VmiAsync(name) is null ? name : null);

    /// <summary>Runs the VM <paramref name="name"/> (run strategy <c>Always</c>) and waits until it runs with its agent connected.</summary>
    public async Task StartVmAsync(string name)
    {
        await SetRunStrategyAsync(name, KubeVirtApi.RunStrategies.Always);
        await WaitRunningAsync(name);
    }

    /// <summary>Halts the VM <paramref name="name"/> and waits until its VMI is gone.</summary>
    public async Task StopVmAsync(string name)
    {
        await SetRunStrategyAsync(name, KubeVirtApi.RunStrategies.Halted);
        await WaitStoppedAsync(name);
    }

    public Task<object> SetRunStrategyAsync(string name, string runStrategy) =>
        PatchVmAsync(name, $"{{\"spec\":{{\"runStrategy\":\"{runStrategy}\"}}}}");

    /// <summary>Merge-patches the VM <paramref name="name"/> with <paramref name="mergePatch"/> (JSON), as <c>kubectl patch --type merge</c>.</summary>
    public Task<object> PatchVmAsync(string name, string mergePatch) =>
        Client.CustomObjects.PatchNamespacedCustomObjectAsync(
            new V1Patch(mergePatch, V1Patch.PatchType.MergePatch),
            KubeVirtApi.Group, KubeVirtApi.Version, Namespace, KubeVirtApi.VirtualMachinePlural, name);

    public Task<VirtualMachineInstance> WaitFrozenAsync(string name) =>
        WaitForAsync($"VMI {name} frozen", async () => await VmiAsync(name) is { Status.FsFreezeStatus: KubeVirtApi.FsFrozen } vmi ? vmi : null);

    public Task<VirtualMachineInstance> WaitThawedAsync(string name) =>
        WaitForAsync($"VMI {name} thawed", async () => await VmiAsync(name) is { Status.FsFreezeStatus: null } vmi ? vmi : null);

    /// <summary>Waits until no snapshot holds the VM: no <c>status.snapshotInProgress</c>, no source-protection finalizer.</summary>
    public Task<VirtualMachine> WaitUnlockedAsync(string name) =>
        WaitForAsync($"{name} unlocked", async () =>
            await VmAsync(name) is { } vm && vm.Status?.SnapshotInProgress is null && vm.Metadata.Finalizers?.Contains(Api.Snapshots.SnapshotApi.SourceProtectionFinalizer) != true ? vm : null);

    /// <summary>Waits until <c>status.volumeSnapshotStatuses</c> of the VM reads <paramref name="expected"/>, as (volume, enabled).</summary>
    public Task<VirtualMachine> WaitVolumeSnapshotStatusesAsync(string name, params (string Volume, bool Enabled)[] expected) =>
        WaitForAsync($"{name} volumeSnapshotStatuses [{string.Join(", ", expected)}]", async () =>
            await VmAsync(name) is { Status.VolumeSnapshotStatuses: { } statuses } vm
            && statuses.Select(s => (s.Name ?? "", s.Enabled == true)).SequenceEqual(expected)
                ? vm
                : null);

    /// <summary>
    /// Hot-plugs <paramref name="claim"/> (a claim, or a DataVolume when <paramref name="dataVolume"/>) into the VM as volume
    /// <paramref name="volume"/>: persisted in its spec (<c>virtctl addvolume --persist</c>), or with
    /// <paramref name="persist"/> false into its running VMI only.
    /// </summary>
    public async Task HotplugAsync(string vm, string volume, string claim, bool dataVolume = false, bool persist = true)
    {
        var source = dataVolume
            ? new JsonObject { ["dataVolume"] = new JsonObject { ["name"] = claim } }
            : new JsonObject { ["persistentVolumeClaim"] = new JsonObject { ["claimName"] = claim } };
        var body = new JsonObject
        {
            ["name"] = volume,
            ["disk"] = new JsonObject { ["name"] = volume, ["disk"] = new JsonObject { ["bus"] = "scsi" } },
            ["volumeSource"] = source,
        };
        var plural = persist ? KubeVirtApi.VirtualMachinePlural : KubeVirtApi.VirtualMachineInstancePlural;
        Assert.Equal(202, await SubresourceAsync(plural, vm, "addvolume", body.ToJsonString()));
        await WaitForAsync($"{volume} hot-plugged into {vm}'s VMI", async () =>
            await VmiAsync(vm) is { Status.VolumeStatus: { } volumes } vmi && volumes.Any(v => v.Name == volume && v.HotplugVolume is not null) ? vmi : null);
    }

    /// <summary>Calls a subresource through the API server's aggregation, as <c>virtctl</c> does; returns the HTTP code.</summary>
    public Task<int> SubresourceAsync(string plural, string name, string action, string body = "{}") =>
        backend.PutAsync($"/apis/{KubeVirtApi.SubresourcesGroup}/v1/namespaces/{Namespace}/{plural}/{name}/{action}", body);

    private JsonObject VmJson(VmDefinition vm)
    {
        var disks = new JsonArray();
        var volumes = new JsonArray();
        void Add(string name, JsonObject source)
        {
            disks.Add(new JsonObject { ["name"] = name, ["disk"] = new JsonObject { ["bus"] = "virtio" } });
            source["name"] = name;
            volumes.Add(source);
        }

        if (vm.WithContainerDisk)
        {
            Add("disk0", new JsonObject { ["containerDisk"] = new JsonObject { ["image"] = "quay.io/kubevirt/alpine-container-disk-demo" } });
        }

        foreach (var claim in vm.Claims)
        {
            Add(claim, new JsonObject { ["persistentVolumeClaim"] = new JsonObject { ["claimName"] = claim } });
        }

        foreach (var dataVolume in vm.DataVolumes.Concat(vm.DataVolumeTemplates))
        {
            Add(dataVolume, new JsonObject { ["dataVolume"] = new JsonObject { ["name"] = dataVolume } });
        }

        if (vm.WithContainerDisk)
        {
            Add("cloudinit", new JsonObject { ["cloudInitNoCloud"] = new JsonObject { ["userData"] = "#cloud-config\n" } });
        }

        var annotations = new JsonObject();
        foreach (var (key, value) in vm.TemplateAnnotations)
        {
            annotations[key] = value;
        }

        if (!vm.GuestAgent)
        {
            annotations[Simulators.GuestAgent.GuestFaults.AgentAnnotation] = "false";
        }

        var spec = new JsonObject
        {
            ["runStrategy"] = vm.RunStrategy,
            ["template"] = new JsonObject
            {
                ["metadata"] = new JsonObject { ["labels"] = new JsonObject { ["app"] = vm.Name }, ["annotations"] = annotations },
                ["spec"] = new JsonObject
                {
                    ["domain"] = new JsonObject
                    {
                        ["devices"] = new JsonObject { ["disks"] = disks },
                        ["resources"] = vm.Instancetype is null ? new JsonObject { ["requests"] = new JsonObject { ["memory"] = vm.Memory } } : new JsonObject(),
                    },
                    ["volumes"] = volumes,
                },
            },
        };
        if (vm.Instancetype is not null)
        {
            spec["instancetype"] = new JsonObject { ["name"] = vm.Instancetype, ["kind"] = Api.Instancetypes.InstancetypeApi.InstancetypeKind };
        }

        if (vm.Preference is not null)
        {
            spec["preference"] = new JsonObject { ["name"] = vm.Preference, ["kind"] = Api.Instancetypes.InstancetypeApi.PreferenceKind };
        }

        if (vm.PersistentTpm)
        {
            spec["template"]!["spec"]!["domain"]!["devices"]!["tpm"] = new JsonObject { ["persistent"] = true };
        }

        if (vm.DataVolumeTemplates.Count > 0)
        {
            spec["dataVolumeTemplates"] = new JsonArray([.. vm.DataVolumeTemplates.Select(name => (JsonNode)new JsonObject
            {
                ["metadata"] = new JsonObject { ["name"] = name },
                ["spec"] = vm.CloneSource is { } source ? CloneSpec(source) : DataVolumeSpec("16Mi"),
            })]);
        }

        return new JsonObject
        {
            ["apiVersion"] = KubeVirtApi.ApiVersion,
            ["kind"] = KubeVirtApi.VirtualMachineKind,
            ["metadata"] = new JsonObject { ["name"] = vm.Name, ["namespace"] = Namespace },
            ["spec"] = spec,
        };
    }
}
