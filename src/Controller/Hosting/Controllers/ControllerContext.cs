using Harness.Reconciling;
using k8s;
using Microsoft.Extensions.Logging;

namespace Harness.Controller.Hosting;

/// <summary>
/// What a controller gets from the process: the <see cref="ReconcilerHost"/> to register its informers and
/// reconcilers on (it counts every reconcile into <see cref="Metrics"/> and, with <see cref="Namespace"/> set, skips
/// keys of other namespaces), the cluster, the clock and task factory, loggers, the metrics, and the workers per queue.
/// </summary>
public sealed record ControllerContext(
    ReconcilerHost Host, IKubernetes Client, TimeProvider Time, TaskFactory Tasks, ILoggerFactory Loggers, ControllerMetrics Metrics, string? Namespace, int Workers);
