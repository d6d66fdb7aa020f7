namespace Harness.Reconciling;

/// <summary>Sees what the reconcilers of a <see cref="ReconcilerHost"/> do, for metrics and traces: their queues and each outcome.</summary>
public interface IReconcileObserver
{
    /// <summary>A reconciler named <paramref name="reconciler"/> was registered; <paramref name="depth"/> reads its queue's length.</summary>
    void QueueAdded(string reconciler, Func<int> depth);

    /// <summary>A reconcile returned <paramref name="result"/>.</summary>
    void Reconciled(string reconciler, ReconcileResult result);

    /// <summary>A reconcile threw <paramref name="error"/> (the key backs off).</summary>
    void Failed(string reconciler, Exception error);

    /// <summary>A reconcile of <paramref name="key"/> returned <paramref name="result"/>; by default the keyless <see cref="Reconciled(string, ReconcileResult)"/>.</summary>
    void Reconciled(string reconciler, object key, ReconcileResult result) => Reconciled(reconciler, result);

    /// <summary>A reconcile of <paramref name="key"/> threw <paramref name="error"/>; by default the keyless <see cref="Failed(string, Exception)"/>.</summary>
    void Failed(string reconciler, object key, Exception error) => Failed(reconciler, error);
}
