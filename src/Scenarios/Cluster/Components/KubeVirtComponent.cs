using Harness.Scenarios.Cluster.Events;
using Harness.Simulators.KubeVirt;
using Harness.Simulators.KubeVirt.Subresources;
using k8s;

namespace Harness.Scenarios.Cluster.Components;

/// <summary>
/// The simulated KubeVirt control plane (virt-controller, virt-handler, virt-api's subresources): each start is a new
/// <see cref="KubeVirtSimulator"/> that rebuilds its state from the API server. While it is down its aggregated API
/// answers 503, as kube-apiserver does for an unavailable APIService.
/// </summary>
public sealed class KubeVirtComponent(IKubernetes client, Func<KubeVirtSimulatorOptions> options, DomainEventLog log)
    : ClusterComponent(ComponentNames.KubeVirt, log)
{
    public KubeVirtSimulator? Simulator { get; private set; }

    /// <summary>The running simulator's <c>subresources.kubevirt.io</c> API, or null while the component is down.</summary>
    public SubresourceApi? Subresources => IsRunning ? Simulator?.Subresources : null;

    protected override async Task OnStartAsync(CancellationToken cancellationToken)
    {
        var simulator = new KubeVirtSimulator(client, options());
        await simulator.StartAsync(cancellationToken);
        Simulator = simulator;
    }

    protected override async Task OnStopAsync()
    {
        if (Simulator is { } simulator)
        {
            Simulator = null;
            await simulator.DisposeAsync();
        }
    }
}
