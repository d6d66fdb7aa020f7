namespace Harness.Api.GroupSnapshotStorage;

/// <summary>Names of the <c>groupsnapshot.storage.k8s.io/v1beta1</c> API of the external-snapshotter (v8.2).</summary>
public static class GroupSnapshotStorageApi
{
    public const string Group = "groupsnapshot.storage.k8s.io";
    public const string Version = "v1beta1";
    public const string ApiVersion = Group + "/" + Version;
    public const string VolumeGroupSnapshotKind = "VolumeGroupSnapshot";
    public const string VolumeGroupSnapshotContentKind = "VolumeGroupSnapshotContent";
    public const string VolumeGroupSnapshotClassKind = "VolumeGroupSnapshotClass";
    public const string VolumeGroupSnapshotPlural = "volumegroupsnapshots";
    public const string VolumeGroupSnapshotContentPlural = "volumegroupsnapshotcontents";
    public const string VolumeGroupSnapshotClassPlural = "volumegroupsnapshotclasses";

    /// <summary>On a VolumeGroupSnapshotClass: the default class for its driver.</summary>
    public const string IsDefaultClassAnnotation = "groupsnapshot.storage.kubernetes.io/is-default-class";

    public const string VolumeGroupSnapshotBoundProtectionFinalizer = "groupsnapshot.storage.kubernetes.io/volumegroupsnapshot-bound-protection";
    public const string VolumeGroupSnapshotContentBoundProtectionFinalizer = "groupsnapshot.storage.kubernetes.io/volumegroupsnapshotcontent-bound-protection";

    /// <summary>On a VolumeSnapshot cut as a member of a group: it goes with its group.</summary>
    public const string VolumeSnapshotInGroupFinalizer = "snapshot.storage.kubernetes.io/volumesnapshot-in-group-protection";

    /// <summary>Set on a group content when its VolumeGroupSnapshot is being deleted.</summary>
    public const string VolumeGroupSnapshotBeingDeletedAnnotation = "groupsnapshot.storage.kubernetes.io/volumegroupsnapshot-being-deleted";

    /// <summary>On a member VolumeSnapshotContent: the CSI group_snapshot_id of the group it was cut in.</summary>
    public const string VolumeGroupSnapshotHandleAnnotation = "groupsnapshot.storage.k8s.io/volumeGroupSnapshotHandle";
}
