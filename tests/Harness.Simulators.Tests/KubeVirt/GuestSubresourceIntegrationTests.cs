using System.Text.Json.Nodes;
using Harness.Reconciling;
using Harness.Simulators.GuestAgent;
using Harness.Simulators.KubeVirt.Instances;
using k8s;
using k8s.Models;
using static Harness.Simulators.Tests.KubeVirt.Conditions;
using Harness.EnvTest.Tests.Backends;

namespace Harness.Simulators.Tests.KubeVirt;

[Collection(KubeVirtCollection.Name)]
public sealed class GuestSubresourceIntegrationTests(KubeVirtWorlds worlds)
{
    private const string FiveMinutes = "{\"unfreezeTimeout\": \"5m0s\"}";

    [SkippableTheory, Backends]
    public async Task Freeze_RunningVmWithAgent_GuestFrozenUntilUnfreeze(Backend backend)
    {
        await using var world = await RunningAsync(backend);

        var (status, body) = await world.VmiAsync("vm1", "freeze", FiveMinutes);

        Assert.Equal(200, status);
        Assert.Null(body);
        Assert.Equal(FsFreezeStatus.Frozen, world.Agents["vm1"].Guest.Status);
        await KubeVirtWorld.EventuallyAsync(() => world.VmiAsync("vm1"), i => i?["status"]?["fsFreezeStatus"]?.GetValue<string>() == "frozen", "fsFreezeStatus frozen");

        Assert.Equal(200, (await world.VmiAsync("vm1", "freeze", FiveMinutes)).Status);
        Assert.Equal(200, (await world.VmiAsync("vm1", "unfreeze")).Status);

        Assert.Equal(FsFreezeStatus.Thawed, world.Agents["vm1"].Guest.Status);
        await KubeVirtWorld.EventuallyAsync(() => world.VmiAsync("vm1"), i => i?["status"]?["fsFreezeStatus"] is null, "fsFreezeStatus cleared");
        Assert.Equal(200, (await world.VmiAsync("vm1", "unfreeze")).Status);
        var vmi = new ObjectKey(world.Namespace, "vm1");
        FreezeAnswer[] answers = [new(vmi, false, null, true), new(vmi, false, null, true), new(vmi, true, null, false), new(vmi, true, null, false)];
        Assert.Equal(answers, world.FreezeAnswers);
    }

    [Fact]
    [Trait("EmbeddedOnly", "the unfreeze timeout runs out on the fake clock: 29 s, then 2 s more")]
    public async Task Freeze_WithUnfreezeTimeout_ThawedWhenTimeoutPasses()
    {
        await using var world = await RunningAsync(Backend.Embedded);
        Assert.Equal(200, (await world.VmiAsync("vm1", "freeze", "{\"unfreezeTimeout\": \"30s\"}")).Status);
        world.Time.Advance(TimeSpan.FromSeconds(29));
        Assert.Equal(FsFreezeStatus.Frozen, world.Agents["vm1"].Guest.Status);

        world.Time.Advance(TimeSpan.FromSeconds(2));

        await KubeVirtWorld.EventuallyAsync(() => Task.FromResult<object?>(world.Agents["vm1"].Guest.Status), s => (FsFreezeStatus)s! == FsFreezeStatus.Thawed, "guest thawed");
        await KubeVirtWorld.EventuallyAsync(() => world.VmiAsync("vm1"), i => i?["status"]?["fsFreezeStatus"] is null, "fsFreezeStatus cleared");
    }

    [Fact]
    [Trait("EmbeddedOnly", "shows that an hour of fake time passes without a thaw")]
    public async Task Freeze_ZeroTimeout_NoAutomaticThaw()
    {
        await using var world = await RunningAsync(Backend.Embedded);
        Assert.Equal(200, (await world.VmiAsync("vm1", "freeze", "{\"unfreezeTimeout\": \"0s\"}")).Status);

        world.Time.Advance(TimeSpan.FromHours(1));

        Assert.Equal(FsFreezeStatus.Frozen, world.Agents["vm1"].Guest.Status);
    }

    [SkippableTheory, Backends]
    public async Task Freeze_GuestFreezeFails_BadRequestAndFreezeErrorEvent(Backend backend)
    {
        await using var world = await RunningAsync(backend, new JsonObject { ["harness.kubevirt.io/guest-freeze-fail"] = "true" });

        var (status, body) = await world.VmiAsync("vm1", "freeze", FiveMinutes);

        Assert.Equal(400, status);
        Assert.Equal("BadRequest", body!["reason"]!.GetValue<string>());
        Assert.StartsWith("failed to freeze VMI: ", Message(body), StringComparison.Ordinal);
        Assert.Equal(FsFreezeStatus.Thawed, world.Agents["vm1"].Guest.Status);
        var events = await world.Client.CoreV1.ListNamespacedEventAsync(world.Namespace);
        var freezeError = Assert.Single(events.Items, e => e.Reason == "FreezeError");
        Assert.Equal("Warning", freezeError.Type);
        Assert.Equal("VirtualMachineInstance", freezeError.InvolvedObject.Kind);
        Assert.Equal("vm1", freezeError.InvolvedObject.Name);
        Assert.Equal(Message(body), freezeError.Message);
        Assert.Equal(new FreezeAnswer(new ObjectKey(world.Namespace, "vm1"), Unfreeze: false, Message(body), SafetyThawArmed: false), Assert.Single(world.FreezeAnswers));
    }

