using Harness.Api.KubeVirt;
using Harness.Api.Snapshots;
using Harness.Controller.Snapshots.Caches;
using Harness.Controller.Snapshots.Content;
using Harness.Controller.Snapshots.Lifecycle;
using Harness.Controller.Snapshots.VmStatus;
using Harness.Reconciling;
using k8s;

namespace Harness.Controller.Snapshots;

/// <summary>
/// KubeVirt's snapshot controller on <see cref="ReconcilerHost"/>: informers on the snapshot kinds, the source VMs
/// and VMIs and the storage objects feed three rate-limited queues (snapshots, contents, VM snapshot statuses);
/// each reconcile reads the caches, acts and returns done, requeue-after, or throws to back off. Register it on a
/// host, then start the host.
/// </summary>
public sealed class SnapshotController
{
    private SnapshotController(WorkQueue<ObjectKey> snapshots, WorkQueue<ObjectKey> contents, WorkQueue<ObjectKey> virtualMachines)
    {
        SnapshotQueue = snapshots;
        ContentQueue = contents;
        VirtualMachineQueue = virtualMachines;
    }

    /// <summary>The queue of VirtualMachineSnapshot keys.</summary>
    public WorkQueue<ObjectKey> SnapshotQueue { get; }

    /// <summary>The queue of VirtualMachineSnapshotContent keys.</summary>
    public WorkQueue<ObjectKey> ContentQueue { get; }

    /// <summary>The queue of VirtualMachine keys whose <c>status.volumeSnapshotStatuses</c> is recomputed.</summary>
    public WorkQueue<ObjectKey> VirtualMachineQueue { get; }

    public static SnapshotController Register(ReconcilerHost host, IKubernetes client, SnapshotControllerOptions options)
    {
        ArgumentNullException.ThrowIfNull(host);
        ArgumentNullException.ThrowIfNull(client);
        ArgumentNullException.ThrowIfNull(options);
        var caches = new SnapshotCaches(host, client);
        var context = new SnapshotControllerContext(client, caches, options);
        var snapshotReconciler = new SnapshotReconciler(context, new ContentFactory(context));
        var contentReconciler = new ContentReconciler(context);
        var statusReconciler = new VolumeSnapshotStatusReconciler(context);
        var controller = new SnapshotController(
            host.Reconcile<ObjectKey>("vmsnapshot", snapshotReconciler.ReconcileAsync, onError: OnError(options, "snapshot"), workers: options.Workers),
            host.Reconcile<ObjectKey>("vmsnapshotcontent", contentReconciler.ReconcileAsync, onError: OnError(options, "content"), workers: options.Workers),
            host.Reconcile<ObjectKey>("vm-snapshot-status", statusReconciler.ReconcileAsync, onError: OnError(options, "vm"), workers: options.Workers));
        controller.Route(caches);
        return controller;
    }

    /// <summary>KubeVirt's event routing (snapshot_base.go): which keys each change wakes.</summary>
    private void Route(SnapshotCaches caches)
    {
        caches.Snapshots.OnChange(s =>
        {
            SnapshotQueue.Add(ObjectKey.Of(s));
            ContentQueue.Add(ObjectKey.Of(s.Metadata.NamespaceProperty, SnapshotControllerContext.ContentName(s)));
        });
        caches.Contents.OnChange(c =>
        {
            ContentQueue.Add(ObjectKey.Of(c));
            if (c.Spec.VirtualMachineSnapshotName is { } owner)
            {
                SnapshotQueue.Add(ObjectKey.Of(c.Metadata.NamespaceProperty, owner));
            }
        });
        caches.VirtualMachines.OnChange(vm =>
        {
            WakeSnapshotsOf(caches, vm.Metadata.NamespaceProperty, vm.Metadata.Name);
            VirtualMachineQueue.Add(ObjectKey.Of(vm));
        });
        caches.Instances.OnChange(vmi => WakeSnapshotsOf(caches, vmi.Metadata.NamespaceProperty, vmi.Metadata.Name));
        caches.VolumeSnapshots.OnChange(vs =>
        {
            foreach (var content in caches.ContentsWith(vs.Metadata.NamespaceProperty, vs.Metadata.Name))
            {
                ContentQueue.Add(ObjectKey.Of(content));
            }
        });
        caches.Claims.OnChange(claim =>
        {
            WakeUsersOf(caches, claim.Metadata.NamespaceProperty, claim.Metadata.Name);
            if (claim.Metadata.Labels?.TryGetValue(BackendStorage.VmLabel, out var backendOf) == true)
            {
                VirtualMachineQueue.Add(ObjectKey.Of(claim.Metadata.NamespaceProperty, backendOf));
                WakeSnapshotsOf(caches, claim.Metadata.NamespaceProperty, backendOf);
            }
        });
        caches.DataVolumes.OnChange(dv => WakeUsersOf(caches, dv.Metadata.NamespaceProperty, dv.Metadata.Name));
        caches.SnapshotClasses.OnChange(_ => WakeAllVirtualMachines(caches));
        caches.StorageClasses.OnChange(_ => WakeAllVirtualMachines(caches));
        caches.StorageProfiles.OnChange(_ => WakeAllVirtualMachines(caches));
        caches.Crds.OnChange(crd =>
        {
            if (crd.Spec.Group == Harness.Api.SnapshotStorage.SnapshotStorageApi.Group)
            {
                WakeAllVirtualMachines(caches);
                foreach (var content in caches.Contents.List())
                {
                    ContentQueue.Add(ObjectKey.Of(content));
                }
            }
        });
    }

    private void WakeSnapshotsOf(SnapshotCaches caches, string ns, string vmName)
    {
        foreach (var snapshot in caches.SnapshotsOf(ns, vmName))
        {
            SnapshotQueue.Add(ObjectKey.Of(snapshot));
        }
    }

    private void WakeUsersOf(SnapshotCaches caches, string ns, string claimName)
    {
        foreach (var vm in caches.VirtualMachinesUsing(ns, claimName))
        {
            VirtualMachineQueue.Add(ObjectKey.Of(vm));
            WakeSnapshotsOf(caches, ns, vm.Metadata.Name);
        }
    }

    private void WakeAllVirtualMachines(SnapshotCaches caches)
    {
        foreach (var vm in caches.VirtualMachines.List())
        {
            VirtualMachineQueue.Add(ObjectKey.Of(vm));
        }
    }

    private static Action<ObjectKey, Exception>? OnError(SnapshotControllerOptions options, string queue) =>
        options.OnReconcileError is { } report ? (key, e) => report(queue, key, e) : null;
}
