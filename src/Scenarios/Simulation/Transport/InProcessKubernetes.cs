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
    /// derived from the scheduler's seed (<c>"apiserver"</c>); their watches are read by <see cref="Harness.Reflectors.StreamedWatch"/>. Create it inside <see cref="DeterministicScheduler.Run(Func{Task}, long?)"/>
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
        });
    }

    // A watch event's way from the server's watcher (woken by the write that made the event) through the in-process stream
    // (envtest's FrameStream) to the response stream KubernetesClient reads: handed on within the step that woke the
    // watcher. Each watch's own scheduling point is the boundary step that delivers the frame to its reader.
    private static readonly string[] WatchRelays = ["ApiServer.Frames", "FrameStream.ReadAsync", "DeterministicResponseStream.PumpAsync"];

    /// <summary>
    /// A real <see cref="Kubernetes"/> client whose requests go to <paramref name="server"/> without a socket, each
    /// request and response a scheduling point of <paramref name="scheduler"/>. Registers KubernetesClient as a
    /// boundary library of the scheduler (see <see cref="DeterministicScheduler.AddBoundaryLibrary"/>) and the watch
    /// transport's layers as relays (<see cref="DeterministicScheduler.AddRelay"/>).
    /// </summary>
    public static Kubernetes CreateClient(DeterministicScheduler scheduler, IApiHandler server, string user = "system:admin")
    {
        ArgumentNullException.ThrowIfNull(scheduler);
        ArgumentNullException.ThrowIfNull(server);
        scheduler.AddBoundaryLibrary(typeof(Kubernetes).Assembly);
        foreach (var relay in WatchRelays)
        {
            scheduler.AddRelay(relay);
        }

        var config = new KubernetesClientConfiguration { Host = "http://apiserver.in-process" };
        return new Kubernetes(config, new DeterministicHttpHandler(scheduler), new ApiServerMessageHandler(server, user));
    }
}
