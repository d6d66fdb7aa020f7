using Harness.Api.Snapshots;
using Harness.Controller.Restores.Lifecycle;
using Harness.Controller.Snapshots.Status;

namespace Harness.Controller.Restores.Status;

/// <summary>Writes the conditions (and, at the end, <c>complete</c> and <c>restoreTime</c>) that say a restore is in a state.</summary>
internal static class RestoreStatusWriter
{
    /// <summary>
    /// Sets the conditions of <paramref name="state"/> on <paramref name="status"/>; <paramref name="reason"/> is the
    /// text of the states whose reason varies (waiting for the target, an error, a failure).
    /// </summary>
    public static void Write(VirtualMachineRestoreStatus status, RestoreState state, string? reason, DateTime now)
    {
        var conditions = status.Conditions ??= [];
        switch (state)
        {
            case RestoreState.Initialized:
                status.Complete ??= false;
                Set(SnapshotApi.ReasonRestoreInitializing, progressing: true, SnapshotApi.ReasonRestoreInitializing, ready: false);
                break;
            case RestoreState.RestoringVolumes:
                Set(SnapshotApi.ReasonCreatingPvcs, progressing: true, SnapshotApi.ReasonWaitingForPvcs, ready: false);
                break;
            case RestoreState.UpdatingTarget:
                Set(SnapshotApi.ReasonUpdatingTarget, progressing: true, SnapshotApi.ReasonWaitingForTarget, ready: false);
                break;
            case RestoreState.WaitingForTarget or RestoreState.InError:
                Set(Required(reason), progressing: false, Required(reason), ready: false);
                break;
            case RestoreState.Failed:
                Set(Required(reason), progressing: false, Required(reason), ready: false);
                SnapshotConditions.Set(conditions, SnapshotApi.ConditionFailure, true, Required(reason), now);
                break;
            case RestoreState.Deleting:
                Set(SnapshotApi.ReasonRestoreDeleting, progressing: false, SnapshotApi.ReasonRestoreDeleting, ready: false);
                break;
            case RestoreState.Complete:
                status.Complete = true;
                status.RestoreTime = now;
                Set(SnapshotApi.ReasonOperationComplete, progressing: false, SnapshotApi.ReasonOperationComplete, ready: true);
                break;
            default:
                throw new InvalidOperationException($"a restore has no conditions for state {state}");
        }

        void Set(string progressingReason, bool progressing, string readyReason, bool ready)
        {
            SnapshotConditions.Set(conditions, SnapshotApi.ConditionProgressing, progressing, progressingReason, now);
            SnapshotConditions.Set(conditions, SnapshotApi.ConditionReady, ready, readyReason, now);
        }

        string Required(string? text) => text ?? throw new InvalidOperationException($"state {state} needs a reason");
    }
}
