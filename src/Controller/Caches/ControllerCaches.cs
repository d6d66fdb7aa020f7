using Harness.Api.Cdi;
using Harness.Api.KubeVirt;
using Harness.Api.Snapshots;
using Harness.Api.SnapshotStorage;
using Harness.Reconciling;
using k8s;
using k8s.Models;

namespace Harness.Controller.Caches;

/// <summary>
/// The informer caches both controllers read: snapshots and their contents, the VMs and their VMIs, the
/// VolumeSnapshots, and the claims, DataVolumes and StorageClasses of the volumes. Each controller adds its own.
/// A reconcile reads only these, never the event that woke it.
/// </summary>
internal abstract class ControllerCaches
{
    protected ControllerCaches(ReconcilerHost host, IKubernetes client)
    {
        Snapshots = host.Inform(InformerSources.Custom<VirtualMachineSnapshot>(client, SnapshotApi.Group, SnapshotApi.StorageVersion, SnapshotApi.SnapshotPlural));
        Contents = host.Inform(InformerSources.Custom<VirtualMachineSnapshotContent>(client, SnapshotApi.Group, SnapshotApi.StorageVersion, SnapshotApi.ContentPlural));
        VirtualMachines = host.Inform(InformerSources.Custom<VirtualMachine>(client, KubeVirtApi.Group, KubeVirtApi.Version, KubeVirtApi.VirtualMachinePlural));
        Instances = host.Inform(InformerSources.Custom<VirtualMachineInstance>(client, KubeVirtApi.Group, KubeVirtApi.Version, KubeVirtApi.VirtualMachineInstancePlural));
        VolumeSnapshots = host.Inform(InformerSources.Custom<VolumeSnapshot>(client, SnapshotStorageApi.Group, SnapshotStorageApi.Version, SnapshotStorageApi.VolumeSnapshotPlural));
        Claims = host.Inform(InformerSources.PersistentVolumeClaims(client));
        DataVolumes = host.Inform(InformerSources.Custom<DataVolume>(client, CdiApi.Group, CdiApi.Version, CdiApi.DataVolumePlural));
        StorageClasses = host.Inform(InformerSources.StorageClasses(client));
    }

    public Informer<VirtualMachineSnapshot> Snapshots { get; }

    public Informer<VirtualMachineSnapshotContent> Contents { get; }

    public Informer<VirtualMachine> VirtualMachines { get; }

    public Informer<VirtualMachineInstance> Instances { get; }

    public Informer<VolumeSnapshot> VolumeSnapshots { get; }

    public Informer<V1PersistentVolumeClaim> Claims { get; }

    public Informer<DataVolume> DataVolumes { get; }

    public Informer<V1StorageClass> StorageClasses { get; }
}
