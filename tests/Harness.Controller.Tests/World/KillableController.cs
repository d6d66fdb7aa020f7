using Harness.Reconciling;
using Harness.Scenarios.Cluster.Components;

namespace Harness.Controller.Tests.World;

/// <summary>
/// The controllers of one simulated controller process. Stopping disposes the host; killing severs its connection
/// and abandons it (its loops wait forever on answers that never come), so nothing of the dead process acts again
/// and nothing in flight is cancelled.
/// </summary>
internal sealed class KillableController(ReconcilerHost host, SeverableConnection connection) : IAsyncDisposable, IKillable
{
    public Task KillAsync()
    {
        connection.Sever();
        return Task.CompletedTask;
    }

    public ValueTask DisposeAsync() => connection.IsSevered ? ValueTask.CompletedTask : host.DisposeAsync();
}
