using Harness.Api.Snapshots;
using Harness.Durations;

namespace Harness.Controller.Snapshots.Status;

/// <summary>
/// A snapshot's failure deadline: <c>metadata.creationTimestamp + spec.failureDeadline</c> (5 minutes when unset;
/// <c>0</c> means none). A Failed snapshot counts as past it, a Succeeded one never does.
/// </summary>
internal static class SnapshotDeadline
{
    /// <summary>The failure deadline duration; zero means none.</summary>
    public static TimeSpan Duration(VirtualMachineSnapshot snapshot) =>
        snapshot.Spec.FailureDeadline is { } text && GoDuration.TryParse(text, out var duration)
            ? duration
            : SnapshotApi.DefaultFailureDeadline;

    /// <summary>Time left until the deadline, or null when there is none.</summary>
    public static TimeSpan? Remaining(VirtualMachineSnapshot snapshot, DateTimeOffset now)
    {
        var duration = Duration(snapshot);
        if (duration <= TimeSpan.Zero)
        {
            return null;
        }

        var created = snapshot.Metadata.CreationTimestamp is { } timestamp
            ? new DateTimeOffset(DateTime.SpecifyKind(timestamp, DateTimeKind.Utc))
            : now;
        return created + duration - now;
    }

    public static bool Exceeded(VirtualMachineSnapshot snapshot, DateTimeOffset now) => snapshot.Status?.Phase switch
    {
        SnapshotApi.PhaseFailed => true,
        SnapshotApi.PhaseSucceeded => false,
        _ => Remaining(snapshot, now) <= TimeSpan.Zero,
    };
}
