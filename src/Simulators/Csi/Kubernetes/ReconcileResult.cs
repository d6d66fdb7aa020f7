namespace Harness.Simulators.Csi.Kubernetes;

/// <summary>The outcome of one reconcile: done, or look again after a delay. Errors are exceptions and back off.</summary>
internal readonly record struct ReconcileResult(TimeSpan? RequeueAfter)
{
    public static ReconcileResult Done => default;

    public static ReconcileResult After(TimeSpan delay) => new(delay);
}
