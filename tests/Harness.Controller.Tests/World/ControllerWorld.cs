using System.Net;
using System.Text.Json;
using System.Text.Json.Nodes;
using Harness.Api.KubeVirt;
using Harness.Api.Snapshots;
using Harness.Api.SnapshotStorage;
using Harness.Controller.Restores;
using Harness.Controller.Snapshots;
using Harness.EnvTest.Admission;
using Harness.EnvTest.Core;
using Harness.EnvTest.Environment;
using Harness.Reconciling;
using Harness.Scenarios.Cluster;
using Harness.Scenarios.Cluster.Events;
using Harness.Scenarios.Simulation.Transport;
using Harness.Simulators.Csi;
using Harness.Simulators.Csi.Stack;
using k8s;
using k8s.Autorest;
using k8s.Models;

namespace Harness.Controller.Tests.World;

/// <summary>
/// The conformance cases' world: the helpers the test bodies speak through, on an <see cref="IWorldBackend"/>. Made with
/// a seed, it is deterministic: the lead's <see cref="SimulatedCluster"/> (embedded API server with its garbage collector,
/// in-process CSI driver and sidecars, the KubeVirt simulator with in-process guests) with the snapshot and restore
/// controllers in its controller slot, on the deterministic scheduler with virtual time: a test never sleeps for real.
/// Made with a <see cref="LiveWorldBackend"/>, it is live (<see cref="LiveWorldFixture"/>); what only the deterministic
/// world has (<see cref="Simulation"/>, the in-process server, guests and driver, crashes) throws there.
/// </summary>
internal sealed partial class ControllerWorld
{
    public const string Driver = CsiConstants.DefaultDriverName;
    public const string StorageClass = CsiStackOptions.DefaultStorageClassName;
    public const string SnapshotClass = CsiStackOptions.DefaultSnapshotClassName;
    private readonly IWorldBackend backend;
    private readonly SimulatedCluster? simulation;
    private HarnessCluster? cluster;

    /// <param name="seed">The run's seed.</param>
    /// <param name="extraDrivers">CSI drivers beside <see cref="Driver"/> (which has the default classes); their classes are the test's to make.</param>
    public ControllerWorld(ulong seed = 1, params SimulatedDriver[] extraDrivers)
    {
        simulation = new SimulatedCluster(seed, new SimulatedClusterOptions
        {
            Drivers = [new SimulatedDriver(Driver, SnapshotsSupported: true), .. extraDrivers],
            RunApiServerControllers = true,
            Controller = simulated => ct => StartControllerAsync(simulated, ct),
        });
        backend = new SimulatedWorldBackend(simulation, () => cluster, ControllerErrors);
    }

    /// <summary>A live world in the namespace of <paramref name="live"/>.</summary>
    public ControllerWorld(LiveWorldBackend live) => backend = live;

    /// <summary>The namespace the test works in: <c>default</c> in the deterministic world, one per test in the live one.</summary>
    public string Namespace => backend.Namespace;

    public bool IsLive => simulation is null;

    public SimulatedCluster Simulation => simulation ?? throw new InvalidOperationException("only the deterministic world has a SimulatedCluster; mark the case deterministic-only and say why");

    /// <summary>Workers per queue of the snapshot and restore controllers.</summary>
    /// <value><see cref="SnapshotControllerOptions.DefaultWorkers"/>, as KubeVirt.</value>
    public int Workers { get; init; } = SnapshotControllerOptions.DefaultWorkers;

    public ApiServer Server => Simulation.Server;

    public Kubernetes Client => backend.Client;

    public CsiDriverSimulator CsiDriver => Simulation.Driver(Driver);

    public InProcessGuests Guests => Simulation.Guests;

    public DomainEventLog Events => backend.Events;

    /// <summary>The started cluster: in the live world, the harness-controller process is its controller.</summary>
    public HarnessCluster Cluster => backend.Cluster;

