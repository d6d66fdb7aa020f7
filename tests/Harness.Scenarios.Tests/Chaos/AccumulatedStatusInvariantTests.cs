using Harness.Api.Snapshots;
using Harness.Api.SnapshotStorage;
using Harness.Scenarios.Cluster.Events;
using Harness.Scenarios.Faults;
using Harness.Scenarios.Invariants;
using Harness.Scenarios.Operations;
using Harness.Scenarios.Running;
using Harness.Scenarios.Worlds;
using k8s.Models;

namespace Harness.Scenarios.Tests.Chaos;

/// <summary>
/// What KubeVirt's status rules allow and the invariants must too (found by `harness chaos` seeds 69 and 97): a
/// snapshot's indications only accumulate while it is in progress (§2.7), and a deadline failure keeps a content that
/// was already ready under <c>Retain</c> (§2.8, §7 note 15).
/// </summary>
public sealed class AccumulatedStatusInvariantTests
{
    private const string Ns = "default";
    private static readonly DateTimeOffset At = new(2000, 1, 1, 0, 5, 0, TimeSpan.Zero);

    [Theory]
    [InlineData(new[] { "GuestAgent", "Online" }, 1)]
    [InlineData(new[] { "GuestAgent", "NoGuestAgent", "Online" }, 0)]
    public void RestoreMatchesSnapshot_CutWhileNotFrozen_ViolatedOnlyWhenTheSnapshotPromisesAFrozenCut(string[] indications, int violations)
    {
        var snapshot = Snapshot(SnapshotApi.PhaseSucceeded, deletionPolicy: null, indications);
        var content = Content(ready: true);
        var volumeSnapshot = new VolumeSnapshot { Metadata = new V1ObjectMeta { Name = "vs-disk0", NamespaceProperty = Ns, Uid = "uid-vs" } };
        var events = new[] { new DomainEvent(0, At, "csi-driver/csi.harness.kubevirt.io", DomainEventKind.SnapshotCut, "snapshot-uid-vs", "volume vol-1") };

        var found = new RestoreMatchesSnapshot().Check(Observe(State([snapshot], [content], [volumeSnapshot]), events));

        Assert.Equal(violations, found.Count(v => v.Message.Contains("was cut at", StringComparison.Ordinal)));
    }

    [Theory]
    [InlineData(SnapshotApi.DeletionPolicyRetain, true, 0)]
    [InlineData(SnapshotApi.DeletionPolicyRetain, false, 2)]
    [InlineData(SnapshotApi.DeletionPolicyDelete, true, 2)]
    public void DeadlineFailureCleansUp_FailedWithContentLeft_AllowedOnlyForAReadyContentUnderRetain(string policy, bool ready, int violations)
    {
        var snapshot = Snapshot(SnapshotApi.PhaseFailed, policy, []);
        var volumeSnapshot = new VolumeSnapshot { Metadata = new V1ObjectMeta { Name = SnapshotApi.VolumeSnapshotName("uid-snap", "disk0"), NamespaceProperty = Ns } };

        var found = new DeadlineFailureCleansUp().Check(Observe(State([snapshot], [Content(ready)], [volumeSnapshot]), []));

        Assert.Equal(violations, found.Count());
    }

    private static VirtualMachineSnapshot Snapshot(string phase, string? deletionPolicy, string[] indications) => new()
    {
        Metadata = new V1ObjectMeta { Name = "snap", NamespaceProperty = Ns, Uid = "uid-snap", CreationTimestamp = At.UtcDateTime.AddMinutes(-4) },
        Spec = new VirtualMachineSnapshotSpec
        {
            Source = new V1TypedLocalObjectReference { ApiGroup = "kubevirt.io", Kind = "VirtualMachine", Name = "vm0" },
            FailureDeadline = "1m",
            DeletionPolicy = deletionPolicy,
        },
        Status = new VirtualMachineSnapshotStatus { Phase = phase, VirtualMachineSnapshotContentName = "content", Indications = [.. indications] },
    };

    private static VirtualMachineSnapshotContent Content(bool ready) => new()
    {
        Metadata = new V1ObjectMeta { Name = "content", NamespaceProperty = Ns },
        Spec = new VirtualMachineSnapshotContentSpec
        {
            VirtualMachineSnapshotName = "snap",
            Source = new VirtualMachineSnapshotContentSource(),
            VolumeBackups = [new VolumeBackup { VolumeName = "disk0", VolumeSnapshotName = "vs-disk0" }],
        },
        Status = new VirtualMachineSnapshotContentStatus { ReadyToUse = ready },
    };

    private static ClusterState State(IReadOnlyList<VirtualMachineSnapshot> snapshots, IReadOnlyList<VirtualMachineSnapshotContent> contents, IReadOnlyList<VolumeSnapshot> volumeSnapshots) =>
        new(At, snapshots, contents, [], volumeSnapshots, [], [], [], [], new Dictionary<string, string>(), new Dictionary<string, string>());

    private static ScenarioObservation Observe(ClusterState state, IReadOnlyList<DomainEvent> events) =>
        new(new Scenario(1, FaultPlans.None, new WorldSpec([Ns], [], []), new OperationSchedule([])), events, state, null, At, null);
}
