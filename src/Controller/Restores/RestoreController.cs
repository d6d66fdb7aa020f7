using Harness.Api.Snapshots;
using Harness.Controller.Restores.Caches;
using Harness.Controller.Restores.Lifecycle;
using Harness.Reconciling;
using k8s;

namespace Harness.Controller.Restores;

/// <summary>
/// KubeVirt's restore controller on <see cref="ReconcilerHost"/>: informers on restores, snapshots, contents, VMs,
/// VMIs, VolumeSnapshots, claims, DataVolumes and StorageClasses feed one rate-limited queue of restore keys; each
/// reconcile reads the caches, does one step and writes the restore's status, or throws to back off. Register it on
/// a host (beside the snapshot controller), then start the host.
/// </summary>
public sealed class RestoreController
{
    private RestoreController(WorkQueue<ObjectKey> restores) => RestoreQueue = restores;

    /// <summary>The queue of VirtualMachineRestore keys.</summary>
    public WorkQueue<ObjectKey> RestoreQueue { get; }

    public static RestoreController Register(ReconcilerHost host, IKubernetes client, RestoreControllerOptions options)
    {
        ArgumentNullException.ThrowIfNull(host);
        ArgumentNullException.ThrowIfNull(client);
        ArgumentNullException.ThrowIfNull(options);
        var caches = new RestoreCaches(host, client);
        var reconciler = new RestoreReconciler(new RestoreControllerContext(client, caches, options));
        var controller = new RestoreController(host.Reconcile<ObjectKey>(
            "vmrestore", reconciler.ReconcileAsync, onError: options.OnReconcileError is { } report ? (key, e) => report(key, e) : null, workers: options.Workers));
        controller.Route(caches);
        return controller;
    }

    /// <summary>
    /// KubeVirt's event routing (restore_base.go): a restore wakes itself; claims and DataVolumes wake the restore their
    /// <c>restore.kubevirt.io/name</c> annotation names; a VM wakes the restores targeting it. The harness adds VMIs
    /// (a stopped target wakes its restores without waiting for a resync), snapshots (a restore created before its
    /// snapshot goes on when the snapshot becomes ready instead of at its next back-off), and claims named in a
    /// restore's <c>status.restores</c> (an <c>InPlace</c> restore goes on when the original claim, which carries no
    /// restore annotation, is gone, instead of at a resync).
    /// </summary>
    private void Route(RestoreCaches caches)
    {
        caches.Restores.OnChange(r => RestoreQueue.Add(ObjectKey.Of(r)));
        caches.Claims.OnChange(claim =>
        {
            WakeNamedBy(claim.Metadata.NamespaceProperty, claim.Metadata.Annotations);
            Wake(caches.RestoresOfClaim(claim.Metadata.NamespaceProperty, claim.Metadata.Name));
        });
        caches.DataVolumes.OnChange(dv => WakeNamedBy(dv.Metadata.NamespaceProperty, dv.Metadata.Annotations));
        caches.VirtualMachines.OnChange(vm => Wake(caches.RestoresOf(vm.Metadata.NamespaceProperty, vm.Metadata.Name)));
        caches.Instances.OnChange(vmi => Wake(caches.RestoresOf(vmi.Metadata.NamespaceProperty, vmi.Metadata.Name)));
        caches.Snapshots.OnChange(s => Wake(caches.RestoresFrom(s.Metadata.NamespaceProperty, s.Metadata.Name)));
    }

    private void WakeNamedBy(string ns, IDictionary<string, string>? annotations)
    {
        if (annotations?.TryGetValue(SnapshotApi.RestoreNameAnnotation, out var name) == true)
        {
            RestoreQueue.Add(ObjectKey.Of(ns, name));
        }
    }

    private void Wake(IEnumerable<VirtualMachineRestore> restores)
    {
        foreach (var restore in restores)
        {
            RestoreQueue.Add(ObjectKey.Of(restore));
        }
    }
}
