using Harness.Api.Snapshots;

namespace Harness.Controller.Snapshots.Status;

/// <summary>
/// KubeVirt's condition update rule: a condition of the same type is replaced in place only when its status or
/// reason changed (so <c>lastTransitionTime</c> moves only on a real change), else a new one is appended; the
/// order is the order of first insertion. Only type, status, reason and lastTransitionTime are written.
/// </summary>
internal static class SnapshotConditions
{
    public static void Set(IList<SnapshotCondition> conditions, string type, bool status, string reason, DateTime now)
    {
        var text = status ? SnapshotApi.ConditionTrue : SnapshotApi.ConditionFalse;
        for (var i = 0; i < conditions.Count; i++)
        {
            if (conditions[i].Type != type)
            {
                continue;
            }

            if (conditions[i].Status != text || conditions[i].Reason != reason)
            {
                conditions[i] = new SnapshotCondition { Type = type, Status = text, Reason = reason, LastTransitionTime = now };
            }

            return;
        }

        conditions.Add(new SnapshotCondition { Type = type, Status = text, Reason = reason, LastTransitionTime = now });
    }
}
