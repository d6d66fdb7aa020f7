namespace Harness.Runtime.Scheduling;

/// <summary>
/// Marks a place where the real system could interleave (a race point without an <c>await</c>, such as a check
/// and an update around a lock). Under a step scheduler the caller is suspended and resumed as a labelled step
/// chosen by seed; in live mode it is a no-op.
/// </summary>
public static class SchedulingPoint
{
    [ThreadStatic]
    private static IStepScheduler? t_current;

    /// <summary>The step scheduler running on this thread, or null (live mode).</summary>
    public static IStepScheduler? Current => t_current;

    /// <summary>Suspends the caller as a step named <paramref name="label"/> when a step scheduler runs it.</summary>
    public static SchedulingPointAwaitable YieldAsync(string label)
    {
        ArgumentException.ThrowIfNullOrEmpty(label);
        return new SchedulingPointAwaitable(t_current, label);
    }

    /// <summary>
    /// Makes <paramref name="scheduler"/> the one that runs this thread's scheduling points (null: live mode) and
    /// returns the previous one, for the scheduler to restore when its run on this thread ends.
    /// </summary>
    public static IStepScheduler? Enter(IStepScheduler? scheduler)
    {
        var previous = t_current;
        t_current = scheduler;
        return previous;
    }
}
