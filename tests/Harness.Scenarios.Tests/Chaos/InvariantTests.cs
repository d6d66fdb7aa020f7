using Harness.Scenarios.Cluster.Events;
using Harness.Scenarios.Invariants;

namespace Harness.Scenarios.Tests.Chaos;

public sealed class InvariantTests
{
    private const string Guest = "guest/default/vm1";

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
        const string Locked = "Progressing=True/Source locked and operation in progress";
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
        const string Locked = "Progressing=True/Source locked and operation in progress";
        var observation = new ObservationBuilder().Snapshot("a", "vm1").Snapshot("b", "vm1")
            .Add("observer", DomainEventKind.ConditionChanged, "vmsnapshot default/a", Locked)
            .Add("observer", DomainEventKind.PhaseChanged, "vmsnapshot default/a", "InProgress -> Succeeded")
            .Add("observer", DomainEventKind.ConditionChanged, "vmsnapshot default/b", Locked)
            .Build();

        Assert.Empty(new OneSnapshotHoldsVm().Check(observation));
    }
}
