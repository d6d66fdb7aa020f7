using Harness.Api.Snapshots;
using Harness.Controller.Clients;
using Harness.Controller.Snapshots.Lifecycle;
using Harness.Controller.Snapshots.Source;

namespace Harness.Controller.Snapshots.Status;

/// <summary>
/// Composes a snapshot's status as KubeVirt's <c>updateSnapshotStatus</c> does (§2.7), from the lifecycle state
/// this pass reached, the source and the content: the content's creation time, readiness and error; the phase and
/// the Progressing, Ready and Failure conditions with their reasons; the indications while in progress and the
/// included and excluded volumes on success.
/// </summary>
internal static class SnapshotStatusComposer
{
    public static VirtualMachineSnapshotStatus Compose(
        VirtualMachineSnapshot snapshot, SnapshotState state, SourceState? source, VirtualMachineSnapshotContent? content, string sourceReason, DateTime now)
    {
        var status = snapshot.Status is { } existing ? ObjectCopy.Of(existing) : new VirtualMachineSnapshotStatus { ReadyToUse = false };
        if (source is not null)
        {
            status.SourceUid = source.Vm.Metadata.Uid;
        }

        if (content?.Status is { } contentStatus)
        {
            status.VirtualMachineSnapshotContentName = content.Metadata.Name;
            status.CreationTime = contentStatus.CreationTime;
            status.ReadyToUse = contentStatus.ReadyToUse;
            status.Error = contentStatus.Error;
        }

        var conditions = status.Conditions ?? [];
        switch (state)
        {
            case SnapshotState.Failed:
                status.Phase = SnapshotApi.PhaseFailed;
                SnapshotConditions.Set(conditions, SnapshotApi.ConditionProgressing, false, SnapshotApi.ReasonOperationFailed, now);
                SnapshotConditions.Set(conditions, SnapshotApi.ConditionFailure, true, SnapshotApi.ReasonDeadlineExceeded, now);
                break;
            case SnapshotState.Succeeded:
                status.Phase = SnapshotApi.PhaseSucceeded;
                SnapshotConditions.Set(conditions, SnapshotApi.ConditionProgressing, false, SnapshotApi.ReasonOperationComplete, now);
                if (content is not null)
                {
                    SnapshotIndications.OnSuccess(status, content);
                }

                break;
            default:
                status.Phase = SnapshotApi.PhaseInProgress;
                if (source is null)
                {
                    SnapshotConditions.Set(conditions, SnapshotApi.ConditionProgressing, false, SnapshotApi.ReasonSourceDoesNotExist, now);
                }
                else
                {
                    var locked = state is SnapshotState.SourceLocked or SnapshotState.ContentCreated;
                    SnapshotConditions.Set(conditions, SnapshotApi.ConditionProgressing, locked, sourceReason, now);
                    SnapshotIndications.WhileInProgress(status, source);
                }

                if (state == SnapshotState.Deleting)
                {
                    status.Phase = SnapshotApi.PhaseDeleting;
                    SnapshotConditions.Set(conditions, SnapshotApi.ConditionProgressing, false, SnapshotApi.ReasonSnapshotDeleting, now);
                }

                break;
        }

        SnapshotConditions.Set(conditions, SnapshotApi.ConditionReady, status.ReadyToUse == true, status.ReadyToUse == true ? SnapshotApi.ReasonReady : SnapshotApi.ReasonNotReady, now);
        if (status.Error is not null)
        {
            SnapshotConditions.Set(conditions, SnapshotApi.ConditionProgressing, false, SnapshotApi.ReasonInErrorState, now);
        }

        status.Conditions = conditions;
        return status;
    }
}
