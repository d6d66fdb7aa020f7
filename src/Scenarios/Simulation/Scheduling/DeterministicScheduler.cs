using Harness.Runtime.Randomness;
using Harness.Runtime.Scheduling;
using Harness.Scenarios.Simulation.Time;
using Harness.Scenarios.Simulation.Tracing;

namespace Harness.Scenarios.Simulation.Scheduling;

/// <summary>
/// A single-threaded scheduler for deterministic simulation. All work of a run (await continuations, tasks
/// started through <see cref="TaskFactory"/>, timers of <see cref="TimeProvider"/>, scheduling points) is queued
/// here, and the next step is drawn from a seeded random source among everything runnable. Virtual time moves
/// only when nothing can run, to the earliest timer. Each choice is recorded in <see cref="Trace"/>: the same
/// seed gives the same trace, step for step.
/// </summary>
/// <remarks>
/// Code under the scheduler starts work through <see cref="TaskFactory"/> (never <c>Task.Run</c> or the thread
/// pool), awaits without <c>ConfigureAwait(false)</c>, never blocks on a task, and takes <see cref="TimeProvider"/>
/// for every delay and timeout. Work that escapes to the thread pool anyway is detected and fails the run with
/// <see cref="DeterminismViolationException"/>, except where a boundary step declares the hop
/// (<see cref="PostAtBoundary"/>).
/// </remarks>
public sealed partial class DeterministicScheduler : IStepScheduler
{
    private readonly object _gate = new();
    private readonly List<WorkItem> _runnable = [];
    private readonly SimulationRandom _random;
    private readonly DeterministicTaskScheduler _taskScheduler;
    private readonly DeterministicSchedulerOptions _options;
    private readonly HashSet<System.Reflection.Assembly> _boundaryLibraries = [];
    private readonly Queue<WorkItem> _boundaryChain = new();
    private bool _inBoundaryStep;
    private long _lastWorkItem;
    private volatile int _runThread;

    /// <summary>Creates a scheduler whose choices are drawn from <paramref name="seed"/>.</summary>
    public DeterministicScheduler(SimulationSeed seed, DeterministicSchedulerOptions? options = null)
    {
        _options = options ?? new DeterministicSchedulerOptions();
        Seed = seed;
        _random = seed.Derive("scheduler").CreateRandom();
        _taskScheduler = new DeterministicTaskScheduler(this);
        TaskFactory = new TaskFactory(CancellationToken.None, TaskCreationOptions.DenyChildAttach, TaskContinuationOptions.None, _taskScheduler);
        TimeProvider = new VirtualTimeProvider(this, _gate, _options.StartTime);
    }

    /// <summary>The scheduler running a step on this thread, or null (live mode).</summary>
    public static DeterministicScheduler? Current => SchedulingPoint.Current as DeterministicScheduler;

    /// <summary>The seed the scheduling choices are drawn from.</summary>
    public SimulationSeed Seed { get; }

    /// <summary>Starts tasks as work items of this scheduler; components take it as their <c>TaskFactory</c>.</summary>
    public TaskFactory TaskFactory { get; }

    /// <summary>The scheduler's <see cref="System.Threading.Tasks.TaskScheduler"/>.</summary>
    public TaskScheduler TaskScheduler => _taskScheduler;

    /// <summary>The virtual clock; components take it as their <see cref="System.TimeProvider"/>.</summary>
    public VirtualTimeProvider TimeProvider { get; }

    /// <summary>The choices made so far.</summary>
    public ScheduleTrace Trace { get; } = new();

    internal bool IsRunThread => _runThread == Environment.CurrentManagedThreadId;

    /// <summary>
    /// Runs <paramref name="main"/> and everything it starts until its task completes, then rethrows its failure.
    /// </summary>
    /// <exception cref="SimulationDeadlockException">Nothing can run, no timer is pending, and main has not finished.</exception>
    /// <exception cref="SimulationStepLimitException">More than <paramref name="maxSteps"/> steps ran.</exception>
    /// <exception cref="DeterminismViolationException">Work escaped the scheduler.</exception>
    public void Run(Func<Task> main, long? maxSteps = null)
    {
        ArgumentNullException.ThrowIfNull(main);
        Task? mainTask = null;
        Enqueue("main", WorkKind.Continuation, _ => mainTask = main() ?? throw new InvalidOperationException("main returned no task."), null);
        RunSteps(() => mainTask is { IsCompleted: true }, maxSteps ?? _options.MaxSteps, stopWhenIdle: false);
#pragma warning disable RS0030 // RunSteps returned because main completed: its result does not block, and GetResult rethrows its failure unwrapped
        mainTask!.GetAwaiter().GetResult();
#pragma warning restore RS0030
    }

