namespace Harness.Scenarios.Simulation.Scheduling;

/// <summary>One runnable piece of work in the scheduler's run queue.</summary>
/// <param name="Id">Position in the order in which work was queued, from 1.</param>
/// <param name="Label">What the work is, for the trace.</param>
/// <param name="Kind">How the work runs.</param>
/// <param name="Callback">The work (unused for tasks).</param>
/// <param name="State">The callback's argument, or the task.</param>
internal readonly record struct WorkItem(long Id, string Label, WorkKind Kind, SendOrPostCallback? Callback, object? State);
