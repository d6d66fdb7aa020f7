using Harness.Api.Cdi;
using Harness.Api.KubeVirt;
using Harness.Api.Snapshots;
using Harness.Api.SnapshotStorage;
using Harness.Reconciling;
using k8s;
using k8s.Models;

namespace Harness.Controller.Snapshots.Caches;

/// <summary>
/// The informer caches the snapshot controller reads (KubeVirt's snapshot_base.go): its own kinds, the source VMs and
/// VMIs, the storage objects that decide which volumes can be snapshotted, and the CRDs that say whether
/// VolumeSnapshots are served at all. A reconcile reads only these, never the event that woke it.
/// </summary>
internal sealed class SnapshotCaches
{
    public SnapshotCaches(ReconcilerHost host, IKubernetes client)
    {
        Snapshots = host.Inform(InformerSources.Custom<VirtualMachineSnapshot>(client, SnapshotApi.Group, SnapshotApi.StorageVersion, SnapshotApi.SnapshotPlural));
        Contents = host.Inform(InformerSources.Custom<VirtualMachineSnapshotContent>(client, SnapshotApi.Group, SnapshotApi.StorageVersion, SnapshotApi.ContentPlural));
        VirtualMachines = host.Inform(InformerSources.Custom<VirtualMachine>(client, KubeVirtApi.Group, KubeVirtApi.Version, KubeVirtApi.VirtualMachinePlural));
        Instances = host.Inform(InformerSources.Custom<VirtualMachineInstance>(client, KubeVirtApi.Group, KubeVirtApi.Version, KubeVirtApi.VirtualMachineInstancePlural));
        VolumeSnapshots = host.Inform(InformerSources.Custom<VolumeSnapshot>(client, SnapshotStorageApi.Group, SnapshotStorageApi.Version, SnapshotStorageApi.VolumeSnapshotPlural));
        SnapshotClasses = host.Inform(InformerSources.Custom<VolumeSnapshotClass>(client, SnapshotStorageApi.Group, SnapshotStorageApi.Version, SnapshotStorageApi.VolumeSnapshotClassPlural));
        Claims = host.Inform(InformerSources.PersistentVolumeClaims(client));
        DataVolumes = host.Inform(InformerSources.Custom<DataVolume>(client, CdiApi.Group, CdiApi.Version, CdiApi.DataVolumePlural));
        StorageClasses = host.Inform(InformerSources.StorageClasses(client));
        StorageProfiles = host.Inform(InformerSources.Custom<StorageProfile>(client, CdiApi.Group, CdiApi.Version, CdiApi.StorageProfilePlural));
        Pods = host.Inform(InformerSources.Pods(client));
        Crds = host.Inform(InformerSources.CustomResourceDefinitions(client));
    }

    public Informer<VirtualMachineSnapshot> Snapshots { get; }

    public Informer<VirtualMachineSnapshotContent> Contents { get; }

    public Informer<VirtualMachine> VirtualMachines { get; }

    public Informer<VirtualMachineInstance> Instances { get; }

    public Informer<VolumeSnapshot> VolumeSnapshots { get; }

    public Informer<VolumeSnapshotClass> SnapshotClasses { get; }

    public Informer<V1PersistentVolumeClaim> Claims { get; }

    public Informer<DataVolume> DataVolumes { get; }

    public Informer<V1StorageClass> StorageClasses { get; }

    public Informer<StorageProfile> StorageProfiles { get; }

    public Informer<V1Pod> Pods { get; }

    public Informer<V1CustomResourceDefinition> Crds { get; }

    /// <summary>The snapshots in <paramref name="ns"/> whose source is the VM <paramref name="vmName"/> (KubeVirt's <c>vm</c> index).</summary>
    public IEnumerable<VirtualMachineSnapshot> SnapshotsOf(string ns, string vmName) =>
        Snapshots.List().Where(s => s.Metadata.NamespaceProperty == ns
            && s.Spec.Source.Name == vmName
            && s.Spec.Source.ApiGroup == KubeVirtApi.Group
            && s.Spec.Source.Kind == KubeVirtApi.VirtualMachineKind);

    /// <summary>The contents in <paramref name="ns"/> that back up into the VolumeSnapshot <paramref name="volumeSnapshotName"/> (KubeVirt's <c>volumeSnapshot</c> index).</summary>
    public IEnumerable<VirtualMachineSnapshotContent> ContentsWith(string ns, string volumeSnapshotName) =>
        Contents.List().Where(c => c.Metadata.NamespaceProperty == ns
            && c.Spec.VolumeBackups?.Any(b => b.VolumeSnapshotName == volumeSnapshotName) == true);

    /// <summary>The VMs in <paramref name="ns"/> with a volume on the claim or DataVolume <paramref name="claimName"/>.</summary>
    public IEnumerable<VirtualMachine> VirtualMachinesUsing(string ns, string claimName) =>
        VirtualMachines.List().Where(vm => vm.Metadata.NamespaceProperty == ns
            && vm.Spec.Template?.Spec?.Volumes?.Any(v => (v.ClaimName ?? v.MemoryDump?.ClaimName) == claimName) == true);
}
