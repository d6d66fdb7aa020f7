using System.Text.Json.Nodes;
using static Harness.Simulators.Tests.KubeVirt.Conditions;

namespace Harness.Simulators.Tests.KubeVirt;

public sealed class VmSubresourceInputTests
{
    [Theory]
    [InlineData("start", "{\"paused\": ", 400, "Can not unmarshal Request body to struct, error: ")]
    [InlineData("start", "{\"dryRun\": \"All\"}", 400, "Can not unmarshal Request body to struct, error: json: cannot unmarshal string into field dryRun of type []string")]
    [InlineData("stop", "{\"gracePeriod\": \"now\"}", 400, "Can not unmarshal Request body to struct, error: json: cannot unmarshal string into field gracePeriod of type int64")]
    [InlineData("restart", "{\"gracePeriodSeconds\": 5}", 400, "For force restart, only gracePeriod=0 is supported for now")]
    [InlineData("restart", "{\"gracePeriodSeconds\": -1}", 400, "gracePeriod has to be greater or equal to 0")]
    [InlineData("restart", "[1, 2]", 400, "Can not unmarshal Request body to struct, error: the body is not a JSON object")]
    public async Task VmSubresource_BadBody_BadRequest(string action, string body, int code, string message)
    {
        await using var world = await KubeVirtWorld.StartAsync();
        await world.CreateVmAsync(Manifests.Vm("vm1", "Manual", null, Manifests.ContainerDisk("root")));

        var (status, answer) = await world.VmAsync("vm1", action, body);

        Assert.Equal(code, status);
        Assert.StartsWith(message, Message(answer), StringComparison.Ordinal);
        Assert.Null(await world.VmiAsync("vm1"));
    }

    [Theory]
    [InlineData("start")]
    [InlineData("stop")]
    [InlineData("restart")]
    [InlineData("removevolume")]
    public async Task VmSubresource_MissingVm_NotFound(string action)
    {
        await using var world = await KubeVirtWorld.StartAsync();

        var (status, body) = await world.VmAsync("ghost", action, "{\"name\":\"x\"}");

        Assert.Equal(404, status);
        Assert.Equal("virtualmachine.kubevirt.io \"ghost\" not found", Message(body));
    }

    [Fact]
    public async Task Start_DryRun_NothingStarts()
    {
        await using var world = await KubeVirtWorld.StartAsync();
        await world.CreateVmAsync(Manifests.Vm("vm1", "Halted", null, Manifests.ContainerDisk("root")));

        var (status, _) = await world.VmAsync("vm1", "start", "{\"dryRun\": [\"All\"]}");

        Assert.Equal(202, status);
        Assert.Equal("Halted", (await world.VmAsync("vm1"))!["spec"]!["runStrategy"]!.GetValue<string>());
    }

    [Fact]
    public async Task Stop_HaltedVmWithoutVmi_Conflict()
    {
        await using var world = await KubeVirtWorld.StartAsync();
        await world.CreateVmAsync(Manifests.Vm("vm1", "Halted", null, Manifests.ContainerDisk("root")));

        var (status, body) = await world.VmAsync("vm1", "stop");

        Assert.Equal(409, status);
        Assert.Equal("Operation cannot be fulfilled on virtualmachine.kubevirt.io \"vm1\": VM is not running", Message(body));
    }

    [Fact]
    public async Task Restart_StoppedManualVm_Conflict()
    {
        await using var world = await KubeVirtWorld.StartAsync();
        await world.CreateVmAsync(Manifests.Vm("vm1", "Manual", null, Manifests.ContainerDisk("root")));

        var (status, body) = await world.VmAsync("vm1", "restart");

        Assert.Equal(409, status);
        Assert.Equal("Operation cannot be fulfilled on virtualmachine.kubevirt.io \"vm1\": VM is not running: Halted", Message(body));
    }

    [Fact]
    public async Task AgentCrashes_AgentConnectedRemovedAfterNextPing()
    {
        await using var world = await KubeVirtWorld.StartAsync();
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
