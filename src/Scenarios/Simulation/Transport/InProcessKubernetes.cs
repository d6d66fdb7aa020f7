using Harness.EnvTest.InProcess;
using Harness.EnvTest.Requests;
using Harness.Scenarios.Simulation.Scheduling;
using k8s;

namespace Harness.Scenarios.Simulation.Transport;

/// <summary>KubernetesClient clients wired to an in-process API server under a deterministic scheduler.</summary>
public static class InProcessKubernetes
{
    /// <summary>
    /// A real <see cref="Kubernetes"/> client whose requests go to <paramref name="server"/> without a socket, each
    /// request and response a scheduling point of <paramref name="scheduler"/>. Registers KubernetesClient as a
    /// boundary library of the scheduler (see <see cref="DeterministicScheduler.AddBoundaryLibrary"/>).
    /// </summary>
    public static Kubernetes CreateClient(DeterministicScheduler scheduler, IApiHandler server, string user = "system:admin")
    {
        ArgumentNullException.ThrowIfNull(scheduler);
        ArgumentNullException.ThrowIfNull(server);
        scheduler.AddBoundaryLibrary(typeof(Kubernetes).Assembly);
        var config = new KubernetesClientConfiguration { Host = "http://apiserver.in-process" };
        return new Kubernetes(config, new DeterministicHttpHandler(scheduler), new ApiServerMessageHandler(server, user));
    }
}
