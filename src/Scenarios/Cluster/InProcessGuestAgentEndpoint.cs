using Harness.Simulators.GuestAgent;
using Harness.Simulators.KubeVirt.GuestAgents;

namespace Harness.Scenarios.Cluster;

/// <summary>
/// A guest agent served in this process: each connection is an <see cref="InMemoryDuplexStream"/> pair whose far end
/// <paramref name="server"/> serves, its loop started through <paramref name="taskFactory"/> so that it runs on the
/// deterministic scheduler. Disposing it ends every session.
/// </summary>
public sealed class InProcessGuestAgentEndpoint(GuestAgentServer server, TaskFactory taskFactory) : IGuestAgentEndpoint
{
    private readonly CancellationTokenSource stopping = new();
    private readonly List<Task> sessions = [];

    public Task<Stream> ConnectAsync(CancellationToken cancellationToken)
    {
        if (server.HasCrashed || stopping.IsCancellationRequested)
        {
            throw new IOException("the guest agent is not running");
        }

        var (client, serverSide) = InMemoryDuplexStream.CreatePair();
        lock (sessions)
        {
            sessions.Add(taskFactory.StartNew(() => ServeAsync(serverSide)).Unwrap());
        }

        return Task.FromResult<Stream>(client);
    }

    public async ValueTask DisposeAsync()
    {
        stopping.Cancel();
        Task[] running;
        lock (sessions)
        {
            running = [.. sessions];
        }

        await Task.WhenAll(running);
        stopping.Dispose();
    }

    private async Task ServeAsync(Stream stream)
    {
        try
        {
            await server.ServeAsync(stream, stopping.Token);
        }
        catch (OperationCanceledException)
        {
        }
        finally
        {
            await stream.DisposeAsync();
        }
    }
}
