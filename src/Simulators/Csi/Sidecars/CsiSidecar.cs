using Csi.V1;
using Grpc.Core;
using Harness.Reconciling;
using Harness.Api.SnapshotStorage;
using k8s;
using k8s.Models;
using Microsoft.Extensions.Logging;

namespace Harness.Simulators.Csi.Sidecars;

/// <summary>
/// What each CSI sidecar runs on: the API client, a controller, a node and a group controller client per CSI driver, the options, a logger,
/// the host of its informers and reconcile loops, and the informers the sidecars read (PVCs, PVs, and unless told
/// otherwise VolumeSnapshots and VolumeSnapshotContents: a sidecar that never reads them needs no snapshot CRDs).
/// </summary>
internal sealed class CsiSidecar
{
    private readonly Informer<VolumeSnapshot>? snapshots;
    private readonly Informer<VolumeSnapshotContent>? contents;

    /// <param name="drivers">CSI driver name -> a call invoker reaching it (in-process or a socket channel's).</param>
    /// <param name="owner">The sidecar, which names the logger.</param>
    /// <param name="informSnapshots">Whether to inform VolumeSnapshots and VolumeSnapshotContents.</param>
    public CsiSidecar(IKubernetes client, IReadOnlyDictionary<string, CallInvoker> drivers, CsiSidecarOptions options, Type owner, bool informSnapshots = true)
    {
        ArgumentNullException.ThrowIfNull(client);
        ArgumentNullException.ThrowIfNull(drivers);
        ArgumentNullException.ThrowIfNull(options);
        Client = client;
        Options = options;
        Drivers = drivers.ToDictionary(d => d.Key, d => new Controller.ControllerClient(d.Value), StringComparer.Ordinal);
        Nodes = drivers.ToDictionary(d => d.Key, d => new Node.NodeClient(d.Value), StringComparer.Ordinal);
        Groups = drivers.ToDictionary(d => d.Key, d => new GroupController.GroupControllerClient(d.Value), StringComparer.Ordinal);
        Logger = Options.LoggerFactory.CreateLogger(owner);
        Host = new ReconcilerHost(Options.Runtime.For(owner.Name), Logger);
        Claims = Host.Inform(InformerSources.PersistentVolumeClaims(client));
        Volumes = Host.Inform(InformerSources.PersistentVolumes(client));
        if (informSnapshots)
        {
            snapshots = InformSnapshotApi<VolumeSnapshot>(SnapshotStorageApi.VolumeSnapshotPlural);
            contents = InformSnapshotApi<VolumeSnapshotContent>(SnapshotStorageApi.VolumeSnapshotContentPlural);
        }
    }

    public IKubernetes Client { get; }

    public IReadOnlyDictionary<string, Controller.ControllerClient> Drivers { get; }

    public IReadOnlyDictionary<string, Node.NodeClient> Nodes { get; }

    public IReadOnlyDictionary<string, GroupController.GroupControllerClient> Groups { get; }

    public CsiSidecarOptions Options { get; }

    public TimeProvider Time => Options.Runtime.Time;

    public ILogger Logger { get; }

    public ReconcilerHost Host { get; }

    public Informer<V1PersistentVolumeClaim> Claims { get; }

    public Informer<V1PersistentVolume> Volumes { get; }

    public Informer<VolumeSnapshot> Snapshots => snapshots ?? throw new InvalidOperationException("this sidecar does not inform VolumeSnapshots");

    public Informer<VolumeSnapshotContent> Contents => contents ?? throw new InvalidOperationException("this sidecar does not inform VolumeSnapshotContents");

    /// <summary>An informer of a <c>snapshot.storage.k8s.io</c> resource.</summary>
    public Informer<T> InformSnapshotApi<T>(string plural)
        where T : class, IKubernetesObject<V1ObjectMeta>
        => Host.Inform(InformerSources.Custom<T>(Client, SnapshotStorageApi.Group, SnapshotStorageApi.Version, plural));

    /// <summary>A reconciler whose failed keys back off from <see cref="CsiSidecarOptions.RetryBaseDelay"/>.</summary>
    public WorkQueue<ObjectKey> Reconcile(string name, Func<ObjectKey, CancellationToken, Task<ReconcileResult>> reconcile)
        => Host.Reconcile(name, reconcile, new ExponentialFailureRateLimiter<ObjectKey>(Options.RetryBaseDelay, ExponentialFailureRateLimiter<ObjectKey>.DefaultMaxDelay));
}
