namespace Harness.Simulators.KubeVirt.Watching;

/// <summary>The resources the simulator watches.</summary>
internal enum ResourceKind
{
    VirtualMachine,
    VirtualMachineInstance,
    DataVolume,
    StorageProfile,
    VolumeSnapshotClass,
    KubeVirt,
    PersistentVolumeClaim,
    StorageClass,
}