    /// <summary>Runs <paramref name="main"/> until its task completes and returns its result.</summary>
    /// <inheritdoc cref="Run(Func{Task}, long?)" path="/exception"/>
    public T Run<T>(Func<Task<T>> main, long? maxSteps = null)
    {
        ArgumentNullException.ThrowIfNull(main);
        Task<T>? mainTask = null;
        Enqueue("main", WorkKind.Continuation, _ => mainTask = main() ?? throw new InvalidOperationException("main returned no task."), null);
        RunSteps(() => mainTask is { IsCompleted: true }, maxSteps ?? _options.MaxSteps, stopWhenIdle: false);
#pragma warning disable RS0030 // RunSteps returned because main completed: its result does not block, and GetResult rethrows its failure unwrapped
        return mainTask!.GetAwaiter().GetResult();
#pragma warning restore RS0030
    }

    /// <summary>Runs steps until nothing is runnable at the current virtual time; does not advance the clock.</summary>
    /// <inheritdoc cref="Run(Func{Task}, long?)" path="/exception"/>
    public void RunUntilIdle(long? maxSteps = null) =>
        RunSteps(static () => false, maxSteps ?? _options.MaxSteps, stopWhenIdle: true);

    /// <summary>
    /// Starts an actor: <paramref name="actor"/> begins as a step named <paramref name="label"/> chosen by seed
    /// like any other. The returned task completes with the actor's.
    /// </summary>
    public Task Spawn(string label, Func<Task> actor)
    {
        ArgumentException.ThrowIfNullOrEmpty(label);
        ArgumentNullException.ThrowIfNull(actor);
        return SpawnAsync(label, actor);
    }

    /// <summary>A scheduling point of this scheduler: the awaiting method resumes as a step named <paramref name="label"/>.</summary>
    public SchedulingPointAwaitable YieldAsync(string label)
    {
        ArgumentException.ThrowIfNullOrEmpty(label);
        return new SchedulingPointAwaitable(this, label);
    }

    /// <summary>Queues <paramref name="action"/> as a step named <paramref name="label"/>.</summary>
    public void Post(string label, Action action)
    {
        ArgumentException.ThrowIfNullOrEmpty(label);
        ArgumentNullException.ThrowIfNull(action);
        Enqueue(label, WorkKind.Continuation, static a => ((Action)a!)(), action);
    }

    /// <summary>
    /// Queues a completion at a library boundary: <paramref name="action"/> runs as a step with no
    /// <see cref="SynchronizationContext"/> and no current task, so code that awaited it with
    /// <c>ConfigureAwait(false)</c> (HttpClient, KubernetesClient) continues inline on the scheduler's thread
    /// instead of on the thread pool. When <paramref name="expectThreadPoolHop"/> says so as the step runs (asked then,
    /// not when it is queued: a reader may give up in between), the caller knows the library
    /// moves to the thread pool after the completion anyway (KubernetesClient's watch reader continues through
    /// <c>Task.ContinueWith</c> on the default scheduler): the scheduler then waits until that thread-pool work has
    /// posted its continuation back and left the simulation before it chooses the next step, so the hop cannot race
    /// with other steps.
    /// </summary>
    public void PostAtBoundary(string label, Action action, Func<bool> expectThreadPoolHop)
    {
        ArgumentException.ThrowIfNullOrEmpty(label);
        ArgumentNullException.ThrowIfNull(action);
        ArgumentNullException.ThrowIfNull(expectThreadPoolHop);
        Enqueue(label, WorkKind.Boundary, static a => ((BoundaryAction)a!).Invoke(), new BoundaryAction(this, action, expectThreadPoolHop));
    }

    /// <summary>
    /// Declares a library that awaits with <c>ConfigureAwait(false)</c> but captures the context in some of its own
    /// async methods (KubernetesClient's generated operations do; its extension methods then await those with
    /// <c>ConfigureAwait(false)</c>). Continuations of the library's async methods then run as boundary steps
    /// (see <see cref="PostAtBoundary"/>), so the library's own awaits complete where their continuations can run
    /// inline, never on the thread pool.
    /// </summary>
    public void AddBoundaryLibrary(System.Reflection.Assembly library)
    {
        ArgumentNullException.ThrowIfNull(library);
        lock (_gate)
        {
            _boundaryLibraries.Add(library);
        }
    }

    internal bool IsBoundaryLibrary(System.Reflection.Assembly? assembly)
    {
        if (assembly is null)
        {
            return false;
        }

        lock (_gate)
        {
            return _boundaryLibraries.Contains(assembly);
        }
    }

    /// <inheritdoc />
    public void EnqueueStep(string label, Action continuation)
        => Enqueue(label, WorkKind.Continuation, static c => ((Action)c!)(), continuation);

    internal void Enqueue(string label, WorkKind kind, SendOrPostCallback? callback, object? state)
    {
        lock (_gate)
        {
            var runThread = _runThread;
            if (runThread != 0 && runThread != Environment.CurrentManagedThreadId)
            {
                OnForeignEnqueue(label);
            }
            else if (_inBoundaryStep && kind is WorkKind.Boundary or WorkKind.Task)
            {
                _boundaryChain.Enqueue(new WorkItem(++_lastWorkItem, label, kind, callback, state));
                return;
            }
            else if (TryChainRelay(label, kind, callback, state))
            {
                return;
            }

            _runnable.Add(new WorkItem(++_lastWorkItem, label, kind, callback, state));
            Monitor.PulseAll(_gate);
        }
    }

