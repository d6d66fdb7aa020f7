using Harness.EnvTest.Core;
using Harness.EnvTest.InProcess;
using Harness.EnvTest.Informers;
using Harness.EnvTest.Requests;
using Harness.Reconciling;
using Harness.Scenarios.Simulation.Scheduling;
using k8s;

namespace Harness.Scenarios.Simulation.Transport;

/// <summary>The embedded API server and KubernetesClient clients wired in-process under a deterministic scheduler.</summary>
public static class InProcessKubernetes
{
    /// <summary>
    /// An API server core on the scheduler: its clock is the virtual clock, its background controllers start through
    /// the scheduler's task factory and call the server through <see cref="CreateClient"/>, its random source is
    /// derived from the scheduler's seed (<c>"apiserver"</c>); their watches are read by <see cref="StreamedWatch"/>. Create it inside <see cref="DeterministicScheduler.Run(Func{Task}, long?)"/>
    /// so that its controllers belong to the run.
    /// </summary>
    public static ApiServer CreateServer(DeterministicScheduler scheduler)
    {
        ArgumentNullException.ThrowIfNull(scheduler);
        return new ApiServer(new ApiServerOptions
        {
            TimeProvider = scheduler.TimeProvider,
            TaskFactory = scheduler.TaskFactory,
            Seed = (int)(scheduler.Seed.Derive("apiserver").Value & int.MaxValue),
            ControllerClient = server => CreateClient(scheduler, server),
            ControllerWatch = ControllerWatch,
        });
    }

    /// <summary>
    /// How the API server's own controllers read their watches through a client of <see cref="CreateClient"/>: with
    /// <see cref="StreamedWatch"/>, awaiting in the scheduler's context, not KubernetesClient's thread-pool hop per event.
    /// </summary>
    public static ResourceWatch ControllerWatch(IKubernetes client) => (path, ct) =>
        StreamedWatch.ReadAsync<PartialObject>((Kubernetes)client, path, resourceVersion: null, bookmarks: false, onError: null, ct);

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
