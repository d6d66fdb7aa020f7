using Stateless;

namespace Harness.Controller.Snapshots.Lifecycle;

/// <summary>
/// The lifecycle of a VirtualMachineSnapshotContent as a Stateless machine over its status: the accessor reads
/// <c>creationTime</c>/<c>readyToUse</c>, the mutator writes them (the creation time is the moment every volume
/// was cut). A content is cut only once the guest was thawed (or needed no thaw): a thaw the guest refuses
/// (Windows VSS past its limit) keeps it snapshotting with an error. Readiness may be lost later (a VolumeSnapshot
/// deleted), never the cut.
/// </summary>
internal sealed class ContentLifecycle
{
    public const string GuestThawed = "the guest was thawed or needed no thaw";

    private readonly StateMachine<ContentState, ContentTrigger> machine;

    public ContentLifecycle(Func<ContentState> read, Action<ContentState> write, Func<bool> thawed)
    {
        machine = new StateMachine<ContentState, ContentTrigger>(read, write);
        var guestThawed = Tuple.Create(thawed, GuestThawed);

        machine.Configure(ContentState.New)
            .Permit(ContentTrigger.NotAllCut, ContentState.Snapshotting)
            .PermitIf(ContentTrigger.AllCut, ContentState.Cut, guestThawed)
            .Ignore(ContentTrigger.AllReady)
            .Ignore(ContentTrigger.NotAllReady);

        machine.Configure(ContentState.Snapshotting)
            .PermitIf(ContentTrigger.AllCut, ContentState.Cut, guestThawed)
            .Ignore(ContentTrigger.NotAllCut)
            .Ignore(ContentTrigger.AllReady)
            .Ignore(ContentTrigger.NotAllReady);

        machine.Configure(ContentState.Cut)
            .Permit(ContentTrigger.AllReady, ContentState.Ready)
            .Ignore(ContentTrigger.NotAllCut)
            .Ignore(ContentTrigger.AllCut)
            .Ignore(ContentTrigger.NotAllReady);

        machine.Configure(ContentState.Ready)
            .Permit(ContentTrigger.NotAllReady, ContentState.Cut)
            .Ignore(ContentTrigger.NotAllCut)
            .Ignore(ContentTrigger.AllCut)
            .Ignore(ContentTrigger.AllReady);
    }

    public ContentState State => machine.State;

    public Task FireAsync(ContentTrigger trigger) => machine.FireAsync(trigger);

    /// <summary>Whether <paramref name="trigger"/> may move the content now; <paramref name="unmet"/> names the guards that block it.</summary>
    public bool CanFire(ContentTrigger trigger, out ICollection<string> unmet) => machine.CanFire(trigger, out unmet);

    /// <summary>The machine's graph in Mermaid.</summary>
    public string ToMermaid() => Stateless.Graph.MermaidGraph.Format(machine.GetInfo());
}
