using Harness.Reconciling;
using Harness.Reflectors;
using k8s;
using k8s.Models;

namespace Harness.Simulators.KubeVirt.Objects;

/// <summary>A custom resource the simulator reads or writes, named as its REST path names it.</summary>
internal sealed record CustomResource(string Group, string Version, string Plural, string Kind, bool Namespaced = true)
{
    public static readonly CustomResource VirtualMachines = new("kubevirt.io", "v1", "virtualmachines", "VirtualMachine");
    public static readonly CustomResource VirtualMachineInstances = new("kubevirt.io", "v1", "virtualmachineinstances", "VirtualMachineInstance");
    public static readonly CustomResource KubeVirts = new("kubevirt.io", "v1", "kubevirts", "KubeVirt");
    public static readonly CustomResource DataVolumes = new("cdi.kubevirt.io", "v1beta1", "datavolumes", "DataVolume");
    public static readonly CustomResource StorageProfiles = new("cdi.kubevirt.io", "v1beta1", "storageprofiles", "StorageProfile", Namespaced: false);
    public static readonly CustomResource Instancetypes = new("instancetype.kubevirt.io", "v1beta1", "virtualmachineinstancetypes", "VirtualMachineInstancetype");
    public static readonly CustomResource ClusterInstancetypes = new("instancetype.kubevirt.io", "v1beta1", "virtualmachineclusterinstancetypes", "VirtualMachineClusterInstancetype", Namespaced: false);
    public static readonly CustomResource Preferences = new("instancetype.kubevirt.io", "v1beta1", "virtualmachinepreferences", "VirtualMachinePreference");
    public static readonly CustomResource ClusterPreferences = new("instancetype.kubevirt.io", "v1beta1", "virtualmachineclusterpreferences", "VirtualMachineClusterPreference", Namespaced: false);
    public static readonly CustomResource VirtualMachineClones = new("clone.kubevirt.io", "v1beta1", "virtualmachineclones", "VirtualMachineClone");
    public static readonly CustomResource VirtualMachineSnapshots = new("snapshot.kubevirt.io", "v1beta1", "virtualmachinesnapshots", "VirtualMachineSnapshot");
    public static readonly CustomResource VirtualMachineSnapshotContents = new("snapshot.kubevirt.io", "v1beta1", "virtualmachinesnapshotcontents", "VirtualMachineSnapshotContent");
    public static readonly CustomResource VirtualMachineRestores = new("snapshot.kubevirt.io", "v1beta1", "virtualmachinerestores", "VirtualMachineRestore");
    public static readonly CustomResource VolumeSnapshotClasses = new("snapshot.storage.k8s.io", "v1", "volumesnapshotclasses", "VolumeSnapshotClass", Namespaced: false);

    public string ApiVersion => $"{Group}/{Version}";

    /// <summary>How an informer lists and watches this resource, read as <typeparamref name="T"/>.</summary>
    public ReflectorSource<ObjectKey, T> Source<T>(IKubernetes client)
        where T : class, IKubernetesObject<V1ObjectMeta>
        => InformerSources.Custom<T>(client, Group, Version, Plural);

    /// <summary>A reference to <paramref name="obj"/>, a typed object of this resource (for Events).</summary>
    public V1ObjectReference Reference(IKubernetesObject<V1ObjectMeta> obj) => new()
    {
        ApiVersion = ApiVersion,
        Kind = Kind,
        Name = obj.Name(),
        NamespaceProperty = obj.Namespace() ?? "",
        Uid = obj.Uid() ?? "",
        ResourceVersion = obj.ResourceVersion(),
    };
}
