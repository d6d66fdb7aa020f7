using Csi.V1;
using Harness.Scenarios.Cluster.Components;
using Harness.Scenarios.Cluster.Events;

namespace Harness.Scenarios.Tests.Cluster;

/// <summary>A live run's CSI fault switches: the driver process takes them while it serves, and again after a crash; the faults it injects are in the event log.</summary>
public sealed class ProcessCsiDriverFaultTests
{
    [Fact]
    public async Task SwitchedFaults_ReachTheProcess_SurviveItsCrashAndRestart_AndHealing_ClearsThem()
    {
        var directory = Directory.CreateTempSubdirectory("harness-csi-faults-");
        try
        {
            var events = new DomainEventLog(TimeProvider.System);
            using var driver = new ProcessCsiDriverComponent(
                "csi.switched", Path.Combine(directory.FullName, "csi.sock"), ["--state-dir", Path.Combine(directory.FullName, "state")], TimeProvider.System, events);
            await driver.StartAsync(CancellationToken.None);
            var controller = new Csi.V1.Controller.ControllerClient(driver.CallInvoker);
            var volume = (await controller.CreateVolumeAsync(new CreateVolumeRequest
            {
                Name = "switched",
                VolumeCapabilities = { new VolumeCapability { Mount = new VolumeCapability.Types.MountVolume(), AccessMode = new VolumeCapability.Types.AccessMode { Mode = VolumeCapability.Types.AccessMode.Types.Mode.SingleNodeWriter } } },
            })).Volume.VolumeId;
            async Task<bool> ReadyAsync(string name) =>
                (await controller.CreateSnapshotAsync(new CreateSnapshotRequest { Name = name, SourceVolumeId = volume })).Snapshot.ReadyToUse;

            var before = await ReadyAsync("before");
            await driver.SwitchFaultsAsync(["snapshot-never-ready"], CancellationToken.None);
            var switched = await ReadyAsync("switched");
            await driver.CrashAsync();
            await driver.RestartAsync(CancellationToken.None);
            var restarted = await ReadyAsync("restarted");
            await driver.SwitchFaultsAsync([], CancellationToken.None);
            var healed = await ReadyAsync("healed");
            await driver.StopAsync();

            Assert.Equal((true, false, false, true), (before, switched, restarted, healed));
            Assert.Equal(
                ["SnapshotNeverReady", "SnapshotNeverReady"],
                events.Events.Where(e => e.Kind == DomainEventKind.FaultInjected && e.Component == driver.Name).Select(e => e.Detail.Split(':')[0]));
        }
        finally
        {
            directory.Delete(recursive: true);
        }
    }
}
