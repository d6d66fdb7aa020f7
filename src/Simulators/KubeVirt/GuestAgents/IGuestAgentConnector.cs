namespace Harness.Simulators.KubeVirt.GuestAgents;

/// <summary>
/// Starts the guest agent of a VMI that begins running. Live: a <c>harness-guest-agent</c> process on a
/// Unix socket (<see cref="ProcessGuestAgentConnector"/>). In-process: a <c>GuestAgentServer</c> behind an
/// in-memory duplex stream (<see cref="InProcessGuestAgentConnector"/>).
/// </summary>
public interface IGuestAgentConnector
{
    /// <summary>Starts the agent; disposing the returned endpoint stops it (the VMI stopped).</summary>
    Task<IGuestAgentEndpoint> StartAsync(GuestAgentLaunch launch, CancellationToken cancellationToken);
}
