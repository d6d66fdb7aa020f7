using Harness.Api.Clients;
using Harness.EnvTest.Environment;
using Harness.Runtime;
using Harness.Runtime.Randomness;
using Harness.Scenarios.Cluster.Adoption;
using Harness.Scenarios.Cluster.Components;
using Harness.Scenarios.Cluster.Events;
using Harness.Simulators.Csi;
using Harness.Simulators.Csi.Kubelet;
using Harness.Simulators.Csi.Stack;
using Harness.Simulators.Csi.Storage;
using Harness.Simulators.GuestAgent;
using Harness.Simulators.KubeVirt.GuestAgents;
using k8s;

namespace Harness.Scenarios.Cluster;

/// <summary>
/// A <see cref="HarnessCluster"/> on real transports beside a started <see cref="TestEnvironment"/>: a
/// <c>harness-csi-driver</c> process serving a Unix socket, the snapshotter (VolumeGroupSnapshots too) and provisioner
/// over it, the KubeVirt simulator with one <c>harness-guest-agent</c> process per running VMI (its disks the driver's
/// volumes, published to files, which kubelet's expansion grows), and the snapshot/restore controller, in this process or a
/// <c>harness-controller</c> process, when <see cref="LiveClusterOptions.Controller"/> says so (its log in <c>controller.log</c>). Everything lives in one temporary directory, removed on disposal. Create the environment with
/// <see cref="HarnessCluster.Webhooks"/> in its <c>WebhookInstallOptions</c>, so the API server applies KubeVirt's VM rules.
/// </summary>
public sealed class LiveCluster : IAsyncDisposable
{
    private const string GuestAgentFolder = "guest-agents";
    private const string PublishedDiskFolder = "disks";

    private readonly TemporaryFolder directory;
    private readonly IReadOnlyList<ProcessCsiDriverComponent> drivers;
    private readonly IReadOnlyList<Kubernetes> componentClients;

    private LiveCluster(
        TemporaryFolder directory, IReadOnlyList<ProcessCsiDriverComponent> drivers, IReadOnlyList<Kubernetes> componentClients, PublishedDiskGuestAgents guests, HarnessCluster cluster, string? controllerLog)
    {
        this.directory = directory;
        this.drivers = drivers;
        this.componentClients = componentClients;
        Guests = guests;
        Cluster = cluster;
        ControllerLog = controllerLog;
    }

    public HarnessCluster Cluster { get; }

    /// <summary>The running VMIs' guest-agent processes, on their published disks.</summary>
    public PublishedDiskGuestAgents Guests { get; }

    /// <summary>Where the driver's socket and state, the published disks and the agents' sockets are.</summary>
    public string Directory => directory.Path;

    /// <summary>The controller's log; null when the cluster runs no controller.</summary>
    public string? ControllerLog { get; }

    /// <summary>Where the guest-agent processes' Unix sockets are.</summary>
    public string GuestAgentSockets => Path.Combine(Directory, GuestAgentFolder);

    /// <summary>Where running guests' disks are published: <c>VMI-UID/VOLUME.img</c>, each the volume's content until unpublished.</summary>
    public string PublishedDisks => Path.Combine(Directory, PublishedDiskFolder);

    /// <summary>The first CSI driver process's state directory (its storage backend, rewritten atomically after every change).</summary>
    public string DriverStateDirectory => LiveClusterLaunch.StateDirectory(directory.Path, drivers[0].DriverName);

    /// <summary>The first CSI driver process's Unix socket.</summary>
    public string DriverSocket => drivers[0].SocketPath;

    /// <summary>The names of the CSI drivers, one process each.</summary>
    public IReadOnlyList<string> DriverNames => [.. drivers.Select(d => d.DriverName)];

    /// <summary>Replaces CSI driver <paramref name="driverName"/>'s faults (<see cref="ProcessCsiDriverComponent.SwitchFaultsAsync"/>).</summary>
    public Task SwitchDriverFaultsAsync(string driverName, IReadOnlyList<string> faults, CancellationToken cancellationToken = default) =>
        (drivers.FirstOrDefault(d => d.DriverName == driverName) ?? throw new ArgumentException($"no CSI driver '{driverName}' in this cluster", nameof(driverName)))
            .SwitchFaultsAsync(faults, cancellationToken);

    /// <summary>The state directory of CSI driver <paramref name="driverName"/>'s process.</summary>
    public string StateDirectoryOf(string driverName) => LiveClusterLaunch.StateDirectory(directory.Path, driverName);

    public static Task<LiveCluster> StartAsync(
        TestEnvironment environment, TimeProvider time, LiveClusterOptions? options = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(environment);
        return StartAsync(environment, LiveClusterLaunch.Begin(environment.KubeconfigPath, time, options, cancellationToken), cancellationToken);
    }

