using Harness.Api.KubeVirt;
using Harness.Api.Snapshots;
using Harness.Controller.Tests.World;

namespace Harness.Controller.Tests.Conformance;

/// <summary>§2.3 step 5: one snapshot holds a VM at a time; another waits with the documented reason, then proceeds.</summary>
public sealed class ConcurrentSnapshotTests
{
    [Fact]
    [Trait("DeterministicOnly", "one-minute CSI cuts, an in-process driver's fault")]
    public void TwoSnapshotsOfOneVm_TheSecondWaitsForTheFirstThenProceeds()
    {
        var world = new ControllerWorld();
        world.Run(async () =>
        {
            world.SlowSnapshotCuts(TimeSpan.FromMinutes(1));
            await world.CreateBoundClaimsAsync("disk-a");
            await world.CreateVmAsync(new VmDefinition("vm1") { Claims = ["disk-a"], RunStrategy = KubeVirtApi.RunStrategies.Halted });
            var first = await world.CreateSnapshotAsync("snap1", "vm1");
            await world.WaitForAsync("snap1 holds vm1", async () => await world.VmAsync("vm1") is { Status.SnapshotInProgress: "snap1" } vm ? vm : null);

            var second = await world.CreateSnapshotAsync("snap2", "vm1");

            var waiting = await world.WaitForAsync("snap2 waiting for snap1", async () =>
                await world.SnapshotAsync("snap2") is { Status.Conditions: { } conditions } s
                && conditions.Any(c => c is { Type: SnapshotApi.ConditionProgressing, Status: SnapshotApi.ConditionFalse, Reason: "Source not locked source default/vm1 snapshot \"snap1\" in progress" })
                    ? s
                    : null);
            Assert.Equal(SnapshotApi.PhaseInProgress, waiting.Status!.Phase);
            Assert.Null(await world.ContentOfAsync(waiting));
            Assert.Equal(SnapshotApi.PhaseInProgress, (await world.SnapshotAsync("snap1"))!.Status!.Phase);

            await world.WaitSucceededAsync("snap1");
            await world.WaitSucceededAsync("snap2");
            await world.WaitUnlockedAsync("vm1");
            string[] expected = [SnapshotApi.VolumeSnapshotName(first.Metadata.Uid, "disk-a"), SnapshotApi.VolumeSnapshotName(second.Metadata.Uid, "disk-a")];
            Assert.Equal(expected.Order(StringComparer.Ordinal), (await world.VolumeSnapshotsAsync()).Select(v => v.Metadata.Name).Order(StringComparer.Ordinal));
        });
    }
}
