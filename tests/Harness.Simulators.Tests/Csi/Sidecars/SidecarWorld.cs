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
/// The embedded API server, in-process CSI drivers and both sidecars, all on the deterministic
/// scheduler with virtual time: waits are virtual, so a test never sleeps for real.
/// </summary>
internal sealed partial class SidecarWorld
{
    public const string Namespace = "default";
    private static readonly TimeSpan PollEvery = TimeSpan.FromMilliseconds(200);
    private static readonly TimeSpan WaitAtMost = TimeSpan.FromMinutes(10);

    private readonly Dictionary<string, CsiDriverSimulator> drivers = new(StringComparer.Ordinal);

    public SidecarWorld(ulong seed, params DriverSpec[] driverSpecs)
    {
        Scheduler = new DeterministicScheduler(new SimulationSeed(seed));
        Server = new ApiServer(new ApiServerOptions
        {
            TimeProvider = Scheduler.TimeProvider,
            TaskFactory = Scheduler.TaskFactory,
            Seed = (int)(seed & int.MaxValue),
            RunControllers = false,
        });
        Client = InProcessKubernetes.CreateClient(Scheduler, Server);
        foreach (var spec in driverSpecs)
        {
            var options = new CsiDriverSimulatorOptions { DriverName = spec.Name, SnapshotsSupported = spec.Snapshots, ExpansionSupported = spec.Expansion, GroupSnapshotsSupported = spec.GroupSnapshots, RestoreSizeRoundingBytes = spec.RestoreSizeRounding, Runtime = Runtime(Scheduler.Seed.Derive(spec.Name)) };
            drivers[spec.Name] = new CsiDriverSimulator(options);
        }
    }

    public DeterministicScheduler Scheduler { get; }

    public ApiServer Server { get; }

    public IKubernetes Client { get; }

    public CsiDriverSimulator Driver(string name) => drivers[name];

    /// <summary>The node's mounts, which kubelet's expansion reads when <see cref="Run"/> starts it.</summary>
    public NodeMounts Mounts { get; } = new();

    /// <summary>A component's runtime on this world's scheduler.</summary>
    public ComponentRuntime Runtime(SimulationSeed seed) => new() { Time = Scheduler.TimeProvider, Tasks = Scheduler.TaskFactory, Seed = seed };

    /// <summary>Runs <paramref name="body"/> with the snapshot CRDs installed and nothing else started.</summary>
    public void RunBare(Func<Task> body)
    {
        Scheduler.Run(async () =>
        {
            await InstallSnapshotCrdsAsync();
            await body();
        });
    }

    /// <summary>
    /// Runs <paramref name="body"/> with the CRDs installed and both sidecars running, the snapshotter serving
    /// VolumeGroupSnapshots and kubelet expanding the volumes of <see cref="Mounts"/> if asked.
    /// </summary>
    public void Run(Func<Task> body, bool nodeExpansion = false, bool groupSnapshots = false)
    {
        Scheduler.Run(async () =>
        {
            await InstallSnapshotCrdsAsync();
            var invokers = drivers.ToDictionary(d => d.Key, d => d.Value.CreateCallInvoker());
            var options = new CsiSidecarOptions { Runtime = Runtime(Scheduler.Seed.Derive("sidecars")), VolumeGroupSnapshots = groupSnapshots };
            var snapshotter = new CsiSnapshotter(Client, invokers, options);
            var provisioner = new CsiProvisioner(Client, invokers, options);
            await snapshotter.StartAsync();
            await provisioner.StartAsync();
            if (nodeExpansion)
            {
                await new NodeVolumeExpander(Client, invokers, Mounts, CsiConstants.DefaultNodeId, options).StartAsync();
            }

            await body();
        });

        // The run ends with the body: the scheduler runs no further step, so the sidecars' watches are
        // abandoned rather than cancelled (cancelling a KubernetesClient watch hops to the thread pool).
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

    /// <summary>Polls in virtual time until <paramref name="probe"/> yields a value; fails after ten virtual minutes.</summary>
    public async Task<T> WaitForAsync<T>(string what, Func<Task<T?>> probe)
        where T : class
    {
        var deadline = Scheduler.TimeProvider.GetUtcNow() + WaitAtMost;
        while (true)
        {
            if (await probe() is { } value)
            {
                return value;
            }

            Assert.True(Scheduler.TimeProvider.GetUtcNow() < deadline, $"not reached within {WaitAtMost} of virtual time: {what}");
            await Task.Delay(PollEvery, Scheduler.TimeProvider);
        }
    }

    /// <summary>Lets the system run for a while of virtual time (to show that something does not happen).</summary>
    public Task SettleAsync(TimeSpan duration) => Task.Delay(duration, Scheduler.TimeProvider);

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
