namespace Harness.Scenarios.Simulation.Scheduling;

/// <summary>How a work item runs.</summary>
internal enum WorkKind
{
    /// <summary>A continuation or callback; runs with the scheduler's <see cref="SynchronizationContext"/> current.</summary>
    Continuation,

    /// <summary>
    /// A continuation of a relay (<see cref="DeterministicScheduler.AddRelay"/>): queued inside a step, it runs in that step
    /// after the step's own work; queued from anywhere else, it is a step of its own like a <see cref="Continuation"/>.
    /// </summary>
    Relay,

    /// <summary>A task queued to the scheduler's <see cref="TaskScheduler"/>.</summary>
    Task,

    /// <summary>
    /// A completion at a library boundary: runs with no <see cref="SynchronizationContext"/> and no current task,
    /// so continuations registered with <c>ConfigureAwait(false)</c> run inline instead of hopping to the thread pool.
    /// </summary>
    Boundary,
}
