using Harness.Api.KubeVirt;
using Harness.Api.Snapshots;
using Harness.Scenarios.Cluster.Components;
using Harness.Scenarios.Cluster.Events;

namespace Harness.Scenarios.Invariants;

/// <summary>
/// The guests <see cref="ThawFollowsFreeze"/> lets stay frozen because a real cluster leaves them frozen too (seed 101
/// at 4fe1f87): virt-launcher arms its safety thaw only after a <c>guest-fsfreeze-freeze</c> that succeeds
/// (<c>FreezeVMI</c>, <c>pkg/virt-launcher/virtwrap/storage/fsfreeze.go</c>), so a freeze that froze the guest but
/// failed or timed out leaves none; and the unfreeze on a deleted or failed snapshot's path is tried and its error
/// only logged (behaviour reference §2.6, 1a). Exempt is exactly a guest whose last freeze answer since it froze is a
/// failure with no safety thaw armed, whose snapshot was deleted or failed while it was frozen, and one of whose
/// unfreeze requests failed since it froze (at virt-launcher, or on the controller's client by an API fault). A guest
/// frozen by a freeze that succeeded is never exempt.
/// </summary>
internal sealed class FailedFreezeExemption
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
    /// failed with no safety thaw, <paramref name="whyNot"/> says which condition is missing (else it is empty).
    /// </summary>
    public bool Exempts(string guest, DomainEvent frozen, DomainEvent? ended, out string whyNot)
    {
        whyNot = "";
        if (!lastFreezeAnswer.TryGetValue(guest, out var answer) || answer.Sequence < frozen.Sequence
            || answer.Kind != DomainEventKind.FreezeFailed || !answer.Detail.EndsWith(FreezeAnswerEvents.NoSafetyThaw, StringComparison.Ordinal))
        {
            return false;
        }

        var failedFreeze = $"its last freeze request failed at {answer.At:HH:mm:ss} (#{answer.Sequence}: {answer.Detail})";
        if (ended is null || !(ended.Kind == DomainEventKind.ObjectDeleted || ended.Detail.EndsWith(SnapshotApi.PhaseFailed, StringComparison.Ordinal)))
        {
            whyNot = $"; {failedFreeze}, but its snapshot was neither deleted nor failed while it was frozen";
            return false;
        }

        if (!lastFailedUnfreeze.TryGetValue(guest, out var unfreeze) || unfreeze.Sequence < frozen.Sequence)
        {
            whyNot = $"; {failedFreeze}, but no unfreeze request failed after it froze: nothing tried to thaw it";
            return false;
        }

        return true;
    }

    /// <summary>The guest whose unfreeze a request path (<c>/apis/subresources.kubevirt.io/v1/namespaces/NS/virtualmachineinstances/NAME/unfreeze</c>) asks for, or null.</summary>
    private static string? UnfreezeOf(string path) =>
        path.Split('/', StringSplitOptions.RemoveEmptyEntries) is ["apis", KubeVirtApi.SubresourcesGroup, _, "namespaces", var ns, KubeVirtApi.VirtualMachineInstancePlural, var name, "unfreeze"]
            ? ComponentNames.Guest(ns, name)
            : null;
}
