using Harness.Controller.Snapshots.Source;
using Stateless;

namespace Harness.Controller.Snapshots.Lifecycle;

/// <summary>
/// The lifecycle of a VirtualMachineSnapshot as a Stateless machine whose state lives in the API server (the
/// accessor reads it, the mutator writes the phase into the status being composed), so a restarted controller
/// resumes where the objects say. The deadline outranks success (a content cut after the deadline is Failed) and
/// Succeeded and Failed are sticky. Locking waits on <see cref="SourceLockGuards"/>; a blocked lock explains itself
/// through <see cref="BlockedLockGuards"/>. Entry actions only start their side effect (Stateless continues with
/// <c>ConfigureAwait(false)</c>, which would move an awaited action off the caller's scheduler);
/// <see cref="FireAsync"/> then awaits what the transition started.
/// </summary>
internal sealed class SnapshotLifecycle
{
    public const string DeadlineNotPassed = "the failure deadline has not passed";

    private readonly StateMachine<SnapshotState, SnapshotTrigger> machine;
    private readonly List<Task> started = [];

    public SnapshotLifecycle(
        Func<SnapshotState> read,
        Action<SnapshotState> write,
        IReadOnlyList<LockGuard> lockGuards,
        Func<bool> deadlinePassed,
        Func<Task> lockSource,
        Func<Task> createContent)
    {
        machine = new StateMachine<SnapshotState, SnapshotTrigger>(read, write);
        LockGuards = lockGuards;
        var notPassed = Tuple.Create<Func<bool>, string>(() => !deadlinePassed(), DeadlineNotPassed);

        machine.Configure(SnapshotState.New)
            .Permit(SnapshotTrigger.Observed, SnapshotState.WaitingForSource)
            .Permit(SnapshotTrigger.DeadlineExceeded, SnapshotState.Failed)
            .Permit(SnapshotTrigger.Deleted, SnapshotState.Deleting)
            .Ignore(SnapshotTrigger.SourceUnlocked)
            .Ignore(SnapshotTrigger.ContentMissing)
            .Ignore(SnapshotTrigger.ContentCut);

        machine.Configure(SnapshotState.InProgress)
            .Permit(SnapshotTrigger.DeadlineExceeded, SnapshotState.Failed)
            .PermitIf(SnapshotTrigger.ContentCut, SnapshotState.Succeeded, notPassed)
            .Permit(SnapshotTrigger.Deleted, SnapshotState.Deleting)
            .Ignore(SnapshotTrigger.Observed);

        machine.Configure(SnapshotState.WaitingForSource)
            .SubstateOf(SnapshotState.InProgress)
            .PermitIf(SnapshotTrigger.SourceUnlocked, SnapshotState.SourceLocked, [.. lockGuards.Select(g => Tuple.Create<Func<bool>, string>(g.Holds, g.Description))])
            .Ignore(SnapshotTrigger.ContentMissing);

        machine.Configure(SnapshotState.SourceLocked)
            .SubstateOf(SnapshotState.InProgress)
            .OnEntryFrom(SnapshotTrigger.SourceUnlocked, () => started.Add(lockSource()), "lock the source (status.snapshotInProgress, then the finalizer)")
            .Permit(SnapshotTrigger.ContentMissing, SnapshotState.ContentCreated)
            .Ignore(SnapshotTrigger.SourceUnlocked);

        machine.Configure(SnapshotState.ContentCreated)
            .SubstateOf(SnapshotState.InProgress)
            .OnEntryFrom(SnapshotTrigger.ContentMissing, () => started.Add(createContent()), "create the content (captured VM, volume backups)")
            .Ignore(SnapshotTrigger.SourceUnlocked)
            .Ignore(SnapshotTrigger.ContentMissing);

        machine.Configure(SnapshotState.Deleting)
            .Permit(SnapshotTrigger.DeadlineExceeded, SnapshotState.Failed)
            .PermitIf(SnapshotTrigger.ContentCut, SnapshotState.Succeeded, notPassed)
            .Ignore(SnapshotTrigger.Observed)
            .Ignore(SnapshotTrigger.SourceUnlocked)
            .Ignore(SnapshotTrigger.ContentMissing)
            .Ignore(SnapshotTrigger.Deleted);

        foreach (var terminal in new[] { SnapshotState.Succeeded, SnapshotState.Failed })
        {
            var state = machine.Configure(terminal);
            foreach (var trigger in Enum.GetValues<SnapshotTrigger>())
            {
                state.Ignore(trigger);
            }
        }
    }

    public IReadOnlyList<LockGuard> LockGuards { get; }

    public SnapshotState State => machine.State;

    public bool IsInProgress => machine.IsInState(SnapshotState.InProgress);

    /// <summary>Fires <paramref name="trigger"/> and awaits the side effects its transition started.</summary>
    public async Task FireAsync(SnapshotTrigger trigger)
    {
        await machine.FireAsync(trigger);
        var effects = started.ToArray();
        started.Clear();
        foreach (var effect in effects)
        {
            await effect;
        }
    }

    /// <summary>The lock guards that block <see cref="SnapshotTrigger.SourceUnlocked"/> now, in check order.</summary>
    public IReadOnlyList<LockGuard> BlockedLockGuards() =>
        machine.CanFire(SnapshotTrigger.SourceUnlocked, out var unmet)
            ? []
            : [.. LockGuards.Where(g => unmet.Contains(g.Description))];

    /// <summary>The machine's graph in Mermaid.</summary>
    public string ToMermaid() => Stateless.Graph.MermaidGraph.Format(machine.GetInfo());
}
