using System.Net;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Harness.EnvTest.Core;
using Harness.EnvTest.Environment;
using Harness.EnvTest.Requests;
using Harness.Scenarios.Cluster;
using Harness.Runtime.Randomness;
using Harness.Scenarios.Simulation.Scheduling;
using Harness.Scenarios.Simulation.Transport;
using Harness.Simulators.Csi;
using Harness.Api.SnapshotStorage;
using Harness.Simulators.Csi.Stack;
using k8s;
using k8s.Autorest;
using k8s.Models;

namespace Harness.Scenarios.Tests.Cluster;

/// <summary>
/// A whole simulated cluster in one process, on the deterministic scheduler with virtual time: the embedded API
/// server, one in-process CSI driver with its sidecars, the KubeVirt simulator and in-process guests whose disks
/// are the driver's volumes. Waits are virtual, so a test never sleeps for real.
/// </summary>
internal sealed class ClusterWorld
{
    public const string Namespace = "default";
    public const string Driver = "csi.harness.io";
    private static readonly TimeSpan PollEvery = TimeSpan.FromSeconds(1);
    private static readonly TimeSpan WaitAtMost = TimeSpan.FromMinutes(10);

    public ClusterWorld(ulong seed) =>
        Cluster = new SimulatedCluster(seed, new SimulatedClusterOptions { Drivers = [new SimulatedDriver(Driver, SnapshotsSupported: true)] });

    public SimulatedCluster Cluster { get; }

    public DeterministicScheduler Scheduler => Cluster.Scheduler;

    public ApiServer Server => Cluster.Server;

    public IKubernetes Client => Cluster.Client;

    public CsiDriverSimulator CsiDriver => Cluster.Driver(Driver);

    public InProcessGuests Guests => Cluster.Guests;

    /// <summary>Runs <paramref name="body"/> with the CRDs installed and the simulated backends running.</summary>
    public void Run(Func<Task> body) => Cluster.Run(_ => body());

    public Task<V1PersistentVolumeClaim> CreateClaimAsync(string name, string size, string? fromSnapshot = null) =>
        Client.CoreV1.CreateNamespacedPersistentVolumeClaimAsync(
            new V1PersistentVolumeClaim
            {
                Metadata = new V1ObjectMeta { Name = name },
                Spec = new V1PersistentVolumeClaimSpec
                {
                    AccessModes = ["ReadWriteOnce"],
                    StorageClassName = CsiStackOptions.DefaultStorageClassName,
                    VolumeMode = "Block",
                    Resources = new V1VolumeResourceRequirements { Requests = new Dictionary<string, ResourceQuantity> { ["storage"] = new(size) } },
                    DataSource = fromSnapshot is null ? null : new V1TypedLocalObjectReference { ApiGroup = SnapshotStorageApi.Group, Kind = SnapshotStorageApi.VolumeSnapshotKind, Name = fromSnapshot },
                },
            },
            Namespace);

    /// <summary>Waits until the claim is Bound and returns its PersistentVolume.</summary>
    public async Task<V1PersistentVolume> BoundVolumeAsync(string claim)
    {
        var bound = await WaitForAsync($"claim {claim} Bound", async () =>
        {
            var read = await Client.CoreV1.ReadNamespacedPersistentVolumeClaimAsync(claim, Namespace);
            return read.Status?.Phase == "Bound" ? read : null;
        });
        return await Client.CoreV1.ReadPersistentVolumeAsync(bound.Spec.VolumeName);
    }

    public Task<JsonObject> CreateVmAsync(string name, params string[] claims) =>
        Client.CustomObjects.CreateNamespacedCustomObjectAsync<JsonObject>(VirtualMachine(name, claims), "kubevirt.io", "v1", Namespace, "virtualmachines");

    public async Task<JsonObject?> VmiAsync(string name)
    {
        try
        {
            return await Client.CustomObjects.GetNamespacedCustomObjectAsync<JsonObject>("kubevirt.io", "v1", Namespace, "virtualmachineinstances", name);
        }
        catch (HttpOperationException e) when (e.Response.StatusCode == HttpStatusCode.NotFound)
        {
            return null;
        }
    }

