using Harness.EnvTest.Environment;
using Harness.Runtime.Randomness;
using Harness.Scenarios.Cluster;
using Harness.Scenarios.Cluster.Components;
using Harness.Scenarios.Cluster.Events;
using Harness.Scenarios.Faults.Api;
using Harness.Scenarios.Invariants;
using Harness.Scenarios.Worlds;

namespace Harness.Scenarios.Running;

/// <summary>
/// Runs a <see cref="Scenario"/> over the real transports and processes (<see cref="LiveCluster"/>): a fresh embedded API
/// server per scenario, or the cluster of <see cref="LiveScenarioRunnerOptions.Kubeconfig"/> (the world is taken out of
/// it again afterwards). The body and the invariants are the simulated runner's; the run is not deterministic, so its
/// result has no trace. The plan's API server faults apply on the embedded server only, its CSI fault switches not at all
/// (<see cref="LiveScenarioCluster"/>).
/// </summary>
public sealed class LiveScenarioRunner(LiveScenarioRunnerOptions options)
{
    /// <summary>What a live result gives as its trace hash: there is no trace to compare.</summary>
    public const string NoTrace = "live";

    public async Task<ScenarioResult> RunAsync(Scenario scenario, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(scenario);
        var events = new DomainEventLog(options.Time);
        var apiFaults = options.Kubeconfig is null ? PlannedApiFaults(scenario, events) : null;
        await using var environment = new TestEnvironment(new TestEnvironmentOptions
        {
            Backend = options.Kubeconfig is { } kubeconfig ? new ExistingClusterBackend(kubeconfig) : null,
            EmbeddedFront = apiFaults is null
                ? null
                : server => new ComponentFaultRouter(server, apiFaults, ComponentNames.ApiClients, options.Time, HarnessCluster.AggregatedGroups),
            EnvironmentVariable = _ => null,
            TimeProvider = options.Time,
            TaskFactory = options.Tasks,
            Seed = (int)(scenario.Seed & int.MaxValue),
            WebhookInstallOptions = new WebhookInstallOptions { Webhooks = HarnessCluster.Webhooks },
        });
        await environment.StartAsync(cancellationToken);
        await using var live = await LiveCluster.StartAsync(
            environment,
            options.Time,
            new LiveClusterOptions { Controller = options.ControllerProcess ? ControllerPlacement.Process : ControllerPlacement.None, Drivers = [.. scenario.World.Drivers.Select(d => d.AsClusterDriver())], Events = events },
            cancellationToken);
        var cluster = new LiveScenarioCluster(live, environment.Client, apiFaults, options.Time, options.Tasks);
        var body = new ScenarioBody(scenario, cluster, options.SettleBudget, options.CleanupSettle);
        var start = options.Time.GetUtcNow();
        string? failure = null;
        try
        {
            await body.ExecuteAsync(live.Cluster);
        }
        catch (Exception e) when (e is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            failure = $"{e.GetType().Name}: {e.Message}";
        }

        var observation = body.Observe(failure);
        var requests = (environment.Backend as EmbeddedApiServerBackend)?.Core?.RequestsHandled ?? 0;
        if (options.Kubeconfig is not null)
        {
            await new WorldBuilder(cluster).TearDownAsync(scenario.World);
        }

        return new ScenarioResult(
            scenario, NoTrace, Steps: 0, options.Time.GetUtcNow() - start, requests, observation.Events, InvariantSet.Check(observation),
            FrozenCutsRead: observation.FrozenCutsRead);
    }

    /// <summary>
    /// The plan's API server faults, met by the components' requests to the embedded server (each names its component in
    /// its <c>User-Agent</c>); a cluster of a kubeconfig is reached with nothing in between, so none apply there.
    /// </summary>
    private static ApiFaults PlannedApiFaults(Scenario scenario, DomainEventLog events)
    {
        var faults = new ApiFaults(
            new SimulationSeed(scenario.Seed).Derive("live"), (component, subject, detail) => events.Record(component, DomainEventKind.FaultInjected, subject, detail));
        faults.Configure(scenario.Faults.ApiRequestFaultChance, scenario.Faults.ApiWatchFaultChance);
        return faults;
    }
}