    public TimeProvider Time => backend.Time;

    /// <summary>Reconcile errors of the controller, as (queue, key, message).</summary>
    public List<(string Queue, ObjectKey Key, string Message)> ControllerErrors { get; } = [];

    /// <summary>Runs <paramref name="body"/> in the started cluster, the snapshot controller running.</summary>
    public void Run(Func<Task> body) => Simulation.Run(async started =>
    {
        cluster = started;
        await body();
    });

    /// <summary>
    /// Kills the controller (its memory lost, its connection severed; live, the process gets SIGKILL) and starts a new
    /// one against the same API server. Live, every case uses that controller: run the case with
    /// <see cref="LiveWorldFixture.RunAloneAsync"/>.
    /// </summary>
    public Task RestartControllerAsync() => Cluster.Controller!.RestartAsync(CancellationToken.None);

    private async Task<IAsyncDisposable> StartControllerAsync(SimulatedCluster simulated, CancellationToken ct)
    {
        var connection = new SeverableConnection(simulated.Server);
        var client = InProcessKubernetes.CreateClient(simulated.Scheduler, connection);
        var host = new ReconcilerHost(simulated.Runtime("controller"));
        SnapshotController.Register(host, client, new SnapshotControllerOptions
        {
            TimeProvider = simulated.Scheduler.TimeProvider,
            TaskFactory = simulated.Scheduler.TaskFactory,
            Workers = Workers,
            OnReconcileError = (queue, key, e) => ControllerErrors.Add((queue, key, e.Message)),
        });
        RestoreController.Register(host, client, new RestoreControllerOptions
        {
            TimeProvider = simulated.Scheduler.TimeProvider,
            TaskFactory = simulated.Scheduler.TaskFactory,
            Workers = Workers,
            OnReconcileError = (key, e) => ControllerErrors.Add(("restore", key, e.Message)),
        });
        await host.StartAsync(ct);
        return new KillableController(host, connection);
    }

    /// <summary>
    /// Polls until <paramref name="probe"/> yields a value; fails after <paramref name="within"/> (the backend's default:
    /// 10 virtual minutes in the deterministic world).
    /// </summary>
    public async Task<T> WaitForAsync<T>(string what, Func<Task<T?>> probe, TimeSpan? within = null)
        where T : class
    {
        var limit = within ?? backend.DefaultWait;
        var deadline = Time.GetUtcNow() + limit;
        while (true)
        {
            if (await probe() is { } value)
            {
                return value;
            }

            if (Time.GetUtcNow() >= deadline)
            {
                Assert.Fail($"not reached within {limit} of {backend.Clock}: {what}\ncontroller errors:\n{backend.DescribeControllerErrors()}\nsnapshots:\n{await DescribeSnapshotsAsync()}");
            }

            await Task.Delay(backend.PollInterval, Time);
        }
    }

    public Task WaitUntilAsync(string what, Func<bool> condition, TimeSpan? within = null) =>
        WaitForAsync(what, () => Task.FromResult(condition() ? what : null), within);

    public Task DelayAsync(TimeSpan delay) => Task.Delay(delay, Time);

    /// <summary>Makes the API server call <paramref name="handler"/> as the validating webhook <paramref name="name"/> for the requests of this world's namespace that <paramref name="rules"/> match.</summary>
    public Task RegisterValidatingAdmissionAsync(string name, IReadOnlyList<AdmissionRule> rules, IAdmissionHandler handler) =>
        backend.RegisterValidatingAdmissionAsync(name, rules, handler);

    internal static T Convert<T>(object item) => item switch
    {
        JsonElement element => KubernetesJson.Deserialize<T>(element.GetRawText()),
        _ => KubernetesJson.Deserialize<T>(KubernetesJson.Serialize(item)),
    };

    internal static bool IsNotFound(Exception e) => e is HttpOperationException { Response.StatusCode: HttpStatusCode.NotFound };
}
