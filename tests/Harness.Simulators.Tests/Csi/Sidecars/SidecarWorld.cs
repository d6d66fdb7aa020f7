using System.Text.Json.Nodes;
using Harness.Runtime;
using System.Net;
using System.Text.Json;
using Grpc.Core;
using Harness.EnvTest.Core;
using Harness.EnvTest.Environment;
using Harness.Runtime.Randomness;
using Harness.Scenarios.Simulation.Scheduling;
using Harness.Scenarios.Simulation.Transport;
using Harness.Simulators.Csi;
using Harness.Simulators.Csi.Kubelet;
using Harness.Simulators.Csi.Provisioner;
using Harness.Api.GroupSnapshotStorage;
using Harness.Api.SnapshotStorage;
using Harness.Simulators.Csi.Snapshotter;
using Harness.Reconciling;
using k8s;
using k8s.Autorest;
using k8s.Models;

namespace Harness.Simulators.Tests.Csi.Sidecars;

/// <summary>
/// In-process CSI drivers and both sidecars beside an API server (started by <see cref="SidecarWorlds"/>). On
/// <see cref="Backend.Embedded"/> that is an embedded server of the world's own and everything runs on the deterministic
/// scheduler with virtual time: waits are virtual, so a test never sleeps for real. On <see cref="Backend.Binary"/> it is the
/// collection's real kube-apiserver, in real time, the test in a namespace of its own.
/// </summary>
internal sealed partial class SidecarWorld
{
    private static readonly TimeSpan RealSettle = TimeSpan.FromSeconds(3);

    private readonly Dictionary<string, CsiDriverSimulator> drivers = new(StringComparer.Ordinal);
    private readonly List<IAsyncDisposable> running = [];
    private readonly DeterministicScheduler? scheduler;
    private readonly SimulationSeed seed;
    private readonly Func<Task>? cleanUp;

    /// <summary>An embedded world on the deterministic scheduler.</summary>
    internal SidecarWorld(ulong seed, DriverSpec[] driverSpecs)
        : this(new SimulationSeed(seed), driverSpecs, "default", Embedded(seed, out var scheduler), scheduler.TimeProvider, scheduler)
    {
    }

    /// <summary>A world on a real API server: <paramref name="cleanUp"/> runs after each run, its sidecars stopped.</summary>
    internal SidecarWorld(ulong seed, DriverSpec[] driverSpecs, string @namespace, IKubernetes client, Func<Task> cleanUp)
        : this(new SimulationSeed(seed), driverSpecs, @namespace, client, TimeProvider.System, null) => this.cleanUp = cleanUp;

    private SidecarWorld(SimulationSeed seed, DriverSpec[] driverSpecs, string @namespace, IKubernetes client, TimeProvider time, DeterministicScheduler? scheduler)
    {
        this.seed = seed;
        this.scheduler = scheduler;
        Namespace = @namespace;
        Client = client;
        Time = time;
        foreach (var spec in driverSpecs)
        {
            var options = new CsiDriverSimulatorOptions { DriverName = spec.Name, SnapshotsSupported = spec.Snapshots, ExpansionSupported = spec.Expansion, GroupSnapshotsSupported = spec.GroupSnapshots, RestoreSizeRoundingBytes = spec.RestoreSizeRounding, Runtime = Runtime(spec.Name) };
            drivers[spec.Name] = new CsiDriverSimulator(options);
        }
    }

    /// <summary>The embedded world's scheduler (its trace); a test that reads it runs only embedded.</summary>
    public DeterministicScheduler Scheduler => scheduler ?? throw new InvalidOperationException("only the embedded world runs on the deterministic scheduler");

    /// <summary>The namespace the test works in.</summary>
    public string Namespace { get; }

    public IKubernetes Client { get; }

    public TimeProvider Time { get; }

    private TimeSpan PollEvery => scheduler is null ? TimeSpan.FromMilliseconds(100) : TimeSpan.FromMilliseconds(200);

    private TimeSpan WaitAtMost => scheduler is null ? TimeSpan.FromSeconds(60) : TimeSpan.FromMinutes(10);

    public CsiDriverSimulator Driver(string name) => drivers[name];

    /// <summary>The node's mounts, which kubelet's expansion reads when <see cref="RunAsync"/> starts it.</summary>
    public NodeMounts Mounts { get; } = new();

    /// <summary>A component's runtime, its seed derived from the world's by <paramref name="name"/>.</summary>
    public ComponentRuntime Runtime(string name) => new() { Time = Time, Tasks = scheduler?.TaskFactory ?? Task.Factory, Seed = seed.Derive(name) };

    /// <summary>Runs <paramref name="body"/> with the snapshot CRDs installed and nothing else started.</summary>
    public Task RunBareAsync(Func<Task> body) => RunInWorldAsync(body);

