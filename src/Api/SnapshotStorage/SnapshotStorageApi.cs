namespace Harness.Api.SnapshotStorage;

/// <summary>Names of the <c>snapshot.storage.k8s.io/v1</c> API of the external-snapshotter.</summary>
public static class SnapshotStorageApi
{
    public const string Group = "snapshot.storage.k8s.io";
    public const string Version = "v1";
    public const string ApiVersion = Group + "/" + Version;
    public const string VolumeSnapshotKind = "VolumeSnapshot";
    public const string VolumeSnapshotContentKind = "VolumeSnapshotContent";
    public const string VolumeSnapshotClassKind = "VolumeSnapshotClass";
    public const string VolumeSnapshotPlural = "volumesnapshots";
    public const string VolumeSnapshotContentPlural = "volumesnapshotcontents";
    public const string VolumeSnapshotClassPlural = "volumesnapshotclasses";

    public const string DeletionPolicyDelete = "Delete";
    public const string DeletionPolicyRetain = "Retain";

    /// <summary>On a VolumeSnapshotClass: the default class for its driver (KubeVirt honours its presence, whatever the value).</summary>
    public const string IsDefaultClassAnnotation = "snapshot.storage.kubernetes.io/is-default-class";

    public const string VolumeSnapshotAsSourceProtectionFinalizer = "snapshot.storage.kubernetes.io/volumesnapshot-as-source-protection";
    public const string VolumeSnapshotBoundProtectionFinalizer = "snapshot.storage.kubernetes.io/volumesnapshot-bound-protection";
    public const string VolumeSnapshotContentBoundProtectionFinalizer = "snapshot.storage.kubernetes.io/volumesnapshotcontent-bound-protection";
    public const string PvcAsSourceProtectionFinalizer = "snapshot.storage.kubernetes.io/pvc-as-source-protection";

    /// <summary>Set on a content when its VolumeSnapshot is being deleted.</summary>
    public const string VolumeSnapshotBeingDeletedAnnotation = "snapshot.storage.kubernetes.io/volumesnapshot-being-deleted";
}
