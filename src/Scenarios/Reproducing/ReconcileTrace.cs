using System.Text.Json;
using System.Text.Json.Nodes;
using Harness.Reconciling;
using Harness.Scenarios.Cluster.Components;
using Harness.Scenarios.Cluster.Events;
using k8s.Autorest;

namespace Harness.Scenarios.Reproducing;

/// <summary>Records each reconcile of the controller, with its outcome, in the event log.</summary>
internal sealed class ReconcileTrace(DomainEventLog events) : IReconcileObserver
{
    /// <summary>The start of the detail of a reconcile that failed; the error's message follows.</summary>
    public const string FailedPrefix = "failed, backing off: ";

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
        events.Record(ComponentNames.Controller, DomainEventKind.Reconciled, $"{reconciler} {key}", FailedPrefix + Message(error));

    /// <summary>An API error as the server's Status says it (<c>422 admission webhook "x" denied the request: ...</c>); others as they are.</summary>
    private static string Message(Exception error)
    {
        if (error is HttpOperationException { Response: { Content: { } body } response })
        {
            try
            {
                if (JsonNode.Parse(body)?["message"]?.GetValue<string>() is { } message)
                {
                    return $"{(int)response.StatusCode} {message}";
                }
            }
            catch (JsonException)
            {
            }
        }

        return error.Message;
    }
}
