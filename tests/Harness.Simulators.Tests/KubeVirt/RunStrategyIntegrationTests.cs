using System.Text.Json.Nodes;
using k8s;
using k8s.Models;
using static Harness.Simulators.Tests.KubeVirt.Conditions;
using Harness.EnvTest.Tests.Backends;

namespace Harness.Simulators.Tests.KubeVirt;

[Collection(KubeVirtCollection.Name)]
public sealed class RunStrategyIntegrationTests(KubeVirtWorlds worlds)
{
    [SkippableTheory, Backends]
    public async Task VmHalted_Created_StoppedWithoutVmi(Backend backend)
    {
        await using var world = await worlds.StartAsync(backend);
        await world.CreateVmAsync(Manifests.Vm("vm1", "Halted", null, Manifests.ContainerDisk("root")));

        var vm = await KubeVirtWorld.EventuallyAsync(() => world.VmAsync("vm1"), v => Printable(v) == "Stopped", "Stopped");

        Assert.False(vm["status"]!["created"]!.GetValue<bool>());
        Assert.Null(await world.VmiAsync("vm1"));
    }

    [SkippableTheory, Backends]
    public async Task Start_HaltedVm_SpecAlwaysAndRunning(Backend backend)
    {
        await using var world = await worlds.StartAsync(backend);
        await world.CreateVmAsync(Manifests.Vm("vm1", "Halted", null, Manifests.ContainerDisk("root")));
        await KubeVirtWorld.EventuallyAsync(() => world.VmAsync("vm1"), v => Printable(v) == "Stopped", "Stopped");

        var (status, _) = await world.VmAsync("vm1", "start");

        Assert.Equal(202, status);
        var vm = await KubeVirtWorld.EventuallyAsync(() => world.VmAsync("vm1"), v => Printable(v) == "Running", "Running");
        Assert.Equal("Always", vm["spec"]!["runStrategy"]!.GetValue<string>());
    }

    [SkippableTheory, Backends]
    public async Task Stop_AlwaysVm_VmiDeletedAndStopped(Backend backend)
    {
        await using var world = await worlds.StartAsync(backend);
        await world.CreateVmAsync(Manifests.Vm("vm1", "Always", null, Manifests.ContainerDisk("root")));
        await KubeVirtWorld.EventuallyAsync(() => world.VmAsync("vm1"), v => Printable(v) == "Running", "Running");

        var (status, _) = await world.VmAsync("vm1", "stop");

        Assert.Equal(202, status);
        var vm = await KubeVirtWorld.EventuallyAsync(() => world.VmAsync("vm1"), v => Printable(v) == "Stopped", "Stopped");
        Assert.Equal("Halted", vm["spec"]!["runStrategy"]!.GetValue<string>());
        await KubeVirtWorld.EventuallyAsync(() => world.VmiAsync("vm1"), i => i is null, "VMI deleted");
    }

    [SkippableTheory, Backends]
    public async Task Start_ManualVm_StateChangeRequestStartsIt_ThenStopRequestStopsIt(Backend backend)
    {
        await using var world = await worlds.StartAsync(backend);
        await world.CreateVmAsync(Manifests.Vm("vm1", "Manual", null, Manifests.ContainerDisk("root")));
        await KubeVirtWorld.EventuallyAsync(() => world.VmAsync("vm1"), v => Printable(v) == "Stopped", "Stopped");

        Assert.Equal(202, (await world.VmAsync("vm1", "start")).Status);
        var running = await KubeVirtWorld.EventuallyAsync(
            () => world.VmAsync("vm1"), v => Printable(v) == "Running" && v!["status"]!["stateChangeRequests"] is null, "Running, requests trimmed");
        Assert.Equal("Manual", running["spec"]!["runStrategy"]!.GetValue<string>());

        var (again, body) = await world.VmAsync("vm1", "start");
        Assert.Equal(409, again);
        Assert.Equal("Operation cannot be fulfilled on virtualmachine.kubevirt.io \"vm1\": VM is already running", Message(body));

        Assert.Equal(202, (await world.VmAsync("vm1", "stop")).Status);
        await KubeVirtWorld.EventuallyAsync(() => world.VmAsync("vm1"), v => Printable(v) == "Stopped", "Stopped");
        await KubeVirtWorld.EventuallyAsync(() => world.VmiAsync("vm1"), i => i is null, "VMI deleted");

        var (stopped, stopBody) = await world.VmAsync("vm1", "stop");
        Assert.Equal(409, stopped);
        Assert.EndsWith("VM is not running", Message(stopBody), StringComparison.Ordinal);
    }

