namespace Harness.Simulators.KubeVirt.GuestAgents;

/// <summary>
/// The guest of a VMI that begins running, as virt-launcher reaches it: the simulator knows the guest agent only by its
/// protocol, over the stream an endpoint opens. What runs behind it (a <c>harness-guest-agent</c> process on a Unix
/// socket, an in-process server, the guest's disks and faults) is the composition's choice, in <c>src/Scenarios</c>.
/// </summary>
public interface IGuestAgentConnector
{
    /// <summary>Starts the guest's agent; disposing the returned endpoint stops it (the VMI stopped).</summary>
    /// <returns>The agent's endpoint, or null when the guest runs no agent.</returns>
    /// <exception cref="IOException">The agent could not be started.</exception>
    /// <exception cref="FormatException">The launch's annotations describe no guest the connector can make (a bad fault).</exception>
    Task<IGuestAgentEndpoint?> StartAsync(GuestAgentLaunch launch, CancellationToken cancellationToken);
}
