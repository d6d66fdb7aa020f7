using Harness.Runtime.Synchronization;
using Harness.Simulators.GuestAgent;
using Harness.Simulators.KubeVirt.GuestAgents;
using Harness.Simulators.KubeVirt.MemoryDumps;

namespace Harness.Simulators.KubeVirt.Instances;

/// <summary>
/// What virt-handler and virt-launcher know of one running VMI and the API does not hold: the domain's
/// paused state, the connection to its guest agent, the last answers of the agent, the pending safety thaw, the
/// memory dumps taken.
/// </summary>
internal sealed class InstanceRuntime : IAsyncDisposable
{
    private readonly TimeProvider time;
    private readonly TimeSpan commandTimeout;
    private readonly int seed;
    private Stream? stream;
    private GuestAgentClient? client;
    private int connections;

    public InstanceRuntime(string uid, TimeProvider time, TimeSpan commandTimeout, int seed)
    {
        Uid = uid;
        this.time = time;
        this.commandTimeout = commandTimeout;
        this.seed = seed;
    }

    public string Uid { get; }

    /// <summary>Serialises the operations on this VMI's agent and state.</summary>
    public AsyncMutex Gate { get; } = new();

    /// <summary>Whether this boot's guest was launched through the connector (its agent may be absent: no <see cref="Endpoint"/>).</summary>
    public bool AgentLaunched { get; set; }

    public IGuestAgentEndpoint? Endpoint { get; set; }

    /// <summary>Why the agent could not be started, reported once.</summary>
    public string? LaunchError { get; set; }

    public bool LaunchErrorReported { get; set; }

    public bool Paused { get; set; }

    /// <summary>Whether the agent answered the last <c>guest-ping</c>.</summary>
    public bool AgentConnected { get; set; }

    /// <summary>The agent's last answer to <c>guest-fsfreeze-status</c>.</summary>
    public FsFreezeStatus? FreezeStatus { get; set; }

    public ITimer? ThawTimer { get; set; }

    /// <summary>The dumps taken into the memory-dump volumes the VMI has now, by volume name.</summary>
    public Dictionary<string, TakenMemoryDump> MemoryDumps { get; } = new(StringComparer.Ordinal);

    /// <summary>The client over the current channel, connecting first if there is none.</summary>
    public async Task<GuestAgentClient> ClientAsync(CancellationToken cancellationToken)
    {
        if (client is not null)
        {
            return client;
        }

        var endpoint = Endpoint ?? throw new GuestAgentUnavailableException("connect", "the VMI has no guest agent");
        try
        {
            stream = await endpoint.ConnectAsync(cancellationToken);
        }
        catch (Exception e) when (e is IOException or System.Net.Sockets.SocketException)
        {
            throw new GuestAgentUnavailableException("connect", e.Message, e);
        }

        connections++;
        client = new GuestAgentClient(stream, time, new Random(HashCode.Combine(seed, connections)), commandTimeout);
        return client;
    }

    /// <summary>Forgets the channel after the agent stopped answering; the next command reconnects.</summary>
    public async Task DropConnectionAsync()
    {
        client = null;
        if (stream is not null)
        {
            await stream.DisposeAsync();
            stream = null;
        }
    }

    public async ValueTask DisposeAsync()
    {
        ThawTimer?.Dispose();
        ThawTimer = null;
        await DropConnectionAsync();
        if (Endpoint is not null)
        {
            await Endpoint.DisposeAsync();
            Endpoint = null;
        }

        AgentConnected = false;
        FreezeStatus = null;
    }
}
