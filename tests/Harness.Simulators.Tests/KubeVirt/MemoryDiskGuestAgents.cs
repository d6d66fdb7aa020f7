using Harness.Scenarios.Cluster;
using Harness.Simulators.GuestAgent;
using Harness.Simulators.KubeVirt.GuestAgents;

namespace Harness.Simulators.Tests.KubeVirt;

/// <summary>
/// The guests of a KubeVirt world: each VMI whose guest runs an agent gets a <see cref="GuestAgentServer"/> over no disks,
/// with the faults of the VMI's annotations, served in-process; <paramref name="started"/> sees each server.
/// </summary>
internal sealed class MemoryDiskGuestAgents(TimeProvider time, Action<GuestAgentLaunch, GuestAgentServer> started) : IGuestAgentConnector
{
    public Task<IGuestAgentEndpoint?> StartAsync(GuestAgentLaunch launch, CancellationToken cancellationToken)
    {
        if (GuestFaults.ForGuest(launch.Annotations) is not { } faults)
        {
            return Task.FromResult<IGuestAgentEndpoint?>(null);
        }

        var server = new GuestAgentServer(new Guest([], time, faults.ThawLimit), new GuestAgentSimulatorOptions { Faults = faults }, time, new Random(launch.Seed));
        started(launch, server);
        return Task.FromResult<IGuestAgentEndpoint?>(new InProcessGuestAgentEndpoint(server, Task.Factory));
    }
}
