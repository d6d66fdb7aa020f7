using Harness.Reconciling;
using Harness.Scenarios.Cluster.Components;
using Harness.Scenarios.Cluster.Events;

namespace Harness.Scenarios.Reproducing;

/// <summary>Records each reconcile of the controller, with its outcome, in the event log.</summary>
internal sealed class ReconcileTrace(DomainEventLog events) : IReconcileObserver
{
    public void QueueAdded(string reconciler, Func<int> depth)
    {
    }

    public void Reconciled(string reconciler, ReconcileResult result)
    {
    }

    public void Failed(string reconciler, Exception error)
    {
    }

    public void Reconciled(string reconciler, object key, ReconcileResult result) =>
        events.Record(ComponentNames.Controller, DomainEventKind.Reconciled, $"{reconciler} {key}", result.RequeueDelay is { } delay ? $"requeue after {delay}" : "done");

    public void Failed(string reconciler, object key, Exception error) =>
        events.Record(ComponentNames.Controller, DomainEventKind.Reconciled, $"{reconciler} {key}", $"failed, backing off: {error.Message.Split(", response body", 2)[0]}");
}
