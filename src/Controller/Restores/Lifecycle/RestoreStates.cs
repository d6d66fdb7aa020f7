using Harness.Api.Snapshots;
using Harness.Controller.Restores.Target;

namespace Harness.Controller.Restores.Lifecycle;

/// <summary>The restore lifecycle's state accessor: the state its status says it is in.</summary>
internal static class RestoreStates
{
    public static RestoreState Read(VirtualMachineRestore restore, TimeSpan gracePeriod)
    {
        var status = restore.Status;
        if (status is null)
        {
            return RestoreState.New;
        }

        var conditions = status.Conditions ?? [];
        var progressing = conditions.FirstOrDefault(c => c.Type == SnapshotApi.ConditionProgressing)?.Reason;
        return status.Complete == true ? RestoreState.Complete
            : conditions.Any(c => c.Type == SnapshotApi.ConditionFailure) ? RestoreState.Failed
            : progressing switch
            {
                SnapshotApi.ReasonRestoreDeleting => RestoreState.Deleting,
                SnapshotApi.ReasonRestoreInitializing => RestoreState.Initialized,
                SnapshotApi.ReasonCreatingPvcs => RestoreState.RestoringVolumes,
                SnapshotApi.ReasonUpdatingTarget => RestoreState.UpdatingTarget,
                _ when TargetReadiness.IsWaitingReason(progressing, gracePeriod) => RestoreState.WaitingForTarget,
                _ => RestoreState.InError,
            };
    }
}
