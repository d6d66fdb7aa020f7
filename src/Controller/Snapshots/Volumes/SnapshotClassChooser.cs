using Harness.Api.Snapshots;
using Harness.Controller.Snapshots.Caches;

namespace Harness.Controller.Snapshots.Volumes;

/// <summary>
/// Chooses the VolumeSnapshotClass for a StorageClass as KubeVirt does: an unknown StorageClass has none; a CDI
/// StorageProfile of the same name with <c>status.snapshotClass</c> decides alone (that class if it exists, else
/// none); otherwise the classes whose driver is the StorageClass's provisioner: none, the only one, or the first
/// marked default (<see cref="SnapshotApi.DefaultSnapshotClassAnnotation"/>, present with any value). Several
/// without a default is an error, never a guess.
/// </summary>
internal sealed class SnapshotClassChooser(SnapshotCaches caches)
{
    /// <summary>The class to use, or null when the StorageClass has none.</summary>
    /// <exception cref="SnapshotClassAmbiguousException">Several classes match and none is the default.</exception>
    public string? Choose(string storageClassName)
    {
        var storageClass = caches.StorageClasses.Get(Reconciling.ObjectKey.Cluster(storageClassName));
        if (storageClass is null)
        {
            return null;
        }

        if (caches.StorageProfiles.Get(Reconciling.ObjectKey.Cluster(storageClassName))?.Status?.SnapshotClass is { Length: > 0 } profileClass)
        {
            return caches.SnapshotClasses.Get(Reconciling.ObjectKey.Cluster(profileClass)) is null ? null : profileClass;
        }

        var candidates = caches.SnapshotClasses.List()
            .Where(c => c.Driver == storageClass.Provisioner)
            .OrderBy(c => c.Metadata.Name, StringComparer.Ordinal)
            .ToList();
        return candidates switch
        {
            [] => null,
            [var only] => only.Metadata.Name,
            _ => candidates.FirstOrDefault(c => c.Metadata.Annotations?.ContainsKey(SnapshotApi.DefaultSnapshotClassAnnotation) == true)?.Metadata.Name
                ?? throw new SnapshotClassAmbiguousException(candidates.Count, storageClassName),
        };
    }
}
