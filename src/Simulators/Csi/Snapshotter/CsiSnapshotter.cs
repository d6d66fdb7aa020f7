using Grpc.Core;
using Harness.Reconciling;
using Harness.Simulators.Csi.Sidecars;
using Harness.Simulators.Csi.Snapshotter.Groups;
using Harness.Api.SnapshotStorage;
using k8s;
using k8s.Models;

namespace Harness.Simulators.Csi.Snapshotter;

/// <summary>
/// The external-snapshotter's two halves for a set of CSI drivers: the common controller
/// (VolumeSnapshot -> VolumeSnapshotContent, class selection, finalizers, status) and the CSI sidecar
/// (VolumeSnapshotContent -> CreateSnapshot / ListSnapshots / DeleteSnapshot, content status), and with
/// <see cref="CsiSidecarOptions.VolumeGroupSnapshots"/> the same for VolumeGroupSnapshots (<see cref="CsiGroupSnapshotter"/>),
/// whose member snapshots and contents this class then follows as it does any bound pair.
/// Level-triggered: informers feed work queues of keys; each reconcile takes at most one write step.
/// </summary>
public sealed partial class CsiSnapshotter : IAsyncDisposable
{
    /// <summary>snapshot-controller's Warning on a deleted VolumeSnapshot a Pending claim is still restored from.</summary>
    public const string SnapshotDeletePendingReason = "SnapshotDeletePending";

    private readonly WorkQueue<ObjectKey> snapshotQueue;
    private readonly WorkQueue<ObjectKey> contentQueue;
    private readonly Informer<VolumeSnapshotClass> classes;
    private readonly CsiSidecar sidecar;
    private readonly CsiGroupSnapshotter? groupSnapshotter;
    private readonly EventRecorder events;

    /// <param name="drivers">CSI driver name -> a call invoker reaching it (in-process or a socket channel's).</param>
    public CsiSnapshotter(IKubernetes client, IReadOnlyDictionary<string, CallInvoker> drivers, CsiSidecarOptions options)
    {
        sidecar = new CsiSidecar(client, drivers, options, typeof(CsiSnapshotter));
        events = new EventRecorder(client, sidecar.Time, "snapshot-controller", sidecar.Logger);
        classes = sidecar.InformSnapshotApi<VolumeSnapshotClass>(SnapshotStorageApi.VolumeSnapshotClassPlural);
        snapshotQueue = sidecar.Reconcile("VolumeSnapshot", ReconcileSnapshotAsync);
        contentQueue = sidecar.Reconcile("VolumeSnapshotContent", ReconcileContentAsync);

        sidecar.Snapshots.OnChange(vs => snapshotQueue.Add(ObjectKey.Of(vs)));
        sidecar.Contents.OnChange(content =>
        {
            contentQueue.Add(ObjectKey.Of(content));
            if (content.Spec.VolumeSnapshotRef is { Name: { } name } reference)
            {
                snapshotQueue.Add(ObjectKey.Of(reference.NamespaceProperty, name));
            }
        });
        classes.OnChange(_ => EnqueueSnapshots(vs => vs.Status?.BoundVolumeSnapshotContentName is null));
        sidecar.Claims.OnChange(pvc => EnqueueSnapshots(vs =>
            vs.Metadata.NamespaceProperty == pvc.Metadata.NamespaceProperty
            && (vs.Spec.Source?.PersistentVolumeClaimName == pvc.Metadata.Name || IsRestoreSource(pvc, vs))));
        sidecar.Volumes.OnChange(pv =>
        {
            if (pv.Spec.ClaimRef is { } claim)
            {
                EnqueueSnapshots(vs => vs.Metadata.NamespaceProperty == claim.NamespaceProperty && vs.Spec.Source?.PersistentVolumeClaimName == claim.Name);
            }
        });
        if (options.VolumeGroupSnapshots)
        {
            groupSnapshotter = new CsiGroupSnapshotter(sidecar);
        }
    }

    /// <summary>Starts the informers, waits until each has listed once, then starts the workers.</summary>
    public Task StartAsync(CancellationToken cancellationToken = default) => sidecar.Host.StartAsync(cancellationToken);

    public ValueTask DisposeAsync() => sidecar.Host.DisposeAsync();

    private void EnqueueSnapshots(Func<VolumeSnapshot, bool> predicate)
    {
        foreach (var vs in sidecar.Snapshots.List().Where(predicate))
        {
            snapshotQueue.Add(ObjectKey.Of(vs));
        }
    }

    /// <summary>Whether <paramref name="pvc"/> is restored from <paramref name="vs"/>: while it is Pending, it keeps the snapshot (volumesnapshot-as-source-protection).</summary>
    private static bool IsRestoreSource(V1PersistentVolumeClaim pvc, VolumeSnapshot vs)
    {
        var source = pvc.Spec.DataSourceRef is { } reference
            ? (reference.ApiGroup, reference.Kind, reference.Name)
            : pvc.Spec.DataSource is { } dataSource ? (dataSource.ApiGroup, dataSource.Kind, dataSource.Name) : default;
        return source.Kind == SnapshotStorageApi.VolumeSnapshotKind
            && source.ApiGroup == SnapshotStorageApi.Group
            && source.Name == vs.Metadata.Name
            && pvc.Metadata.NamespaceProperty == vs.Metadata.NamespaceProperty;
    }
}
