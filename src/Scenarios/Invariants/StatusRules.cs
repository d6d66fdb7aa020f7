using Harness.Api.Snapshots;

namespace Harness.Scenarios.Invariants;

/// <summary>
/// The reference's status rules for ended operations: a Succeeded snapshot has exactly Progressing=False
/// <c>Operation complete</c> and Ready (True <c>Ready</c> when ready to use, else False <c>Not ready</c>); a snapshot
/// failed by its deadline has Failure=True <c>snapshot deadline exceeded</c> and Progressing=False <c>Operation failed</c>;
/// a complete restore has Progressing=False and Ready=True, both <c>Operation complete</c>. A status with an error says
/// <c>In error state</c> on Progressing instead.
/// </summary>
public sealed class StatusRules : IInvariant
{
    public string Name => "status-rules";

    public string Description => "ended snapshots and restores carry the reference's conditions and reasons";

    public IEnumerable<Violation> Check(ScenarioObservation observation)
    {
        ArgumentNullException.ThrowIfNull(observation);
        if (observation.Settled is not { } state)
        {
            yield break;
        }

        foreach (var snapshot in state.Snapshots.Where(s => s.Metadata.DeletionTimestamp is null && s.Status is not null))
        {
            var status = snapshot.Status!;
            var progressing = status.Error is null ? null : SnapshotApi.ReasonInErrorState;
            var expected = status.Phase switch
            {
                SnapshotApi.PhaseSucceeded => new[]
                {
                    (SnapshotApi.ConditionProgressing, SnapshotApi.ConditionFalse, progressing ?? SnapshotApi.ReasonOperationComplete),
                    status.ReadyToUse == true
                        ? (SnapshotApi.ConditionReady, SnapshotApi.ConditionTrue, SnapshotApi.ReasonReady)
                        : (SnapshotApi.ConditionReady, SnapshotApi.ConditionFalse, SnapshotApi.ReasonNotReady),
                },
                SnapshotApi.PhaseFailed =>
                [
                    (SnapshotApi.ConditionProgressing, SnapshotApi.ConditionFalse, progressing ?? SnapshotApi.ReasonOperationFailed),
                    (SnapshotApi.ConditionFailure, SnapshotApi.ConditionTrue, SnapshotApi.ReasonDeadlineExceeded),
                ],
                _ => [],
            };
            foreach (var problem in Missing(status.Conditions, expected))
            {
                yield return new Violation(Name, $"vmsnapshot {snapshot.Metadata.NamespaceProperty}/{snapshot.Metadata.Name}", state.At, $"{status.Phase}: {problem}");
            }
        }

        foreach (var restore in state.Restores.Where(r => r.Metadata.DeletionTimestamp is null && r.Status?.Complete == true))
        {
            var expected = new[]
            {
                (SnapshotApi.ConditionProgressing, SnapshotApi.ConditionFalse, SnapshotApi.ReasonOperationComplete),
                (SnapshotApi.ConditionReady, SnapshotApi.ConditionTrue, SnapshotApi.ReasonOperationComplete),
            };
            foreach (var problem in Missing(restore.Status!.Conditions, expected))
            {
                yield return new Violation(Name, $"vmrestore {restore.Metadata.NamespaceProperty}/{restore.Metadata.Name}", state.At, $"complete: {problem}");
            }
        }
    }

    private static IEnumerable<string> Missing(IList<SnapshotCondition>? conditions, IEnumerable<(string Type, string Status, string Reason)> expected)
    {
        foreach (var (type, status, reason) in expected)
        {
            var found = Conditions.Find(conditions, type);
            if (found?.Status != status || found.Reason != reason)
            {
                yield return $"expected {type}={status}/{reason}, found {(found is null ? "none" : $"{found.Status}/{found.Reason}")}{Conditions.Describe(conditions)}";
            }
        }
    }
}