    /// <summary>Calls a VMI subresource (<c>freeze</c>, <c>unfreeze</c>, ...) through the API server's aggregation, as <c>virtctl</c> does, and expects 200.</summary>
    public async Task VmiSubresourceAsync(string name, string action, string? body = null)
    {
        var response = await Server.HandleAsync(
            new ApiRequest
            {
                Method = "PUT",
                Path = $"/apis/subresources.kubevirt.io/v1/namespaces/{Namespace}/virtualmachineinstances/{name}/{action}",
                ContentType = "application/json",
                Body = body is null ? ReadOnlyMemory<byte>.Empty : Encoding.UTF8.GetBytes(body),
            },
            CancellationToken.None);
        var buffered = Assert.IsType<BufferedApiResponse>(response);
        Assert.True(buffered.StatusCode == 200, $"{action} of {name}: {buffered.StatusCode} {Encoding.UTF8.GetString(buffered.Body.Span)}");
    }

    public Task<object> CreateVolumeSnapshotAsync(string name, string claim) =>
        Client.CustomObjects.CreateNamespacedCustomObjectAsync(
            new VolumeSnapshot
            {
                Metadata = new V1ObjectMeta { Name = name },
                Spec = new VolumeSnapshotSpec { Source = new VolumeSnapshotSource { PersistentVolumeClaimName = claim } },
            },
            SnapshotStorageApi.Group, SnapshotStorageApi.Version, Namespace, SnapshotStorageApi.VolumeSnapshotPlural);

    public async Task<VolumeSnapshot> GetVolumeSnapshotAsync(string name) =>
        Convert<VolumeSnapshot>(await Client.CustomObjects.GetNamespacedCustomObjectAsync(SnapshotStorageApi.Group, SnapshotStorageApi.Version, Namespace, SnapshotStorageApi.VolumeSnapshotPlural, name));

    /// <summary>The CSI volumes behind <paramref name="volumes"/>, as guest disks in that order.</summary>
    public IReadOnlyList<VolumeGuestDisk> Disks(params V1PersistentVolume[] volumes) =>
        [.. volumes.Select(v => new VolumeGuestDisk(CsiDriver.Store.Open(v.Spec.Csi.VolumeHandle)))];

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

    /// <summary>Polls in virtual time until <paramref name="condition"/> holds; fails after ten virtual minutes.</summary>
    public Task WaitUntilAsync(string what, Func<bool> condition) =>
        WaitForAsync(what, () => Task.FromResult(condition() ? what : null));

    private static JsonObject VirtualMachine(string name, string[] claims) => new()
    {
        ["apiVersion"] = "kubevirt.io/v1",
        ["kind"] = "VirtualMachine",
        ["metadata"] = new JsonObject { ["name"] = name, ["namespace"] = Namespace },
        ["spec"] = new JsonObject
        {
            ["runStrategy"] = "Always",
            ["template"] = new JsonObject
            {
                ["metadata"] = new JsonObject { ["labels"] = new JsonObject { ["app"] = name } },
                ["spec"] = new JsonObject
                {
                    ["domain"] = new JsonObject
                    {
                        ["devices"] = new JsonObject
                        {
                            ["disks"] = new JsonArray([.. claims.Select(c => (JsonNode)new JsonObject { ["name"] = c, ["disk"] = new JsonObject { ["bus"] = "virtio" } })]),
                        },
                        ["resources"] = new JsonObject { ["requests"] = new JsonObject { ["memory"] = "128Mi" } },
                    },
                    ["volumes"] = new JsonArray([.. claims.Select(c => (JsonNode)new JsonObject
                    {
                        ["name"] = c,
                        ["persistentVolumeClaim"] = new JsonObject { ["claimName"] = c },
                    })]),
                },
            },
        },
    };

    private static T Convert<T>(object item) => KubernetesJson.Deserialize<T>(((JsonElement)item).GetRawText());
}
