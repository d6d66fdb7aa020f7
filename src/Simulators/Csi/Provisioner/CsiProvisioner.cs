using Grpc.Core;
using Harness.Api.Clients;
using Harness.Reconciling;
using Harness.Simulators.Csi.Sidecars;
using Harness.Api.SnapshotStorage;
using k8s;
using k8s.Models;

namespace Harness.Simulators.Csi.Provisioner;

/// <summary>
/// The external-provisioner (and the PV controller's binding) for a set of CSI drivers: a PVC of a
/// StorageClass whose provisioner is one of them gets a volume (empty, from a VolumeSnapshot or from
/// a PVC), a PersistentVolume <c>pvc-&lt;uid&gt;</c>, and is bound; Immediate and WaitForFirstConsumer;
/// released volumes are deleted or retained by reclaim policy; a bound claim asking for more storage is grown
/// (see <c>CsiProvisioner.Resizing.cs</c>). Failures are Warning events on the PVC.
/// </summary>
public sealed partial class CsiProvisioner : IAsyncDisposable
{
    private readonly CsiSidecar sidecar;
    private readonly EventRecorder events;
    private readonly Informer<V1StorageClass> storageClasses;
    private readonly WorkQueue<ObjectKey> claimQueue;
    private readonly WorkQueue<ObjectKey> volumeQueue;
    private readonly WorkQueue<ObjectKey> resizeQueue;
    private readonly CustomResourceClient<VolumeSnapshot> snapshotReads;
    private readonly CustomResourceClient<VolumeSnapshotContent> contentReads;

    /// <param name="drivers">CSI driver name -> a call invoker reaching it (in-process or a socket channel's).</param>
    public CsiProvisioner(IKubernetes client, IReadOnlyDictionary<string, CallInvoker> drivers, CsiSidecarOptions options)
    {
        sidecar = new CsiSidecar(client, drivers, options, typeof(CsiProvisioner));
        events = new EventRecorder(client, sidecar.Time, "harness-csi-provisioner", sidecar.Logger);
        storageClasses = sidecar.Host.Inform(InformerSources.StorageClasses(client));
        snapshotReads = new CustomResourceClient<VolumeSnapshot>(client);
        contentReads = new CustomResourceClient<VolumeSnapshotContent>(client);
        claimQueue = sidecar.Reconcile("PersistentVolumeClaim", ReconcileClaimAsync);
        volumeQueue = sidecar.Reconcile("PersistentVolume", ReconcileVolumeAsync);
        resizeQueue = sidecar.Reconcile("PersistentVolumeClaim resize", ReconcileResizeAsync);

        sidecar.Claims.OnChange(pvc =>
        {
            claimQueue.Add(ObjectKey.Of(pvc));
            resizeQueue.Add(ObjectKey.Of(pvc));
            if (pvc.Spec.VolumeName is { Length: > 0 } volumeName)
            {
                volumeQueue.Add(ObjectKey.Cluster(volumeName));
            }
        });
        sidecar.Volumes.OnChange(pv =>
        {
            volumeQueue.Add(ObjectKey.Of(pv));
            if (pv.Spec.ClaimRef is { } claim)
            {
                claimQueue.Add(ObjectKey.Of(claim.NamespaceProperty, claim.Name));
            }
        });
        storageClasses.OnChange(_ => EnqueuePendingClaims(_ => true));
        sidecar.Snapshots.OnChange(vs => EnqueuePendingClaims(pvc => pvc.Metadata.NamespaceProperty == vs.Metadata.NamespaceProperty && SnapshotSourceName(pvc) == vs.Metadata.Name));
        sidecar.Contents.OnChange(content => EnqueuePendingClaims(pvc =>
            pvc.Metadata.NamespaceProperty == content.Spec.VolumeSnapshotRef?.NamespaceProperty && SnapshotSourceName(pvc) == content.Spec.VolumeSnapshotRef?.Name));
    }

    /// <summary>Starts the informers, waits until each has listed once, then starts the workers.</summary>
    public Task StartAsync(CancellationToken cancellationToken = default) => sidecar.Host.StartAsync(cancellationToken);

    public ValueTask DisposeAsync() => sidecar.Host.DisposeAsync();

    private void EnqueuePendingClaims(Func<V1PersistentVolumeClaim, bool> predicate)
    {
        foreach (var pvc in sidecar.Claims.List().Where(pvc => string.IsNullOrEmpty(pvc.Spec.VolumeName) && predicate(pvc)))
        {
            claimQueue.Add(ObjectKey.Of(pvc));
        }
    }

    /// <summary>The VolumeSnapshot a PVC is to be restored from (dataSourceRef first, then dataSource), if any.</summary>
    private static string? SnapshotSourceName(V1PersistentVolumeClaim pvc)
    {
        var (group, kind, name) = pvc.Spec.DataSourceRef is { } reference
            ? (reference.ApiGroup, reference.Kind, reference.Name)
            : pvc.Spec.DataSource is { } source ? (source.ApiGroup, source.Kind, source.Name) : default;
        return kind == SnapshotStorageApi.VolumeSnapshotKind && group == SnapshotStorageApi.Group ? name : null;
    }
}
