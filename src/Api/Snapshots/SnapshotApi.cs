namespace Harness.Api.Snapshots;

/// <summary>
/// The <c>snapshot.kubevirt.io</c> API: group, versions, resources, and the well-known names its controllers and
/// users rely on (finalizers, labels, annotations, events, condition types and reasons, indications, phases).
/// </summary>
public static class SnapshotApi
{
    public const string Group = "snapshot.kubevirt.io";
    public const string V1Alpha1 = "v1alpha1";
    public const string V1Beta1 = "v1beta1";

    /// <summary>The storage version, in which the controller writes.</summary>
    public const string StorageVersion = V1Beta1;

    public const string StorageApiVersion = Group + "/" + StorageVersion;

    public const string SnapshotKind = "VirtualMachineSnapshot";
    public const string ContentKind = "VirtualMachineSnapshotContent";
    public const string RestoreKind = "VirtualMachineRestore";
    public const string SnapshotPlural = "virtualmachinesnapshots";
    public const string ContentPlural = "virtualmachinesnapshotcontents";
    public const string RestorePlural = "virtualmachinerestores";

    /// <summary>The feature gate in the KubeVirt CR's <c>spec.configuration.developerConfiguration.featureGates</c>.</summary>
    public const string FeatureGate = "Snapshot";

    /// <summary>The failure deadline of a snapshot without <c>spec.failureDeadline</c>.</summary>
    public static readonly TimeSpan DefaultFailureDeadline = TimeSpan.FromMinutes(5);

    /// <summary>How long a restore waits for its target to become ready under <see cref="TargetReadinessWaitGracePeriod"/>.</summary>
    public static readonly TimeSpan DefaultGracePeriod = TimeSpan.FromMinutes(5);

    // Finalizers.
    public const string SnapshotProtectionFinalizer = "snapshot.kubevirt.io/vmsnapshot-protection";
    public const string ContentProtectionFinalizer = "snapshot.kubevirt.io/vmsnapshotcontent-protection";
    public const string SourceProtectionFinalizer = "snapshot.kubevirt.io/snapshot-source-protection";
    public const string RestoreProtectionFinalizer = "snapshot.kubevirt.io/vmrestore-protection";

    // Labels and annotations.
    public const string SourceVmNameLabel = "snapshot.kubevirt.io/source-vm-name";
    public const string SourceVmNamespaceLabel = "snapshot.kubevirt.io/source-vm-namespace";
    public const string RestoreSourceVmNameLabel = "restore.kubevirt.io/source-vm-name";
    public const string RestoreSourceVmNamespaceLabel = "restore.kubevirt.io/source-vm-namespace";
    public const string RestoreNameAnnotation = "restore.kubevirt.io/name";
    public const string LastRestoreUidAnnotation = "restore.kubevirt.io/lastRestoreUID";
    public const string OwnedByVmAnnotation = "restore.kubevirt.io/owned-by-vm";
    public const string CleanupBackendPvcLabel = "restore.kubevirt.io/cleanup-backend-pvc";
    public const string PopulatedForAnnotation = "cdi.kubevirt.io/storage.populatedFor";
    public const string PrePopulatedAnnotation = "cdi.kubevirt.io/storage.prePopulated";

    /// <summary>Marks the default VolumeSnapshotClass; its presence counts, not its value.</summary>
    public const string DefaultSnapshotClassAnnotation = "snapshot.storage.kubernetes.io/is-default-class";

    // Events.
    public const string ContentCreatedEvent = "SuccessfulVirtualMachineSnapshotContentCreate";
    public const string VolumeSnapshotCreatedEvent = "SuccessfulVolumeSnapshotCreate";
    public const string VolumeSnapshotMissingEvent = "VolumeSnapshotMissing";
    public const string RestoreCompleteEvent = "VirtualMachineRestoreComplete";
    public const string RestoreErrorEvent = "VirtualMachineRestoreError";
    public const string RestoreFailedEvent = "Operation failed";
    public const string RestoreTargetNotReadyEvent = "RestoreTargetNotReady";
    public const string RestoreDataVolumeCreateErrorEvent = "RestoreDataVolumeCreateError";
    public const string FreezeErrorEvent = "FreezeError";

    // Condition types and statuses.
    public const string ConditionReady = "Ready";
    public const string ConditionProgressing = "Progressing";
    public const string ConditionFailure = "Failure";
    public const string ConditionTrue = "True";
    public const string ConditionFalse = "False";
    public const string ConditionUnknown = "Unknown";