    [SkippableTheory, Backends]
    public async Task Start_AlwaysVm_Conflict(Backend backend)
    {
        await using var world = await worlds.StartAsync(backend);
        await world.CreateVmAsync(Manifests.Vm("vm1", "Always", null, Manifests.ContainerDisk("root")));
        await KubeVirtWorld.EventuallyAsync(() => world.VmAsync("vm1"), v => Printable(v) == "Running", "Running");
        await world.VmAsync("vm1", "stop");
        await KubeVirtWorld.EventuallyAsync(() => world.VmAsync("vm1"), v => Printable(v) == "Stopped", "Stopped");
        await world.Client.CustomObjects.PatchNamespacedCustomObjectAsync(
            new V1Patch("{\"spec\":{\"runStrategy\":\"Once\"}}", V1Patch.PatchType.MergePatch), "kubevirt.io", "v1", world.Namespace, "virtualmachines", "vm1");
        await KubeVirtWorld.EventuallyAsync(() => world.VmAsync("vm1"), v => Printable(v) == "Running", "Running once");

        var (status, body) = await world.VmAsync("vm1", "restart");

        Assert.Equal(409, status);
        Assert.EndsWith("RunStategy Once does not support manual restart requests", Message(body), StringComparison.Ordinal);
    }

    [SkippableTheory, Backends]
    public async Task Restart_AlwaysVm_NewInstance(Backend backend)
    {
        await using var world = await worlds.StartAsync(backend);
        await world.CreateVmAsync(Manifests.Vm("vm1", "Always", null, Manifests.ContainerDisk("root")));
        await KubeVirtWorld.EventuallyAsync(() => world.VmAsync("vm1"), v => Printable(v) == "Running", "Running");
        var first = Uid(await world.VmiAsync("vm1"));

        Assert.Equal(202, (await world.VmAsync("vm1", "restart")).Status);

        var second = await KubeVirtWorld.EventuallyAsync(
            () => world.VmiAsync("vm1"), i => i is not null && Uid(i) != first && Phase(i) == "Running", "a new running VMI");
        Assert.NotEqual(first, Uid(second));
    }

    [SkippableTheory, Backends]
    public async Task GuestFails_RerunOnFailure_Restarted(Backend backend)
    {
        await using var world = await worlds.StartAsync(backend);
        await world.CreateVmAsync(Manifests.Vm("vm1", "RerunOnFailure", null, Manifests.ContainerDisk("root")));
        var first = await KubeVirtWorld.EventuallyAsync(() => world.VmiAsync("vm1"), i => Phase(i) == "Running", "Running");

        await ExitAsync(world, "Failed");

        await KubeVirtWorld.EventuallyAsync(
            () => world.VmiAsync("vm1"), i => i is not null && Uid(i) != Uid(first) && Phase(i) == "Running", "a restarted VMI");
    }

    [SkippableTheory, Backends]
    public async Task GuestSucceeds_RerunOnFailure_StaysStopped(Backend backend)
    {
        await using var world = await worlds.StartAsync(backend);
        await world.CreateVmAsync(Manifests.Vm("vm1", "RerunOnFailure", null, Manifests.ContainerDisk("root")));
        await KubeVirtWorld.EventuallyAsync(() => world.VmiAsync("vm1"), i => Phase(i) == "Running", "Running");

        await ExitAsync(world, "Succeeded");

        var vm = await KubeVirtWorld.EventuallyAsync(
            () => world.VmAsync("vm1"), v => Printable(v) == "Stopped" && v!["status"]!["created"]!.GetValue<bool>() == false, "Stopped");
        var leftover = await world.VmiAsync("vm1");
        Assert.True(leftover is null, $"a VMI exists after the VM reported Stopped and not created.\nVMI: {leftover?.ToJsonString()}\nVM: {vm.ToJsonString()}");
        Assert.False(vm["status"]!["ready"]!.GetValue<bool>());
    }

    [SkippableTheory, Backends]
    public async Task GuestSucceeds_RerunOnFailureAndVmCacheBehind_NotRestarted(Backend backend)
    {
        var held = new HeldWatch("virtualmachines", passed: 1);
        await using var world = await worlds.StartAsync(backend, simulatorTransport: held);
        try
        {
            await world.CreateVmAsync(Manifests.Vm("vm1", "RerunOnFailure", null, Manifests.ContainerDisk("root")));
            var first = await KubeVirtWorld.EventuallyAsync(() => world.VmiAsync("vm1"), i => Phase(i) == "Running", "Running");

            // The controller's cache keeps the VM as created: without the status.runStrategy written when it started.
            await ExitAsync(world, "Succeeded");
            await KubeVirtWorld.EventuallyAsync(() => world.VmiAsync("vm1"), i => i is null || Uid(i) != Uid(first), "the VMI gone");
            var seen = await KubeVirtWorld.EventuallyAsync(
                () => world.VmAsync("vm1"),
                v => v!["status"]?["observedGeneration"] is not null && v["status"]!["created"]!.GetValue<bool>() == false,
                "the VM controller saw the VMI gone");

            var leftover = await world.VmiAsync("vm1");
            Assert.True(leftover is null, $"the VMI was restarted.\nVMI: {leftover?.ToJsonString()}\nVM: {seen.ToJsonString()}");
            held.Release();
            await KubeVirtWorld.EventuallyAsync(() => world.VmAsync("vm1"), v => Printable(v) == "Stopped", "Stopped");
            Assert.Null(await world.VmiAsync("vm1"));
        }
        finally
        {
            held.Release();
        }
    }

