using System.Globalization;
using Harness.Controller.Admission;
using Harness.EnvTest.Loading;
using Harness.Scenarios.Cluster;
using Harness.Scenarios.Running;
using Harness.Scenarios.Simulation.Transport;

namespace Harness.Scenarios.Reproducing;

/// <summary>
/// Runs a dump of a cluster's objects on a <see cref="SimulatedCluster"/>: loads it (uids, statuses and all), lets the CSI
/// drivers and KubeVirt adopt what it describes, starts the controller, and runs deterministically from the dump's
/// moment until nothing changes in the API server for <see cref="ReproductionOptions.Quiet"/> or
/// <see cref="ReproductionOptions.Limit"/> has passed. The same dump and seed give the same result.
/// </summary>
public static class Reproduction
{
    /// <exception cref="ObjectLoadException">The dump cannot be loaded (nothing was).</exception>
    public static ReproductionResult Run(IReadOnlyList<SourcedObject> dump, ReproductionOptions options)
    {
        ArgumentNullException.ThrowIfNull(dump);
        ArgumentNullException.ThrowIfNull(options);
        var (kept, skipped) = LeaveOutOwnWebhooks(dump);
        var clock = DumpClock.After(kept);
        var simulation = new SimulatedCluster(options.Seed, new SimulatedClusterOptions
        {
            Dump = kept,
            StartTime = clock,
            WebhookCaller = new UnreachableWebhooks(),
            Controller = options.Controller == ReproducedController.InProcess
                ? s => SnapshotRestoreControllers.For(s, InProcessKubernetes.CreateClient(s.Scheduler, new ControllerWrites(s.Server, s.Events)), new ReconcileTrace(s.Events))
                : null,
        });
        var ending = "";
        IReadOnlyList<string> unfinished = [];
        simulation.Run(async cluster =>
        {
            ending = await RunUntilQuietAsync(simulation, options);
            unfinished = await UnfinishedWork.DescribeAsync(cluster.Client, simulation.Events.Events);
        });
        return new ReproductionResult(
            simulation.Loaded!, skipped, simulation.Adopted, simulation.Scheduler.TimeProvider.Start, simulation.Events.Events, ending, unfinished);
    }

    private static async Task<string> RunUntilQuietAsync(SimulatedCluster simulation, ReproductionOptions options)
    {
        var time = simulation.Scheduler.TimeProvider;
        var start = time.GetUtcNow();
        var revision = simulation.Server.CurrentRevision;
        var changedAt = start;
        while (true)
        {
            await Task.Delay(TimeSpan.FromSeconds(1), time);
            var now = time.GetUtcNow();
            if (simulation.Server.CurrentRevision != revision)
            {
                revision = simulation.Server.CurrentRevision;
                changedAt = now;
            }

            if (now - changedAt >= options.Quiet)
            {
                return string.Create(CultureInfo.InvariantCulture, $"{now:yyyy-MM-ddTHH:mm:ssZ}: nothing changed since {changedAt:HH:mm:ss} ({options.Quiet} of virtual time)");
            }

            if (now - start >= options.Limit)
            {
                return string.Create(CultureInfo.InvariantCulture, $"{now:yyyy-MM-ddTHH:mm:ssZ}: stopped at the limit ({options.Limit} of virtual time), still changing");
            }
        }
    }

    /// <summary>The harness controller's own webhook configuration (a dump of a <c>harness up</c> session holds it) is not the cluster's problem.</summary>
    private static (IReadOnlyList<SourcedObject> Kept, IReadOnlyList<string> Skipped) LeaveOutOwnWebhooks(IReadOnlyList<SourcedObject> dump)
    {
        bool Own(SourcedObject o) =>
            o.Object["kind"]?.GetValue<string>() == "ValidatingWebhookConfiguration" && o.Object["metadata"]?["name"]?.GetValue<string>() == SnapshotWebhooks.ConfigurationName;
        return (
            [.. dump.Where(o => !Own(o))],
            [.. dump.Where(Own).Select(o => $"{o.Source}: ValidatingWebhookConfiguration {SnapshotWebhooks.ConfigurationName} (the harness controller's own; the reproduction runs its controller in-process)")]);
    }
}
