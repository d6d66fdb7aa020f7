using Harness.Api.Snapshots;
using Harness.Controller.Clients;
using Harness.Controller.Snapshots.Lifecycle;
using Harness.Controller.Snapshots.Source;
using Harness.Reconciling;

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
        var (progressing, progressingReason) = Progressing(state, source, sourceReason);
        switch (state)
        {
            case SnapshotState.Failed:
                status.Phase = SnapshotApi.PhaseFailed;
                break;
            case SnapshotState.Succeeded:
                status.Phase = SnapshotApi.PhaseSucceeded;
                if (content is not null)
                {
                    SnapshotIndications.OnSuccess(status, content);
                }

                break;
            default:
                status.Phase = state == SnapshotState.Deleting ? SnapshotApi.PhaseDeleting : SnapshotApi.PhaseInProgress;
                if (source is not null)
                {
                    SnapshotIndications.WhileInProgress(status, source);
                }

                break;
        }

        if (status.Error is not null)
        {
            (progressing, progressingReason) = (false, SnapshotApi.ReasonInErrorState);
        }

        SnapshotConditions.Set(conditions, SnapshotApi.ConditionProgressing, progressing, progressingReason, now);
        if (state == SnapshotState.Failed)
        {
            SnapshotConditions.Set(conditions, SnapshotApi.ConditionFailure, true, SnapshotApi.ReasonDeadlineExceeded, now);
        }

        SnapshotConditions.Set(conditions, SnapshotApi.ConditionReady, status.ReadyToUse == true, status.ReadyToUse == true ? SnapshotApi.ReasonReady : SnapshotApi.ReasonNotReady, now);
        status.Conditions = conditions;
        return status;
    }

    /// <summary>
    /// The Progressing condition this pass ends with, decided once (an error overrides it): setting it twice in one pass
    /// would move its lastTransitionTime on every pass, and every pass would write the status again.
    /// </summary>
    private static (bool Status, string Reason) Progressing(SnapshotState state, SourceState? source, string sourceReason) => state switch
    {
        SnapshotState.Failed => (false, SnapshotApi.ReasonOperationFailed),
        SnapshotState.Succeeded => (false, SnapshotApi.ReasonOperationComplete),
        SnapshotState.Deleting => (false, SnapshotApi.ReasonSnapshotDeleting),
        _ when source is null => (false, SnapshotApi.ReasonSourceDoesNotExist),
        _ => (state is SnapshotState.SourceLocked or SnapshotState.ContentCreated, sourceReason),
    };
}