    [SkippableTheory, Backends]
    public async Task Start_RerunOnFailureAndVmiNotYetCached_ReportsStarting(Backend backend)
    {
        var held = new HeldWatch("virtualmachineinstances", passed: 0);
        await using var world = await worlds.StartAsync(backend, simulatorTransport: held);
        try
        {
            await world.CreateVmAsync(Manifests.Vm("vm1", "RerunOnFailure", null, Manifests.ContainerDisk("root")));
            await KubeVirtWorld.EventuallyAsync(() => world.VmiAsync("vm1"), i => i is not null, "the VMI created");

            // A spec change makes the controller write the VM's status again while its cache has no VMI yet.
            await world.Client.CustomObjects.PatchNamespacedCustomObjectAsync(
                new V1Patch("{\"spec\":{\"template\":{\"metadata\":{\"annotations\":{\"note\":\"second\"}}}}}", V1Patch.PatchType.MergePatch),
                "kubevirt.io", "v1", world.Namespace, "virtualmachines", "vm1");
            var vm = await KubeVirtWorld.EventuallyAsync(
                () => world.VmAsync("vm1"), v => v!["status"]?["desiredGeneration"]?.GetValue<long>() == 2, "the second generation reconciled");

            Assert.Equal("Starting", Printable(vm));
            Assert.False(vm["status"]!["created"]!.GetValue<bool>());
            held.Release();
            await KubeVirtWorld.EventuallyAsync(() => world.VmAsync("vm1"), v => Printable(v) == "Running", "Running");
        }
        finally
        {
            held.Release();
        }
    }

    [SkippableTheory, Backends]
    public async Task GuestSucceeds_Once_InstanceKeptAndNotRestarted(Backend backend)
    {
        await using var world = await worlds.StartAsync(backend);
        await world.CreateVmAsync(Manifests.Vm("vm1", "Once", null, Manifests.ContainerDisk("root")));
        var first = await KubeVirtWorld.EventuallyAsync(() => world.VmiAsync("vm1"), i => Phase(i) == "Running", "Running");

        await ExitAsync(world, "Succeeded");

        var vm = await KubeVirtWorld.EventuallyAsync(() => world.VmAsync("vm1"), v => Printable(v) == "Stopped", "Stopped");
        var vmi = await world.VmiAsync("vm1");
        Assert.Equal(Uid(first), Uid(vmi));
        Assert.Equal("Succeeded", Phase(vmi));
        Assert.True(vm["status"]!["created"]!.GetValue<bool>());
    }

    [SkippableTheory, Backends]
    public async Task GuestFails_Always_Restarted(Backend backend)
    {
        await using var world = await worlds.StartAsync(backend);
        await world.CreateVmAsync(Manifests.Vm("vm1", null, null, Manifests.ContainerDisk("root")).Also(v => v["spec"]!["running"] = true));
        var first = await KubeVirtWorld.EventuallyAsync(() => world.VmiAsync("vm1"), i => Phase(i) == "Running", "Running");

        await ExitAsync(world, "Failed");

        await KubeVirtWorld.EventuallyAsync(
            () => world.VmiAsync("vm1"), i => i is not null && Uid(i) != Uid(first) && Phase(i) == "Running", "a restarted VMI");
        var vm = await world.VmAsync("vm1");
        Assert.Equal("Always", vm!["status"]!["runStrategy"]!.GetValue<string>());
    }

    [SkippableTheory, Backends]
    public async Task UnknownRunStrategy_FailureCondition(Backend backend)
    {
        await using var world = await worlds.StartAsync(backend);
        await world.CreateVmAsync(Manifests.Vm("vm1", "Sometimes", null, Manifests.ContainerDisk("root")));

        var vm = await KubeVirtWorld.EventuallyAsync(() => world.VmAsync("vm1"), v => Has(v, "Failure"), "Failure condition");

        var failure = vm["status"]!["conditions"]!.AsArray().First(c => c!["type"]!.GetValue<string>() == "Failure")!;
        Assert.Equal("unknown runstrategy: Sometimes", failure["message"]!.GetValue<string>());
        Assert.Null(await world.VmiAsync("vm1"));
    }

    private static Task ExitAsync(KubeVirtWorld world, string phase)
        => world.Client.CustomObjects.PatchNamespacedCustomObjectAsync(
            new V1Patch($"{{\"metadata\":{{\"annotations\":{{\"harness.kubevirt.io/domain-exit\":\"{phase}\"}}}}}}", V1Patch.PatchType.MergePatch),
            "kubevirt.io", "v1", world.Namespace, "virtualmachineinstances", "vm1");
}
