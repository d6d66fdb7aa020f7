namespace Harness.Simulators.Tests.GuestAgent;

/// <summary>
/// A single-threaded scheduler the test pumps by hand: work started through <see cref="Factory"/> and every
/// continuation it awaits run only inside <see cref="RunUntilIdle"/>, on the test's thread, in order.
/// With a FakeTimeProvider this makes the guest, its agent and the client fully deterministic.
/// </summary>
internal sealed class ManualTaskScheduler : TaskScheduler
{
    private readonly Queue<Task> queue = new();

    public ManualTaskScheduler() => Factory = new TaskFactory(this);

    public TaskFactory Factory { get; }

    public void RunUntilIdle()
    {
        var saved = SynchronizationContext.Current;
        SynchronizationContext.SetSynchronizationContext(null);
        try
        {
            var steps = 0;
            while (queue.TryDequeue(out var task))
            {
                if (++steps > 1_000_000)
                {
                    throw new InvalidOperationException("the simulation does not settle");
                }

                TryExecuteTask(task);
            }
        }
        finally
        {
            SynchronizationContext.SetSynchronizationContext(saved);
        }
    }

    /// <summary>Starts <paramref name="work"/> on this scheduler and runs until nothing is left to do.</summary>
    public Task<T> Run<T>(Func<Task<T>> work)
    {
        var task = Factory.StartNew(work).Unwrap();
        RunUntilIdle();
        return task;
    }

    /// <inheritdoc cref="Run{T}"/>
    public Task Run(Func<Task> work)
    {
        var task = Factory.StartNew(work).Unwrap();
        RunUntilIdle();
        return task;
    }

    protected override void QueueTask(Task task) => queue.Enqueue(task);

    protected override bool TryExecuteTaskInline(Task task, bool taskWasPreviouslyQueued) => false;

    protected override IEnumerable<Task> GetScheduledTasks() => queue;
}
