using Harness.Scenarios.Cluster;
using Harness.Scenarios.Cluster.Components;
using Harness.Scenarios.Cluster.Events;
using Harness.Scenarios.Invariants;
using Harness.Scenarios.Operations;
using Harness.Scenarios.Worlds;

namespace Harness.Scenarios.Running;

/// <summary>
/// Runs a <see cref="Scenario"/> on a <see cref="SimulatedCluster"/> of its seed (<see cref="ScenarioBody"/>, at virtual
/// times) and checks the invariants on the event log and the states it read. The same scenario gives the same trace,
/// byte for byte.
/// </summary>
public sealed class ScenarioRunner(ScenarioRunnerOptions options)
{
    public const string Component = "scenario";

    public ScenarioResult Run(Scenario scenario)
    {
        ArgumentNullException.ThrowIfNull(scenario);
        var cluster = new SimulatedScenarioCluster(scenario, options);
        var simulation = cluster.Simulation;
        var body = new ScenarioBody(scenario, cluster, options.SettleBudget, options.CleanupSettle);
        string? failure = null;
        var start = simulation.Scheduler.TimeProvider.GetUtcNow();
        try
        {
            simulation.Run(body.ExecuteAsync, options.MaxSteps);
        }
        catch (Exception e)
        {
            failure = $"{e.GetType().Name}: {e.Message}";
        }

        var observation = body.Observe(failure);
        return new ScenarioResult(
            scenario,
            simulation.Scheduler.Trace.HashText,
            simulation.Scheduler.Trace.StepCount,
            simulation.Scheduler.TimeProvider.GetUtcNow() - start,
            simulation.Server.RequestsHandled,
            observation.Events,
            InvariantSet.Check(observation),
            options.KeepTrace ? simulation.Scheduler.Trace.Format() : null,
            observation.FrozenCutsRead);
    }
}
