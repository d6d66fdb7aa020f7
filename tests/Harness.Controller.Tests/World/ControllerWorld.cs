using System.Net;
using System.Text.Json;
using System.Text.Json.Nodes;
using Harness.Api.KubeVirt;
using Harness.Api.Snapshots;
using Harness.Api.SnapshotStorage;
using Harness.Controller.Restores;
using Harness.Controller.Snapshots;
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
/// The lead's <see cref="SimulatedCluster"/> (embedded API server with its garbage collector, in-process CSI driver
/// and sidecars, the KubeVirt simulator with in-process guests) with the snapshot and restore controllers in its controller slot,
/// on the deterministic scheduler with virtual time: a test never sleeps for real.
/// </summary>
internal sealed partial class ControllerWorld
{
    public const string Namespace = "default";
    public const string Driver = CsiConstants.DefaultDriverName;
    public const string StorageClass = CsiStackOptions.DefaultStorageClassName;
    public const string SnapshotClass = CsiStackOptions.DefaultSnapshotClassName;
    private static readonly TimeSpan PollEvery = TimeSpan.FromSeconds(1);
    private HarnessCluster? cluster;

    /// <param name="seed">The run's seed.</param>
    /// <param name="extraDrivers">CSI drivers beside <see cref="Driver"/> (which has the default classes); their classes are the test's to make.</param>
    public ControllerWorld(ulong seed = 1, params SimulatedDriver[] extraDrivers)
    {
        Simulation = new SimulatedCluster(seed, new SimulatedClusterOptions
        {
            Drivers = [new SimulatedDriver(Driver, SnapshotsSupported: true), .. extraDrivers],
            RunApiServerControllers = true,
            Controller = simulated => ct => StartControllerAsync(simulated, ct),
        });
    }

    public SimulatedCluster Simulation { get; }

    public ApiServer Server => Simulation.Server;

    public Kubernetes Client => (Kubernetes)Simulation.Client;

    public CsiDriverSimulator CsiDriver => Simulation.Driver(Driver);

    public InProcessGuests Guests => Simulation.Guests;

    public DomainEventLog Events => Simulation.Events;

    public HarnessCluster Cluster => cluster ?? throw new InvalidOperationException("the cluster runs only inside Run");

    public TimeProvider Time => Simulation.Scheduler.TimeProvider;

    /// <summary>Reconcile errors of the controller, as (queue, key, message).</summary>
    public List<(string Queue, ObjectKey Key, string Message)> ControllerErrors { get; } = [];

    /// <summary>Runs <paramref name="body"/> in the started cluster, the snapshot controller running.</summary>
    public void Run(Func<Task> body) => Simulation.Run(async started =>
    {
        cluster = started;
        await body();
    });

    /// <summary>Kills the controller (its memory lost, its connection severed) and starts a new one against the same API server.</summary>
    public Task RestartControllerAsync() => Cluster.Controller!.RestartAsync(CancellationToken.None);

    private async Task<IAsyncDisposable> StartControllerAsync(SimulatedCluster simulated, CancellationToken ct)
    {
        var connection = new SeverableConnection(simulated.Server);
        var client = InProcessKubernetes.CreateClient(simulated.Scheduler, connection);
        var host = new ReconcilerHost(simulated.Scheduler.TaskFactory, simulated.Scheduler.TimeProvider);
        SnapshotController.Register(host, client, new SnapshotControllerOptions
        {
            TimeProvider = simulated.Scheduler.TimeProvider,
            TaskFactory = simulated.Scheduler.TaskFactory,
            OnReconcileError = (queue, key, e) => ControllerErrors.Add((queue, key, e.Message)),
        });
        RestoreController.Register(host, client, new RestoreControllerOptions
        {
            TimeProvider = simulated.Scheduler.TimeProvider,
            TaskFactory = simulated.Scheduler.TaskFactory,
            OnReconcileError = (key, e) => ControllerErrors.Add(("restore", key, e.Message)),
        });
        await host.StartAsync(ct);
        return new KillableController(host, connection);
    }

    /// <summary>Polls in virtual time until <paramref name="probe"/> yields a value; fails after <paramref name="within"/> (10 virtual minutes).</summary>
    public async Task<T> WaitForAsync<T>(string what, Func<Task<T?>> probe, TimeSpan? within = null)
        where T : class
    {
        var deadline = Time.GetUtcNow() + (within ?? TimeSpan.FromMinutes(10));
        while (true)
        {
            if (await probe() is { } value)
            {
                return value;
            }

            if (Time.GetUtcNow() >= deadline)
            {
                var errors = string.Join("\n", ControllerErrors.TakeLast(5).Select(e => $"{e.Queue} {e.Key}: {e.Message}"));
                Assert.Fail($"not reached within {within ?? TimeSpan.FromMinutes(10)} of virtual time: {what}\ncontroller errors:\n{errors}\nsnapshots:\n{await DescribeSnapshotsAsync()}");
            }

            await Task.Delay(PollEvery, Time);
        }
    }

    public Task WaitUntilAsync(string what, Func<bool> condition, TimeSpan? within = null) =>
        WaitForAsync(what, () => Task.FromResult(condition() ? what : null), within);

    public Task DelayAsync(TimeSpan delay) => Task.Delay(delay, Time);

    internal static T Convert<T>(object item) => item switch
    {
        JsonElement element => KubernetesJson.Deserialize<T>(element.GetRawText()),
        _ => KubernetesJson.Deserialize<T>(KubernetesJson.Serialize(item)),
    };

    internal static bool IsNotFound(Exception e) => e is HttpOperationException { Response.StatusCode: HttpStatusCode.NotFound };
}
