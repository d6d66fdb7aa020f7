namespace Harness.Scenarios.Simulation.Scheduling;

/// <summary>Settings of a <see cref="DeterministicScheduler"/>.</summary>
public sealed class DeterministicSchedulerOptions
{
    /// <summary>The virtual clock's start.</summary>
    /// <value>2026-01-01T00:00:00Z.</value>
    public DateTimeOffset StartTime { get; init; } = new(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);

    /// <summary>The most steps one <c>Run</c> call may take before it fails with <see cref="SimulationStepLimitException"/>.</summary>
    /// <value>10,000,000.</value>
    public long MaxSteps { get; init; } = 10_000_000;

    /// <summary>
    /// How long (real time) the scheduler waits for a continuation that a library moved to the thread pool to come
    /// back before it fails with <see cref="DeterminismViolationException"/>. Such continuations take microseconds;
    /// the bound only turns a lost continuation into an error instead of a hang.
    /// </summary>
    /// <value>30 seconds.</value>
    public TimeSpan ThreadPoolHopTimeout { get; init; } = TimeSpan.FromSeconds(30);
}
