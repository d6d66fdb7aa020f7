using Harness.Api.Cdi;
using Harness.Api.KubeVirt;
using Harness.Api.SnapshotStorage;
using Harness.Reconciling;
using Harness.Simulators.KubeVirt.Objects;
using k8s;
using k8s.Models;

namespace Harness.Simulators.KubeVirt.Watching;

/// <summary>
/// The informers of every resource the simulator reads. Each change is passed to <see cref="Changed"/>
/// listeners, which only enqueue keys; controllers read the cache, never the event.
/// </summary>
internal sealed class ClusterCache
{
    public ClusterCache(ReconcilerHost host, IKubernetes client)
    {
        VirtualMachines = Typed<VirtualMachine>(host, client, CustomResource.VirtualMachines, ResourceKind.VirtualMachine);
        VirtualMachineInstances = Typed<VirtualMachineInstance>(host, client, CustomResource.VirtualMachineInstances, ResourceKind.VirtualMachineInstance);
        DataVolumes = Typed<DataVolume>(host, client, CustomResource.DataVolumes, ResourceKind.DataVolume);
        StorageProfiles = Typed<StorageProfile>(host, client, CustomResource.StorageProfiles, ResourceKind.StorageProfile);
        VolumeSnapshotClasses = Typed<VolumeSnapshotClass>(host, client, CustomResource.VolumeSnapshotClasses, ResourceKind.VolumeSnapshotClass);
        KubeVirts = Typed<KubeVirtInstallation>(host, client, CustomResource.KubeVirts, ResourceKind.KubeVirt);
        PersistentVolumeClaims = host.Inform(InformerSources.PersistentVolumeClaims(client));
        PersistentVolumeClaims.OnChange(claim => Raise(ResourceKind.PersistentVolumeClaim, ObjectKey.Of(claim)));
        StorageClasses = host.Inform(InformerSources.StorageClasses(client));
        StorageClasses.OnChange(storageClass => Raise(ResourceKind.StorageClass, ObjectKey.Of(storageClass)));
    }

    /// <summary>Raised after the cache changed: which kind, which object.</summary>
    public event Action<ResourceKind, ObjectKey>? Changed;

    public Informer<VirtualMachine> VirtualMachines { get; }

    public Informer<VirtualMachineInstance> VirtualMachineInstances { get; }

    public Informer<DataVolume> DataVolumes { get; }

    public Informer<StorageProfile> StorageProfiles { get; }

    public Informer<VolumeSnapshotClass> VolumeSnapshotClasses { get; }

    public Informer<KubeVirtInstallation> KubeVirts { get; }

    public Informer<V1PersistentVolumeClaim> PersistentVolumeClaims { get; }

    public Informer<V1StorageClass> StorageClasses { get; }

    public V1PersistentVolumeClaim? Claim(string ns, string name) => PersistentVolumeClaims.Get(new ObjectKey(ns, name));

    public V1StorageClass? StorageClassOf(V1PersistentVolumeClaim claim)
        => claim.Spec?.StorageClassName is { } name ? StorageClasses.Get(ObjectKey.Cluster(name)) : null;

    /// <summary>The StorageClass marked <c>storageclass.kubernetes.io/is-default-class: "true"</c>, if any.</summary>
    public V1StorageClass? DefaultStorageClass()
        => StorageClasses.List()
            .Where(s => s.Annotations()?.TryGetValue("storageclass.kubernetes.io/is-default-class", out var v) == true && v == "true")
            .OrderBy(s => s.Name(), StringComparer.Ordinal)
            .FirstOrDefault();

    private Informer<T> Typed<T>(ReconcilerHost host, IKubernetes client, CustomResource resource, ResourceKind kind)
        where T : class, IKubernetesObject<V1ObjectMeta>
    {
        var informer = host.Inform(resource.Source<T>(client));
        informer.OnChange(obj => Raise(kind, ObjectKey.Of(obj)));
        return informer;
    }

    private void Raise(ResourceKind kind, ObjectKey key) => Changed?.Invoke(kind, key);
}
