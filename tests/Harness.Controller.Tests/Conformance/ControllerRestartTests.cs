using Harness.Api.Snapshots;
using Harness.Controller.Tests.World;
using Harness.Scenarios.Cluster.Components;
using Harness.Scenarios.Cluster.Events;

namespace Harness.Controller.Tests.Conformance;

/// <summary>
/// Restart safety (issue: "a controller restarted at any point never duplicates a VolumeSnapshot and never leaves a
/// VM frozen or locked"): an online snapshot of a VM with a guest agent and two disks, the controller crashed at
/// each of its writes, the write landed or lost; the new controller resumes from the API server alone.
/// </summary>
public sealed class ControllerRestartTests
{
    private static readonly string[] Disks = ["disk-a", "disk-b"];

    public static TheoryData<string, bool> Points()
    {
        var data = new TheoryData<string, bool>();
        foreach (var point in CrashPoint.OfOnlineSnapshot)
        {
            data.Add(point.Name, true);
            data.Add(point.Name, false);
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(Points))]
    [Trait("DeterministicOnly", "crashes the in-process controller from an in-process admission at each of its writes")]
    public void ControllerCrashedAtAWrite_SnapshotSucceedsOnceNoDuplicateNotFrozenNotLocked(string point, bool writeLands)
    {
        var world = new ControllerWorld();
        world.Run(async () =>
        {
            var crash = new CrashingAdmission(world, CrashPoint.OfOnlineSnapshot.Single(p => p.Name == point), writeLands);
            crash.Register();
            world.SlowSnapshotCuts(TimeSpan.FromSeconds(5));
            await world.CreateBoundClaimsAsync(Disks);
            await world.CreateVmAsync(new VmDefinition("vm1") { Claims = Disks });
            await world.WaitRunningAsync("vm1");
            var created = await world.CreateSnapshotAsync("snap1", "vm1");

            var snapshot = await world.WaitSucceededAsync("snap1");
            await crash.Restart;
            await world.WaitUnlockedAsync("vm1");

            Assert.Single(world.Events.Of(DomainEventKind.ComponentCrashed, ComponentNames.Controller));
            Assert.Equal([SnapshotApi.IndicationGuestAgent, SnapshotApi.IndicationOnline], snapshot.Status!.Indications!);
            Assert.Equal(
                Disks.Select(d => SnapshotApi.VolumeSnapshotName(created.Metadata.Uid, d)).Order(StringComparer.Ordinal),
                (await world.VolumeSnapshotsAsync()).Select(v => v.Metadata.Name).Order(StringComparer.Ordinal));
            Assert.Equal(Disks.Length, world.Events.Of(DomainEventKind.SnapshotCut).Count);
            Assert.Equal(["frozen", "thawed"], world.FreezeLog("vm1"));
            Assert.Null((await world.VmiAsync("vm1"))!.Status!.FsFreezeStatus);
            var journal = await world.RestoreAndCheckJournalAsync([.. Disks.Select(d => SnapshotApi.VolumeSnapshotName(created.Metadata.Uid, d))]);
            Assert.True(journal.IsConsistent, string.Join("; ", journal.Problems));
        });
    }
}
