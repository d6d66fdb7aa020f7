using Harness.Runtime;
using Harness.EnvTest.Core;
using Harness.EnvTest.Environment;
using Harness.EnvTest.Loading;
using Harness.Scenarios.Cluster.Adoption;
using Harness.Scenarios.Cluster.Components;
using Harness.Scenarios.Cluster.Events;
using Harness.Scenarios.Faults.Api;
using Harness.Runtime.Randomness;
using Harness.Scenarios.Simulation.Scheduling;
using Harness.Scenarios.Simulation.Transport;
using Harness.Simulators.Csi;
using Harness.Simulators.Csi.Stack;
using Harness.Simulators.GuestAgent;
using Harness.Simulators.KubeVirt.Subresources;
using k8s;
using k8s.Models;

namespace Harness.Scenarios.Cluster;

/// <summary>
/// A <see cref="HarnessCluster"/> in one process on the deterministic scheduler with virtual time: the embedded API
/// server reached without a socket, in-process CSI drivers, and in-process guests whose disks are the drivers' volumes.
/// Guest freezes and thaws and every CSI snapshot cut are recorded in <see cref="Events"/> with the guest's journal position.
/// The same seed gives the same run, step for step.
/// </summary>
public sealed class SimulatedCluster
{
    // Relays (DeterministicScheduler.AddRelay) beyond the watch transport's. A watch event's way on: the API faults met on
    // the server's side; on the client's side the conversion of custom objects and the informer that consumes the event,
    // in the step where KubernetesClient read it; the garbage collector's cache signalling its change to the collector,
    // whose pass stays a step of its own. A guest-agent exchange's way through the in-memory channel up to the client's
    // command (virt-handler's) or the agent's server loop, which resume in steps of their own.
    private static readonly string[] Relays =
    [
        "FaultyWatch.Apply", "InformerSources.WatchCustom", "Reflector.WatchAsync", "ClusterMetadataCache.WaitForChangeAsync",
        "SchedulerFriendlyWait.WaitAsync", "ByteChannel.ReadAsync", "GuestAgentClient.FillAsync", "GuestAgentClient.ReadLineAsync",
        "GuestAgentClient.ExchangeAsync",
    ];
    private readonly SimulatedClusterOptions options;
    private readonly string userAgent;
    private readonly IReadOnlyList<InProcessCsiDriverComponent> drivers;
    private readonly IReadOnlyDictionary<string, CsiDriverSimulator> driversByName;

    public SimulatedCluster(ulong seed, SimulatedClusterOptions? options = null)
    {
        this.options = options ?? new SimulatedClusterOptions();
        Scheduler = new DeterministicScheduler(
            new SimulationSeed(seed), this.options.StartTime is { } start ? new DeterministicSchedulerOptions { StartTime = start } : null);
        foreach (var relay in Relays)
        {
            Scheduler.AddRelay(relay);
        }

        var intSeed = (int)(seed & int.MaxValue);
        Server = new ApiServer(new ApiServerOptions
        {
            TimeProvider = Scheduler.TimeProvider,
            TaskFactory = Scheduler.TaskFactory,
            Seed = intSeed,
            RunControllers = false,
            WebhookCaller = this.options.WebhookCaller,
            ControllerClient = server => InProcessKubernetes.CreateClient(Scheduler, server),
        });
        var client = InProcessKubernetes.CreateClient(Scheduler, Server);
        Client = client;
        userAgent = client.HttpClient.DefaultRequestHeaders.UserAgent.ToString();
        Events = new DomainEventLog(Scheduler.TimeProvider);
        ApiFaults = new ApiFaults(Scheduler.Seed, (component, subject, detail) => Events.Record(component, DomainEventKind.FaultInjected, subject, detail));
        drivers = [.. this.options.Drivers.Select((driver, i) => new InProcessCsiDriverComponent(
            new CsiDriverSimulator(new CsiDriverSimulatorOptions
            {
                DriverName = driver.Name,
                SnapshotsSupported = driver.SnapshotsSupported,
                RestoreSizeRoundingBytes = driver.RestoreSizeRoundingBytes,
                Runtime = Runtime(driver.Name),
            }),
            Events))];
        driversByName = drivers.ToDictionary(d => d.Driver.DriverName, d => d.Driver, StringComparer.Ordinal);
        Guests = new InProcessGuests(driversByName, Scheduler.TimeProvider, Scheduler.TaskFactory, this.options.GuestWriteInterval);
        Guests.Booted += RecordFreezes;
        Guests.Halted += boot => Events.Record(
            ComponentNames.Guest(boot.Namespace, boot.Name), DomainEventKind.GuestStopped, ComponentNames.Guest(boot.Namespace, boot.Name), $"journal {boot.Journal.LastCommitted}");
        foreach (var driver in drivers)
        {
            driver.Driver.Store.SnapshotCut += (name, volume) => RecordCut(driver, name, volume);
        }
    }

    public DeterministicScheduler Scheduler { get; }