    [SkippableTheory, Backends]
    public async Task Freeze_GuestWithoutAgent_NoAgentConnectedAndBadRequest(Backend backend)
    {
        await using var world = await RunningAsync(backend, new JsonObject { ["harness.kubevirt.io/guest-agent"] = "false" });

        var (status, body) = await world.VmiAsync("vm1", "freeze", FiveMinutes);

        Assert.True(400 == status, body?.ToJsonString());
        Assert.Equal("failed to freeze VMI: guest agent is not connected", Message(body));
        Assert.False(Has(await world.VmiAsync("vm1"), "AgentConnected"));
        Assert.False(world.Agents.ContainsKey("vm1"));
    }

    [SkippableTheory]
    [BackendsData(null, "Unfreeze timeout in freeze request is not set")]
    [BackendsData("{}", "Unfreeze timeout in freeze request is not set")]
    [BackendsData("{\"unfreezeTimeout\": \"soon\"}", "Can not unmarshal Request body to struct, error: time: invalid duration \"soon\"")]
    [BackendsData("{\"unfreezeTimeout\": 300}", "Can not unmarshal Request body to struct, error: json: cannot unmarshal number into field unfreezeTimeout of type string")]
    [BackendsData("{\"unfreezeTimeout\": \"-5s\"}", "unfreezeTimeout must not be negative, got -5s")]
    public async Task Freeze_BadBody_BadRequest(Backend backend, string? body, string message)
    {
        await using var world = await RunningAsync(backend);

        var (status, answer) = await world.VmiAsync("vm1", "freeze", body);

        Assert.Equal(400, status);
        Assert.Equal(message, Message(answer));
        Assert.Equal(FsFreezeStatus.Thawed, world.Agents["vm1"].Guest.Status);
    }

    [SkippableTheory, Backends]
    public async Task Freeze_MalformedJson_BadRequest(Backend backend)
    {
        await using var world = await RunningAsync(backend);

        var (status, answer) = await world.VmiAsync("vm1", "freeze", "{\"unfreezeTimeout\": ");

        Assert.Equal(400, status);
        Assert.StartsWith("Can not unmarshal Request body to struct, error: ", Message(answer), StringComparison.Ordinal);
    }

    [SkippableTheory]
    [BackendsData("freeze")]
    [BackendsData("unfreeze")]
    [BackendsData("pause")]
    [BackendsData("unpause")]
    public async Task VmiSubresource_MissingVmi_NotFound(Backend backend, string action)
    {
        await using var world = await worlds.StartAsync(backend);

        var (status, body) = await world.VmiAsync("nope", action, FiveMinutes);

        Assert.True(404 == status, body?.ToJsonString());
        Assert.Equal("NotFound", body!["reason"]!.GetValue<string>());
        Assert.Equal("virtualmachineinstance.kubevirt.io \"nope\" not found", Message(body));
        FreezeAnswer[] refused = action == "unfreeze" ? [new(new ObjectKey(world.Namespace, "nope"), Unfreeze: true, Message(body), SafetyThawArmed: false)] : [];
        Assert.Equal(refused, world.FreezeAnswers);
    }

    [SkippableTheory]
    [BackendsData("freeze", "VM is not running")]
    [BackendsData("unfreeze", "VMI is not running")]
    [BackendsData("pause", "VM is not running")]
    [BackendsData("unpause", "VMI is not running")]
    public async Task VmiSubresource_VmiNotRunning_Conflict(Backend backend, string action, string reason)
    {
        await using var world = await worlds.StartAsync(backend);
        await world.CreateVmAsync(Manifests.Vm("vm1", "Always", null, Manifests.ClaimVolume("data", "missing-claim")));
        await KubeVirtWorld.EventuallyAsync(() => world.VmAsync("vm1"), v => Printable(v) == "ErrorPvcNotFound", "ErrorPvcNotFound");

        var (status, body) = await world.VmiAsync("vm1", action, FiveMinutes);

        Assert.Equal(409, status);
        Assert.Equal("Conflict", body!["reason"]!.GetValue<string>());
        Assert.Equal($"Operation cannot be fulfilled on virtualmachineinstance.kubevirt.io \"vm1\": {reason}", Message(body));
        Assert.Equal("Pending", Phase(await world.VmiAsync("vm1")));
    }

