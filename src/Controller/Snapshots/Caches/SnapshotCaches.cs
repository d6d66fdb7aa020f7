using Harness.Api.Cdi;
using Harness.Api.KubeVirt;
using Harness.Api.Snapshots;
using Harness.Api.SnapshotStorage;
using Harness.Controller.Caches;
using Harness.Reconciling;
using k8s;
using k8s.Models;

namespace Harness.Controller.Snapshots.Caches;

/// <summary>
/// The informer caches the snapshot controller reads (KubeVirt's snapshot_base.go): the shared ones (its own kinds,
/// the source VMs and VMIs, the claims, DataVolumes and StorageClasses), the VolumeSnapshotClasses and StorageProfiles
/// that decide which volumes can be snapshotted, the pods that use the claims, and the CRDs that say whether
/// VolumeSnapshots are served at all.
/// </summary>
internal sealed class SnapshotCaches : ControllerCaches
{
    public SnapshotCaches(ReconcilerHost host, IKubernetes client)
        : base(host, client)
    {
        SnapshotClasses = host.Inform(InformerSources.Custom<VolumeSnapshotClass>(client, SnapshotStorageApi.Group, SnapshotStorageApi.Version, SnapshotStorageApi.VolumeSnapshotClassPlural));
        StorageProfiles = host.Inform(InformerSources.Custom<StorageProfile>(client, CdiApi.Group, CdiApi.Version, CdiApi.StorageProfilePlural));
        Pods = host.Inform(InformerSources.Pods(client));
        Crds = host.Inform(InformerSources.CustomResourceDefinitions(client));
    }

    public Informer<VolumeSnapshotClass> SnapshotClasses { get; }

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
