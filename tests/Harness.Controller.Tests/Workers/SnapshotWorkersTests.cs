using Harness.Api.Snapshots;
using Harness.Controller.Tests.World;
using Harness.Simulators.GuestAgent;
using Harness.Simulators.KubeVirt;

namespace Harness.Controller.Tests.Workers;

/// <summary>
/// Several workers per queue (KubeVirt's <c>defaultSnapshotControllerThreads</c>): a snapshot whose freeze hangs in
/// its guest (virt-api answers after the agent command timeout) holds one worker, not the queue, so another VM's
/// snapshot goes on meanwhile.
/// </summary>
public sealed class SnapshotWorkersTests
{
    private static readonly TimeSpan AgentCommandTimeout = KubeVirtSimulatorOptions.DefaultAgentCommandTimeout;

    [Theory]
    [InlineData(1, false)]
    [InlineData(6, true)]
    public void TwoVms_OneFreezeHanging_TheOtherSnapshotSucceedsMeanwhileOnlyWithSeveralWorkers(int workers, bool concurrent)
    {
        var world = new ControllerWorld { Workers = workers };
        world.Run(async () =>
        {
            await world.CreateBoundClaimsAsync("disk-a", "disk-b");
            await world.CreateVmAsync(new VmDefinition("vm1")
            {
                Claims = ["disk-a"],
                TemplateAnnotations = new Dictionary<string, string> { [GuestFaults.AnnotationPrefix + "guest-freeze-hang"] = "45s" },
            });
            await world.CreateVmAsync(new VmDefinition("vm2") { Claims = ["disk-b"] });
            await world.WaitRunningAsync("vm1");
            await world.WaitRunningAsync("vm2");
            await world.CreateSnapshotAsync("snap1", "vm1");
            await world.WaitUntilAsync("vm1's guest frozen, its freeze unanswered", () => world.FreezeLog("vm1") is ["frozen"]);

            await world.CreateSnapshotAsync("snap2", "vm2");
            await world.DelayAsync(AgentCommandTimeout / 2);

            Assert.Equal(["frozen"], world.FreezeLog("vm1"));
            Assert.Equal(concurrent, (await world.SnapshotAsync("snap2"))!.Status?.Phase == SnapshotApi.PhaseSucceeded);
            await world.WaitSucceededAsync("snap1");
            await world.WaitSucceededAsync("snap2");
            Assert.Equal(["frozen", "thawed"], world.FreezeLog("vm1"));
            Assert.Equal(["frozen", "thawed"], world.FreezeLog("vm2"));
        });
    }
}