    /// <summary>What component <paramref name="name"/> runs on: the scheduler's clock and task factory, a seed of its own derived from the run's.</summary>
    public ComponentRuntime Runtime(string name) => new() { Time = Scheduler.TimeProvider, Tasks = Scheduler.TaskFactory, Seed = Scheduler.Seed.Derive(name) };

    public ApiServer Server { get; }

    /// <summary>The client of the scenario itself (building worlds, applying operations, reading state): no API faults reach it.</summary>
    public IKubernetes Client { get; }

    /// <summary>The API server's faults as each component's client meets them (<see cref="ClientFor"/>); quiet until started.</summary>
    public ApiFaults ApiFaults { get; }

    public DomainEventLog Events { get; }

    public InProcessGuests Guests { get; }

    /// <summary>What <see cref="SimulatedClusterOptions.Dump"/> stored, once the run loaded it.</summary>
    public LoadedObjects? Loaded { get; private set; }

    /// <summary>The volumes and snapshots the CSI drivers adopted from the dump.</summary>
    public IReadOnlyList<string> Adopted { get; private set; } = [];

    /// <summary>A client of <paramref name="component"/> (<see cref="ComponentNames"/>) that meets that component's <see cref="ApiFaults"/>.</summary>
    public IKubernetes ClientFor(string component) =>
        InProcessKubernetes.CreateClient(Scheduler, new FaultyApiHandler(Server, ApiFaults.For(component), Scheduler.TimeProvider, HarnessCluster.AggregatedGroups));

    /// <summary>The in-process CSI driver named <paramref name="name"/>.</summary>
    public CsiDriverSimulator Driver(string name) =>
        drivers.FirstOrDefault(d => d.Driver.DriverName == name)?.Driver ?? throw new ArgumentException($"no CSI driver '{name}' in this cluster", nameof(name));

    /// <summary>
    /// Installs the harness CRDs, starts the cluster and runs <paramref name="body"/> to its end on the scheduler. The run
    /// ends with the body: the components' loops are abandoned, not stopped (stopping a watch hops to the thread pool).
    /// </summary>
    public void Run(Func<HarnessCluster, Task> body, long? maxSteps = null)
    {
        ArgumentNullException.ThrowIfNull(body);
        Scheduler.Run(
            async () =>
            {
                await InProcessCrdInstaller.InstallAsync(Server, userAgent);

                if (options.Dump.Count > 0)
                {
                    Loaded = Server.Load(options.Dump);
                    Adopted = await StorageAdoption.AdoptAsync(Client, name => drivers.FirstOrDefault(d => d.Driver.DriverName == name)?.Driver.Store);
                }

                // Started inside the run, on an in-process client, so the collector's watches are steps of the scheduler.
                if (options.RunApiServerControllers)
                {
                    Server.StartControllers();
                }

                foreach (var webhook in HarnessCluster.Webhooks)
                {
                    Server.RegisterValidatingAdmission(webhook.Name, webhook.Rules, webhook.Handler, webhook.FailurePolicy);
                }

                var volumes = new InProcessVolumeCopier(driversByName);
                var cluster = await HarnessCluster.StartAsync(
                    new ClusterParts
                    {
                        Client = Client,
                        ComponentClient = ClientFor,
                        Embedded = Server,
                        TimeProvider = Scheduler.TimeProvider,
                        TaskFactory = Scheduler.TaskFactory,
                        Seed = (int)(Scheduler.Seed.Value & int.MaxValue),
                        DriverEndpoints = [.. drivers.Select(d => new CsiDriverEndpoint(d.Driver.DriverName, d.Driver.CreateCallInvoker()))],
                        Drivers = drivers,
                        GuestAgents = Guests,
                        VolumeCopier = volumes,
                        VolumeWriter = volumes,
                        Controller = options.Controller?.Invoke(this),
                        ControllerStartsLast = options.Dump.Count > 0,
                    },
                    Events);
                await body(cluster);
            },
            maxSteps);
    }

    private void RecordFreezes(BootedGuest boot)
    {
        var subject = ComponentNames.Guest(boot.Namespace, boot.Name);
        Events.Record(subject, DomainEventKind.GuestStarted, subject, $"journal {boot.Journal.LastCommitted}");
        if (boot.Guest.Status == FsFreezeStatus.Frozen)
        {
            Events.Record(subject, DomainEventKind.GuestFrozen, subject, $"journal {boot.Journal.LastCommitted} (booted frozen, as its VMI said)");
        }

        boot.Guest.StatusChanged += status => Events.Record(
            subject,
            status == FsFreezeStatus.Frozen ? DomainEventKind.GuestFrozen : DomainEventKind.GuestThawed,
            subject,
            $"journal {boot.Journal.LastCommitted}");
    }

    private void RecordCut(InProcessCsiDriverComponent driver, string snapshot, string volume)
    {
        var writer = Guests.WritingTo(volume);
        var journal = writer is null ? "" : $" {ComponentNames.Guest(writer.Namespace, writer.Name)} journal {writer.Journal.LastCommitted}";
        Events.Record(driver.Name, DomainEventKind.SnapshotCut, snapshot, $"volume {volume}{journal}");
    }
}
