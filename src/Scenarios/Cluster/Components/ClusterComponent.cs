using Harness.Scenarios.Cluster.Events;

namespace Harness.Scenarios.Cluster.Components;

/// <summary>
/// One part of the cluster that can be started, stopped, crashed and restarted at any point of a run. A restarted
/// component comes back from the API server's state (and, for a CSI driver, its backend) alone, never from memory.
/// </summary>
public abstract class ClusterComponent(string name, DomainEventLog log)
{
    public string Name { get; } = name;

    public bool IsRunning { get; private set; }

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        if (IsRunning)
        {
            return;
        }

        await OnStartAsync(cancellationToken);
        IsRunning = true;
        log.Record(Name, DomainEventKind.ComponentStarted, Name);
    }

    /// <summary>Stops gracefully: work in flight ends, connections close.</summary>
    public async Task StopAsync()
    {
        if (!IsRunning)
        {
            return;
        }

        IsRunning = false;
        await OnStopAsync();
        log.Record(Name, DomainEventKind.ComponentStopped, Name);
    }

    /// <summary>Dies: in-memory state lost, watches and connections dropped, work in flight abandoned.</summary>
    public async Task CrashAsync()
    {
        if (!IsRunning)
        {
            return;
        }

        IsRunning = false;
        log.Record(Name, DomainEventKind.ComponentCrashed, Name);
        await OnCrashAsync();
    }

    /// <summary>Crashes the component if it runs, then starts it again.</summary>
    public async Task RestartAsync(CancellationToken cancellationToken)
    {
        await CrashAsync();
        await StartAsync(cancellationToken);
    }

    /// <summary>Records a fact this component observed about itself (a fault it injected, say) in the event log.</summary>
    protected void Record(DomainEventKind kind, string subject, string detail) => log.Record(Name, kind, subject, detail);

    protected abstract Task OnStartAsync(CancellationToken cancellationToken);

    protected abstract Task OnStopAsync();

    /// <summary>What dying means for this component; by default the same as stopping, on a fresh instance next start.</summary>
    protected virtual Task OnCrashAsync() => OnStopAsync();
}
