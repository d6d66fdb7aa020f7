namespace Harness.Scenarios.Simulation.Scheduling;

/// <summary>
/// Marks a place where the real system could interleave (a race point without an <c>await</c>, such as a check
/// and an update around a lock). Under a <see cref="DeterministicScheduler"/> the caller is suspended and resumed
/// as a labelled step chosen by seed; in live mode it is a no-op.
/// </summary>
public static class SchedulingPoint
{
    /// <summary>Suspends the caller as a step named <paramref name="label"/> when a deterministic scheduler runs it.</summary>
    public static SchedulingPointAwaitable YieldAsync(string label)
    {
        ArgumentException.ThrowIfNullOrEmpty(label);
        return new SchedulingPointAwaitable(DeterministicScheduler.Current, label);
    }
}
