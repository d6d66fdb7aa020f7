using Harness.Scenarios.Cluster;
using Harness.Scenarios.Cluster.Components;
using Harness.Scenarios.Cluster.Events;
using Harness.Scenarios.Invariants;
using Harness.Scenarios.Operations;
using Harness.Scenarios.Worlds;

namespace Harness.Scenarios.Running;

/// <summary>
/// Runs a <see cref="Scenario"/> on a <see cref="SimulatedCluster"/> of its seed: builds the world, applies the schedule
/// at its virtual times, heals every fault (crashed components started, CSI faults cleared), lets the snapshots and
/// restores end, reads the settled state, deletes every snapshot and restore, reads the cleaned state, and checks the
/// invariants on the event log and both states. The same scenario gives the same trace, byte for byte.
/// </summary>
public sealed class ScenarioRunner(ScenarioRunnerOptions options)
{
    public const string Component = "scenario";
    private static readonly TimeSpan PollEvery = TimeSpan.FromSeconds(5);
    private static readonly TimeSpan CleanupSettle = TimeSpan.FromSeconds(30);

    public ScenarioResult Run(Scenario scenario)
    {
        ArgumentNullException.ThrowIfNull(scenario);
        var simulation = new SimulatedCluster(scenario.Seed, new SimulatedClusterOptions
        {
            Drivers = [.. scenario.World.Drivers.Select(d => new SimulatedDriver(d.Name, d.SnapshotsSupported, d.RestoreSizeRoundingMi * 1024L * 1024L))],
            RunApiServerControllers = true,
            Controller = options.Controller,
            GuestWriteInterval = options.GuestWriteInterval,
        });
        simulation.ApiFaults.Configure(scenario.Faults.ApiRequestFaultChance, scenario.Faults.ApiWatchFaultChance);
        var stores = scenario.World.Drivers.Select(d => simulation.Driver(d.Name)).ToList();
        foreach (var driver in stores)
        {
            driver.Faults.OnFaultInjected = fault =>
            {
                simulation.Events.Record(ComponentNames.CsiDriver(driver.DriverName), DomainEventKind.FaultInjected, fault.Target, $"{fault.Fault}: {fault.Detail}");
                return ValueTask.CompletedTask;
            };
        }

        var firstBootHashes = new Dictionary<string, string>(StringComparer.Ordinal);
        var reader = new StateReader(simulation, [.. stores.Select(d => d.Store)], firstBootHashes);
        simulation.Guests.Booted += boot =>
        {
            foreach (var handle in boot.VolumeHandles.Where(h => !firstBootHashes.ContainsKey(h)))
            {
                if (reader.VolumeHash(handle) is { } hash)
                {
                    firstBootHashes[handle] = hash;
                }
            }
        };

        var run = new RunBody(scenario, simulation, reader, options.SettleBudget);
        string? failure = null;
        var start = simulation.Scheduler.TimeProvider.GetUtcNow();
        try
        {
            simulation.Run(run.ExecuteAsync, options.MaxSteps);
        }
        catch (Exception e)
        {
            failure = $"{e.GetType().Name}: {e.Message}";
        }

        var observation = new ScenarioObservation(scenario, simulation.Events.Events, run.Settled, run.Cleaned, run.FaultsEnded, failure);
        return new ScenarioResult(
            scenario,
            simulation.Scheduler.Trace.HashText,
            simulation.Scheduler.Trace.StepCount,
            simulation.Scheduler.TimeProvider.GetUtcNow() - start,
            simulation.Server.RequestsHandled,
            observation.Events,
            InvariantSet.Check(observation),
            options.KeepTrace ? simulation.Scheduler.Trace.Format() : null);
    }

    /// <summary>One run's body on the scheduler and what it read.</summary>
    private sealed class RunBody(Scenario scenario, SimulatedCluster simulation, StateReader reader, TimeSpan settleBudget)
    {
        private readonly VirtualWait wait = new(simulation.Scheduler.TimeProvider, PollEvery);

        public ClusterState? Settled { get; private set; }

        public ClusterState? Cleaned { get; private set; }

        public DateTimeOffset FaultsEnded { get; private set; }

        private TimeProvider Time => simulation.Scheduler.TimeProvider;

        public async Task ExecuteAsync(HarnessCluster cluster)
        {
            await new WorldBuilder(simulation, cluster.Client).BuildAsync(scenario.World);
            simulation.ApiFaults.Start();
            var start = Time.GetUtcNow();
            var context = new OperationContext(cluster, simulation, scenario.World);
            foreach (var operation in scenario.Schedule.Operations)
            {
                var due = start + operation.At - Time.GetUtcNow();
                if (due > TimeSpan.Zero)
                {
                    await Task.Delay(due, Time);
                }

                await ApplyAsync(operation, context);
            }

            await HealAsync(cluster);
            FaultsEnded = Time.GetUtcNow();
            await wait.UntilAsync(async () => !EveryOperationEnds.Pending(await reader.ReadAsync(withContent: false)).Any(), settleBudget);
            await Task.Delay(CleanupSettle, Time);
            Settled = await reader.ReadAsync(withContent: true);
            foreach (var restore in Settled.Restores)
            {
                await ApplyAsync(new DeleteRestore(TimeSpan.Zero, restore.Metadata.NamespaceProperty, restore.Metadata.Name), context);
            }

            foreach (var snapshot in Settled.Snapshots)
            {
                await ApplyAsync(new DeleteSnapshot(TimeSpan.Zero, snapshot.Metadata.NamespaceProperty, snapshot.Metadata.Name), context);
            }

            await wait.UntilAsync(async () => await reader.ReadAsync(withContent: false) is { Snapshots.Count: 0, Restores.Count: 0 }, TimeSpan.FromMinutes(2));
            await Task.Delay(CleanupSettle, Time);
            Cleaned = await reader.ReadAsync(withContent: true);
        }

        private async Task HealAsync(HarnessCluster cluster)
        {
            foreach (var component in cluster.Components.Where(c => !c.IsRunning))
            {
                await component.StartAsync(CancellationToken.None);
            }

            foreach (var driver in scenario.World.Drivers)
            {
                SetStorageFault.Apply(simulation.Driver(driver.Name).Faults, StorageFault.Healed);
            }

            simulation.ApiFaults.Stop();
            simulation.Events.Record(Component, DomainEventKind.OperationApplied, Component, "faults stopped: every component running, CSI and API server faults cleared");
        }

        private async Task ApplyAsync(Operation operation, OperationContext context)
        {
            var outcome = await operation.ApplyAsync(context);
            simulation.Events.Record(Component, DomainEventKind.OperationApplied, operation.Subject, $"{operation.Describe()}: {outcome}");
        }
    }
}
