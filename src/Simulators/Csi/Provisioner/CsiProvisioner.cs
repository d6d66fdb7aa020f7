using Csi.V1;
using Grpc.Core;
using Harness.Simulators.Csi.Kubernetes;
using Harness.Simulators.Csi.SnapshotApi;
using k8s;
using k8s.Models;
using Microsoft.Extensions.Logging;

namespace Harness.Simulators.Csi.Provisioner;

/// <summary>
/// The external-provisioner (and the PV controller's binding) for a set of CSI drivers: a PVC of a
/// StorageClass whose provisioner is one of them gets a volume (empty, from a VolumeSnapshot or from
/// a PVC), a PersistentVolume <c>pvc-&lt;uid&gt;</c>, and is bound; Immediate and WaitForFirstConsumer;
/// released volumes are deleted or retained by reclaim policy. Failures are Warning events on the PVC.
/// </summary>
public sealed partial class CsiProvisioner : IAsyncDisposable
{
    private readonly IKubernetes client;
    private readonly IReadOnlyDictionary<string, Controller.ControllerClient> drivers;
    private readonly CsiSidecarOptions options;
    private readonly ILogger logger;
    private readonly EventRecorder events;
    private readonly Informer<V1PersistentVolumeClaim> claims;
    private readonly Informer<V1PersistentVolume> volumes;
    private readonly Informer<V1StorageClass> storageClasses;
    private readonly Informer<VolumeSnapshot> snapshots;
    private readonly Informer<VolumeSnapshotContent> contents;
    private readonly WorkQueue claimQueue;
    private readonly WorkQueue volumeQueue;
    private readonly CancellationTokenSource stopping = new();
    private readonly List<Task> running = [];

    /// <param name="drivers">CSI driver name -> a call invoker reaching it (in-process or a socket channel's).</param>
    public CsiProvisioner(IKubernetes client, IReadOnlyDictionary<string, CallInvoker> drivers, CsiSidecarOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(client);
        ArgumentNullException.ThrowIfNull(drivers);
        this.client = client;
        this.options = options ?? new CsiSidecarOptions();
        this.drivers = drivers.ToDictionary(d => d.Key, d => new Controller.ControllerClient(d.Value), StringComparer.Ordinal);
        var time = this.options.TimeProvider;
        logger = this.options.LoggerFactory.CreateLogger<CsiProvisioner>();
        events = new EventRecorder(client, "harness-csi-provisioner", time, logger);
        claims = new(ResourceSources.PersistentVolumeClaims(client), time, logger);
        volumes = new(ResourceSources.PersistentVolumes(client), time, logger);
        storageClasses = new(ResourceSources.StorageClasses(client), time, logger);
        snapshots = new(ResourceSources.Custom<VolumeSnapshot>(client, SnapshotApiConstants.Group, SnapshotApiConstants.Version, SnapshotApiConstants.VolumeSnapshotPlural), time, logger);
        contents = new(ResourceSources.Custom<VolumeSnapshotContent>(client, SnapshotApiConstants.Group, SnapshotApiConstants.Version, SnapshotApiConstants.VolumeSnapshotContentPlural), time, logger);
        claimQueue = new WorkQueue(time);
        volumeQueue = new WorkQueue(time);

        claims.OnChange(pvc =>
        {
            claimQueue.Add(Informer<V1PersistentVolumeClaim>.KeyOf(pvc));
            if (pvc.Spec.VolumeName is { Length: > 0 } volumeName)
            {
                volumeQueue.Add(volumeName);
            }
        });
        volumes.OnChange(pv =>
        {
            volumeQueue.Add(pv.Metadata.Name);
            if (pv.Spec.ClaimRef is { } claim)
            {
                claimQueue.Add(Informer<V1PersistentVolumeClaim>.KeyOf(claim.NamespaceProperty, claim.Name));
            }
        });
        storageClasses.OnChange(_ => EnqueuePendingClaims(_ => true));
        snapshots.OnChange(vs => EnqueuePendingClaims(pvc => pvc.Metadata.NamespaceProperty == vs.Metadata.NamespaceProperty && SnapshotSourceName(pvc) == vs.Metadata.Name));
        contents.OnChange(content => EnqueuePendingClaims(pvc =>
            pvc.Metadata.NamespaceProperty == content.Spec.VolumeSnapshotRef.NamespaceProperty && SnapshotSourceName(pvc) == content.Spec.VolumeSnapshotRef.Name));
    }

    /// <summary>Starts the informers, waits until each has listed once, then starts the workers.</summary>
    public async Task StartAsync(CancellationToken cancellationToken = default)
    {
        var token = stopping.Token;
        var factory = options.TaskFactory;
        running.Add(factory.StartNew(() => claims.RunAsync(token)).Unwrap());
        running.Add(factory.StartNew(() => volumes.RunAsync(token)).Unwrap());
        running.Add(factory.StartNew(() => storageClasses.RunAsync(token)).Unwrap());
        running.Add(factory.StartNew(() => snapshots.RunAsync(token)).Unwrap());
        running.Add(factory.StartNew(() => contents.RunAsync(token)).Unwrap());
        await Task.WhenAll(claims.Synced, volumes.Synced, storageClasses.Synced, snapshots.Synced, contents.Synced).WaitAsync(cancellationToken);
        running.Add(factory.StartNew(() => new ReconcileLoop("PersistentVolumeClaim", claimQueue, ReconcileClaimAsync, logger).RunAsync(token)).Unwrap());
        running.Add(factory.StartNew(() => new ReconcileLoop("PersistentVolume", volumeQueue, ReconcileVolumeAsync, logger).RunAsync(token)).Unwrap());
    }

    public async ValueTask DisposeAsync()
    {
        if (stopping.IsCancellationRequested)
        {
            return;
        }

        await stopping.CancelAsync();
        claimQueue.Dispose();
        volumeQueue.Dispose();
        try
        {
            await Task.WhenAll(running);
        }
        catch (OperationCanceledException)
        {
        }

        stopping.Dispose();
    }

    private void EnqueuePendingClaims(Func<V1PersistentVolumeClaim, bool> predicate)
    {
        foreach (var pvc in claims.List().Where(pvc => string.IsNullOrEmpty(pvc.Spec.VolumeName) && predicate(pvc)))
        {
            claimQueue.Add(Informer<V1PersistentVolumeClaim>.KeyOf(pvc));
        }
    }

    /// <summary>The VolumeSnapshot a PVC is to be restored from (dataSourceRef first, then dataSource), if any.</summary>
    private static string? SnapshotSourceName(V1PersistentVolumeClaim pvc)
    {
        var (group, kind, name) = pvc.Spec.DataSourceRef is { } reference
            ? (reference.ApiGroup, reference.Kind, reference.Name)
            : pvc.Spec.DataSource is { } source ? (source.ApiGroup, source.Kind, source.Name) : default;
        return kind == SnapshotApiConstants.VolumeSnapshotKind && group == SnapshotApiConstants.Group ? name : null;
    }
}
