using Harness.Api.Snapshots;
using Harness.Api.SnapshotStorage;
using Harness.Scenarios.Faults;
using Harness.Scenarios.Invariants;
using Harness.Scenarios.Operations;
using Harness.Scenarios.Running;
using Harness.Scenarios.Worlds;
using k8s.Models;

namespace Harness.Scenarios.Tests.Chaos;

/// <summary>every-operation-ends on exact settled states: which snapshots rightly wait and which are stuck.</summary>
public sealed class EveryOperationEndsTests
{
    private const string Ns = "default";
    private static readonly DateTimeOffset FaultsEnded = new(2000, 1, 1, 0, 4, 0, TimeSpan.Zero);
    private static readonly DateTimeOffset SettledAt = FaultsEnded + TimeSpan.FromSeconds(450);
    private static readonly VmSpec Vm = new(Ns, "vm0", [new DiskSpec("disk0", "vm0-disk0", "storage-wffc", 32)], VmRunState.Stopped, GuestAgent: true, new Dictionary<string, string>());

    [Fact]
    public void SnapshotWithoutDeadline_SourceClaimNeverBound_RightlyWaits()
    {
        Assert.Empty(Violations(deadline: "0s", claimPhase: "Pending"));
    }

    [Fact]
    public void SnapshotWithoutDeadline_SourceClaimBound_StuckIsViolated()
    {
        var violation = Assert.Single(Violations(deadline: "0s", claimPhase: "Bound"));

        Assert.Equal("vmsnapshot default/snap", violation.Subject);
        Assert.Contains("still 'InProgress' 00:07:30 after the faults stopped", violation.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void SnapshotWithDeadline_SourceClaimNeverBound_MustFailAtItsDeadline()
    {
        Assert.Single(Violations(deadline: "1m", claimPhase: "Pending"));
    }

    /// <summary>Seed 478 at 9ed5f41: the VolumeSnapshot deleted behind the controller's back while the restored claim pended.</summary>
    [Fact]
    public void Restore_ClaimPendingOnAVolumeSnapshotBeingDeleted_RightlyWaits()
    {
        Assert.Empty(RestoreViolations(volumeSnapshotDeleted: true));
    }

    [Fact]
    public void Restore_ClaimPendingOnALiveVolumeSnapshot_StuckIsViolated()
    {
        var violation = Assert.Single(RestoreViolations(volumeSnapshotDeleted: false));

        Assert.Equal("vmrestore default/restore", violation.Subject);
        Assert.Contains("not complete though its snapshot snap is ready, 00:07:30 after the faults stopped", violation.Message, StringComparison.Ordinal);
    }

    private static IEnumerable<Violation> RestoreViolations(bool volumeSnapshotDeleted)
    {
        var snapshot = new VirtualMachineSnapshot
        {
            Metadata = new V1ObjectMeta { Name = "snap", NamespaceProperty = Ns },
            Spec = new VirtualMachineSnapshotSpec { Source = new V1TypedLocalObjectReference { ApiGroup = "kubevirt.io", Kind = "VirtualMachine", Name = Vm.Name } },
            Status = new VirtualMachineSnapshotStatus { Phase = SnapshotApi.PhaseSucceeded, ReadyToUse = true },
        };
        var restore = new VirtualMachineRestore
        {
            Metadata = new V1ObjectMeta { Name = "restore", NamespaceProperty = Ns },
            Spec = new VirtualMachineRestoreSpec { Target = snapshot.Spec.Source, VirtualMachineSnapshotName = "snap" },
            Status = new VirtualMachineRestoreStatus
            {
                Complete = false,
                Restores = [new VolumeRestore { VolumeName = "disk0", PersistentVolumeClaim = "restore-disk0", VolumeSnapshotName = "vs-disk0" }],
            },
        };
        var volumeSnapshot = new VolumeSnapshot
        {
            Metadata = new V1ObjectMeta { Name = "vs-disk0", NamespaceProperty = Ns, DeletionTimestamp = volumeSnapshotDeleted ? FaultsEnded.UtcDateTime : null },
        };
        var claim = new V1PersistentVolumeClaim
        {
            Metadata = new V1ObjectMeta { Name = "restore-disk0", NamespaceProperty = Ns },
            Spec = new V1PersistentVolumeClaimSpec { DataSource = new V1TypedLocalObjectReference { ApiGroup = SnapshotStorageApi.Group, Kind = SnapshotStorageApi.VolumeSnapshotKind, Name = "vs-disk0" } },
            Status = new V1PersistentVolumeClaimStatus { Phase = "Pending" },
        };
        return Check(new ClusterState(SettledAt, [snapshot], [], [restore], [volumeSnapshot], [], [VirtualMachineManifest.Create(Vm)], [claim], [], new Dictionary<string, string>(), new Dictionary<string, string>()));
    }

    private static IEnumerable<Violation> Violations(string deadline, string claimPhase)
    {
        var snapshot = new VirtualMachineSnapshot
        {
            Metadata = new V1ObjectMeta { Name = "snap", NamespaceProperty = Ns },
            Spec = new VirtualMachineSnapshotSpec
            {
                Source = new V1TypedLocalObjectReference { ApiGroup = "kubevirt.io", Kind = "VirtualMachine", Name = Vm.Name },
                FailureDeadline = deadline,
            },
            Status = new VirtualMachineSnapshotStatus { Phase = SnapshotApi.PhaseInProgress },
        };
        var claim = new V1PersistentVolumeClaim
        {
            Metadata = new V1ObjectMeta { Name = "vm0-disk0", NamespaceProperty = Ns },
            Status = new V1PersistentVolumeClaimStatus { Phase = claimPhase },
        };
        return Check(new ClusterState(SettledAt, [snapshot], [], [], [], [], [VirtualMachineManifest.Create(Vm)], [claim], [], new Dictionary<string, string>(), new Dictionary<string, string>()));
    }

    private static IEnumerable<Violation> Check(ClusterState state)
    {
        var scenario = new Scenario(1, FaultPlans.None, new WorldSpec([Ns], [], [Vm]), new OperationSchedule([]));
        return new EveryOperationEnds().Check(new ScenarioObservation(scenario, [], state, null, FaultsEnded, null));
    }
}
