using Harness.Scenarios.Cluster;
using Harness.Scenarios.Worlds;
using k8s;

namespace Harness.Scenarios.Operations;

/// <summary>What an <see cref="Operation"/> acts on: the running cluster and its simulation.</summary>
public sealed record OperationContext(HarnessCluster Cluster, SimulatedCluster Simulation, WorldSpec World)
{
    public IKubernetes Client => Cluster.Client;
}
