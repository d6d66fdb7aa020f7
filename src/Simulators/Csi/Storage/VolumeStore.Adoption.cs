using System.Text;

namespace Harness.Simulators.Csi.Storage;

/// <summary>
/// Taking over volumes and snapshots that the cluster's objects say exist but this backend never made (a dump of
/// another cluster loaded into the API server): each gets synthetic content that names it, so a guest, a restore or a
/// hash can tell adopted data apart.
/// </summary>
public sealed partial class VolumeStore
{
    /// <summary>Backs the volume <paramref name="volumeId"/> (a bound PV's <c>volumeHandle</c>); false when the backend already holds it.</summary>
    /// <param name="name">The volume's CSI name (the provisioner's: the PV's name).</param>
    public bool AdoptVolume(string volumeId, string name, long capacityBytes)
    {
        ArgumentException.ThrowIfNullOrEmpty(volumeId);
        ArgumentException.ThrowIfNullOrEmpty(name);
        lock (gate)
        {
            if (volumes.ContainsKey(volumeId) || volumeIdsByName.ContainsKey(name))
            {
                return false;
            }

            volumes[volumeId] = new StoredVolume
            {
                Id = volumeId,
                Name = name,
                Sequence = nextSequence++,
                CapacityBytes = capacityBytes,
                NodeCapacityBytes = capacityBytes,
                Parameters = new Dictionary<string, string>(StringComparer.Ordinal),
                MutableParameters = new Dictionary<string, string>(StringComparer.Ordinal),
                Content = Synthetic($"adopted volume {volumeId}"),
            };
            volumeIdsByName[name] = volumeId;
            Persist();
            return true;
        }
    }

    /// <summary>
    /// Backs the snapshot <paramref name="snapshotId"/> (a ready VolumeSnapshotContent's <c>snapshotHandle</c>), cut at
    /// <paramref name="creationTime"/> and ready whatever the clock says; its content is its source volume's when the backend holds that volume. False when
    /// the backend already holds it.
    /// </summary>
    /// <param name="name">The snapshot's CSI name (the snapshotter's: <c>snapshot-</c> and the VolumeSnapshot's uid).</param>
    public bool AdoptSnapshot(string snapshotId, string name, string sourceVolumeId, long sizeBytes, DateTimeOffset creationTime)
    {
        ArgumentException.ThrowIfNullOrEmpty(snapshotId);
        ArgumentException.ThrowIfNullOrEmpty(name);
        lock (gate)
        {
            if (snapshots.ContainsKey(snapshotId) || snapshotIdsByName.ContainsKey(name))
            {
                return false;
            }

            snapshots[snapshotId] = new StoredSnapshot
            {
                Id = snapshotId,
                Name = name,
                SourceVolumeId = sourceVolumeId,
                Sequence = nextSequence++,
                CreationTime = creationTime,
                SizeBytes = sizeBytes,
                Parameters = new Dictionary<string, string>(StringComparer.Ordinal),
                Content = volumes.TryGetValue(sourceVolumeId, out var source) ? source.Content.Copy() : Synthetic($"adopted snapshot {snapshotId}"),
                Lifecycle = new SnapshotLifecycle(DateTimeOffset.MinValue, NeverReady: false, ErroredAt: null, LostAt: null),
            };
            snapshotIdsByName[name] = snapshotId;
            Persist();
            return true;
        }
    }

    private static BlockMap Synthetic(string label)
    {
        var content = new BlockMap();
        content.Write(0, Encoding.UTF8.GetBytes(label));
        return content;
    }
}
