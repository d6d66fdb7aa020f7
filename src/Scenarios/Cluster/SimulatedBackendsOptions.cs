using Harness.Reconciling;

namespace Harness.Scenarios.Cluster;

/// <summary>Clock, work starter and seed of <see cref="SimulatedBackends"/>.</summary>
public sealed class SimulatedBackendsOptions
{
    /// <value><see cref="TimeProvider.System"/>; the deterministic scheduler's virtual clock in simulation.</value>
    public TimeProvider TimeProvider { get; init; } = TimeProvider.System;

    /// <value><see cref="Task.Factory"/>; the deterministic scheduler's factory in simulation.</value>
    public TaskFactory TaskFactory { get; init; } = Task.Factory;

    /// <value>0.</value>
    public int Seed { get; init; }

    /// <summary>Called with each failed reconcile of the KubeVirt simulator.</summary>
    public Action<ObjectKey, Exception>? OnReconcileError { get; init; }
}
