using Harness.Simulators.GuestAgent;

namespace Harness.Simulators.KubeVirt.GuestAgents;

/// <summary>
/// Runs each VMI's agent in this process: a <see cref="GuestAgentServer"/> made by <c>createServer</c>
/// (by default over in-memory disks) served on <see cref="InMemoryDuplexStream"/> pairs, its loops started
/// through the injected <see cref="TaskFactory"/> so they run on the deterministic scheduler.
/// </summary>
public sealed class InProcessGuestAgentConnector : IGuestAgentConnector
{
    private readonly TaskFactory taskFactory;
    private readonly Func<GuestAgentLaunch, GuestAgentServer> createServer;

    /// <param name="timeProvider">Clock of the default servers.</param>
    /// <param name="taskFactory">Starts the servers' loops.</param>
    /// <param name="createServer">Builds the server of one VMI; the default gives it in-memory disks and the launch's faults.</param>
    public InProcessGuestAgentConnector(TimeProvider timeProvider, TaskFactory taskFactory, Func<GuestAgentLaunch, GuestAgentServer>? createServer = null)
    {
        ArgumentNullException.ThrowIfNull(timeProvider);
        this.taskFactory = taskFactory;
        this.createServer = createServer ?? (launch => new GuestAgentServer(
            new Guest([], timeProvider, launch.Faults.ThawLimit),
            new GuestAgentSimulatorOptions { Faults = launch.Faults },
            timeProvider,
            new Random(launch.Seed)));
    }

    public Task<IGuestAgentEndpoint> StartAsync(GuestAgentLaunch launch, CancellationToken cancellationToken)
        => Task.FromResult<IGuestAgentEndpoint>(new Endpoint(createServer(launch), taskFactory));

    private sealed class Endpoint(GuestAgentServer server, TaskFactory taskFactory) : IGuestAgentEndpoint
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
}
