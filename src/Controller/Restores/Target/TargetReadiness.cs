using Harness.Api.Snapshots;
using Harness.Durations;

namespace Harness.Controller.Restores.Target;

/// <summary>
/// What a restore does while its target VM still has a VMI (KubeVirt's <c>handleVMRestoreTargetNotReady</c>, §3.3):
/// the policy's condition reason and event message, whether it stops the target, and whether it fails at once.
/// </summary>
internal sealed record TargetReadiness(string Reason, string EventMessage, bool StopsTarget, bool Fails)
{
    public const string VmiExistsMessage = "Restore target VMI still exists, please stop the restore target to proceed with restore";
    public const string WaitEventuallyReason = "Waiting for target VM to be powered off. Please stop the restore target to proceed with restore";
    public const string StopTargetReason = "Automatically stopping restore target for restore operation";
    public const string FailImmediateReason = "Restore target VMI must be powered off before restore operation";

    /// <summary>The reason written while waiting under <c>WaitGracePeriod</c>.</summary>
    public static string WaitGracePeriodReason(TimeSpan gracePeriod) =>
        $"{WaitEventuallyReason}, or the operation will fail after {GoDuration.Format(gracePeriod)}";

    /// <summary>The reason of a restore whose grace period passed with the VMI still there.</summary>
    public static string GracePeriodExceededReason(TimeSpan gracePeriod) =>
        $"Restore target failed to be ready within {GoDuration.Format(gracePeriod)}. Please power off the target VM before attempting restore";

    /// <summary>Whether <paramref name="reason"/> is one a restore waiting for its target writes.</summary>
    public static bool IsWaitingReason(string? reason, TimeSpan gracePeriod) =>
        reason == WaitEventuallyReason || reason == StopTargetReason || reason == WaitGracePeriodReason(gracePeriod);

    /// <summary>The policy of <paramref name="restore"/> applied at <paramref name="now"/>.</summary>
    /// <exception cref="InvalidOperationException">The policy is not one KubeVirt knows.</exception>
    public static TargetReadiness Of(VirtualMachineRestore restore, DateTimeOffset now, TimeSpan gracePeriod) =>
        (restore.Spec.TargetReadinessPolicy ?? SnapshotApi.TargetReadinessWaitGracePeriod) switch
        {
            SnapshotApi.TargetReadinessWaitEventually => new(WaitEventuallyReason, VmiExistsMessage, StopsTarget: false, Fails: false),
            SnapshotApi.TargetReadinessStopTarget => new(StopTargetReason, StopTargetReason, StopsTarget: true, Fails: false),
            SnapshotApi.TargetReadinessFailImmediate => new(FailImmediateReason, FailImmediateReason, StopsTarget: false, Fails: true),
            SnapshotApi.TargetReadinessWaitGracePeriod when now > GraceDeadline(restore, gracePeriod) =>
                new(GracePeriodExceededReason(gracePeriod), GracePeriodExceededReason(gracePeriod), StopsTarget: false, Fails: true),
            SnapshotApi.TargetReadinessWaitGracePeriod => new(WaitGracePeriodReason(gracePeriod), VmiExistsMessage, StopsTarget: false, Fails: false),
            var unknown => throw new InvalidOperationException($"unknown targetReadinessPolicy: {unknown}"),
        };

    /// <summary>When a restore under <c>WaitGracePeriod</c> gives up: its creation plus the grace period.</summary>
    public static DateTimeOffset GraceDeadline(VirtualMachineRestore restore, TimeSpan gracePeriod) =>
        new DateTimeOffset(DateTime.SpecifyKind(restore.Metadata.CreationTimestamp ?? DateTime.MinValue, DateTimeKind.Utc)) + gracePeriod;
}
