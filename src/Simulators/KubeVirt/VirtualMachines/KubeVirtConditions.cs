using Harness.Api.Resources;

namespace Harness.Simulators.KubeVirt.VirtualMachines;

/// <summary>The conditions the VM and VMI loops write, and how both keep a condition's transition time.</summary>
internal static class KubeVirtConditions
{
    public static StatusCondition New(string type, string status, string? reason = null, string? message = null, DateTime? lastTransitionTime = null)
        => new() { Type = type, Status = status, Reason = reason, Message = message, LastTransitionTime = lastTransitionTime };

    /// <summary>
    /// Gives each desired condition the transition time of the existing one of its type when that has not changed (the
    /// same status, and the same reason when <paramref name="reasonCounts"/>), else <paramref name="now"/> unless it has one.
    /// </summary>
    public static void KeepTransitionTimes(IEnumerable<StatusCondition> desired, IList<StatusCondition>? existing, DateTime now, bool reasonCounts)
    {
        foreach (var condition in desired)
        {
            var old = VirtualMachineFacts.ConditionOf(existing, condition.Type!);
            if (old is not null && old.Status == condition.Status && (!reasonCounts || old.Reason == condition.Reason))
            {
                condition.LastTransitionTime = old.LastTransitionTime;
            }
            else
            {
                condition.LastTransitionTime ??= now;
            }
        }
    }
}
