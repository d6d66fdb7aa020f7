using Harness.Runtime;
using Harness.Runtime.Randomness;
using Microsoft.Extensions.Time.Testing;

namespace Harness.Reconciling.Tests.Runtime;

/// <summary>
/// Virtual time and a single-threaded task scheduler that only the test drives: work started through
/// <see cref="Tasks"/> and everything it awaits runs inside <see cref="Settle"/> on the test's thread, and
/// timers fire only when <see cref="Advance"/> moves the <see cref="FakeTimeProvider"/>.
/// </summary>
internal sealed class VirtualRuntime : TaskScheduler
{
    private readonly Queue<Task> ready = new();

    public VirtualRuntime() => Tasks = new TaskFactory(this);

    public FakeTimeProvider Time { get; } = new();

    public TaskFactory Tasks { get; }

    /// <summary>This runtime as the ports of a component of <paramref name="seed"/>.</summary>
    public ComponentRuntime Component(ulong seed = 1) => new() { Time = Time, Tasks = Tasks, Seed = new SimulationSeed(seed) };

    public Task Start(Func<Task> work)
    {
        var task = Tasks.StartNew(work).Unwrap();
        Settle();
        return task;
    }

    /// <summary>Moves the clock (firing due timers), then runs what became ready.</summary>
    public void Advance(TimeSpan by)
    {
        Time.Advance(by);
        Settle();
    }

    /// <summary>Runs queued work until none is left (continuations must not hop to another context meanwhile).</summary>
    public void Settle()
    {
        var outer = SynchronizationContext.Current;
        SynchronizationContext.SetSynchronizationContext(null);
        try
        {
            for (var budget = 100_000; ready.TryDequeue(out var task); budget--)
            {
                Assert.True(budget > 0, "the work never settles");
                TryExecuteTask(task);
            }
        }
        finally
        {
            SynchronizationContext.SetSynchronizationContext(outer);
        }
    }

    protected override void QueueTask(Task task) => ready.Enqueue(task);

    protected override bool TryExecuteTaskInline(Task task, bool taskWasPreviouslyQueued) => false;

    protected override IEnumerable<Task> GetScheduledTasks() => ready;
}