    [SkippableTheory, Backends]
    public async Task Pause_RunningVm_PausedUntilUnpause(Backend backend)
    {
        await using var world = await RunningAsync(backend);

        Assert.Equal(200, (await world.VmiAsync("vm1", "pause")).Status);
        var vm = await KubeVirtWorld.EventuallyAsync(() => world.VmAsync("vm1"), v => Printable(v) == "Paused", "VM Paused");
        Assert.True(Has(vm, "Paused"));
        var vmi = await world.VmiAsync("vm1");
        Assert.True(Has(vmi, "Paused"));

        var (again, againBody) = await world.VmiAsync("vm1", "pause");
        Assert.Equal(409, again);
        Assert.EndsWith("VMI is already paused", Message(againBody), StringComparison.Ordinal);

        Assert.Equal(200, (await world.VmiAsync("vm1", "unpause")).Status);
        await KubeVirtWorld.EventuallyAsync(() => world.VmAsync("vm1"), v => Printable(v) == "Running" && !Has(v, "Paused"), "VM Running");

        var (notPaused, notPausedBody) = await world.VmiAsync("vm1", "unpause");
        Assert.Equal(409, notPaused);
        Assert.EndsWith("VMI is not paused", Message(notPausedBody), StringComparison.Ordinal);
    }

    [SkippableTheory, Backends]
    public async Task Unpause_SnapshotInProgress_Conflict(Backend backend)
    {
        await using var world = await RunningAsync(backend);
        Assert.Equal(200, (await world.VmiAsync("vm1", "pause")).Status);
        await KubeVirtWorld.EventuallyAsync(() => world.VmiAsync("vm1"), i => Has(i, "Paused"), "Paused");
        await world.Client.CustomObjects.PatchNamespacedCustomObjectStatusAsync(
            new V1Patch("{\"status\":{\"snapshotInProgress\":\"snap-1\"}}", V1Patch.PatchType.MergePatch),
            "kubevirt.io", "v1", world.Namespace, "virtualmachines", "vm1");

        var (status, body) = await world.VmiAsync("vm1", "unpause");

        Assert.Equal(409, status);
        Assert.Equal("Operation cannot be fulfilled on virtualmachine.kubevirt.io \"vm1\": VM snapshot is in progress", Message(body));
        Assert.True(Has(await world.VmiAsync("vm1"), "Paused"));
    }

    [SkippableTheory, Backends]
    public async Task Discovery_GroupVersion_ListsSubresources(Backend backend)
    {
        await using var world = await worlds.StartAsync(backend);

        var (status, body) = await world.RawAsync("GET", "/apis/subresources.kubevirt.io/v1");

        Assert.Equal(200, status);
        Assert.Equal("APIResourceList", body!["kind"]!.GetValue<string>());
        var names = body["resources"]!.AsArray().Select(r => r!["name"]!.GetValue<string>()).ToList();
        Assert.Contains("virtualmachineinstances/freeze", names);
        Assert.Contains("virtualmachineinstances/unfreeze", names);
        Assert.Contains("virtualmachines/start", names);
        var freeze = body["resources"]!.AsArray().First(r => r!["name"]!.GetValue<string>() == "virtualmachineinstances/freeze")!;
        Assert.Equal("VirtualMachineInstance", freeze["kind"]!.GetValue<string>());
        Assert.Equal(["update"], freeze["verbs"]!.AsArray().Select(v => v!.GetValue<string>()));
    }

    [SkippableTheory, Backends]
    public async Task Subresource_UnknownAction_NotFound(Backend backend)
    {
        await using var world = await RunningAsync(backend);

        var (status, body) = await world.VmiAsync("vm1", "explode");

        Assert.Equal(404, status);
        Assert.Equal("NotFound", body!["reason"]!.GetValue<string>());
    }

    [SkippableTheory, Backends]
    public async Task Subresource_Get_MethodNotAllowed(Backend backend)
    {
        await using var world = await RunningAsync(backend);

        var (status, body) = await world.RawAsync("GET", $"/apis/subresources.kubevirt.io/v1/namespaces/{world.Namespace}/virtualmachineinstances/vm1/freeze");

        Assert.Equal(405, status);
        Assert.Equal("MethodNotAllowed", body!["reason"]!.GetValue<string>());
    }

    [SkippableTheory, Backends]
    public async Task Freeze_Post_ServedLikePut(Backend backend)
    {
        await using var world = await RunningAsync(backend);

        var (status, _) = await world.RawAsync("POST", $"/apis/subresources.kubevirt.io/v1/namespaces/{world.Namespace}/virtualmachineinstances/vm1/freeze", FiveMinutes);

        Assert.Equal(200, status);
        Assert.Equal(FsFreezeStatus.Frozen, world.Agents["vm1"].Guest.Status);
    }

    private async Task<KubeVirtWorld> RunningAsync(Backend backend, JsonObject? annotations = null)
    {
        var world = await worlds.StartAsync(backend);
        await world.CreateVmAsync(Manifests.Vm("vm1", "Always", annotations, Manifests.ContainerDisk("root")));
        var agent = annotations?["harness.kubevirt.io/guest-agent"]?.GetValue<string>() != "false";
        await KubeVirtWorld.EventuallyAsync(
            () => world.VmiAsync("vm1"),
            i => Phase(i) == "Running" && (!agent || Has(i, "AgentConnected")),
            "VMI Running");
        return world;
    }
}
