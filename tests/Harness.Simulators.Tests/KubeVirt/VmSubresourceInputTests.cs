using System.Text.Json.Nodes;
using static Harness.Simulators.Tests.KubeVirt.Conditions;
using Harness.EnvTest.Tests.Backends;

namespace Harness.Simulators.Tests.KubeVirt;

[Collection(KubeVirtCollection.Name)]
public sealed class VmSubresourceInputTests(KubeVirtWorlds worlds)
{
    [SkippableTheory]
    [BackendsData("start", "{\"paused\": ", 400, "Can not unmarshal Request body to struct, error: ")]
    [BackendsData("start", "{\"dryRun\": \"All\"}", 400, "Can not unmarshal Request body to struct, error: json: cannot unmarshal string into field dryRun of type []string")]
    [BackendsData("stop", "{\"gracePeriod\": \"now\"}", 400, "Can not unmarshal Request body to struct, error: json: cannot unmarshal string into field gracePeriod of type int64")]
    [BackendsData("restart", "{\"gracePeriodSeconds\": 5}", 400, "For force restart, only gracePeriod=0 is supported for now")]
    [BackendsData("restart", "{\"gracePeriodSeconds\": -1}", 400, "gracePeriod has to be greater or equal to 0")]
    [BackendsData("restart", "[1, 2]", 400, "Can not unmarshal Request body to struct, error: the body is not a JSON object")]
    public async Task VmSubresource_BadBody_BadRequest(Backend backend, string action, string body, int code, string message)
    {
        await using var world = await worlds.StartAsync(backend);
        await world.CreateVmAsync(Manifests.Vm("vm1", "Manual", null, Manifests.ContainerDisk("root")));

        var (status, answer) = await world.VmAsync("vm1", action, body);

        Assert.Equal(code, status);
        Assert.StartsWith(message, Message(answer), StringComparison.Ordinal);
        Assert.Null(await world.VmiAsync("vm1"));
    }

    [SkippableTheory]
    [BackendsData("start")]
    [BackendsData("stop")]
    [BackendsData("restart")]
    [BackendsData("removevolume")]
    public async Task VmSubresource_MissingVm_NotFound(Backend backend, string action)
    {
        await using var world = await worlds.StartAsync(backend);

        var (status, body) = await world.VmAsync("ghost", action, "{\"name\":\"x\"}");

        Assert.Equal(404, status);
        Assert.Equal("virtualmachine.kubevirt.io \"ghost\" not found", Message(body));
    }

    [SkippableTheory, Backends]
    public async Task Start_DryRun_NothingStarts(Backend backend)
    {
        await using var world = await worlds.StartAsync(backend);
        await world.CreateVmAsync(Manifests.Vm("vm1", "Halted", null, Manifests.ContainerDisk("root")));

        var (status, _) = await world.VmAsync("vm1", "start", "{\"dryRun\": [\"All\"]}");

        Assert.Equal(202, status);
        Assert.Equal("Halted", (await world.VmAsync("vm1"))!["spec"]!["runStrategy"]!.GetValue<string>());
    }

    [SkippableTheory, Backends]
    public async Task Stop_HaltedVmWithoutVmi_Conflict(Backend backend)
    {
        await using var world = await worlds.StartAsync(backend);
        await world.CreateVmAsync(Manifests.Vm("vm1", "Halted", null, Manifests.ContainerDisk("root")));

        var (status, body) = await world.VmAsync("vm1", "stop");

        Assert.Equal(409, status);
        Assert.Equal("Operation cannot be fulfilled on virtualmachine.kubevirt.io \"vm1\": VM is not running", Message(body));
    }

    [SkippableTheory, Backends]
    public async Task Restart_StoppedManualVm_Conflict(Backend backend)
    {
        await using var world = await worlds.StartAsync(backend);
        await world.CreateVmAsync(Manifests.Vm("vm1", "Manual", null, Manifests.ContainerDisk("root")));

        var (status, body) = await world.VmAsync("vm1", "restart");

        Assert.Equal(409, status);
        Assert.Equal("Operation cannot be fulfilled on virtualmachine.kubevirt.io \"vm1\": VM is not running: Halted", Message(body));
    }

    [Fact]
    [Trait("EmbeddedOnly", "steps the fake clock a ping interval (5 s) at a time until the crashed agent misses one")]
    public async Task AgentCrashes_AgentConnectedRemovedAfterNextPing()
    {
        await using var world = await worlds.StartAsync(Backend.Embedded);
        await world.CreateVmAsync(Manifests.Vm(
            "vm1", "Always", new JsonObject { ["harness.kubevirt.io/guest-agent-crash-after"] = "6" }, Manifests.ContainerDisk("root")));
        await KubeVirtWorld.EventuallyAsync(() => world.VmiAsync("vm1"), i => Has(i, "AgentConnected"), "agent connected");

        // The VM mirrors the condition first: a VM status written before the VMI ran has no AgentConnected either.
        await KubeVirtWorld.EventuallyAsync(() => world.VmAsync("vm1"), v => Has(v, "AgentConnected"), "VM condition");
        await KubeVirtWorld.EventuallyAsync(
            async () =>
            {
                world.Time.Advance(TimeSpan.FromSeconds(5));
                return await world.VmiAsync("vm1");
            },
            i => Phase(i) == "Running" && !Has(i, "AgentConnected"),
            "AgentConnected gone");

        Assert.True(world.Agents["vm1"].HasCrashed);
        var vm = await KubeVirtWorld.EventuallyAsync(() => world.VmAsync("vm1"), v => !Has(v, "AgentConnected"), "VM condition gone");
        Assert.Equal("Running", Printable(vm));
    }
}
