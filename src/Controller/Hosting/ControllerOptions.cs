using Harness.Controller.Snapshots;

namespace Harness.Controller.Hosting;

/// <summary>What <c>harness-controller</c> was asked to do (its command line, parsed).</summary>
public sealed record ControllerOptions
{
    /// <summary>The most workers per queue <c>--workers</c> accepts.</summary>
    public const int MaxWorkers = 1024;

    /// <summary>The kubeconfig of the cluster (its current context).</summary>
    public required string KubeconfigPath { get; init; }

    /// <summary>How long the preflight checks keep trying before the process gives up (<c>--wait-for-cluster</c>).</summary>
    /// <value>Zero: one try.</value>
    public TimeSpan WaitForCluster { get; init; }

    /// <summary>The only namespace whose objects are reconciled, or null for all.</summary>
    public string? Namespace { get; init; }

    /// <summary>Whether to act only while holding the Lease (<see cref="LeaderElection"/>).</summary>
    public bool LeaderElect { get; init; }

    /// <summary>The Lease and its timing; its identity names this replica.</summary>
    public required LeaderElectionOptions LeaderElection { get; init; }

    /// <summary>The port of <c>/metrics</c>, <c>/healthz</c> and <c>/readyz</c> on 127.0.0.1 (0: any free port), or null for none.</summary>
    public int? MetricsPort { get; init; }

    /// <summary>The HTTPS port of the admission webhooks on 127.0.0.1 (0: any free port), or null for none.</summary>
    public int? WebhookPort { get; init; }

    /// <summary>Workers per work queue of the snapshot and restore controllers (a key is never reconciled twice at once).</summary>
    /// <value><see cref="SnapshotControllerOptions.DefaultWorkers"/> (6, as KubeVirt's virt-controller).</value>
    public int Workers { get; init; } = SnapshotControllerOptions.DefaultWorkers;
}
