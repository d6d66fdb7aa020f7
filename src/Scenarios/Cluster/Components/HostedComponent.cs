using Harness.Scenarios.Cluster.Events;

namespace Harness.Scenarios.Cluster.Components;

/// <summary>
/// A component made by a factory each time it starts (a controller, a process); stopping disposes that instance, a
/// crash kills it first when it can be killed (<see cref="IKillable"/>).
/// </summary>
public sealed class HostedComponent(string name, Func<CancellationToken, Task<IAsyncDisposable>> start, DomainEventLog log)
    : ClusterComponent(name, log)
{
    private IAsyncDisposable? running;

    protected override async Task OnStartAsync(CancellationToken cancellationToken) => running = await start(cancellationToken);

    protected override async Task OnStopAsync()
    {
        if (running is { } instance)
        {
            running = null;
            await instance.DisposeAsync();
        }
    }

    protected override async Task OnCrashAsync()
    {
        if (running is IKillable killable)
        {
            await killable.KillAsync();
        }

        await OnStopAsync();
    }
}
