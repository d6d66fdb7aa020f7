namespace Harness.Reconciling;

/// <summary>
/// The outcome of one reconcile: done, or look again after a delay. Errors are exceptions: the key backs off
/// (<see cref="WorkQueue{TKey}.AddRateLimited"/>).
/// </summary>
public readonly record struct ReconcileResult
{
    private ReconcileResult(TimeSpan? requeueDelay) => RequeueDelay = requeueDelay;

    public static ReconcileResult Done => default;

    /// <summary>When to reconcile the key again, or null when done.</summary>
    public TimeSpan? RequeueDelay { get; }

    public static ReconcileResult RequeueAfter(TimeSpan delay) => new(delay);
}
