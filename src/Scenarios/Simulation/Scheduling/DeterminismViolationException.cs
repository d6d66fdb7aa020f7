namespace Harness.Scenarios.Simulation.Scheduling;

/// <summary>
/// Work of the simulation ran outside the scheduler (on the thread pool or another thread) where the scheduler
/// did not expect it, so the run can no longer be replayed from its seed.
/// </summary>
public sealed class DeterminismViolationException(string message) : Exception(message);
