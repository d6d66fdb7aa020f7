using Harness.Api.Snapshots;
using Harness.Controller.Snapshots;

namespace Harness.Controller.Hosting;

/// <summary>
/// Runs the <see cref="SnapshotController"/> in the process: its reconcile errors are logged by the host, and each
/// snapshot written Succeeded sets <c>kubevirt_vmsnapshot_succeeded_timestamp_seconds{name,snapshot_name,namespace}</c>
/// to its <c>creationTime</c> in Unix seconds, as virt-controller does.
/// </summary>
public sealed class SnapshotControllerRegistration : IControllerRegistration
{
    public string Name => "snapshot";

    public void Register(ControllerContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        SnapshotController.Register(context.Host, context.Client, new SnapshotControllerOptions
        {
            TimeProvider = context.Time,
            TaskFactory = context.Tasks,
            Workers = context.Workers,
            Logger = context.Loggers.CreateLogger("Harness.Controller.Snapshots"),
            OnSucceeded = snapshot => RecordSucceeded(context.Metrics, snapshot),
        });
    }

    private static void RecordSucceeded(ControllerMetrics metrics, VirtualMachineSnapshot snapshot)
    {
        if (snapshot.Status?.CreationTime is not { } created)
        {
            return;
        }

        metrics.SnapshotSucceeded.Record(
            new DateTimeOffset(DateTime.SpecifyKind(created, DateTimeKind.Utc)).ToUnixTimeMilliseconds() / 1000d,
            new KeyValuePair<string, object?>("name", snapshot.Spec.Source.Name),
            new KeyValuePair<string, object?>("snapshot_name", snapshot.Metadata.Name),
            new KeyValuePair<string, object?>("namespace", snapshot.Metadata.NamespaceProperty));
    }
}
