using Harness.Scenarios.Cluster.Components;
using Harness.Scenarios.Cluster.Events;
using Harness.Simulators.GuestAgent;

namespace Harness.Scenarios.Tests.Cluster;

public sealed class ComponentRestartTests
{
    private const string Vm = "vm1";
    private static readonly string[] Claims = ["disk-a", "disk-b"];

    [Theory]
    [InlineData(1UL)]
    [InlineData(7UL)]
    public void Flow_EachComponentCrashedAndRestartedMidway_Completes(ulong seed)
    {
        var world = new ClusterWorld(seed);
        var completed = false;
        world.Cluster.Run(async cluster =>
        {
            var time = world.Scheduler.TimeProvider;
            var driver = cluster.Component(ComponentNames.CsiDriver(ClusterWorld.Driver));

            // The provisioner dies, then the driver, with claims pending; restarted, they provision them.
            await cluster.Storage.CrashAsync();
            await driver.CrashAsync();
            foreach (var claim in Claims)
            {
                await world.CreateClaimAsync(claim, "16Mi");
            }

            await Task.Delay(TimeSpan.FromSeconds(5), time);
            await driver.StartAsync(CancellationToken.None);
            await cluster.Storage.StartAsync(CancellationToken.None);
            foreach (var claim in Claims)
            {
                await world.BoundVolumeAsync(claim);
            }

            // KubeVirt dies right after the VM is created; restarted, it starts the VMI and its agent.
            await world.CreateVmAsync(Vm, Claims);
            await cluster.KubeVirt.CrashAsync();
            await Task.Delay(TimeSpan.FromSeconds(5), time);
            await cluster.KubeVirt.StartAsync(CancellationToken.None);
            await world.WaitForAsync("VMI Running with AgentConnected", async () =>
                await world.VmiAsync(Vm) is { } vmi && vmi["status"]?["phase"]?.GetValue<string>() == "Running"
                && vmi["status"]?["conditions"]?.AsArray().Any(c => c?["type"]?.GetValue<string>() == "AgentConnected") == true ? vmi : null);
            var guest = world.Guests.Find(ClusterWorld.Namespace, Vm)!;
            await world.WaitUntilAsync("journal past record 3", () => guest.Journal.LastCommitted >= 3);

            // Frozen, the driver dies while the VolumeSnapshots are cut; restarted, they become ready.
            await world.VmiSubresourceAsync(Vm, "freeze", "{\"unfreezeTimeout\":\"5m0s\"}");
            await driver.CrashAsync();
            foreach (var claim in Claims)
            {
                await world.CreateVolumeSnapshotAsync($"{claim}-snap", claim);
            }

            await Task.Delay(TimeSpan.FromSeconds(3), time);
            await driver.StartAsync(CancellationToken.None);
            foreach (var claim in Claims)
            {
                await world.WaitForAsync($"{claim}-snap ready", async () =>
                    await world.GetVolumeSnapshotAsync($"{claim}-snap") is { Status.ReadyToUse: true } snapshot ? snapshot : null);
            }

            await world.VmiSubresourceAsync(Vm, "unfreeze");
            Assert.Equal(FsFreezeStatus.Thawed, guest.Guest.Status);
            completed = true;
        });

        Assert.True(completed, $"seed {seed}: the flow did not complete");
        var log = world.Cluster.Events;
        Assert.Equal(
            [ComponentNames.StorageSidecars, ComponentNames.CsiDriver(ClusterWorld.Driver), ComponentNames.KubeVirt, ComponentNames.CsiDriver(ClusterWorld.Driver)],
            log.Of(DomainEventKind.ComponentCrashed).Select(e => e.Component));
        var guestName = ComponentNames.Guest(ClusterWorld.Namespace, Vm);
        var frozen = Assert.Single(log.Of(DomainEventKind.GuestFrozen, guestName));
        var thawed = Assert.Single(log.Of(DomainEventKind.GuestThawed, guestName));
        var cuts = log.Of(DomainEventKind.SnapshotCut);
        Assert.Equal(2, cuts.Count);
        Assert.All(cuts, cut => Assert.InRange(cut.Sequence, frozen.Sequence, thawed.Sequence));
        Assert.All(cuts, cut => Assert.EndsWith(frozen.Detail, cut.Detail, StringComparison.Ordinal));
        Assert.Equal(2, log.Of(DomainEventKind.VolumeSnapshotReady).Count);
    }

    [Fact]
    public void Flow_SameSeed_SameEventLog()
    {
        Assert.Equal(EventLogText(3), EventLogText(3));
    }

    private static string EventLogText(ulong seed)
    {
        var world = new ClusterWorld(seed);
        world.Cluster.Run(async cluster =>
        {
            await world.CreateClaimAsync("disk-a", "16Mi");
            await world.BoundVolumeAsync("disk-a");
            await cluster.Storage.RestartAsync(CancellationToken.None);
            await cluster.KubeVirt.RestartAsync(CancellationToken.None);
            await world.CreateVolumeSnapshotAsync("disk-a-snap", "disk-a");
            await world.WaitForAsync("snapshot ready", async () =>
                await world.GetVolumeSnapshotAsync("disk-a-snap") is { Status.ReadyToUse: true } snapshot ? snapshot : null);
        });
        return string.Join('\n', world.Cluster.Events.Events);
    }
}
