namespace Harness.Scenarios.Running;

/// <summary>How a <see cref="LiveScenarioRunner"/> runs scenarios.</summary>
public sealed record LiveScenarioRunnerOptions
{
    /// <summary>The real clock the processes run on.</summary>
    public required TimeProvider Time { get; init; }

    /// <summary>Where the runner's own work runs (the thread pool: the processes are not on a scheduler).</summary>
    public required TaskFactory Tasks { get; init; }

    /// <summary>The cluster to run on; null starts a fresh embedded API server per scenario.</summary>
    public string? Kubeconfig { get; init; }

    /// <summary>Whether the <c>harness-controller</c> process runs; false leaves the snapshots and restores to the user's own controller.</summary>
    /// <value>true.</value>
    public bool ControllerProcess { get; init; } = true;

    /// <summary>How long after the faults stop the snapshots and restores have to end.</summary>
    /// <value>Seven minutes, as <see cref="ScenarioRunnerOptions.SettleBudget"/>.</value>
    public TimeSpan SettleBudget { get; init; } = TimeSpan.FromMinutes(7);

    /// <summary>How long the cluster is left alone before the settled and the cleaned state are read.</summary>
    /// <value>30 seconds, as <see cref="ScenarioRunnerOptions.CleanupSettle"/>.</value>
    public TimeSpan CleanupSettle { get; init; } = TimeSpan.FromSeconds(30);
}
