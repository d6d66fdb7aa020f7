namespace Harness.Api.KubeVirt;

/// <summary>Names of the <c>kubevirt.io/v1</c> API and of its <c>subresources.kubevirt.io/v1</c> companion.</summary>
public static class KubeVirtApi
{
    public const string Group = "kubevirt.io";
    public const string Version = "v1";
    public const string ApiVersion = Group + "/" + Version;

    public const string VirtualMachineKind = "VirtualMachine";
    public const string VirtualMachineInstanceKind = "VirtualMachineInstance";
    public const string KubeVirtKind = "KubeVirt";
    public const string VirtualMachinePlural = "virtualmachines";
    public const string VirtualMachineInstancePlural = "virtualmachineinstances";
    public const string KubeVirtPlural = "kubevirts";

    /// <summary>The aggregated API of virt-api (freeze, unfreeze, start, stop, pause, unpause, addvolume, removevolume, memorydump, removememorydump).</summary>
    public const string SubresourcesGroup = "subresources.kubevirt.io";

    /// <summary>The feature gate (in <c>spec.configuration.developerConfiguration.featureGates</c>) that enables snapshot and restore.</summary>
    public const string SnapshotFeatureGate = "Snapshot";

    /// <summary>The feature gate that enables hot-plugging volumes (addvolume, removevolume).</summary>
    public const string HotplugVolumesFeatureGate = "HotplugVolumes";

    /// <summary><c>vmi.status.fsFreezeStatus</c> while the guest's filesystems are frozen (empty otherwise).</summary>
    public const string FsFrozen = "frozen";

    /// <summary>The only installation KubeVirt honours: <c>kubevirt/kubevirt</c>.</summary>
    public const string KubeVirtName = "kubevirt";
    public const string KubeVirtNamespace = "kubevirt";

    /// <summary>The values of <c>vm.spec.runStrategy</c>.</summary>
    public static class RunStrategies
    {
        public const string Always = "Always";
        public const string RerunOnFailure = "RerunOnFailure";
        public const string Manual = "Manual";
        public const string Halted = "Halted";
        public const string Once = "Once";
    }

    /// <summary>The values of <c>vm.status.printableStatus</c>.</summary>
    public static class PrintableStatuses
    {
        public const string Stopped = "Stopped";
        public const string Provisioning = "Provisioning";
        public const string Starting = "Starting";
        public const string Running = "Running";
        public const string Paused = "Paused";
        public const string Stopping = "Stopping";
        public const string Terminating = "Terminating";
        public const string CrashLoopBackOff = "CrashLoopBackOff";
        public const string Migrating = "Migrating";
        public const string Unknown = "Unknown";
        public const string ErrorUnschedulable = "ErrorUnschedulable";
        public const string ErrImagePull = "ErrImagePull";
        public const string ImagePullBackOff = "ImagePullBackOff";
        public const string ErrorPvcNotFound = "ErrorPvcNotFound";
        public const string DataVolumeError = "DataVolumeError";
        public const string WaitingForVolumeBinding = "WaitingForVolumeBinding";
        public const string WaitingForReceiver = "WaitingForReceiver";
    }

    /// <summary>The values of <c>vmi.status.phase</c>.</summary>
    public static class InstancePhases
    {
        public const string Pending = "Pending";
        public const string Scheduling = "Scheduling";
        public const string Scheduled = "Scheduled";
        public const string Running = "Running";
        public const string Succeeded = "Succeeded";
        public const string Failed = "Failed";
        public const string Unknown = "Unknown";
    }

    /// <summary>Condition types of VirtualMachines and VirtualMachineInstances.</summary>
    public static class ConditionTypes
    {
        public const string Ready = "Ready";
        public const string Failure = "Failure";
        public const string Paused = "Paused";
        public const string Provisioning = "Provisioning";
        public const string Synchronized = "Synchronized";
        public const string DataVolumesReady = "DataVolumesReady";

        /// <summary>On a VMI while its guest agent answers; its presence (any status) means "guest agent available".</summary>
        public const string AgentConnected = "AgentConnected";
        public const string AgentVersionNotSupported = "AgentVersionNotSupported";
        public const string LiveMigratable = "LiveMigratable";

        /// <summary>On the KubeVirt object.</summary>
        public const string Available = "Available";
        public const string Progressing = "Progressing";
        public const string Degraded = "Degraded";
    }

    /// <summary>Annotation virt-controller puts on a memory-dump claim: the dump's file name, or <c>Memory dump failed</c>.</summary>
    public const string MemoryDumpAnnotation = "kubevirt.io/memory-dump";

    /// <summary>The values of <c>vm.status.memoryDumpRequest.phase</c>.</summary>
    public static class MemoryDumpPhases
    {
        public const string Associating = "Associating";
        public const string InProgress = "InProgress";
        public const string Unmounting = "Unmounting";
        public const string Completed = "Completed";
        public const string Dissociating = "Dissociating";
        public const string Failed = "Failed";
    }

    /// <summary>The <c>vmi.status.volumeStatus[].phase</c> values of a memory-dump volume.</summary>
    public static class MemoryDumpVolumePhases
    {
        public const string InProgress = "MemoryDumpInProgress";
        public const string Completed = "MemoryDumpCompleted";
        public const string Failed = "MemoryDumpFailed";
    }
}
