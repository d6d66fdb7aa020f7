namespace Harness.Scenarios.Simulation.Scheduling;

/// <summary>
/// The <see cref="SynchronizationContext"/> current during a scheduler step: every <c>Post</c> (an await
/// continuation, <c>Task.Yield</c>, a channel or semaphore waking a waiter) becomes a work item the scheduler
/// picks by seed. Each step gets its own instance, so a task completed during a step never runs an awaiting
/// continuation inline: the continuation is posted and becomes a step of its own, an interleaving point.
/// Continuations of a boundary library (<see cref="DeterministicScheduler.AddBoundaryLibrary"/>) run as boundary steps,
/// continuations of a relay (<see cref="DeterministicScheduler.AddRelay"/>) within the step that woke them.
/// </summary>
internal sealed class DeterministicSynchronizationContext(DeterministicScheduler scheduler) : SynchronizationContext
{
    public DeterministicScheduler Scheduler { get; } = scheduler;

    public override void Post(SendOrPostCallback d, object? state)
    {
        ArgumentNullException.ThrowIfNull(d);
        var origin = StepLabels.Describe(d, state);
        var kind = Scheduler.IsBoundaryLibrary(origin.Assembly) ? WorkKind.Boundary
            : Scheduler.IsRelay(origin.Label) ? WorkKind.Relay
            : WorkKind.Continuation;
        Scheduler.Enqueue(origin.Label, kind, d, state);
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
