using Harness.Scenarios.Cluster.Events;
using Harness.Scenarios.Invariants;

namespace Harness.Scenarios.Tests.Chaos;

public sealed class InvariantTests
{
    private const string Guest = "guest/default/vm1";
    private const string Locked = "Progressing=True/Source locked and operation in progress";
    private const string UnfreezePath = "/apis/subresources.kubevirt.io/v1/namespaces/default/virtualmachineinstances/vm1/unfreeze";
    private const string FreezeTimedOut = "failed to freeze VMI: guest agent is not responding to guest-fsfreeze-freeze: no answer within 10s";

    [Fact]
    public void ThawFollowsFreeze_FreezeNeverThawed_NamesTheGuestAndWhen()
    {
        var observation = new ObservationBuilder().Snapshot("snap", "vm1")
            .Add(Guest, DomainEventKind.GuestFrozen, Guest, "journal 7")
            .Add("observer", DomainEventKind.PhaseChanged, "vmsnapshot default/snap", "InProgress -> Succeeded")
            .Build();

        var violation = Assert.Single(new ThawFollowsFreeze().Check(observation));

        Assert.Equal(Guest, violation.Subject);
        Assert.Contains("never thawed", violation.Message, StringComparison.Ordinal);
        Assert.Contains("journal 7", violation.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ThawFollowsFreeze_ThawedOrStoppedWithinDeadline_Holds()
    {
        var observation = new ObservationBuilder().Snapshot("snap", "vm1", "30s")
            .Add(Guest, DomainEventKind.GuestFrozen, Guest)
            .Add(Guest, DomainEventKind.GuestThawed, Guest)
            .Add(Guest, DomainEventKind.GuestFrozen, Guest)
            .Add(Guest, DomainEventKind.GuestStopped, Guest)
            .Build();

        Assert.Empty(new ThawFollowsFreeze().Check(observation));
    }

    [Fact]
    public void ThawFollowsFreeze_FrozenPastTheDeadline_Violated()
    {
        var builder = new ObservationBuilder().Snapshot("snap", "vm1", "30s").Add(Guest, DomainEventKind.GuestFrozen, Guest);
        var observation = builder.At(TimeSpan.FromSeconds(45)).Add(Guest, DomainEventKind.GuestThawed, Guest).Build();

        var violation = Assert.Single(new ThawFollowsFreeze().Check(observation));

        Assert.Contains("longer than its snapshots' deadline 00:00:30", violation.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ThawFollowsFreeze_SnapshotWithoutDeadline_AllowsAnyFreezeLength()
    {
        var builder = new ObservationBuilder().Snapshot("snap", "vm1", "0s").Add(Guest, DomainEventKind.GuestFrozen, Guest);
        var observation = builder.At(TimeSpan.FromMinutes(20)).Add(Guest, DomainEventKind.GuestThawed, Guest).Build();

        Assert.Empty(new ThawFollowsFreeze().Check(observation));
    }

    /// <summary>Seed 188 at b24f9ac: b's status write saying it locked the VM met a 429, so only its content's creation shows the lock.</summary>
    [Fact]
    public void ThawFollowsFreeze_FrozenForASnapshotWhoseLockOnlyItsContentShows_Holds()
    {
        var observation = new ObservationBuilder().Snapshot("a", "vm1").Snapshot("b", "vm1")
            .Add("observer", DomainEventKind.ConditionChanged, "vmsnapshot default/a", Locked)
            .Add("observer", DomainEventKind.PhaseChanged, "vmsnapshot default/a", "InProgress -> Succeeded")
            .Add("observer", DomainEventKind.ObjectDeleted, "vmsnapshot default/a")
            .Add("observer", DomainEventKind.ObjectCreated, "vmsnapshotcontent default/vmsnapshot-content-b", "of vmsnapshot b")
            .Add(Guest, DomainEventKind.GuestFrozen, Guest)
            .Add(Guest, DomainEventKind.GuestThawed, Guest)
            .Build();

        Assert.Empty(new ThawFollowsFreeze().Check(observation));
    }

    /// <summary>
    /// Seed 101 at 4fe1f87: the freeze froze the guest but timed out (so virt-launcher armed no safety thaw), the
    /// snapshot was deleted meanwhile and its deletion path's one unfreeze met a 429, which the reference only logs.
    /// A freeze that succeeded with no <c>unfreezeTimeout</c> (a snapshot without deadline) arms none either.
    /// </summary>
    [Theory]
    [InlineData(DomainEventKind.FreezeFailed, FreezeTimedOut + "; no safety thaw armed", false)]
    [InlineData(DomainEventKind.FreezeFailed, FreezeTimedOut + "; no safety thaw armed", true)]
    [InlineData(DomainEventKind.FreezeSucceeded, "no safety thaw armed", false)]
    public void ThawFollowsFreeze_NoSafetyThawArmedAndEndingUnfreezeFailed_Exempt(DomainEventKind answer, string detail, bool stoppedMinutesLater)
    {
        var builder = FrozenThenDeleted(answer, detail, UnfreezePath);
        if (stoppedMinutesLater)
        {
            builder.At(TimeSpan.FromMinutes(10)).Add(Guest, DomainEventKind.GuestStopped, Guest);
        }

        Assert.Empty(new ThawFollowsFreeze().Check(builder.Build()));
    }

    [Theory]
    [InlineData(DomainEventKind.FreezeSucceeded, "safety thaw armed", UnfreezePath, "")]
    [InlineData(DomainEventKind.FreezeFailed, FreezeTimedOut + "; safety thaw armed", UnfreezePath, "")]
    [InlineData(
        DomainEventKind.FreezeFailed,
        FreezeTimedOut + "; no safety thaw armed",
        "/apis/snapshot.kubevirt.io/v1beta1/namespaces/default/virtualmachinesnapshotcontents/content",
        "; its last freeze request failed at 00:00:05 (#5: " + FreezeTimedOut + "; no safety thaw armed), but no unfreeze request failed after it froze: nothing tried to thaw it")]
    public void ThawFollowsFreeze_NearlyTheExemptedHistory_Violated(DomainEventKind answer, string detail, string faultPath, string whyNot)
    {
        var observation = FrozenThenDeleted(answer, detail, faultPath).Build();

        var violation = Assert.Single(new ThawFollowsFreeze().Check(observation));

        Assert.Equal(Guest, violation.Subject);
        Assert.EndsWith($"frozen at 00:00:01 (event #1, journal 73) and never thawed; the run ended at 00:00:05, after every snapshot and restore was deleted{whyNot}", violation.Message, StringComparison.Ordinal);
    }

    /// <summary>
    /// Seed 744 at 3d17700: a freeze that succeeded armed the safety thaw (the snapshot's 5 min deadline), the snapshot
    /// was deleted, and virt-api refused its deletion path's unfreeze (its read of the VMI met a 504), which the
    /// reference only logs: the guest waits for the safety thaw.
    /// </summary>
    [Fact]
    public void ThawFollowsFreeze_EndingUnfreezeRefusedAfterAFreezeThatArmedTheSafetyThaw_ThawedByItHolds()
    {
        var observation = SafetyThawArmedThenDeleted(DomainEventKind.UnfreezeFailed)
            .At(TimeSpan.FromMinutes(5)).Add(Guest, DomainEventKind.GuestThawed, Guest).Build();

        Assert.Empty(new ThawFollowsFreeze().Check(observation));
    }

    [Theory]
    [InlineData(DomainEventKind.UnfreezeFailed, 6, "until 00:06:00 (GuestThawed, #360): 00:05:59, longer than its snapshots' deadline 00:05:00 allows")]
    [InlineData(DomainEventKind.Reconciled, 5, "which ended at 00:00:05 (ObjectDeleted , #5), but thawed only at 00:05:00 (GuestThawed, #300)")]
    public void ThawFollowsFreeze_NearlyLeftToTheSafetyThaw_Violated(DomainEventKind unfreeze, int thawedAtMinute, string message)
    {
        var observation = SafetyThawArmedThenDeleted(unfreeze)
            .At(TimeSpan.FromMinutes(thawedAtMinute)).Add(Guest, DomainEventKind.GuestThawed, Guest).Build();

        var violation = Assert.Single(new ThawFollowsFreeze().Check(observation));

        Assert.Contains(message, violation.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void PhasesOnlyForward_SucceededBackToInProgress_ViolatesBothOrderAndFinality()
    {
        var observation = new ObservationBuilder()
            .Add("observer", DomainEventKind.PhaseChanged, "vmsnapshot default/snap", " -> InProgress")
            .Add("observer", DomainEventKind.PhaseChanged, "vmsnapshot default/snap", "InProgress -> Succeeded")
            .Add("observer", DomainEventKind.PhaseChanged, "vmsnapshot default/snap", "Succeeded -> InProgress")
            .Build();

        Assert.Single(new PhasesOnlyForward().Check(observation));
        Assert.Single(new EndedIsFinal().Check(observation));
    }

    [Fact]
    public void EndedIsFinal_RestoreFailedThenCompleted_Violated()
    {
        var observation = new ObservationBuilder()
            .Add("observer", DomainEventKind.ConditionChanged, "vmrestore default/r", "Failure=True/Restore target VMI must be powered off before restore operation")
            .Add("observer", DomainEventKind.PhaseChanged, "vmrestore default/r", "Incomplete -> Complete")
            .Build();

        var violation = Assert.Single(new EndedIsFinal().Check(observation));

        Assert.Equal("vmrestore default/r", violation.Subject);
    }

    [Fact]
    public void OneSnapshotHoldsVm_TwoSnapshotsLockTheSameVm_Violated()
    {
        var observation = new ObservationBuilder().Snapshot("a", "vm1").Snapshot("b", "vm1").Snapshot("c", "vm2")
            .Add("observer", DomainEventKind.ConditionChanged, "vmsnapshot default/a", Locked)
            .Add("observer", DomainEventKind.ConditionChanged, "vmsnapshot default/c", Locked)
            .Add("observer", DomainEventKind.ConditionChanged, "vmsnapshot default/b", Locked)
            .Build();

        var violation = Assert.Single(new OneSnapshotHoldsVm().Check(observation));

        Assert.Equal("vm default/vm1", violation.Subject);
        Assert.Contains("vmsnapshot default/b holds the VM", violation.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void OneSnapshotHoldsVm_SecondLocksAfterFirstSucceeded_Holds()
    {
        var observation = new ObservationBuilder().Snapshot("a", "vm1").Snapshot("b", "vm1")
            .Add("observer", DomainEventKind.ConditionChanged, "vmsnapshot default/a", Locked)
            .Add("observer", DomainEventKind.PhaseChanged, "vmsnapshot default/a", "InProgress -> Succeeded")
            .Add("observer", DomainEventKind.ConditionChanged, "vmsnapshot default/b", Locked)
            .Build();

        Assert.Empty(new OneSnapshotHoldsVm().Check(observation));
    }

    /// <summary>A guest frozen by a freeze that armed the safety thaw, its snapshot deleted, then KubeVirt's answer <paramref name="unfreeze"/> about it.</summary>
    private static ObservationBuilder SafetyThawArmedThenDeleted(DomainEventKind unfreeze) =>
        new ObservationBuilder().Snapshot("snap", "vm1")
            .Add("observer", DomainEventKind.ConditionChanged, "vmsnapshot default/snap", Locked)
            .Add(Guest, DomainEventKind.GuestFrozen, Guest, "journal 70")
            .Add("kubevirt", DomainEventKind.FreezeSucceeded, Guest, "safety thaw armed")
            .Add("scenario", DomainEventKind.OperationApplied, "vmsnapshot default/snap", "delete vmsnapshot default/snap: deleted")
            .Add("kubevirt", unfreeze, Guest, "Internal error occurred: unable to retrieve virtualmachineinstance [vm1]: Timeout: request did not complete within requested timeout")
            .Add("observer", DomainEventKind.ObjectDeleted, "vmsnapshot default/snap");

    /// <summary>A guest frozen for a snapshot that is deleted, an API fault on a request of the controller, then virt-launcher's answer to the freeze.</summary>
    private static ObservationBuilder FrozenThenDeleted(DomainEventKind answer, string detail, string faultPath) =>
        new ObservationBuilder().Snapshot("snap", "vm1")
            .Add("observer", DomainEventKind.ConditionChanged, "vmsnapshot default/snap", Locked)
            .Add(Guest, DomainEventKind.GuestFrozen, Guest, "journal 73")
            .Add("scenario", DomainEventKind.OperationApplied, "vmsnapshot default/snap", "delete vmsnapshot default/snap: deleted")
            .Add("controller", DomainEventKind.FaultInjected, faultPath, "PUT answered 429 (TooManyRequests) on controller's client")
            .Add("observer", DomainEventKind.ObjectDeleted, "vmsnapshot default/snap")
            .Add("kubevirt", answer, Guest, detail);
}
