using Harness.Api.KubeVirt;
using Harness.Api.Snapshots;
using Harness.Scenarios.Cluster.Components;
using Harness.Scenarios.Cluster.Events;

namespace Harness.Scenarios.Invariants;

/// <summary>
/// The guests <see cref="ThawFollowsFreeze"/> leaves to virt-launcher, because a real cluster does: the unfreeze on a
/// deleted or failed snapshot's path is tried and its error only logged (behaviour reference §2.6, 1a), so such a
/// guest stays frozen until virt-launcher's safety thaw, which it arms only after a <c>guest-fsfreeze-freeze</c> that
/// succeeds with a non-zero <c>unfreezeTimeout</c> (<c>FreezeVMI</c>, <c>pkg/virt-launcher/virtwrap/storage/fsfreeze.go</c>).
/// A guest qualifies when its snapshot was deleted or failed while it was frozen and one of its unfreeze requests failed
/// since it froze (at virt-launcher, at virt-api before it, or on the controller's client by an API fault). When its
/// last freeze answer since it froze left a safety thaw armed, only the prompt thaw is excused (seed 744); when it left
/// none (a freeze that failed, seed 101, or one with no timeout), nothing thaws it and it is exempt altogether.
/// </summary>
internal sealed class FailedUnfreezeExemption
{
    private readonly Dictionary<string, DomainEvent> lastFreezeAnswer = new(StringComparer.Ordinal);
    private readonly Dictionary<string, DomainEvent> lastFailedUnfreeze = new(StringComparer.Ordinal);

    public void Observe(DomainEvent e)
    {
        switch (e.Kind)
        {
            case DomainEventKind.FreezeSucceeded or DomainEventKind.FreezeFailed:
                lastFreezeAnswer[e.Subject] = e;
                break;
            case DomainEventKind.UnfreezeFailed:
                lastFailedUnfreeze[e.Subject] = e;
                break;
            case DomainEventKind.FaultInjected when UnfreezeOf(e.Subject) is { } guest:
                lastFailedUnfreeze[guest] = e;
                break;
        }
    }

    /// <summary>
    /// Whether <paramref name="guest"/>, frozen by <paramref name="frozen"/> for a snapshot that ended by
    /// <paramref name="ended"/> (null: not while frozen), may stay frozen; when it may not although its last freeze
    /// answer left no safety thaw, <paramref name="whyNot"/> says which condition is missing (else it is empty).
    /// </summary>
    public bool Exempts(string guest, DomainEvent frozen, DomainEvent? ended, out string whyNot)
    {
        whyNot = "";
        if (LastAnswer(guest, frozen) is not { } answer || !LeavesNoSafetyThaw(answer))
        {
            return false;
        }

        var outcome = answer.Kind == DomainEventKind.FreezeFailed ? "failed" : "succeeded";
        var lastFreeze = $"its last freeze request {outcome} at {answer.At:HH:mm:ss} (#{answer.Sequence}: {answer.Detail})";
        if (!EndedBy(ended))
        {
            whyNot = $"; {lastFreeze}, but its snapshot was neither deleted nor failed while it was frozen";
            return false;
        }

        if (!UnfreezeFailed(guest, frozen))
        {
            whyNot = $"; {lastFreeze}, but no unfreeze request failed after it froze: nothing tried to thaw it";
            return false;
        }

        return true;
    }

    /// <summary>
    /// Whether <paramref name="guest"/>'s thaw is left to the safety thaw its last freeze answer armed, so it need not
    /// follow the end of its snapshot promptly (it must still come within the snapshots' deadline).
    /// </summary>
    public bool LeavesToSafetyThaw(string guest, DomainEvent frozen, DomainEvent? ended) =>
        LastAnswer(guest, frozen) is { } answer && !LeavesNoSafetyThaw(answer) && EndedBy(ended) && UnfreezeFailed(guest, frozen);

    private DomainEvent? LastAnswer(string guest, DomainEvent frozen) =>
        lastFreezeAnswer.TryGetValue(guest, out var answer) && answer.Sequence > frozen.Sequence ? answer : null;

    private bool UnfreezeFailed(string guest, DomainEvent frozen) =>
        lastFailedUnfreeze.TryGetValue(guest, out var unfreeze) && unfreeze.Sequence > frozen.Sequence;

    private static bool LeavesNoSafetyThaw(DomainEvent answer) => answer.Detail.EndsWith(FreezeAnswerEvents.NoSafetyThaw, StringComparison.Ordinal);

    private static bool EndedBy(DomainEvent? ended) =>
        ended is not null && (ended.Kind == DomainEventKind.ObjectDeleted || ended.Detail.EndsWith(SnapshotApi.PhaseFailed, StringComparison.Ordinal));

    /// <summary>The guest whose unfreeze a request path (<c>/apis/subresources.kubevirt.io/v1/namespaces/NS/virtualmachineinstances/NAME/unfreeze</c>) asks for, or null.</summary>
    private static string? UnfreezeOf(string path) =>
        path.Split('/', StringSplitOptions.RemoveEmptyEntries) is ["apis", KubeVirtApi.SubresourcesGroup, _, "namespaces", var ns, KubeVirtApi.VirtualMachineInstancePlural, var name, "unfreeze"]
            ? ComponentNames.Guest(ns, name)
            : null;
}
