using Csi.V1;
using Grpc.Core;
using Harness.Reconciling;
using Harness.Api.SnapshotStorage;
using k8s;
using k8s.Models;
using Microsoft.Extensions.Logging;

namespace Harness.Simulators.Csi.Sidecars;

/// <summary>
/// What each CSI sidecar runs on: the API client, a controller client per CSI driver, the options, a logger,
/// the host of its informers and reconcile loops, and the informers both sidecars read (PVCs, PVs,
/// VolumeSnapshots and VolumeSnapshotContents).
/// </summary>
internal sealed class CsiSidecar
{
    /// <param name="drivers">CSI driver name -> a call invoker reaching it (in-process or a socket channel's).</param>
    /// <param name="owner">The sidecar, which names the logger.</param>
    public CsiSidecar(IKubernetes client, IReadOnlyDictionary<string, CallInvoker> drivers, CsiSidecarOptions options, Type owner)
    {
        ArgumentNullException.ThrowIfNull(client);
        ArgumentNullException.ThrowIfNull(drivers);
        ArgumentNullException.ThrowIfNull(options);
        Client = client;
        Options = options;
        Drivers = drivers.ToDictionary(d => d.Key, d => new Controller.ControllerClient(d.Value), StringComparer.Ordinal);
        Logger = Options.LoggerFactory.CreateLogger(owner);
        Host = new ReconcilerHost(Options.Runtime.Tasks, Options.Runtime.Time, Logger);
        Claims = Host.Inform(InformerSources.PersistentVolumeClaims(client));
        Volumes = Host.Inform(InformerSources.PersistentVolumes(client));
        Snapshots = InformSnapshotApi<VolumeSnapshot>(SnapshotStorageApi.VolumeSnapshotPlural);
        Contents = InformSnapshotApi<VolumeSnapshotContent>(SnapshotStorageApi.VolumeSnapshotContentPlural);
    }

    public IKubernetes Client { get; }

    public IReadOnlyDictionary<string, Controller.ControllerClient> Drivers { get; }

    public CsiSidecarOptions Options { get; }

    public TimeProvider Time => Options.Runtime.Time;

    public ILogger Logger { get; }

    public ReconcilerHost Host { get; }

    public Informer<V1PersistentVolumeClaim> Claims { get; }

    public Informer<V1PersistentVolume> Volumes { get; }

    public Informer<VolumeSnapshot> Snapshots { get; }

    public Informer<VolumeSnapshotContent> Contents { get; }

    /// <summary>An informer of a <c>snapshot.storage.k8s.io</c> resource.</summary>
    public Informer<T> InformSnapshotApi<T>(string plural)
        where T : class, IKubernetesObject<V1ObjectMeta>
        => Host.Inform(InformerSources.Custom<T>(Client, SnapshotStorageApi.Group, SnapshotStorageApi.Version, plural));

    /// <summary>A reconciler whose failed keys back off from <see cref="CsiSidecarOptions.RetryBaseDelay"/>.</summary>
    public WorkQueue<ObjectKey> Reconcile(string name, Func<ObjectKey, CancellationToken, Task<ReconcileResult>> reconcile)
        => Host.Reconcile(name, reconcile, new ExponentialFailureRateLimiter<ObjectKey>(Options.RetryBaseDelay, ExponentialFailureRateLimiter<ObjectKey>.DefaultMaxDelay));
}
