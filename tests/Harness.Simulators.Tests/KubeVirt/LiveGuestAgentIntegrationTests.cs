using Harness.Scenarios.Cluster;
using static Harness.Simulators.Tests.KubeVirt.Conditions;
using Harness.EnvTest.Tests.Backends;

namespace Harness.Simulators.Tests.KubeVirt;

/// <summary>The simulator with one real <c>harness-guest-agent</c> process per running VMI, over a Unix socket.</summary>
[Collection(KubeVirtCollection.Name)]
public sealed class LiveGuestAgentIntegrationTests(KubeVirtWorlds worlds) : IDisposable
{
    private readonly string sockets = Path.Combine(Path.GetTempPath(), "kv-" + Path.GetRandomFileName());

    [SkippableTheory, Backends]
    public async Task RunningVm_RealAgentProcess_ConnectedFrozenThawedReportedAndStoppedWithVm(Backend backend)
    {
        var reports = new System.Collections.Concurrent.ConcurrentQueue<string>();
        var connector = new ProcessGuestAgentConnector(
            new ProcessGuestAgentOptions
            {
                FileName = "dotnet",
                LeadingArguments = [Path.Combine(AppContext.BaseDirectory, "harness-guest-agent.dll")],
                SocketDirectory = sockets,
                FreezeStatusChanged = (launch, status, _) => reports.Enqueue($"{launch.Instance.Name} {status}"),
            },
            TimeProvider.System);
        await using var world = await worlds.StartAsync(backend, connector: connector);
        await world.CreateVmAsync(Manifests.Vm("vm1", "Always", null, Manifests.ContainerDisk("root")));
        await KubeVirtWorld.EventuallyAsync(() => world.VmiAsync("vm1"), i => Phase(i) == "Running" && Has(i, "AgentConnected"), "agent connected");
        var socket = Assert.Single(Directory.GetFiles(sockets, "*.sock"));

        Assert.Equal(200, (await world.VmiAsync("vm1", "freeze", "{\"unfreezeTimeout\": \"5m0s\"}")).Status);
        await KubeVirtWorld.EventuallyAsync(() => world.VmiAsync("vm1"), i => i?["status"]?["fsFreezeStatus"]?.GetValue<string>() == "frozen", "frozen");
        Assert.Equal(200, (await world.VmiAsync("vm1", "unfreeze")).Status);
        await KubeVirtWorld.EventuallyAsync(() => world.VmiAsync("vm1"), i => i?["status"]?["fsFreezeStatus"] is null, "thawed");
        await KubeVirtWorld.EventuallyAsync(() => Task.FromResult<object?>(reports.Count), count => (int)count! >= 2, "the freeze and the thaw reported");
        Assert.Equal(["vm1 Frozen", "vm1 Thawed"], reports);

        Assert.Equal(202, (await world.VmAsync("vm1", "stop")).Status);
        await KubeVirtWorld.EventuallyAsync(() => world.VmAsync("vm1"), v => Printable(v) == "Stopped", "Stopped");
        await KubeVirtWorld.EventuallyAsync(() => Task.FromResult<object?>(File.Exists(socket)), exists => !(bool)exists!, "the agent's socket removed");
    }

    public void Dispose()
    {
        if (Directory.Exists(sockets))
        {
            Directory.Delete(sockets, recursive: true);
        }
    }
}
