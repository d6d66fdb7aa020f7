using Harness.Scenarios.Cluster;
using Harness.Scenarios.Cluster.Events;
using Harness.Scenarios.Invariants;
using Harness.Scenarios.Operations;
using Harness.Scenarios.Worlds;

namespace Harness.Scenarios.Running;

/// <summary>
/// One run of a scenario on a started cluster: builds the world, applies the schedule at its times, heals every fault
/// (crashed components started, CSI and API faults cleared), lets the snapshots and restores end, reads the settled
/// state, deletes every snapshot and restore and reads the cleaned state; a guest still frozen then is given until the
/// latest safety thaw virt-launcher can have armed (the longest snapshot deadline) to thaw. <see cref="Observe"/> gives
/// the invariants what it saw.
/// </summary>
internal sealed class ScenarioBody
{
    private static readonly TimeSpan PollEvery = TimeSpan.FromSeconds(5);
    private readonly Scenario scenario;
    private readonly IScenarioCluster cluster;
    private readonly TimeSpan settleBudget;
    private readonly TimeSpan cleanupSettle;
    private readonly StateReader reader;
    private readonly VirtualWait wait;
    private ClusterState? settled;
    private ClusterState? cleaned;
    private DateTimeOffset faultsEnded;

    /// <param name="settleBudget">How long after the faults stop the snapshots and restores have to end.</param>
    /// <param name="cleanupSettle">How long the cluster is left alone before each of the two states is read.</param>
    public ScenarioBody(Scenario scenario, IScenarioCluster cluster, TimeSpan settleBudget, TimeSpan cleanupSettle)
    {
        this.scenario = scenario;
        this.cluster = cluster;
        this.settleBudget = settleBudget;
        this.cleanupSettle = cleanupSettle;
        var firstBootHashes = new Dictionary<string, string>(StringComparer.Ordinal);
        var journals = new JournalCutReader(cluster.SnapshotStart);
        reader = new StateReader(cluster, firstBootHashes, journals);
        wait = new VirtualWait(cluster.Time, PollEvery);
        cluster.GuestBooting += handles =>
        {
            journals.Booted(handles);
            foreach (var handle in handles.Where(h => !firstBootHashes.ContainsKey(h)))
            {
                if (cluster.VolumeHash(handle) is { } hash)
                {
                    firstBootHashes[handle] = hash;
                }
            }
        };
    }

    private TimeProvider Time => cluster.Time;

    /// <summary>What the run saw, for the invariants; <paramref name="failure"/> when it did not complete.</summary>
    public ScenarioObservation Observe(string? failure) =>
        new(scenario, cluster.Events.Events, settled, cleaned, faultsEnded, failure);

    public async Task ExecuteAsync(HarnessCluster harness)
    {
        await new WorldBuilder(cluster).BuildAsync(scenario.World);
        cluster.SwitchApiFaults(on: true);
        var start = Time.GetUtcNow();
        var context = new OperationContext(harness, cluster, scenario.World);
        foreach (var operation in scenario.Schedule.Operations)
        {
            var due = start + operation.At - Time.GetUtcNow();
            if (due > TimeSpan.Zero)
            {
                await Task.Delay(due, Time);
            }

            await ApplyAsync(operation, context);
        }

        await HealAsync(harness);
        faultsEnded = Time.GetUtcNow();
        await wait.UntilAsync(async () => !EveryOperationEnds.Pending(await reader.ReadAsync(withContent: false)).Any(), settleBudget);
        await Task.Delay(cleanupSettle, Time);
        settled = await reader.ReadAsync(withContent: true);
        foreach (var restore in settled.Restores)
        {
            await ApplyAsync(new DeleteRestore(TimeSpan.Zero, restore.Metadata.NamespaceProperty, restore.Metadata.Name), context);
        }

        foreach (var snapshot in settled.Snapshots)
        {
            await ApplyAsync(new DeleteSnapshot(TimeSpan.Zero, snapshot.Metadata.NamespaceProperty, snapshot.Metadata.Name), context);
        }

        await wait.UntilAsync(async () => await reader.ReadAsync(withContent: false) is { Snapshots.Count: 0, Restores.Count: 0 }, TimeSpan.FromMinutes(2));
        await Task.Delay(cleanupSettle, Time);
        cleaned = await reader.ReadAsync(withContent: true);
        await SafetyThawsAsync();
    }

    /// <summary>
    /// Waits while a guest is frozen, at most the longest deadline of the schedule's snapshots: the controller passes a
    /// snapshot's deadline as the freeze's <c>unfreezeTimeout</c>, so every safety thaw armed fires within it (seed 744).
    /// </summary>
    private async Task SafetyThawsAsync()
    {
        var longest = scenario.Schedule.Operations.OfType<CreateSnapshot>().Select(s => ScenarioObservation.Deadline(s.FailureDeadline)).Max();
        if (longest is { } budget && cluster.Events.AnyGuestFrozen())
        {
            await wait.UntilAsync(() => Task.FromResult(!cluster.Events.AnyGuestFrozen()), budget);
        }
    }

    private async Task HealAsync(HarnessCluster harness)
    {
        foreach (var component in harness.Components.Where(c => !c.IsRunning))
        {
            await component.StartAsync(CancellationToken.None);
        }

        foreach (var driver in scenario.World.Drivers)
        {
            await cluster.SwitchStorageFaultsAsync(driver.Name, SetStorageFault.Arguments(StorageFault.Healed));
        }

        cluster.SwitchApiFaults(on: false);
        cluster.Events.Record(
            ScenarioRunner.Component, DomainEventKind.OperationApplied, ScenarioRunner.Component, "faults stopped: every component running, CSI and API server faults cleared");
    }

    private async Task ApplyAsync(Operation operation, OperationContext context)
    {
        var outcome = await operation.ApplyAsync(context);
        cluster.Events.Record(ScenarioRunner.Component, DomainEventKind.OperationApplied, operation.Subject, $"{operation.Describe()}: {outcome}");
    }
}
