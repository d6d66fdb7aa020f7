using System.Text.Json.Nodes;
using Harness.Api.KubeVirt;
using Harness.Simulators.KubeVirt.MemoryDumps;
using Harness.EnvTest.Tests.Backends;
using k8s;
using k8s.Models;
using static Harness.Simulators.Tests.KubeVirt.Conditions;

namespace Harness.Simulators.Tests.KubeVirt;

/// <summary>
/// The <c>memorydump</c> and <c>removememorydump</c> subresources and virt-controller's memory-dump state machine: the
/// dump file written into the claim's volume, the claim annotated, the volume unplugged, the request Completed; bad
/// requests answered with virt-api's Status and nothing stored.
/// </summary>
[Collection(KubeVirtCollection.Name)]
public sealed class MemoryDumpIntegrationTests(KubeVirtWorlds worlds)
{
    [SkippableTheory, Backends]
    public async Task MemoryDump_RunningVm_DumpWrittenIntoTheClaimAndRequestCompleted(Backend backend)
    {
        var volumes = new RecordingVolumeWriter();
        await using var world = await worlds.StartAsync(backend, volumeWriter: volumes);
        await FilesystemClaimAsync(world, "dump", "1Gi");
        var vmi = await RunningVmAsync(world);

        var (status, _) = await world.VmAsync("vm1", "memorydump", """{"claimName":"dump"}""");

        Assert.Equal(202, status);
        var vm = await KubeVirtWorld.EventuallyAsync(() => world.VmAsync("vm1"), v => Request(v)?.Str("phase") == KubeVirtApi.MemoryDumpPhases.Completed, "memory dump Completed");
        var request = Request(vm)!;
        var fileName = request.Str("fileName")!;
        Assert.Matches(@"^vm1-dump-\d{8}-\d{6}\.memory\.dump$", fileName);
        Assert.NotNull(request["startTimestamp"]);
        Assert.NotNull(request["endTimestamp"]);
        var volume = Assert.Single(Volumes(vm!["spec"]!["template"]!["spec"]!), v => v.Str("name") == "dump");
        Assert.True(volume["memoryDump"]!["hotpluggable"]!.GetValue<bool>());
        Assert.Equal("dump", volume.Str("memoryDump", "claimName"));
        Assert.DoesNotContain(Volumes((await world.VmiAsync("vm1"))!["spec"]!), v => v.Str("name") == "dump");
        Assert.Equal(fileName, (await StorageWorld.ReadClaimAsync(world, "dump"))!.Metadata.Annotations[KubeVirtApi.MemoryDumpAnnotation]);
        var file = MemoryDumpArchive.Read(volumes.Written[$"vol-{world.Namespace}-dump"])!.Value;
        Assert.Equal(fileName, file.FileName);
        Assert.Contains($"uid={Uid(vmi)}", MemoryDumpArchive.GuestOf(file.Content), StringComparison.Ordinal);

        (status, _) = await world.VmAsync("vm1", "removememorydump");

        Assert.Equal(202, status);
        vm = await KubeVirtWorld.EventuallyAsync(() => world.VmAsync("vm1"), v => v?["status"]?["memoryDumpRequest"] is null, "memory dump request removed");
        Assert.DoesNotContain(Volumes(vm!["spec"]!["template"]!["spec"]!), v => v.Str("name") == "dump");
    }

    [Fact]
    [Trait("EmbeddedOnly", "the second dump is a minute later on the fake clock")]
    public async Task MemoryDump_WithoutClaimName_DumpsAgainIntoTheAssociatedClaim()
    {
        var volumes = new RecordingVolumeWriter();
        await using var world = await worlds.StartAsync(Backend.Embedded, volumeWriter: volumes);
        await FilesystemClaimAsync(world, "dump", "1Gi");
        await RunningVmAsync(world);
        await world.VmAsync("vm1", "memorydump", """{"claimName":"dump"}""");
        await KubeVirtWorld.EventuallyAsync(() => world.VmAsync("vm1"), v => Request(v)?.Str("phase") == KubeVirtApi.MemoryDumpPhases.Completed, "first dump Completed");
        volumes.Written.Clear();
        world.Time.Advance(TimeSpan.FromMinutes(1));

        var (status, _) = await world.VmAsync("vm1", "memorydump", "{}");

        Assert.Equal(202, status);
        var vm = await KubeVirtWorld.EventuallyAsync(
            () => world.VmAsync("vm1"), v => Request(v)?.Str("phase") == KubeVirtApi.MemoryDumpPhases.Completed && volumes.Written.ContainsKey("vol-default-dump"), "second dump Completed");
        Assert.Equal(MemoryDumpArchive.Read(volumes.Written["vol-default-dump"])!.Value.FileName, Request(vm)!.Str("fileName"));
        Assert.EndsWith("-030505.memory.dump", Request(vm)!.Str("fileName"), StringComparison.Ordinal);
        Assert.Equal("dump", Request(vm)!.Str("claimName"));
    }

