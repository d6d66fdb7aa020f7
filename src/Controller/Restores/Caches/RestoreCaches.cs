using Harness.Api.Cdi;
using Harness.Api.KubeVirt;
using Harness.Api.Snapshots;
using Harness.Api.SnapshotStorage;
using Harness.Reconciling;
using k8s;
using k8s.Models;

namespace Harness.Controller.Restores.Caches;

/// <summary>
/// The informer caches the restore controller reads (KubeVirt's restore_base.go): restores, snapshots and contents,
/// the target VMs and their VMIs, the VolumeSnapshots the contents name, and the claims, DataVolumes and
/// StorageClasses of the restored volumes. A reconcile reads only these, never the event that woke it.
/// </summary>
internal sealed class RestoreCaches
{
    public RestoreCaches(ReconcilerHost host, IKubernetes client)
    {
        Restores = host.Inform(InformerSources.Custom<VirtualMachineRestore>(client, SnapshotApi.Group, SnapshotApi.StorageVersion, SnapshotApi.RestorePlural));
        Snapshots = host.Inform(InformerSources.Custom<VirtualMachineSnapshot>(client, SnapshotApi.Group, SnapshotApi.StorageVersion, SnapshotApi.SnapshotPlural));
        Contents = host.Inform(InformerSources.Custom<VirtualMachineSnapshotContent>(client, SnapshotApi.Group, SnapshotApi.StorageVersion, SnapshotApi.ContentPlural));
        VirtualMachines = host.Inform(InformerSources.Custom<VirtualMachine>(client, KubeVirtApi.Group, KubeVirtApi.Version, KubeVirtApi.VirtualMachinePlural));
        Instances = host.Inform(InformerSources.Custom<VirtualMachineInstance>(client, KubeVirtApi.Group, KubeVirtApi.Version, KubeVirtApi.VirtualMachineInstancePlural));
        VolumeSnapshots = host.Inform(InformerSources.Custom<VolumeSnapshot>(client, SnapshotStorageApi.Group, SnapshotStorageApi.Version, SnapshotStorageApi.VolumeSnapshotPlural));
        Claims = host.Inform(InformerSources.PersistentVolumeClaims(client));
        DataVolumes = host.Inform(InformerSources.Custom<DataVolume>(client, CdiApi.Group, CdiApi.Version, CdiApi.DataVolumePlural));
        StorageClasses = host.Inform(InformerSources.StorageClasses(client));
    }

    public Informer<VirtualMachineRestore> Restores { get; }

    public Informer<VirtualMachineSnapshot> Snapshots { get; }

    public Informer<VirtualMachineSnapshotContent> Contents { get; }

    public Informer<VirtualMachine> VirtualMachines { get; }

    public Informer<VirtualMachineInstance> Instances { get; }

    public Informer<VolumeSnapshot> VolumeSnapshots { get; }

    public Informer<V1PersistentVolumeClaim> Claims { get; }

    public Informer<DataVolume> DataVolumes { get; }

    public Informer<V1StorageClass> StorageClasses { get; }

    /// <summary>The restores in <paramref name="ns"/> whose target is the VM <paramref name="vmName"/> (KubeVirt's <c>vm</c> index).</summary>
    public IEnumerable<VirtualMachineRestore> RestoresOf(string ns, string vmName) =>
        Restores.List().Where(r => r.Metadata.NamespaceProperty == ns
            && r.Spec.Target.Name == vmName
            && r.Spec.Target.ApiGroup == KubeVirtApi.Group
            && r.Spec.Target.Kind == KubeVirtApi.VirtualMachineKind);

    /// <summary>The restores in <paramref name="ns"/> restoring from the snapshot <paramref name="snapshotName"/>.</summary>
    public IEnumerable<VirtualMachineRestore> RestoresFrom(string ns, string snapshotName) =>
        Restores.List().Where(r => r.Metadata.NamespaceProperty == ns && r.Spec.VirtualMachineSnapshotName == snapshotName);
}