    /// <summary>Starts the cluster beside the started <paramref name="environment"/>, taking over what <paramref name="launch"/> began.</summary>
    public static async Task<LiveCluster> StartAsync(TestEnvironment environment, LiveClusterLaunch launch, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(environment);
        ArgumentNullException.ThrowIfNull(launch);
        var (options, time, directory, events) = (launch.Options, launch.Time, launch.Directory, launch.Events);
        var drivers = new List<ProcessCsiDriverComponent>();
        var componentClients = new List<Kubernetes>();
        try
        {
            if (await launch.TakeDriversAsync() is { } launched)
            {
                drivers.AddRange(launched);
            }
            else
            {
                foreach (var spec in options.Drivers)
                {
                    await AdoptAsync(environment, spec.Name, LiveClusterLaunch.StateDirectory(directory.Path, spec.Name), time, cancellationToken);
                    drivers.Add(launch.Driver(spec));
                }
            }

            var mounts = new NodeMounts();
            var invokers = drivers.ToDictionary(d => d.DriverName, d => d.CallInvoker, StringComparer.Ordinal);
            var guestAgent = SiblingProgram.StartInfo("harness-guest-agent");
            var agents = new PublishedDiskGuestAgents(
                invokers,
                Path.Combine(directory.Path, PublishedDiskFolder),
                mounts,
                new ProcessGuestAgentOptions
                {
                    FileName = guestAgent.FileName,
                    LeadingArguments = [.. guestAgent.ArgumentList],
                    SocketDirectory = Path.Combine(directory.Path, GuestAgentFolder),
                    FreezeStatusChanged = (guest, status, journal) => RecordFreeze(events, guest, status, journal),
                },
                time);
            var volumes = new PublishedVolumeCopier(invokers, Path.Combine(directory.Path, PublishedDiskFolder));
            var cluster = await HarnessCluster.StartAsync(
                new ClusterParts
                {
                    Client = environment.Client,
                    ComponentClient = component =>
                    {
                        var client = new Kubernetes(environment.Configuration, new UserAgentHandler(ComponentNames.UserAgent(component)));
                        componentClients.Add(client);
                        return client;
                    },
                    Embedded = (environment.Backend as EmbeddedApiServerBackend)?.Core,
                    TimeProvider = time,
#pragma warning disable RS0030 // The live cluster is a composition root: its components run on real threads.
                    TaskFactory = Task.Factory,
#pragma warning restore RS0030
                    Seed = 0,
                    DriverEndpoints = [.. drivers.Select(d => new CsiDriverEndpoint(d.DriverName, d.CallInvoker))],
                    Drivers = drivers,
                    GuestAgents = agents,
                    VolumeCopier = volumes,
                    VolumeWriter = volumes,
                    NodeMounts = mounts,
                    VolumeGroupSnapshots = true,
                    Controller = options.Controller == ControllerPlacement.None
                        ? null
                        : ct => launch.TakeController() ?? launch.StartControllerAsync(environment.KubeconfigPath, ct),
                },
                events,
                cancellationToken);
            return new LiveCluster(directory, drivers, componentClients, agents, cluster, launch.ControllerLog);
        }
        catch
        {
            componentClients.ForEach(c => c.Dispose());
            await LiveClusterLaunch.StopAsync(drivers);

            await launch.DisposeAsync();
            throw;
        }
    }

    /// <summary>
    /// Writes into the driver's state directory, before its process starts, the volumes and snapshots that the API server's
    /// objects say it holds (a loaded dump: <see cref="StorageAdoption"/>); nothing when they say none.
    /// </summary>
    private static async Task AdoptAsync(TestEnvironment environment, string driverName, string stateDirectory, TimeProvider time, CancellationToken cancellationToken)
    {
        var store = LoadStore(driverName, stateDirectory, time);
        await StorageAdoption.AdoptAsync(environment.Client, name => name == driverName ? store : null, cancellationToken);
    }

    /// <summary>
    /// The volumes and snapshots CSI driver <paramref name="driverName"/>'s process holds, as its state directory says now
    /// (a published volume's content is read from its published file). A copy to read: the process never sees changes to it.
    /// </summary>
    public VolumeStore ReadDriverState(string driverName, TimeProvider time) => LoadStore(driverName, StateDirectoryOf(driverName), time);

    private static VolumeStore LoadStore(string driverName, string stateDirectory, TimeProvider time) => new(new CsiDriverSimulatorOptions
    {
        DriverName = driverName,
        StateDirectory = stateDirectory,
#pragma warning disable RS0030 // The live cluster is a composition root: its components run on real threads.
        Runtime = new ComponentRuntime { Time = time, Tasks = Task.Factory, Seed = new SimulationSeed(0) },
#pragma warning restore RS0030
    });

    /// <summary>A guest's freeze or thaw in the event log, as <see cref="SimulatedCluster"/> records its in-process guests'.</summary>
    private static void RecordFreeze(DomainEventLog events, GuestAgentLaunch launch, FsFreezeStatus status, long journal)
    {
        var subject = ComponentNames.Guest(launch.Instance.Namespace, launch.Instance.Name);
        events.Record(subject, status == FsFreezeStatus.Frozen ? DomainEventKind.GuestFrozen : DomainEventKind.GuestThawed, subject, $"journal {journal}");
    }

    public async ValueTask DisposeAsync()
    {
        await Cluster.DisposeAsync();
        foreach (var client in componentClients)
        {
            client.Dispose();
        }

        foreach (var driver in drivers)
        {
            driver.Dispose();
        }

        directory.Dispose();
    }
}
