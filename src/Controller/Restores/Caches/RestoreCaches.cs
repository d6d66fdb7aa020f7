using Harness.Api.KubeVirt;
using Harness.Api.Snapshots;
using Harness.Controller.Caches;
using Harness.Reconciling;
using k8s;

namespace Harness.Controller.Restores.Caches;

/// <summary>
/// The informer caches the restore controller reads (KubeVirt's restore_base.go): the shared ones (snapshots and
/// contents, the target VMs and their VMIs, the VolumeSnapshots the contents name, the claims, DataVolumes and
/// StorageClasses of the restored volumes) and the restores.
/// </summary>
internal sealed class RestoreCaches : ControllerCaches
{
    public RestoreCaches(ReconcilerHost host, IKubernetes client)
        : base(host, client)
    {
        Restores = host.Inform(InformerSources.Custom<VirtualMachineRestore>(client, SnapshotApi.Group, SnapshotApi.StorageVersion, SnapshotApi.RestorePlural));
    }

    public Informer<VirtualMachineRestore> Restores { get; }

    /// <summary>The restores in <paramref name="ns"/> whose target is the VM <paramref name="vmName"/> (KubeVirt's <c>vm</c> index).</summary>
    public IEnumerable<VirtualMachineRestore> RestoresOf(string ns, string vmName) =>
        Restores.List().Where(r => r.Metadata.NamespaceProperty == ns
            && r.Spec.Target.Name == vmName
            && r.Spec.Target.ApiGroup == KubeVirtApi.Group
            && r.Spec.Target.Kind == KubeVirtApi.VirtualMachineKind);

    /// <summary>The restores in <paramref name="ns"/> whose <c>status.restores</c> restores into the claim <paramref name="claimName"/>.</summary>
    public IEnumerable<VirtualMachineRestore> RestoresOfClaim(string ns, string claimName) =>
        Restores.List().Where(r => r.Metadata.NamespaceProperty == ns
            && r.Status?.Restores?.Any(entry => entry.PersistentVolumeClaim == claimName) == true);

    /// <summary>The restores in <paramref name="ns"/> restoring from the snapshot <paramref name="snapshotName"/>.</summary>
    public IEnumerable<VirtualMachineRestore> RestoresFrom(string ns, string snapshotName) =>
        Restores.List().Where(r => r.Metadata.NamespaceProperty == ns && r.Spec.VirtualMachineSnapshotName == snapshotName);
}