    /// <summary>
    /// Runs <paramref name="body"/> with the CRDs installed and both sidecars running, the snapshotter serving
    /// VolumeGroupSnapshots and kubelet expanding the volumes of <see cref="Mounts"/> if asked.
    /// </summary>
    public Task RunAsync(Func<Task> body, bool nodeExpansion = false, bool groupSnapshots = false) => RunInWorldAsync(async () =>
    {
        var invokers = drivers.ToDictionary(d => d.Key, d => d.Value.CreateCallInvoker());
        var options = new CsiSidecarOptions { Runtime = Runtime("sidecars"), VolumeGroupSnapshots = groupSnapshots };
        var snapshotter = new CsiSnapshotter(Client, invokers, options);
        running.Add(snapshotter);
        await snapshotter.StartAsync();
        var provisioner = new CsiProvisioner(Client, invokers, options);
        running.Add(provisioner);
        await provisioner.StartAsync();
        if (nodeExpansion)
        {
            var expander = new NodeVolumeExpander(Client, invokers, Mounts, CsiConstants.DefaultNodeId, options);
            running.Add(expander);
            await expander.StartAsync();
        }

        await body();
    });

    /// <summary>
    /// Embedded: the run ends with the body, as the scheduler runs no further step, so the sidecars' watches are abandoned
    /// rather than cancelled (cancelling a KubernetesClient watch hops to the thread pool). Real: the sidecars stop, then
    /// the world removes what the test made.
    /// </summary>
    private async Task RunInWorldAsync(Func<Task> body)
    {
        if (scheduler is not null)
        {
            scheduler.Run(async () =>
            {
                await InstallSnapshotCrdsAsync();
                await body();
            });
            return;
        }

        try
        {
            await body();
        }
        finally
        {
            foreach (var sidecar in running)
            {
                await sidecar.DisposeAsync();
            }

            await cleanUp!();
        }
    }

    private static IKubernetes Embedded(ulong seed, out DeterministicScheduler scheduler)
    {
        scheduler = new DeterministicScheduler(new SimulationSeed(seed));
        var server = new ApiServer(new ApiServerOptions
        {
            TimeProvider = scheduler.TimeProvider,
            TaskFactory = scheduler.TaskFactory,
            Seed = (int)(seed & int.MaxValue),
            RunControllers = false,
        });
        return InProcessKubernetes.CreateClient(scheduler, server);
    }

    private async Task InstallSnapshotCrdsAsync()
    {
        foreach (var crd in CrdInstallOptions.HarnessCrds().Where(c => c.Spec.Group is SnapshotStorageApi.Group or GroupSnapshotStorageApi.Group))
        {
            await Client.ApiextensionsV1.CreateCustomResourceDefinitionAsync(crd);
        }
    }

    public Task CreateStorageClassAsync(string name, string driver, string bindingMode = "Immediate", string reclaimPolicy = "Delete", bool allowVolumeExpansion = false) =>
        Client.StorageV1.CreateStorageClassAsync(new V1StorageClass
        {
            Metadata = new V1ObjectMeta { Name = name },
            Provisioner = driver,
            VolumeBindingMode = bindingMode,
            ReclaimPolicy = reclaimPolicy,
            AllowVolumeExpansion = allowVolumeExpansion,
        });

    /// <summary>The user asks for more: the claim's <c>spec.resources.requests.storage</c>.</summary>
    public Task ResizeClaimAsync(string name, string size) =>
        Client.CoreV1.PatchNamespacedPersistentVolumeClaimAsync(
            MergePatches.Of(new JsonObject { ["spec"] = new JsonObject { ["resources"] = new JsonObject { ["requests"] = new JsonObject { ["storage"] = size } } } }),
            name,
            Namespace);

    public Task CreateSnapshotClassAsync(string name, string driver, string deletionPolicy = SnapshotStorageApi.DeletionPolicyDelete, bool isDefault = true) =>
        Client.CustomObjects.CreateClusterCustomObjectAsync(
            new VolumeSnapshotClass
            {
                Metadata = new V1ObjectMeta
                {
                    Name = name,
                    Annotations = isDefault ? new Dictionary<string, string> { [SnapshotStorageApi.IsDefaultClassAnnotation] = "true" } : null,
                },
                Driver = driver,
                DeletionPolicy = deletionPolicy,
            },
            SnapshotStorageApi.Group, SnapshotStorageApi.Version, SnapshotStorageApi.VolumeSnapshotClassPlural);

