using Harness.Controller.Hosting;
using Harness.Reconciling;

namespace Harness.Controller.Tests.Hosting;

public sealed class PrometheusExpositionTests
{
    [Fact]
    public void Scrape_ReconcilesOfTheHost_AreCountedPerControllerAndResult()
    {
        using var metrics = new ControllerMetrics();
        using var exposition = new PrometheusExposition(metrics.Meter);
        IReconcileObserver observer = metrics;
        var depth = 3;

        observer.QueueAdded("vmsnapshot", () => depth);
        observer.Reconciled("vmsnapshot", ReconcileResult.Done);
        observer.Reconciled("vmsnapshot", ReconcileResult.Done);
        observer.Reconciled("vmsnapshot", ReconcileResult.RequeueAfter(TimeSpan.FromSeconds(5)));
        observer.Failed("vmsnapshot", new InvalidOperationException("conflict"));
        depth = 1;
        var text = exposition.Scrape();

        Assert.Contains(
            "# TYPE controller_runtime_reconcile_total counter\n"
            + "controller_runtime_reconcile_total{controller=\"vmsnapshot\",result=\"error\"} 1\n"
            + "controller_runtime_reconcile_total{controller=\"vmsnapshot\",result=\"requeue_after\"} 1\n"
            + "controller_runtime_reconcile_total{controller=\"vmsnapshot\",result=\"success\"} 2\n",
            text);
        Assert.Contains("controller_runtime_reconcile_errors_total{controller=\"vmsnapshot\"} 1\n", text);
        Assert.Contains("# TYPE workqueue_depth gauge\nworkqueue_depth{name=\"vmsnapshot\"} 1\n", text);
    }

    [Fact]
    public void Scrape_Histogram_WritesCumulativeBucketsSumAndCount()
    {
        using var metrics = new ControllerMetrics();
        using var exposition = new PrometheusExposition(metrics.Meter);
        KeyValuePair<string, object?> ns = new("namespace", "default");

        metrics.FreezeDuration.Record(0.04, ns);
        metrics.FreezeDuration.Record(0.3, ns);
        metrics.FreezeDuration.Record(400, ns);
        var text = exposition.Scrape();

        Assert.Contains("# TYPE kubevirt_vmsnapshot_freeze_duration_seconds histogram\n", text);
        Assert.Contains("kubevirt_vmsnapshot_freeze_duration_seconds_bucket{namespace=\"default\",le=\"0.025\"} 0\n", text);
        Assert.Contains("kubevirt_vmsnapshot_freeze_duration_seconds_bucket{namespace=\"default\",le=\"0.05\"} 1\n", text);
        Assert.Contains("kubevirt_vmsnapshot_freeze_duration_seconds_bucket{namespace=\"default\",le=\"0.5\"} 2\n", text);
        Assert.Contains("kubevirt_vmsnapshot_freeze_duration_seconds_bucket{namespace=\"default\",le=\"300\"} 2\n", text);
        Assert.Contains("kubevirt_vmsnapshot_freeze_duration_seconds_bucket{namespace=\"default\",le=\"+Inf\"} 3\n", text);
        Assert.Contains("kubevirt_vmsnapshot_freeze_duration_seconds_sum{namespace=\"default\"} 400.34\n", text);
        Assert.Contains("kubevirt_vmsnapshot_freeze_duration_seconds_count{namespace=\"default\"} 3\n", text);
    }

    [Fact]
    public void Scrape_Gauges_KeepTheLastValueAndEscapeLabels()
    {
        using var metrics = new ControllerMetrics();
        using var exposition = new PrometheusExposition(metrics.Meter);
        metrics.ObserveRestoredClaims(() => [new RestoredClaim("default", "restore-1-disk0", "larry \"the\" vm", "default")]);

        metrics.SnapshotSucceeded.Record(100, new("name", "larry"), new("snapshot_name", "snap-larry"), new("namespace", "default"));
        metrics.SnapshotSucceeded.Record(1765000000.5, new("name", "larry"), new("snapshot_name", "snap-larry"), new("namespace", "default"));
        var text = exposition.Scrape();

        Assert.Contains("kubevirt_vmsnapshot_succeeded_timestamp_seconds{name=\"larry\",namespace=\"default\",snapshot_name=\"snap-larry\"} 1765000000.5\n", text);
        Assert.Contains(
            "kubevirt_vmsnapshot_persistentvolumeclaim_labels{namespace=\"default\",persistentvolumeclaim=\"restore-1-disk0\",vm_name=\"larry \\\"the\\\" vm\",vm_namespace=\"default\"} 1\n",
            text);
    }
}
