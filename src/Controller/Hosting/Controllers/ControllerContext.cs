using Harness.Reconciling;
using k8s;
using Microsoft.Extensions.Logging;

namespace Harness.Controller.Hosting;

/// <summary>
/// What a controller gets from the process: the cluster, the clock, loggers, the metrics, the namespace it is limited
/// to, and the <see cref="ReconcilerHost"/> to register on. Reconcilers registered here are counted
/// (<c>controller_runtime_reconcile_total{controller,result}</c>, <c>..._errors_total</c>), their queue depth reported
/// (<c>workqueue_depth{name}</c>), each reconcile logged with its key, and, with <see cref="Namespace"/> set, keys of
/// other namespaces are skipped.
/// </summary>
public sealed class ControllerContext
{
    private readonly ReconcilerHost host;

    public ControllerContext(ReconcilerHost host, IKubernetes client, TimeProvider time, ILoggerFactory loggers, ControllerMetrics metrics, string? ns)
    {
        ArgumentNullException.ThrowIfNull(host);
        ArgumentNullException.ThrowIfNull(client);
        ArgumentNullException.ThrowIfNull(time);
        ArgumentNullException.ThrowIfNull(loggers);
        ArgumentNullException.ThrowIfNull(metrics);
        this.host = host;
        Client = client;
        Time = time;
        Loggers = loggers;
        Metrics = metrics;
        Namespace = ns;
    }

    public IKubernetes Client { get; }

    public TimeProvider Time { get; }

    public ILoggerFactory Loggers { get; }

    public ControllerMetrics Metrics { get; }

    /// <summary>The only namespace whose objects are reconciled, or null for all.</summary>
    public string? Namespace { get; }

    public Informer<T> Inform<T>(InformerSource<T> source)
        where T : class => host.Inform(source);

    /// <summary>Registers a counted, logged reconciler named <paramref name="name"/> and returns the queue that feeds it.</summary>
    public WorkQueue<TKey> Reconcile<TKey>(
        string name, Func<TKey, CancellationToken, Task<ReconcileResult>> reconcile, ExponentialFailureRateLimiter<TKey>? rateLimiter = null)
        where TKey : notnull
    {
        ArgumentNullException.ThrowIfNull(reconcile);
        var logger = Loggers.CreateLogger($"Harness.Controller.{name}");
        var controller = new KeyValuePair<string, object?>("controller", name);
        var queue = host.Reconcile<TKey>(
            name,
            async (key, cancellationToken) =>
            {
                if (Namespace is { } only && key is ObjectKey { Namespace: var ns } && ns.Length > 0 && ns != only)
                {
                    return ReconcileResult.Done;
                }

                var result = await reconcile(key, cancellationToken);
                Metrics.Reconciles.Add(1, controller, new("result", result.RequeueDelay is null ? "success" : "requeue_after"));
                logger.LogDebug("Reconciled {Key}: {Result}", key, result.RequeueDelay is { } delay ? $"requeue after {delay}" : "done");
                return result;
            },
            rateLimiter,
            (_, _) =>
            {
                Metrics.Reconciles.Add(1, controller, new("result", "error"));
                Metrics.ReconcileErrors.Add(1, controller);
            });
        Metrics.ObserveQueue(name, () => queue.Count);
        return queue;
    }
}
