using Harness.Scenarios.Cluster.Components;
using Harness.Simulators.KubeVirt.Instances;

namespace Harness.Scenarios.Cluster.Events;

/// <summary>
/// virt-launcher's answers to freeze and unfreeze requests, and virt-api's refusals of unfreezes, as events of
/// KubeVirt's lane about the guest: <see cref="DomainEventKind.FreezeSucceeded"/>, <see cref="DomainEventKind.FreezeFailed"/>
/// and <see cref="DomainEventKind.UnfreezeFailed"/> (an unfreeze that succeeds shows as the guest's own thaw).
/// </summary>
public static class FreezeAnswerEvents
{
    /// <summary>How a freeze answer's detail ends when no safety thaw is armed after it.</summary>
    public const string NoSafetyThaw = "no safety thaw armed";

    /// <summary>How a freeze answer's detail ends when a safety thaw is armed after it.</summary>
    public const string SafetyThawArmed = "safety thaw armed";

    public static void Record(DomainEventLog log, FreezeAnswer answer)
    {
        ArgumentNullException.ThrowIfNull(log);
        ArgumentNullException.ThrowIfNull(answer);
        var guest = ComponentNames.Guest(answer.Instance.Namespace, answer.Instance.Name);
        var thaw = answer.SafetyThawArmed ? SafetyThawArmed : NoSafetyThaw;
        if (!answer.Unfreeze)
        {
            log.Record(ComponentNames.KubeVirt, answer.Error is null ? DomainEventKind.FreezeSucceeded : DomainEventKind.FreezeFailed, guest, answer.Error is null ? thaw : $"{answer.Error}; {thaw}");
        }
        else if (answer.Error is { } error)
        {
            log.Record(ComponentNames.KubeVirt, DomainEventKind.UnfreezeFailed, guest, error);
        }
    }
}
