namespace Harness.Scenarios.Cluster;

/// <summary>What a <see cref="LiveCluster"/> runs beside the simulators.</summary>
public sealed class LiveClusterOptions
{
    /// <summary>Whether the <c>harness-controller</c> process runs (against the environment's kubeconfig).</summary>
    /// <value>false.</value>
    public bool ControllerProcess { get; init; }
}
