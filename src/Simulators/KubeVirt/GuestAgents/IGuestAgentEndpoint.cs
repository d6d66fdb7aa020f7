namespace Harness.Simulators.KubeVirt.GuestAgents;

/// <summary>A running guest agent. Disposing it stops the agent (kills the process, ends the in-process server).</summary>
public interface IGuestAgentEndpoint : IAsyncDisposable
{
    /// <summary>Opens a fresh channel to the agent (the virtio-serial port, as virt-launcher sees it).</summary>
    Task<Stream> ConnectAsync(CancellationToken cancellationToken);
}
