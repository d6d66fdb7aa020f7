using System.Runtime.CompilerServices;

namespace Harness.Scenarios.Simulation.Scheduling;

/// <summary>
/// Awaited at a scheduling point: under a <see cref="DeterministicScheduler"/> the rest of the method becomes a
/// labelled work item; elsewhere it completes at once.
/// </summary>
public readonly struct SchedulingPointAwaitable : ICriticalNotifyCompletion
{
    private readonly DeterministicScheduler? _scheduler;
    private readonly string _label;

    internal SchedulingPointAwaitable(DeterministicScheduler? scheduler, string label)
    {
        _scheduler = scheduler;
        _label = label;
    }

    /// <summary>True when no deterministic scheduler runs this code (live mode): the point costs nothing.</summary>
    public bool IsCompleted => _scheduler is null;

    /// <summary>Returns this awaitable (it is its own awaiter).</summary>
    public SchedulingPointAwaitable GetAwaiter() => this;

    /// <summary>Ends the await.</summary>
    public void GetResult()
    {
    }

    /// <inheritdoc />
    public void OnCompleted(Action continuation)
    {
        ArgumentNullException.ThrowIfNull(continuation);
        var context = ExecutionContext.Capture();
        Action resume = context is null
            ? continuation
            : () => ExecutionContext.Run(context, static c => ((Action)c!)(), continuation);
        UnsafeOnCompleted(resume);
    }

    /// <inheritdoc />
    public void UnsafeOnCompleted(Action continuation)
    {
        ArgumentNullException.ThrowIfNull(continuation);
        var scheduler = _scheduler ?? throw new InvalidOperationException("The scheduling point completed already.");
        scheduler.Enqueue(_label, WorkKind.Continuation, static c => ((Action)c!)(), continuation);
    }
}