    [SkippableTheory, Backends]
    public async Task MemoryDump_NoVolumeAccess_RequestFailedAndClaimAnnotated(Backend backend)
    {
        await using var world = await worlds.StartAsync(backend);
        await FilesystemClaimAsync(world, "dump", "1Gi");
        await RunningVmAsync(world);

        await world.VmAsync("vm1", "memorydump", """{"claimName":"dump"}""");

        var vm = await KubeVirtWorld.EventuallyAsync(() => world.VmAsync("vm1"), v => Request(v)?.Str("phase") == KubeVirtApi.MemoryDumpPhases.Failed, "memory dump Failed");
        Assert.Equal("Memory dump to pvc dump failed: the simulator has no access to the claim's volume", Request(vm)!.Str("message"));
        await KubeVirtWorld.EventuallyAsync(
            () => StorageWorld.ReadClaimAsync(world, "dump"), c => c?.GetAnnotation(KubeVirtApi.MemoryDumpAnnotation) == "Memory dump failed", "failure annotation");
    }

    [SkippableTheory]
    [BackendsData("", 400, "Request with no body")]
    [BackendsData("{}", 400, "Memory dump requires claim name to be set")]
    [BackendsData("""{"claimName": 5}""", 400, "Can not unmarshal Request body to struct, error: json: cannot unmarshal number into field claimName of type string")]
    [BackendsData("""{"claimName": "nope"}""", 404, "persistentvolumeclaim.kubevirt.io \"nope\" not found")]
    [BackendsData("""{"claimName": "blk"}""", 409, "Operation cannot be fulfilled on persistentvolumeclaim.kubevirt.io \"blk\": pvc should be filesystem pvc")]
    [BackendsData("""{"claimName": "rox"}""", 409, "Operation cannot be fulfilled on persistentvolumeclaim.kubevirt.io \"rox\": pvc access mode can't be read only")]
    [BackendsData("""{"claimName": "small"}""", 409, "Operation cannot be fulfilled on persistentvolumeclaim.kubevirt.io \"small\": pvc size [251659k] should be bigger then [241Mi]")]
    public async Task MemoryDump_BadRequest_StatusAndNothingStored(Backend backend, string body, int code, string message)
    {
        await using var world = await worlds.StartAsync(backend);
        await FilesystemClaimAsync(world, "blk", "1Gi", volumeMode: "Block");
        await FilesystemClaimAsync(world, "rox", "1Gi", accessMode: "ReadOnlyMany");
        await FilesystemClaimAsync(world, "small", "240Mi");
        await RunningVmAsync(world);

        var (status, answer) = await world.VmAsync("vm1", "memorydump", body);

        Assert.Equal(code, status);
        Assert.Equal(message, Message(answer));
        Assert.Null(Request(await world.VmAsync("vm1")));
    }

    [SkippableTheory, Backends]
    public async Task MemoryDump_StoppedVm_InstanceNotFound(Backend backend)
    {
        await using var world = await worlds.StartAsync(backend);
        await FilesystemClaimAsync(world, "dump", "1Gi");
        await world.CreateVmAsync(Manifests.Vm("vm1", KubeVirtApi.RunStrategies.Halted, null, Manifests.ContainerDisk("root")));

        var (status, answer) = await world.VmAsync("vm1", "memorydump", """{"claimName":"dump"}""");

        Assert.Equal(404, status);
        Assert.Equal("virtualmachineinstance.kubevirt.io \"vm1\" not found", Message(answer));
    }

    [SkippableTheory, Backends]
    public async Task MemoryDump_FeatureGateOff_BadRequest(Backend backend)
    {
        await using var world = await worlds.StartAsync(backend, featureGates: ["Snapshot"]);

        var (status, answer) = await world.VmAsync("vm1", "memorydump", """{"claimName":"dump"}""");

        Assert.Equal(400, status);
        Assert.Equal("Unable to memory dump because HotplugVolumes feature gate is not enabled.", Message(answer));
    }

