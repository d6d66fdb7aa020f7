using System.Runtime.CompilerServices;

namespace Harness.Runtime.Scheduling;

/// <summary>
/// Awaited at a scheduling point: under an <see cref="IStepScheduler"/> the rest of the method becomes a
/// labelled step; elsewhere it completes at once.
/// </summary>
public readonly struct SchedulingPointAwaitable : ICriticalNotifyCompletion
{
    private readonly IStepScheduler? _scheduler;
    private readonly string _label;

    /// <summary>A point that <paramref name="scheduler"/> turns into a step named <paramref name="label"/> (null: completes at once).</summary>
    public SchedulingPointAwaitable(IStepScheduler? scheduler, string label)
    {
        _scheduler = scheduler;
        _label = label;
    }

    /// <summary>True when no step scheduler runs this code (live mode): the point costs nothing.</summary>
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
        scheduler.EnqueueStep(_label, continuation);
    }
}
