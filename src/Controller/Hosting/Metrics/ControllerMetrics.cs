using System.Diagnostics.Metrics;
using Harness.Reconciling;

namespace Harness.Controller.Hosting;

/// <summary>
/// The controller process's instruments, on its own <see cref="Meter"/> (System.Diagnostics.Metrics), exposed on
/// <c>/metrics</c> by <see cref="PrometheusExposition"/> under the names Prometheus users know: controller-runtime's
/// reconcile and work-queue series and KubeVirt's snapshot series. As a <see cref="IReconcileObserver"/> it counts
/// every reconcile of a <see cref="ReconcilerHost"/> by reconciler and reports its queues' depths.
/// </summary>
public sealed class ControllerMetrics : IDisposable, IReconcileObserver
{
    public const string MeterName = "Harness.Controller";
    public const string ReconcilesName = "controller_runtime_reconcile_total";
    public const string ReconcileErrorsName = "controller_runtime_reconcile_errors_total";
    public const string QueueDepthName = "workqueue_depth";
    public const string FreezeDurationName = "kubevirt_vmsnapshot_freeze_duration_seconds";
    public const string SnapshotSucceededName = "kubevirt_vmsnapshot_succeeded_timestamp_seconds";
    public const string RestoredClaimLabelsName = "kubevirt_vmsnapshot_persistentvolumeclaim_labels";

    /// <summary>Freeze-to-thaw bucket bounds in seconds: fine below a second, where a guest-agent freeze should end.</summary>
    private static readonly double[] FreezeBuckets = [0.005, 0.01, 0.025, 0.05, 0.1, 0.2, 0.5, 1, 2.5, 5, 10, 30, 60, 300];

    private readonly Lock gate = new();
    private readonly List<(string Name, Func<int> Depth)> queues = [];
    private readonly List<Func<IEnumerable<RestoredClaim>>> claimSources = [];

    public ControllerMetrics()
    {
        Meter = new Meter(MeterName);
        Reconciles = Meter.CreateCounter<long>(ReconcilesName, description: "Total number of reconciliations per controller, by result (success, requeue_after, error).");
        ReconcileErrors = Meter.CreateCounter<long>(ReconcileErrorsName, description: "Total number of reconciliation errors per controller.");
        FreezeDuration = Meter.CreateHistogram(
            FreezeDurationName,
            unit: "s",
            description: "Time from a guest's filesystem freeze to its thaw, per snapshot.",
            advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = FreezeBuckets });
        SnapshotSucceeded = Meter.CreateGauge<double>(
            SnapshotSucceededName, description: "Returns the timestamp of successful virtual machine snapshot (labels name (the VM), snapshot_name, namespace).");
        Meter.CreateObservableGauge(QueueDepthName, ObserveQueues, description: "Current depth of workqueue (label name).");
        Meter.CreateObservableGauge(
            RestoredClaimLabelsName,
            ObserveClaims,
            description: "Returns the labels of the persistent volume claims that are used for restoring virtual machines.");
    }

    public Meter Meter { get; }

    /// <summary>Tags <c>controller</c> and <c>result</c>.</summary>
    public Counter<long> Reconciles { get; }

    /// <summary>Tag <c>controller</c>.</summary>
    public Counter<long> ReconcileErrors { get; }

    /// <summary>Seconds from freeze to thaw; tag <c>namespace</c>.</summary>
    public Histogram<double> FreezeDuration { get; }

    /// <summary>Unix seconds of a snapshot's <c>creationTime</c> once it Succeeded; tags <c>name</c> (the VM), <c>snapshot_name</c>, <c>namespace</c>.</summary>
    public Gauge<double> SnapshotSucceeded { get; }

    /// <summary>Reports the depth of the work queue <paramref name="reconciler"/> at every scrape.</summary>
    public void QueueAdded(string reconciler, Func<int> depth)
    {
        lock (gate)
        {
            queues.Add((reconciler, depth));
        }
    }

    public void Reconciled(string reconciler, ReconcileResult result) =>
        Reconciles.Add(1, Controller(reconciler), new("result", result.RequeueDelay is null ? "success" : "requeue_after"));

    public void Failed(string reconciler, Exception error)
    {
        Reconciles.Add(1, Controller(reconciler), new("result", "error"));
        ReconcileErrors.Add(1, Controller(reconciler));
    }

    /// <summary>Reports, at every scrape, the restored claims <paramref name="claims"/> lists (one series of value 1 each).</summary>
    public void ObserveRestoredClaims(Func<IEnumerable<RestoredClaim>> claims)
    {
        lock (gate)
        {
            claimSources.Add(claims);
        }
    }

    public void Dispose() => Meter.Dispose();

    private static KeyValuePair<string, object?> Controller(string reconciler) => new("controller", reconciler);

    private List<Measurement<int>> ObserveQueues()
    {
        lock (gate)
        {
            return [.. queues.Select(queue => new Measurement<int>(queue.Depth(), new KeyValuePair<string, object?>("name", queue.Name)))];
        }
    }

    private List<Measurement<int>> ObserveClaims()
    {
        lock (gate)
        {
            return [.. claimSources.SelectMany(source => source()).Select(claim => new Measurement<int>(
                1,
                new KeyValuePair<string, object?>("namespace", claim.Namespace),
                new KeyValuePair<string, object?>("persistentvolumeclaim", claim.Name),
                new KeyValuePair<string, object?>("vm_name", claim.VmName),
                new KeyValuePair<string, object?>("vm_namespace", claim.VmNamespace)))];
        }
    }
}
