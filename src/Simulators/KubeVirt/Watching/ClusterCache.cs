using System.Text.Json.Nodes;
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
    public ClusterCache(IKubernetes client, TimeProvider time)
    {
        VirtualMachines = Custom(client, time, CustomResource.VirtualMachines);
        VirtualMachineInstances = Custom(client, time, CustomResource.VirtualMachineInstances);
        DataVolumes = Custom(client, time, CustomResource.DataVolumes);
        StorageProfiles = Custom(client, time, CustomResource.StorageProfiles);
        VolumeSnapshotClasses = Custom(client, time, CustomResource.VolumeSnapshotClasses);
        KubeVirts = Custom(client, time, CustomResource.KubeVirts);
        PersistentVolumeClaims = new Informer<V1PersistentVolumeClaim>(
            InformerSources.PersistentVolumeClaims(client), time, (o, n) => Raise(ResourceKind.PersistentVolumeClaim, Key(o ?? n!)));
        StorageClasses = new Informer<V1StorageClass>(
            InformerSources.StorageClasses(client), time, (o, n) => Raise(ResourceKind.StorageClass, new ObjectKey("", (o ?? n!).Name())));
    }

    /// <summary>Raised after the cache changed: which kind, which object.</summary>
    public event Action<ResourceKind, ObjectKey>? Changed;

    public Informer<JsonObject> VirtualMachines { get; }

    public Informer<JsonObject> VirtualMachineInstances { get; }

    public Informer<JsonObject> DataVolumes { get; }

    public Informer<JsonObject> StorageProfiles { get; }

    public Informer<JsonObject> VolumeSnapshotClasses { get; }

    public Informer<JsonObject> KubeVirts { get; }

    public Informer<V1PersistentVolumeClaim> PersistentVolumeClaims { get; }

    public Informer<V1StorageClass> StorageClasses { get; }

    public IEnumerable<Func<CancellationToken, Task>> Runners =>
    [
        VirtualMachines.RunAsync, VirtualMachineInstances.RunAsync, DataVolumes.RunAsync, StorageProfiles.RunAsync,
        VolumeSnapshotClasses.RunAsync, KubeVirts.RunAsync, PersistentVolumeClaims.RunAsync, StorageClasses.RunAsync,
    ];

    public Task SyncedAsync() => Task.WhenAll(
        VirtualMachines.Synced, VirtualMachineInstances.Synced, DataVolumes.Synced, StorageProfiles.Synced,
        VolumeSnapshotClasses.Synced, KubeVirts.Synced, PersistentVolumeClaims.Synced, StorageClasses.Synced);

    public V1PersistentVolumeClaim? Claim(string ns, string name) => PersistentVolumeClaims.Get(new ObjectKey(ns, name));

    public V1StorageClass? StorageClassOf(V1PersistentVolumeClaim claim)
        => claim.Spec?.StorageClassName is { } name ? StorageClasses.Get(new ObjectKey("", name)) : null;

    /// <summary>The StorageClass marked <c>storageclass.kubernetes.io/is-default-class: "true"</c>, if any.</summary>
    public V1StorageClass? DefaultStorageClass()
        => StorageClasses.List()
            .Where(s => s.Annotations()?.TryGetValue("storageclass.kubernetes.io/is-default-class", out var v) == true && v == "true")
            .OrderBy(s => s.Name(), StringComparer.Ordinal)
            .FirstOrDefault();

    private Informer<JsonObject> Custom(IKubernetes client, TimeProvider time, CustomResource resource)
    {
        var kind = resource.Kind switch
        {
            "VirtualMachine" => ResourceKind.VirtualMachine,
            "VirtualMachineInstance" => ResourceKind.VirtualMachineInstance,
            "DataVolume" => ResourceKind.DataVolume,
            "StorageProfile" => ResourceKind.StorageProfile,
            "VolumeSnapshotClass" => ResourceKind.VolumeSnapshotClass,
            _ => ResourceKind.KubeVirt,
        };
        return new Informer<JsonObject>(InformerSources.Custom(client, resource), time, (o, n) => Raise(kind, (o ?? n!).Key()));
    }

    private static ObjectKey Key(V1PersistentVolumeClaim claim) => new(claim.Namespace(), claim.Name());

    private void Raise(ResourceKind kind, ObjectKey key) => Changed?.Invoke(kind, key);
}
