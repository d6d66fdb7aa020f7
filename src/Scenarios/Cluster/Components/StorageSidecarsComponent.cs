using Harness.Scenarios.Cluster.Events;
using Harness.Simulators.Csi.Stack;
using k8s;

namespace Harness.Scenarios.Cluster.Components;

/// <summary>The CSI snapshotter and provisioner of every driver (and the default classes); each start is a new <see cref="CsiStack"/>.</summary>
public sealed class StorageSidecarsComponent(IKubernetes client, Func<CsiStackOptions> options, DomainEventLog log)
    : ClusterComponent(ComponentNames.StorageSidecars, log)
{
    private CsiStack? stack;

    protected override async Task OnStartAsync(CancellationToken cancellationToken)
    {
        var started = new CsiStack(client, options());
        await started.StartAsync(cancellationToken);
        stack = started;
    }

    protected override async Task OnStopAsync()
    {
        if (stack is { } running)
        {
            stack = null;
            await running.DisposeAsync();
        }
    }
}
