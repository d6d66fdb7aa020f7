namespace Harness.Scenarios.Simulation.Scheduling;

/// <summary>
/// The <see cref="SynchronizationContext"/> current during a scheduler step: every <c>Post</c> (an await
/// continuation, <c>Task.Yield</c>, a channel or semaphore waking a waiter) becomes a work item the scheduler
/// picks by seed. Each step gets its own instance, so a task completed during a step never runs an awaiting
/// continuation inline: the continuation is posted and becomes a step of its own, an interleaving point.
/// Continuations of a boundary library (<see cref="DeterministicScheduler.AddBoundaryLibrary"/>) run as boundary steps.
/// </summary>
internal sealed class DeterministicSynchronizationContext(DeterministicScheduler scheduler) : SynchronizationContext
{
    public DeterministicScheduler Scheduler { get; } = scheduler;

    public override void Post(SendOrPostCallback d, object? state)
    {
        ArgumentNullException.ThrowIfNull(d);
        var origin = StepLabels.Describe(d, state);
        Scheduler.Enqueue(origin.Label, Scheduler.IsBoundaryLibrary(origin.Assembly) ? WorkKind.Boundary : WorkKind.Continuation, d, state);
    }

    public override void Send(SendOrPostCallback d, object? state)
    {
        ArgumentNullException.ThrowIfNull(d);
        if (!Scheduler.IsRunThread)
        {
            throw new NotSupportedException("Send from outside the deterministic scheduler's thread would block; use Post.");
        }

        d(state);
    }

    public override SynchronizationContext CreateCopy() => this;
}
