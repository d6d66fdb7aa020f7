namespace Harness.Api.Clones;

/// <summary>The <c>clone.kubevirt.io</c> API: group, versions, resource names, phases, condition reasons and events of KubeVirt's clone controller.</summary>
public static class CloneApi
{
    public const string Group = "clone.kubevirt.io";
    public const string V1Alpha1 = "v1alpha1";
    public const string V1Beta1 = "v1beta1";
    public const string ApiVersion = Group + "/" + V1Beta1;
    public const string Kind = "VirtualMachineClone";
    public const string Plural = "virtualmachineclones";

    /// <summary>Values of <c>status.phase</c>.</summary>
    public static class Phases
    {
        public const string SnapshotInProgress = "SnapshotInProgress";
        public const string RestoreInProgress = "RestoreInProgress";
        public const string CreatingTargetVM = "CreatingTargetVM";
        public const string Succeeded = "Succeeded";
        public const string Failed = "Failed";
    }

    /// <summary>Condition reasons (the conditions are <c>Progressing</c> and <c>Ready</c>).</summary>
    public const string ReasonStillProcessing = "Still processing";
    public const string ReasonReady = "Ready";
    public const string ReasonFailed = "Failed";

    /// <summary>Event reasons, all of type Normal as the controller records them.</summary>
    public static class Events
    {
        public const string SnapshotCreated = "SnapshotCreated";
        public const string SnapshotReady = "SnapshotReady";
        public const string RestoreCreated = "RestoreCreated";
        public const string RestoreReady = "RestoreReady";
        public const string TargetVMCreated = "TargetVMCreated";
        public const string PVCBound = "PVCBound";
        public const string SourceDoesNotExist = "SourceDoesNotExist";
        public const string SnapshotDeleted = "SnapshotDeleted";
        public const string RestoreCreationFailed = "RestoreCreationFailed";
    }
}
