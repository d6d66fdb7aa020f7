using Harness.Api.Snapshots;
using Harness.Scenarios.Cluster.Components;
using Harness.Scenarios.Cluster.Events;
using Harness.Scenarios.Operations;
using Harness.Simulators.GuestAgent;

namespace Harness.Scenarios.Invariants;

/// <summary>
/// Every guest freeze is followed by a thaw (or the guest stops) on every path; no guest stays frozen longer than the
/// deadline of the snapshots of its VM allows (a snapshot without a deadline allows any time); and a guest frozen for
/// a snapshot is thawed promptly once that snapshot ends (Succeeded, Failed or deleted), not left to the auto-thaw at
/// its deadline; and no guest is frozen for a snapshot already deleted (PR #8086). A freeze is the snapshot's that last
/// locked the VM (<c>Source locked</c>, or its content created) before it. A guest whose agent disconnects is exempt
/// from the prompt thaw: the reference only logs a thaw that fails on the ending paths. So is a guest whose deleted or
/// failed snapshot's unfreeze failed: it waits for virt-launcher's safety thaw, within the deadline; when its last
/// freeze answer armed none, it is exempt from all three (<see cref="FailedUnfreezeExemption"/>).
/// </summary>
public sealed class ThawFollowsFreeze : IInvariant
{
    /// <summary>Time beyond the deadline for the auto-thaw or the controller's cleanup to arrive.</summary>
    private static readonly TimeSpan Slack = TimeSpan.FromSeconds(10);

    /// <summary>Time after a snapshot ends for its thaw to arrive (a hanging freeze holds the agent up to 20 s).</summary>
    private static readonly TimeSpan EndSlack = TimeSpan.FromSeconds(30);

    private static readonly string SourceLocked = $"{SnapshotApi.ConditionProgressing}={SnapshotApi.ConditionTrue}/{SnapshotApi.ReasonSourceLocked}";

    public string Name => "thaw-follows-freeze";

    public string Description => "every guest freeze is followed by a thaw, within its snapshot's deadline and promptly once the snapshot ends";

    public IEnumerable<Violation> Check(ScenarioObservation observation)
    {
        ArgumentNullException.ThrowIfNull(observation);
        var frozenSince = new Dictionary<string, (DomainEvent Event, string? Snapshot)>(StringComparer.Ordinal);
        var lastLocker = new Dictionary<string, string>(StringComparer.Ordinal);
        var endedWhileFrozen = new Dictionary<string, DomainEvent>(StringComparer.Ordinal);
        var deleted = new Dictionary<string, DomainEvent>(StringComparer.Ordinal);
        var exemption = new FailedUnfreezeExemption();
        foreach (var e in observation.Events)
        {
            exemption.Observe(e);
            switch (e.Kind)
            {
                case DomainEventKind.GuestFrozen:
                    var holder = lastLocker.GetValueOrDefault(e.Subject);
                    if (holder is not null && deleted.TryGetValue(holder, out var gone))
                    {
                        yield return new Violation(
                            Name, e.Subject, e.At,
                            $"frozen at {e.At:HH:mm:ss} (#{e.Sequence}) for {holder}, the last snapshot to lock its VM, which was deleted at {gone.At:HH:mm:ss} (#{gone.Sequence})");
                    }

                    frozenSince.TryAdd(e.Subject, (e, holder));
                    break;
                case DomainEventKind.GuestThawed or DomainEventKind.GuestStopped when frozenSince.Remove(e.Subject, out var frozen):
                    endedWhileFrozen.Remove(e.Subject, out var ended);
                    if (exemption.Exempts(e.Subject, frozen.Event, ended, out var whyNot))
                    {
                        break;
                    }

                    if (Allowed(observation, e.Subject) is { } allowed && e.At - frozen.Event.At > allowed + Slack)
                    {
                        yield return new Violation(
                            Name, e.Subject, e.At,
                            $"frozen at {frozen.Event.At:HH:mm:ss} (event #{frozen.Event.Sequence}) until {e.At:HH:mm:ss} ({e.Kind}, #{e.Sequence}): {e.At - frozen.Event.At}, longer than its snapshots' deadline {allowed} allows{whyNot}");
                    }

                    if (ended is not null && e.At - ended.At > EndSlack && !Disconnects(observation, e.Subject)
                        && !exemption.LeavesToSafetyThaw(e.Subject, frozen.Event, ended))
                    {
                        yield return new Violation(
                            Name, e.Subject, e.At,
                            $"frozen at {frozen.Event.At:HH:mm:ss} (#{frozen.Event.Sequence}) for {frozen.Snapshot}, which ended at {ended.At:HH:mm:ss} ({ended.Kind} {ended.Detail}, #{ended.Sequence}), but thawed only at {e.At:HH:mm:ss} ({e.Kind}, #{e.Sequence}){whyNot}");
                    }

                    break;
                case DomainEventKind.ConditionChanged when e.Detail == SourceLocked && GuestOf(observation, e.Subject) is { } locked:
                    lastLocker[locked] = e.Subject;
                    break;
                case DomainEventKind.ObjectCreated when SnapshotOfContent(e) is { } owner && GuestOf(observation, owner) is { } contentGuest:
                    lastLocker[contentGuest] = owner;
                    break;
                case DomainEventKind.PhaseChanged or DomainEventKind.ObjectDeleted when Ends(e) && GuestOf(observation, e.Subject) is { } guest:
                    if (e.Kind == DomainEventKind.ObjectDeleted)
                    {
                        deleted[e.Subject] = e;
                    }

                    if (frozenSince.TryGetValue(guest, out var held) && held.Snapshot == e.Subject)
                    {
                        endedWhileFrozen.TryAdd(guest, e);
                    }

                    break;
            }
        }

        var end = observation.Events.Count > 0 ? observation.Events[^1].At : observation.FaultsEnded;
        foreach (var (guest, frozen) in frozenSince.OrderBy(f => f.Key, StringComparer.Ordinal))
        {
            if (!exemption.Exempts(guest, frozen.Event, endedWhileFrozen.GetValueOrDefault(guest), out var whyNot))
            {
                yield return new Violation(
                    Name, guest, frozen.Event.At,
                    $"frozen at {frozen.Event.At:HH:mm:ss} (event #{frozen.Event.Sequence}, {frozen.Event.Detail}) and never thawed; the run ended at {end:HH:mm:ss}, after every snapshot and restore was deleted{whyNot}");
            }
        }
    }