    [SkippableTheory]
    [BackendsData("memorydump", """{"claimName":"dump"}""")]
    [BackendsData("removememorydump", null)]
    public async Task MemoryDumpSubresource_MissingVm_NotFound(Backend backend, string action, string? body)
    {
        await using var world = await worlds.StartAsync(backend);

        var (status, answer) = await world.VmAsync("ghost", action, body);

        Assert.Equal(404, status);
        Assert.Equal("virtualmachine.kubevirt.io \"ghost\" not found", Message(answer));
    }

    [SkippableTheory, Backends]
    public async Task MemoryDump_AnotherClaimWhileOneIsAssociated_Conflict(Backend backend)
    {
        await using var world = await worlds.StartAsync(backend, volumeWriter: new RecordingVolumeWriter());
        await FilesystemClaimAsync(world, "dump", "1Gi");
        await FilesystemClaimAsync(world, "other", "1Gi");
        await RunningVmAsync(world);
        await world.VmAsync("vm1", "memorydump", """{"claimName":"dump"}""");
        var before = await KubeVirtWorld.EventuallyAsync(() => world.VmAsync("vm1"), v => Request(v)?.Str("phase") == KubeVirtApi.MemoryDumpPhases.Completed, "memory dump Completed");

        var (status, answer) = await world.VmAsync("vm1", "memorydump", """{"claimName":"other"}""");

        Assert.Equal(409, status);
        Assert.Equal(
            "Operation cannot be fulfilled on virtualmachine.kubevirt.io \"vm1\": can't request memory dump for pvc [other] while pvc [dump] is still associated as the memory dump pvc",
            Message(answer));
        Assert.True(JsonNode.DeepEquals(Request(before), Request(await world.VmAsync("vm1"))));
    }

    [SkippableTheory, Backends]
    public async Task RemoveMemoryDump_NoAssociation_Conflict(Backend backend)
    {
        await using var world = await worlds.StartAsync(backend);
        await world.CreateVmAsync(Manifests.Vm("vm1", KubeVirtApi.RunStrategies.Halted, null, Manifests.ContainerDisk("root")));

        var (status, answer) = await world.VmAsync("vm1", "removememorydump");

        Assert.Equal(409, status);
        Assert.Equal("Operation cannot be fulfilled on virtualmachine.kubevirt.io \"vm1\": can't remove memory dump association for vm vm1, no association found", Message(answer));
    }

    private static JsonObject? Request(JsonObject? vm) => vm?["status"]?["memoryDumpRequest"] as JsonObject;

    private static IEnumerable<JsonObject> Volumes(JsonNode spec) => (spec["volumes"] as JsonArray ?? []).OfType<JsonObject>();

    private static async Task<JsonObject> RunningVmAsync(KubeVirtWorld world)
    {
        await world.CreateVmAsync(Manifests.Vm("vm1", KubeVirtApi.RunStrategies.Always, null, Manifests.ContainerDisk("root")));
        return await KubeVirtWorld.EventuallyAsync(() => world.VmiAsync("vm1"), i => Phase(i) == KubeVirtApi.InstancePhases.Running, "VMI Running");
    }

    /// <summary>A claim bound to a CSI volume <c>vol-NAMESPACE-NAME</c> of <see cref="StorageWorld.Driver"/>, as the provisioner would bind it.</summary>
    private static async Task FilesystemClaimAsync(KubeVirtWorld world, string name, string size, string volumeMode = "Filesystem", string accessMode = "ReadWriteOnce")
    {
        await world.Client.CoreV1.CreatePersistentVolumeAsync(new V1PersistentVolume
        {
            Metadata = new V1ObjectMeta { Name = $"pv-{world.Namespace}-{name}" },
            Spec = new V1PersistentVolumeSpec
            {
                AccessModes = [accessMode],
                Capacity = new Dictionary<string, ResourceQuantity> { ["storage"] = new(size) },
                Csi = new V1CSIPersistentVolumeSource { Driver = StorageWorld.Driver, VolumeHandle = $"vol-{world.Namespace}-{name}" },
                VolumeMode = volumeMode,
                ClaimRef = new V1ObjectReference { Name = name, NamespaceProperty = world.Namespace },
            },
        });
        await world.Client.CoreV1.CreateNamespacedPersistentVolumeClaimAsync(
            new V1PersistentVolumeClaim
            {
                Metadata = new V1ObjectMeta { Name = name },
                Spec = new V1PersistentVolumeClaimSpec
                {
                    AccessModes = [accessMode],
                    VolumeMode = volumeMode,
                    VolumeName = $"pv-{world.Namespace}-{name}",
                    Resources = new V1VolumeResourceRequirements { Requests = new Dictionary<string, ResourceQuantity> { ["storage"] = new(size) } },
                },
            },
            world.Namespace);
        await StorageWorld.BindAsync(world, name);
    }
}