    public Task<V1PersistentVolumeClaim> CreateClaimAsync(
        string name, string storageClass, string size = "64Mi", string? fromSnapshot = null, string volumeMode = "Block", IDictionary<string, string>? labels = null) =>
        Client.CoreV1.CreateNamespacedPersistentVolumeClaimAsync(
            new V1PersistentVolumeClaim
            {
                Metadata = new V1ObjectMeta { Name = name, Labels = labels },
                Spec = new V1PersistentVolumeClaimSpec
                {
                    AccessModes = ["ReadWriteOnce"],
                    StorageClassName = storageClass,
                    VolumeMode = volumeMode,
                    Resources = new V1VolumeResourceRequirements { Requests = new Dictionary<string, ResourceQuantity> { ["storage"] = new(size) } },
                    DataSource = fromSnapshot is null ? null : new V1TypedLocalObjectReference { ApiGroup = SnapshotStorageApi.Group, Kind = SnapshotStorageApi.VolumeSnapshotKind, Name = fromSnapshot },
                    DataSourceRef = fromSnapshot is null ? null : new V1TypedObjectReference { ApiGroup = SnapshotStorageApi.Group, Kind = SnapshotStorageApi.VolumeSnapshotKind, Name = fromSnapshot },
                },
            },
            Namespace);

    public async Task<VolumeSnapshot> CreateVolumeSnapshotAsync(string name, string claim, string? snapshotClass = null)
    {
        var created = await Client.CustomObjects.CreateNamespacedCustomObjectAsync(
            new VolumeSnapshot
            {
                Metadata = new V1ObjectMeta { Name = name },
                Spec = new VolumeSnapshotSpec { Source = new VolumeSnapshotSource { PersistentVolumeClaimName = claim }, VolumeSnapshotClassName = snapshotClass },
            },
            SnapshotStorageApi.Group, SnapshotStorageApi.Version, Namespace, SnapshotStorageApi.VolumeSnapshotPlural);
        return Convert<VolumeSnapshot>(created);
    }

    public async Task<VolumeSnapshot?> GetVolumeSnapshotAsync(string name) =>
        await Absent(async () => Convert<VolumeSnapshot>(await Client.CustomObjects.GetNamespacedCustomObjectAsync(SnapshotStorageApi.Group, SnapshotStorageApi.Version, Namespace, SnapshotStorageApi.VolumeSnapshotPlural, name)));

    public async Task<VolumeSnapshotContent?> GetContentAsync(string name) =>
        await Absent(async () => Convert<VolumeSnapshotContent>(await Client.CustomObjects.GetClusterCustomObjectAsync(SnapshotStorageApi.Group, SnapshotStorageApi.Version, SnapshotStorageApi.VolumeSnapshotContentPlural, name)));

    public async Task<V1PersistentVolumeClaim?> GetClaimAsync(string name) =>
        await Absent(() => Client.CoreV1.ReadNamespacedPersistentVolumeClaimAsync(name, Namespace));

    public async Task<V1PersistentVolume?> GetVolumeAsync(string name) =>
        await Absent(() => Client.CoreV1.ReadPersistentVolumeAsync(name));

    /// <summary>Deletes a claim; a completed delete is answered with a Status, which KubernetesClient cannot read as the claim.</summary>
    public async Task DeleteClaimAsync(string name)
    {
        try
        {
            await Client.CoreV1.DeleteNamespacedPersistentVolumeClaimAsync(name, Namespace);
        }
        catch (JsonException)
        {
        }
    }

    public Task DeleteVolumeSnapshotAsync(string name) =>
        Client.CustomObjects.DeleteNamespacedCustomObjectAsync(SnapshotStorageApi.Group, SnapshotStorageApi.Version, Namespace, SnapshotStorageApi.VolumeSnapshotPlural, name);

    public async Task<IReadOnlyList<Corev1Event>> EventsAboutAsync(string name) =>
        [.. (await Client.CoreV1.ListNamespacedEventAsync(Namespace)).Items.Where(e => e.InvolvedObject.Name == name)];

    /// <summary>Polls until <paramref name="probe"/> yields a value; fails after ten virtual minutes (a minute of real time).</summary>
    public async Task<T> WaitForAsync<T>(string what, Func<Task<T?>> probe)
        where T : class
    {
        var deadline = Time.GetUtcNow() + WaitAtMost;
        while (true)
        {
            if (await probe() is { } value)
            {
                return value;
            }

            Assert.True(Time.GetUtcNow() < deadline, $"not reached within {WaitAtMost} of {(scheduler is null ? "real" : "virtual")} time: {what}");
            await Task.Delay(PollEvery, Time);
        }
    }

    /// <summary>
    /// Lets the system run for <paramref name="duration"/> of virtual time, or for at most three seconds of real time (the
    /// sidecars answer a change within milliseconds there), to show that something does not happen.
    /// </summary>
    public Task SettleAsync(TimeSpan duration) => Task.Delay(scheduler is null && duration > RealSettle ? RealSettle : duration, Time);

    private static T Convert<T>(object item) => KubernetesJson.Deserialize<T>(((JsonElement)item).GetRawText());

    private static async Task<T?> Absent<T>(Func<Task<T>> read)
        where T : class
    {
        try
        {
            return await read();
        }
        catch (HttpOperationException e) when (e.Response.StatusCode == HttpStatusCode.NotFound)
        {
            return null;
        }
    }
}