    private static bool Ends(DomainEvent e) =>
        e.Subject.StartsWith("vmsnapshot ", StringComparison.Ordinal)
        && (e.Kind == DomainEventKind.ObjectDeleted || e.Detail.EndsWith(SnapshotApi.PhaseSucceeded, StringComparison.Ordinal) || e.Detail.EndsWith(SnapshotApi.PhaseFailed, StringComparison.Ordinal));

    /// <summary>
    /// The snapshot (<c>vmsnapshot ns/name</c>) whose content a creation event names. KubeVirt creates a content only once
    /// its snapshot locked the VM (§2.2), so the content shows the lock even when the status write saying so failed (seed 188).
    /// </summary>
    private static string? SnapshotOfContent(DomainEvent e)
    {
        const string Content = "vmsnapshotcontent ", Of = "of vmsnapshot ";
        var slash = e.Subject.IndexOf('/', StringComparison.Ordinal);
        return e.Subject.StartsWith(Content, StringComparison.Ordinal) && slash > 0 && e.Detail.StartsWith(Of, StringComparison.Ordinal)
            ? $"vmsnapshot {e.Subject[Content.Length..slash]}/{e.Detail[Of.Length..]}"
            : null;
    }

    /// <summary>The guest of the VM a snapshot of the schedule is of, from the event subject <c>vmsnapshot ns/name</c>.</summary>
    private static string? GuestOf(ScenarioObservation observation, string subject) =>
        observation.SnapshotOf(subject) is { } created ? ComponentNames.Guest(created.Namespace, created.Vm) : null;

    private static bool Disconnects(ScenarioObservation observation, string guest) =>
        observation.Scenario.World.VirtualMachines.Any(vm => ComponentNames.Guest(vm.Namespace, vm.Name) == guest
            && vm.GuestFaults.ContainsKey(GuestFaults.AnnotationPrefix + "guest-agent-disconnect-after"));

    /// <summary>The longest deadline among the schedule's snapshots of the guest's VM; null when one has none.</summary>
    private static TimeSpan? Allowed(ScenarioObservation observation, string guest)
    {
        var deadlines = observation.Scenario.Schedule.Operations.OfType<CreateSnapshot>()
            .Where(s => ComponentNames.Guest(s.Namespace, s.Vm) == guest)
            .Select(s => ScenarioObservation.Deadline(s.FailureDeadline))
            .ToList();
        return deadlines.Count == 0 || deadlines.Any(d => d is null) ? null : deadlines.Max();
    }
}
