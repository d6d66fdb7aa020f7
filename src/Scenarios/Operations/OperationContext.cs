using Harness.Scenarios.Cluster;
using Harness.Scenarios.Running;
using Harness.Scenarios.Worlds;
using k8s;

namespace Harness.Scenarios.Operations;

/// <summary>What an <see cref="Operation"/> acts on: the running cluster's components and the scenario's view of it.</summary>
public sealed record OperationContext(HarnessCluster Cluster, IScenarioCluster Scenario, WorldSpec World)
{
    public IKubernetes Client => Cluster.Client;
}
