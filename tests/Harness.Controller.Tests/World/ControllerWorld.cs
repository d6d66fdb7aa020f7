using System.Net;
using System.Text.Json;
using System.Text.Json.Nodes;
using Harness.Api.KubeVirt;
using Harness.Api.Snapshots;
using Harness.Api.SnapshotStorage;
using Harness.Controller.Snapshots;
using Harness.EnvTest.Core;
using Harness.EnvTest.Environment;
using Harness.Reconciling;
using Harness.Scenarios.Cluster;
using Harness.Scenarios.Simulation.Randomness;
using Harness.Scenarios.Simulation.Scheduling;
using Harness.Scenarios.Simulation.Transport;
using Harness.Simulators.Csi;
using Harness.Simulators.Csi.Stack;
using k8s;
using k8s.Autorest;
using k8s.Models;

namespace Harness.Controller.Tests.World;

/// <summary>
/// A whole simulated cluster with the snapshot controller, in one process on the deterministic scheduler with
/// virtual time: the embedded API server (with its garbage collector), one in-process CSI driver with its sidecars,
/// the KubeVirt simulator with in-process guests whose disks are the driver's volumes, and the controller under
/// test. Waits are virtual, so a test never sleeps for real. (A fixture until the lead's composable cluster lands.)
/// </summary>
internal sealed partial class ControllerWorld
{
    public const string Namespace = "default";
    public const string Driver = "csi.harness.io";
    public const string StorageClass = CsiStackOptions.DefaultStorageClassName;
    public const string SnapshotClass = CsiStackOptions.DefaultSnapshotClassName;
    private static readonly TimeSpan PollEvery = TimeSpan.FromSeconds(1);
    private readonly int seed;

    public ControllerWorld(ulong seed = 1)
    {
        this.seed = (int)(seed & int.MaxValue);
        Scheduler = new DeterministicScheduler(new SimulationSeed(seed));
        Server = new ApiServer(new ApiServerOptions
        {
            TimeProvider = Scheduler.TimeProvider,
            TaskFactory = Scheduler.TaskFactory,
            Seed = this.seed,
            RunControllers = false,
            ControllerClient = server => InProcessKubernetes.CreateClient(Scheduler, server),
        });
        Client = InProcessKubernetes.CreateClient(Scheduler, Server);

        CsiDriver = new CsiDriverSimulator(new CsiDriverSimulatorOptions { DriverName = Driver, SnapshotsSupported = true, TimeProvider = Scheduler.TimeProvider, Seed = 1 });
        Guests = new InProcessGuests(new Dictionary<string, CsiDriverSimulator> { [Driver] = CsiDriver }, Scheduler.TimeProvider, Scheduler.TaskFactory);
    }

    public DeterministicScheduler Scheduler { get; }

    public ApiServer Server { get; }

    public Kubernetes Client { get; }

    public CsiDriverSimulator CsiDriver { get; }

    public InProcessGuests Guests { get; }

    public TimeProvider Time => Scheduler.TimeProvider;

    /// <summary>Reconcile errors of the controller, as (queue, key, message).</summary>
    public List<(string Queue, ObjectKey Key, string Message)> ControllerErrors { get; } = [];

    /// <summary>Runs <paramref name="body"/> with the CRDs installed, the backends and the snapshot controller running.</summary>
    public void Run(Func<Task> body, Func<Task>? beforeController = null)
    {
        Scheduler.Run(async () =>
        {
            foreach (var crd in CrdInstallOptions.HarnessCrds())
            {
                await Client.ApiextensionsV1.CreateCustomResourceDefinitionAsync(crd);
            }

            Server.StartControllers();
            await SimulatedBackends.StartAsync(
                Client,
                Server,
                [new CsiDriverEndpoint(Driver, CsiDriver.CreateCallInvoker())],
                Guests,
                new SimulatedBackendsOptions { TimeProvider = Time, TaskFactory = Scheduler.TaskFactory, Seed = seed });
            if (beforeController is not null)
            {
                await beforeController();
            }

            await StartControllerAsync();
            await body();
        });
    }

    /// <summary>Starts a snapshot controller (again: a restarted controller is a new one reading the same API server).</summary>
    public async Task<ReconcilerHost> StartControllerAsync()
    {
        var host = new ReconcilerHost(Scheduler.TaskFactory, Time);
        SnapshotController.Register(host, Client, new SnapshotControllerOptions
        {
            TimeProvider = Time,
            TaskFactory = Scheduler.TaskFactory,
            OnReconcileError = (queue, key, e) => ControllerErrors.Add((queue, key, e.Message)),
        });
        await host.StartAsync();
        return host;
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

            Assert.True(Time.GetUtcNow() < deadline, $"not reached within {within ?? TimeSpan.FromMinutes(10)} of virtual time: {what}");
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
