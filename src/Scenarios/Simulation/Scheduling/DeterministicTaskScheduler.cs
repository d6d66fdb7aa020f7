namespace Harness.Scenarios.Simulation.Scheduling;

/// <summary>
/// The <see cref="TaskScheduler"/> of a <see cref="DeterministicScheduler"/>: each queued task is a work item.
/// Tasks are never inlined, so every task is a step of its own.
/// </summary>
internal sealed class DeterministicTaskScheduler(DeterministicScheduler owner) : TaskScheduler
{
    public override int MaximumConcurrencyLevel => 1;

    public void Execute(Task task) => TryExecuteTask(task);

    protected override void QueueTask(Task task) =>
        owner.Enqueue(task.AsyncState as string ?? "task", WorkKind.Task, null, task);

    protected override bool TryExecuteTaskInline(Task task, bool taskWasPreviouslyQueued) => false;

    protected override IEnumerable<Task> GetScheduledTasks() => owner.QueuedTasks();
}
