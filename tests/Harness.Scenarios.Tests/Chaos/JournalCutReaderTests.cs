using Harness.Api.Snapshots;
using Harness.Api.SnapshotStorage;
using Harness.Runtime.Randomness;
using Harness.Scenarios.Faults;
using Harness.Scenarios.Invariants;
using Harness.Scenarios.Operations;
using Harness.Scenarios.Running;
using Harness.Scenarios.Simulation.Scheduling;
using Harness.Scenarios.Worlds;
using Harness.Simulators.GuestAgent;
using k8s.Models;

namespace Harness.Scenarios.Tests.Chaos;

/// <summary>
/// The frozen cut checked from the snapshots' bytes, as a live run must check it (no event there says when each disk
/// was cut): a guest writes its journal over two disks and the CSI snapshots of a <c>GuestAgent</c> snapshot are taken
/// at one moment or a second apart.
/// </summary>
public sealed class JournalCutReaderTests
{
    private const string Ns = "default";
    private static readonly DateTimeOffset At = new(2000, 1, 1, 0, 5, 0, TimeSpan.Zero);

    [Theory]
    [InlineData(0, true)]
    [InlineData(1, false)]
    public async Task ReadAsync_DisksCutApart_TornOnlyWhenTheGuestWroteBetweenTheCuts(int secondsBetweenCuts, bool consistent)
    {
        var cuts = CutJournal(TimeSpan.FromSeconds(secondsBetweenCuts));
        var reader = new JournalCutReader((handle, length) => cuts.GetValueOrDefault(handle)?[..length]);
        reader.Booted(["vol-a", "vol-b"]);

        var journals = await reader.ReadAsync(State());

        Assert.Equal(consistent, journals[$"{Ns}/snap"].IsConsistent);
        var violations = new RestoreMatchesSnapshot().Check(Observe(State() with { SnapshotJournals = journals })).ToList();
        Assert.Equal(consistent ? 0 : 1, violations.Count(v => v.Message.Contains("torn guest journal", StringComparison.Ordinal)));
    }

    [Fact]
    public async Task ReadAsync_DisksBootedInTwoOrders_LeavesTheSnapshotUnjudged()
    {
        var cuts = CutJournal(TimeSpan.FromSeconds(1));
        var reader = new JournalCutReader((handle, length) => cuts.GetValueOrDefault(handle)?[..length]);
        reader.Booted(["vol-a", "vol-b"]);
        reader.Booted(["vol-b", "vol-a"]);

        Assert.Empty(await reader.ReadAsync(State()));
    }

    [Fact]
    public async Task ReadAsync_ABootedDiskNotCut_LeavesTheSnapshotUnjudged()
    {
        var cuts = CutJournal(TimeSpan.FromSeconds(1));
        var reader = new JournalCutReader((handle, length) => cuts.GetValueOrDefault(handle)?[..length]);
        reader.Booted(["vol-a", "vol-b", "vol-c"]);

        Assert.Empty(await reader.ReadAsync(State()));
    }

    /// <summary>A guest on two disks writes its journal for 3 s; disk a is copied, then disk b <paramref name="apart"/> later.</summary>
    private static Dictionary<string, byte[]> CutJournal(TimeSpan apart)
    {
        var scheduler = new DeterministicScheduler(new SimulationSeed(1));
        return scheduler.Run(async () =>
        {
            var disks = new[] { new MemoryGuestDisk(JournalLayout.Default.BytesPerDisk), new MemoryGuestDisk(JournalLayout.Default.BytesPerDisk) };
            using var stop = new CancellationTokenSource();
            var writer = new JournalWriter(new Guest(disks, scheduler.TimeProvider), new GuestAgentSimulatorOptions(), scheduler.TimeProvider, scheduler.TaskFactory);
            var writing = writer.StartAsync(stop.Token);
            await Task.Delay(TimeSpan.FromSeconds(3.5), scheduler.TimeProvider);
            var a = await ReadAsync(disks[0]);
            await Task.Delay(apart, scheduler.TimeProvider);
            var b = await ReadAsync(disks[1]);
            stop.Cancel();
            await writing;
            return new Dictionary<string, byte[]>(StringComparer.Ordinal) { ["snap-a"] = a, ["snap-b"] = b };
        });
    }

    private static async Task<byte[]> ReadAsync(MemoryGuestDisk disk)
    {
        var bytes = new byte[disk.Size];
        await disk.ReadAsync(0, bytes);
        return bytes;
    }

    private static ClusterState State() => new(
        At,
        [new VirtualMachineSnapshot
        {
            Metadata = new V1ObjectMeta { Name = "snap", NamespaceProperty = Ns, Uid = "uid-snap" },
            Spec = new VirtualMachineSnapshotSpec { Source = new V1TypedLocalObjectReference { ApiGroup = "kubevirt.io", Kind = "VirtualMachine", Name = "vm0" } },
            Status = new VirtualMachineSnapshotStatus { Phase = SnapshotApi.PhaseSucceeded, VirtualMachineSnapshotContentName = "content", Indications = [SnapshotApi.IndicationGuestAgent] },
        }],
        [new VirtualMachineSnapshotContent
        {
            Metadata = new V1ObjectMeta { Name = "content", NamespaceProperty = Ns },
            Spec = new VirtualMachineSnapshotContentSpec
            {
                VirtualMachineSnapshotName = "snap",
                Source = new VirtualMachineSnapshotContentSource(),
                VolumeBackups = [new VolumeBackup { VolumeName = "a", VolumeSnapshotName = "vs-a" }, new VolumeBackup { VolumeName = "b", VolumeSnapshotName = "vs-b" }],
            },
        }],
        [],
        [VolumeSnapshot("a"), VolumeSnapshot("b")],
        [SnapshotContent("a"), SnapshotContent("b")],
        [],
        [],
        [],
        new Dictionary<string, string>(),
        new Dictionary<string, string>());

    private static VolumeSnapshot VolumeSnapshot(string disk) => new()
    {
        Metadata = new V1ObjectMeta { Name = $"vs-{disk}", NamespaceProperty = Ns },
        Status = new VolumeSnapshotStatus { BoundVolumeSnapshotContentName = $"vsc-{disk}" },
    };

    private static VolumeSnapshotContent SnapshotContent(string disk) => new()
    {
        Metadata = new V1ObjectMeta { Name = $"vsc-{disk}" },
        Spec = new VolumeSnapshotContentSpec { Source = new VolumeSnapshotContentSource { VolumeHandle = $"vol-{disk}" } },
        Status = new VolumeSnapshotContentStatus { SnapshotHandle = $"snap-{disk}" },
    };

    private static ScenarioObservation Observe(ClusterState state) =>
        new(new Scenario(1, FaultPlans.None, new WorldSpec([Ns], [], []), new OperationSchedule([])), [], state, null, At, null);
}
