namespace Harness.Controller.Snapshots.Volumes;

/// <summary>Several VolumeSnapshotClasses match a StorageClass and none is marked default; KubeVirt's message.</summary>
internal sealed class SnapshotClassAmbiguousException(int count, string storageClassName)
    : Exception($"{count} matching VolumeSnapshotClasses for {storageClassName}");