    // Condition reasons (API: users and tests match on them).
    public const string ReasonSourceNotLocked = "Source not locked";
    public const string ReasonSourceLocked = "Source locked and operation in progress";
    public const string ReasonSourceDoesNotExist = "Source does not exist";
    public const string ReasonOperationComplete = "Operation complete";
    public const string ReasonOperationFailed = "Operation failed";
    public const string ReasonInErrorState = "In error state";
    public const string ReasonSnapshotDeleting = "VM snapshot is deleting";
    public const string ReasonReady = "Ready";
    public const string ReasonNotReady = "Not ready";
    public const string ReasonDeadlineExceeded = "snapshot deadline exceeded";
    public const string ReasonRestoreInitializing = "Initializing VirtualMachineRestore";
    public const string ReasonCreatingPvcs = "Creating new PVCs";
    public const string ReasonWaitingForPvcs = "Waiting for new PVCs";
    public const string ReasonUpdatingTarget = "Updating target spec";
    public const string ReasonWaitingForTarget = "Waiting for target update";
    public const string ReasonRestoreDeleting = "VM restore is deleting";

    // Indications.
    public const string IndicationOnline = "Online";
    public const string IndicationNoGuestAgent = "NoGuestAgent";
    public const string IndicationGuestAgent = "GuestAgent";
    public const string IndicationQuiesceTimeout = "QuiesceTimeout";
    public const string IndicationPaused = "Paused";
    public const string IndicationPartialSnapshot = "PartialSnapshot";

    /// <summary>The explanation written beside <paramref name="indication"/> in <c>status.sourceIndications</c>.</summary>
    public static string IndicationMessage(string indication) => indication switch
    {
        IndicationOnline => "The VM was running when the snapshot was taken; how consistent the disks are depends on the indications beside this one.",
        IndicationGuestAgent => "The guest agent was asked to freeze the guest's filesystems while the volumes were cut.",
        IndicationNoGuestAgent => "No guest agent answered, so the filesystems were not frozen: the volumes are only crash-consistent.",
        IndicationPaused => "The VM was paused, so the filesystems were not frozen: the volumes are only crash-consistent.",
        IndicationQuiesceTimeout => "The guest could not keep its filesystems frozen until every volume was cut: the volumes are only crash-consistent.",
        IndicationPartialSnapshot => "Some volumes that could be snapshotted were left out (no VolumeSnapshotClass, or the claim was not bound): see status.snapshotVolumes.",
        _ => indication,
    };

    // Snapshot phases (PhaseUnset is the empty string; Unknown is declared upstream but never assigned).
    public const string PhaseInProgress = "InProgress";
    public const string PhaseSucceeded = "Succeeded";
    public const string PhaseFailed = "Failed";
    public const string PhaseDeleting = "Deleting";
    public const string PhaseUnknown = "Unknown";

    // Policies.
    public const string DeletionPolicyDelete = "Delete";
    public const string DeletionPolicyRetain = "Retain";
    public const string TargetReadinessStopTarget = "StopTarget";
    public const string TargetReadinessWaitGracePeriod = "WaitGracePeriod";
    public const string TargetReadinessFailImmediate = "FailImmediate";
    public const string TargetReadinessWaitEventually = "WaitEventually";
    public const string VolumeRestoreRandomizeNames = "RandomizeNames";
    public const string VolumeRestoreInPlace = "InPlace";
    public const string VolumeRestorePrefixTargetName = "PrefixTargetName";
    public const string VolumeOwnershipVm = "Vm";
    public const string VolumeOwnershipNone = "None";

    /// <summary>The text of a Windows VSS thaw that came too late; it makes the snapshot <see cref="IndicationQuiesceTimeout"/>.</summary>
    public const string FreezeLimitedText = "fsfreeze is limited";

    /// <summary>The content of the snapshot with UID <paramref name="snapshotUid"/>.</summary>
    public static string ContentName(string snapshotUid) => $"vmsnapshot-content-{snapshotUid}";

    /// <summary>The VolumeSnapshot of volume <paramref name="volumeName"/> in the snapshot with UID <paramref name="snapshotUid"/>.</summary>
    public static string VolumeSnapshotName(string snapshotUid, string volumeName) => $"vmsnapshot-{snapshotUid}-volume-{volumeName}";

    /// <summary>The default name of the claim restored for <paramref name="volumeName"/> by the restore with UID <paramref name="restoreUid"/>.</summary>
    public static string RestoredClaimName(string restoreUid, string volumeName) => $"restore-{restoreUid}-{volumeName}";

    /// <summary>The <see cref="LastRestoreUidAnnotation"/> value of a restore.</summary>
    public static string LastRestoreUid(string restoreName, string restoreUid) => $"{restoreName}-{restoreUid}";
}