    internal IEnumerable<Task> QueuedTasks()
    {
        lock (_gate)
        {
            return _runnable.Where(w => w.Kind == WorkKind.Task).Select(w => (Task)w.State!).ToArray();
        }
    }

    private async Task SpawnAsync(string label, Func<Task> actor)
    {
        await YieldAsync(label);
        await actor();
    }

    private void RunSteps(Func<bool> finished, long maxSteps, bool stopWhenIdle)
    {
        var previousContext = SynchronizationContext.Current;
        var previousOwner = s_owner.Value;
        var previousCurrent = EnterRun();
        try
        {
            long executed = 0;
            while (!finished())
            {
                AwaitThreadPoolHops(includeOutstanding: true);
                if (!TryTake(advanceTime: !stopWhenIdle, out var item, out var runnable))
                {
                    if (stopWhenIdle)
                    {
                        break;
                    }

                    throw Deadlock();
                }

                if (++executed > maxSteps)
                {
                    throw new SimulationStepLimitException(
                        $"Seed {Seed}: more than {maxSteps} steps at virtual time +{TimeProvider.Elapsed}. Last steps:\n{Trace.Format(20)}");
                }

                Trace.Record(new TraceStep(Trace.StepCount + 1, item.Id, item.Label, runnable, TimeProvider.Elapsed));
                Execute(item);
            }

            AwaitThreadPoolHops(includeOutstanding: false);
            lock (_gate)
            {
                ThrowIfViolated();
            }
        }
        finally
        {
            ExitRun();
            s_owner.Value = previousOwner;
            SchedulingPoint.Enter(previousCurrent);
            SynchronizationContext.SetSynchronizationContext(previousContext);
        }
    }

    private IStepScheduler? EnterRun()
    {
        lock (_gate)
        {
            if (_runThread != 0)
            {
                throw new InvalidOperationException("The scheduler is running already; Run calls do not nest.");
            }

            _runThread = Environment.CurrentManagedThreadId;
            ResetThreadPoolTracking();
        }

        s_owner.Value = this;
        return SchedulingPoint.Enter(this);
    }

    private void ExitRun()
    {
        lock (_gate)
        {
            _runThread = 0;
        }
    }

    // Picks the next step; when nothing is runnable, moves virtual time to the earliest timer (if allowed) and releases it.
    private bool TryTake(bool advanceTime, out WorkItem item, out int runnable)
    {
        lock (_gate)
        {
            ThrowIfViolated();
            TimeProvider.ReleaseDueTimers();
            while (_runnable.Count == 0)
            {
                if (!advanceTime || !TimeProvider.AdvanceToNextTimer())
                {
                    item = default;
                    runnable = 0;
                    return false;
                }

                TimeProvider.ReleaseDueTimers();
            }

            runnable = _runnable.Count;
            var index = _random.Next(runnable);
            item = _runnable[index];
            _runnable[index] = _runnable[^1];
            _runnable.RemoveAt(_runnable.Count - 1);
            return true;
        }
    }

    private void Execute(WorkItem item)
    {
        if (item.Kind == WorkKind.Boundary)
        {
            SynchronizationContext.SetSynchronizationContext(null);
            ExecuteBoundaryChain(item);
        }
        else
        {
            ExecuteStep(item);
        }
    }

    // A boundary step runs the library continuations it resumes (a library's own awaits, in order) and the tasks the
    // library queues (KubernetesClient's ContinueWith lands on this scheduler when it was called inside one of its
    // tasks) within itself: inside a library nothing can interleave, and a declared thread-pool hop starts in the step.
    private void ExecuteBoundaryChain(WorkItem first)
    {
        _inBoundaryStep = true;
        try
        {
            first.Callback!(first.State);
            while (true)
            {
                WorkItem next;
                lock (_gate)
                {
                    if (!_boundaryChain.TryDequeue(out next))
                    {
                        break;
                    }
                }

                if (next.Kind == WorkKind.Task)
                {
                    _taskScheduler.Execute((Task)next.State!);
                }
                else
                {
                    next.Callback!(next.State);
                }
            }
        }
        finally
        {
            _inBoundaryStep = false;
            lock (_gate)
            {
                while (_boundaryChain.TryDequeue(out var leftover))
                {
                    _runnable.Add(leftover);
                }
            }
        }
    }

    private SimulationDeadlockException Deadlock() => new(
        $"Seed {Seed}: deadlock at virtual time +{TimeProvider.Elapsed} after {Trace.StepCount} steps: nothing is runnable, " +
        $"no timer is pending, and the run has not finished. Last steps:\n{Trace.Format(20)}");

    private sealed class BoundaryAction(DeterministicScheduler scheduler, Action action, Func<bool> expectThreadPoolHop)
    {
        public void Invoke()
        {
            if (expectThreadPoolHop())
            {
                scheduler.ExpectThreadPoolHop();
            }

            action();
        }
    }
}
