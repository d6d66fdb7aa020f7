using Csi.V1;
using Grpc.Core;
using Harness.Simulators.Csi.Kubernetes;
using Harness.Simulators.Csi.SnapshotApi;
using k8s;
using k8s.Models;
using Microsoft.Extensions.Logging;

namespace Harness.Simulators.Csi.Snapshotter;

/// <summary>
/// The external-snapshotter's two halves for a set of CSI drivers: the common controller
/// (VolumeSnapshot -> VolumeSnapshotContent, class selection, finalizers, status) and the CSI sidecar
/// (VolumeSnapshotContent -> CreateSnapshot / ListSnapshots / DeleteSnapshot, content status).
/// Level-triggered: informers feed work queues of keys; each reconcile takes at most one write step.
/// </summary>
public sealed partial class CsiSnapshotter : IAsyncDisposable
{
    private readonly IKubernetes client;
    private readonly IReadOnlyDictionary<string, Controller.ControllerClient> drivers;
    private readonly CsiSidecarOptions options;
    private readonly TimeProvider time;
    private readonly ILogger logger;
    private readonly Informer<VolumeSnapshot> snapshots;
    private readonly Informer<VolumeSnapshotContent> contents;
    private readonly Informer<VolumeSnapshotClass> classes;
    private readonly Informer<V1PersistentVolumeClaim> claims;
    private readonly Informer<V1PersistentVolume> volumes;
    private readonly WorkQueue snapshotQueue;
    private readonly WorkQueue contentQueue;
    private readonly CancellationTokenSource stopping = new();
    private readonly List<Task> running = [];

    /// <param name="drivers">CSI driver name -> a call invoker reaching it (in-process or a socket channel's).</param>
    public CsiSnapshotter(IKubernetes client, IReadOnlyDictionary<string, CallInvoker> drivers, CsiSidecarOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(client);
        ArgumentNullException.ThrowIfNull(drivers);
        this.client = client;
        this.options = options ?? new CsiSidecarOptions();
        this.drivers = drivers.ToDictionary(d => d.Key, d => new Controller.ControllerClient(d.Value), StringComparer.Ordinal);
        time = this.options.TimeProvider;
        var loggers = this.options.LoggerFactory;
        logger = loggers.CreateLogger<CsiSnapshotter>();
        snapshots = new(ResourceSources.Custom<VolumeSnapshot>(client, SnapshotApiConstants.Group, SnapshotApiConstants.Version, SnapshotApiConstants.VolumeSnapshotPlural), time, logger);
        contents = new(ResourceSources.Custom<VolumeSnapshotContent>(client, SnapshotApiConstants.Group, SnapshotApiConstants.Version, SnapshotApiConstants.VolumeSnapshotContentPlural), time, logger);
        classes = new(ResourceSources.Custom<VolumeSnapshotClass>(client, SnapshotApiConstants.Group, SnapshotApiConstants.Version, SnapshotApiConstants.VolumeSnapshotClassPlural), time, logger);
        claims = new(ResourceSources.PersistentVolumeClaims(client), time, logger);
        volumes = new(ResourceSources.PersistentVolumes(client), time, logger);
        snapshotQueue = new WorkQueue(time);
        contentQueue = new WorkQueue(time);

        snapshots.OnChange(vs => snapshotQueue.Add(Informer<VolumeSnapshot>.KeyOf(vs)));
        contents.OnChange(content =>
        {
            contentQueue.Add(content.Metadata.Name);
            var reference = content.Spec.VolumeSnapshotRef;
            if (reference.Name is { } name)
            {
                snapshotQueue.Add(Informer<VolumeSnapshot>.KeyOf(reference.NamespaceProperty, name));
            }
        });
        classes.OnChange(_ => EnqueueSnapshots(vs => vs.Status?.BoundVolumeSnapshotContentName is null));
        claims.OnChange(pvc => EnqueueSnapshots(vs =>
            vs.Metadata.NamespaceProperty == pvc.Metadata.NamespaceProperty
            && (vs.Spec.Source.PersistentVolumeClaimName == pvc.Metadata.Name || IsRestoreSource(pvc, vs))));
        volumes.OnChange(pv =>
        {
            if (pv.Spec.ClaimRef is { } claim)
            {
                EnqueueSnapshots(vs => vs.Metadata.NamespaceProperty == claim.NamespaceProperty && vs.Spec.Source.PersistentVolumeClaimName == claim.Name);
            }
        });
    }

    /// <summary>Starts the informers, waits until each has listed once, then starts the workers.</summary>
    public async Task StartAsync(CancellationToken cancellationToken = default)
    {
        var token = stopping.Token;
        var factory = options.TaskFactory;
        Task[] informers =
        [
            factory.StartNew(() => snapshots.RunAsync(token)).Unwrap(),
            factory.StartNew(() => contents.RunAsync(token)).Unwrap(),
            factory.StartNew(() => classes.RunAsync(token)).Unwrap(),
            factory.StartNew(() => claims.RunAsync(token)).Unwrap(),
            factory.StartNew(() => volumes.RunAsync(token)).Unwrap(),
        ];
        running.AddRange(informers);
        await Task.WhenAll(snapshots.Synced, contents.Synced, classes.Synced, claims.Synced, volumes.Synced).WaitAsync(cancellationToken);
        running.Add(factory.StartNew(() => new ReconcileLoop("VolumeSnapshot", snapshotQueue, ReconcileSnapshotAsync, logger).RunAsync(token)).Unwrap());
        running.Add(factory.StartNew(() => new ReconcileLoop("VolumeSnapshotContent", contentQueue, ReconcileContentAsync, logger).RunAsync(token)).Unwrap());
    }

    public async ValueTask DisposeAsync()
    {
        if (stopping.IsCancellationRequested)
        {
            return;
        }

        await stopping.CancelAsync();
        snapshotQueue.Dispose();
        contentQueue.Dispose();
        try
        {
            await Task.WhenAll(running);
        }
        catch (OperationCanceledException)
        {
        }

        stopping.Dispose();
    }

    private void EnqueueSnapshots(Func<VolumeSnapshot, bool> predicate)
    {
        foreach (var vs in snapshots.List().Where(predicate))
        {
            snapshotQueue.Add(Informer<VolumeSnapshot>.KeyOf(vs));
        }
    }

    /// <summary>A PVC still being provisioned from this snapshot keeps the snapshot (volumesnapshot-as-source-protection).</summary>
    private static bool IsRestoreSource(V1PersistentVolumeClaim pvc, VolumeSnapshot vs)
    {
        var source = pvc.Spec.DataSourceRef is { } reference
            ? (reference.ApiGroup, reference.Kind, reference.Name)
            : pvc.Spec.DataSource is { } dataSource ? (dataSource.ApiGroup, dataSource.Kind, dataSource.Name) : default;
        return source.Kind == SnapshotApiConstants.VolumeSnapshotKind
            && source.ApiGroup == SnapshotApiConstants.Group
            && source.Name == vs.Metadata.Name
            && pvc.Metadata.NamespaceProperty == vs.Metadata.NamespaceProperty;
    }
}
