using System.Diagnostics.CodeAnalysis;
using Harness.Simulators.Csi.Errors;

namespace Harness.Simulators.Csi.Storage;

public sealed partial class VolumeStore
{
    /// <summary>Raised after a new snapshot was cut, outside the store's lock: its name and its source volume's id.</summary>
    public event Action<string, string>? SnapshotCut;

    /// <summary>Cuts a snapshot: its content is the source volume's content at this moment.</summary>
    /// <param name="lifecycle">Plans readiness, error and loss from the cut's time (decided by the faults in force).</param>
    internal (SnapshotView Snapshot, bool Created) CreateSnapshot(
        string name,
        string sourceVolumeId,
        IReadOnlyDictionary<string, string> parameters,
        Func<DateTimeOffset, SnapshotLifecycle> lifecycle)
    {
        (SnapshotView Snapshot, bool Created) cut;
        lock (gate)
        {
            PurgeLostSnapshots();
            var now = time.GetUtcNow();
            if (snapshotIdsByName.TryGetValue(name, out var existingId))
            {
                var existing = snapshots[existingId];
                if (existing.SourceVolumeId != sourceVolumeId)
                {
                    throw CsiErrors.AlreadyExists($"snapshot {name} already exists for source volume {existing.SourceVolumeId}");
                }

                return (View(existing, now), false);
            }

            if (!volumes.TryGetValue(sourceVolumeId, out var source))
            {
                throw CsiErrors.NotFound($"source volume {sourceVolumeId} does not exist");
            }

            SyncFromPublishedFile(source);
            var snapshot = new StoredSnapshot
            {
                Id = IdFor("snap", name),
                Name = name,
                SourceVolumeId = sourceVolumeId,
                Sequence = nextSequence++,
                CreationTime = now,
                SizeBytes = RoundRestoreSize(source.CapacityBytes),
                Parameters = parameters,
                Content = source.Content.Copy(),
                Lifecycle = lifecycle(now),
            };
            snapshots[snapshot.Id] = snapshot;
            snapshotIdsByName[name] = snapshot.Id;
            Persist();
            cut = (View(snapshot, now), true);
        }

        SnapshotCut?.Invoke(name, sourceVolumeId);
        return cut;
    }

    /// <summary>DeleteSnapshot: a snapshot cut in a group goes only with its group (FAILED_PRECONDITION).</summary>
    internal bool DeleteSnapshot(string snapshotId)
    {
        lock (gate)
        {
            if (snapshots.TryGetValue(snapshotId, out var member) && member.GroupSnapshotId is { } groupId && groupSnapshots.ContainsKey(groupId))
            {
                throw CsiErrors.FailedPrecondition($"snapshot {snapshotId} belongs to group snapshot {groupId}; delete the group (DeleteVolumeGroupSnapshot)");
            }

            if (!snapshots.Remove(snapshotId, out var snapshot))
            {
                return false;
            }

            snapshotIdsByName.Remove(snapshot.Name);
            Persist();
            return true;
        }
    }

    /// <summary>ListSnapshots: filters, then pages in creation order. The token is the sequence number of the next page's first snapshot.</summary>
    internal SnapshotPage ListSnapshots(int maxEntries, string startingToken, string sourceVolumeId, string snapshotId)
    {
        lock (gate)
        {
            PurgeLostSnapshots();
            var start = SequencePage.Start(startingToken, nextSequence);
            var now = time.GetUtcNow();
            var (page, nextToken) = SequencePage.Take(
                snapshots.Values
                    .Where(s => snapshotId.Length == 0 || s.Id == snapshotId)
                    .Where(s => sourceVolumeId.Length == 0 || s.SourceVolumeId == sourceVolumeId),
                s => s.Sequence,
                start,
                maxEntries);
            return new SnapshotPage([.. page.Select(s => View(s, now))], nextToken);
        }
    }

    /// <summary>The first <paramref name="length"/> bytes of a snapshot's content (zeros past its end), as a volume restored from it would hold them.</summary>
    /// <exception cref="KeyNotFoundException">No snapshot has this id (or it was lost).</exception>
    public byte[] ReadSnapshot(string snapshotId, int length)
    {
        lock (gate)
        {
            if (!TryGetLiveSnapshot(snapshotId, out var snapshot))
            {
                throw new KeyNotFoundException($"snapshot {snapshotId} does not exist");
            }

            var bytes = new byte[length];
            snapshot.Content.Read(0, bytes);
            return bytes;
        }
    }

    private long RoundRestoreSize(long capacity)
    {
        var unit = options.RestoreSizeRoundingBytes;
        return unit <= 0 ? capacity : checked((capacity + unit - 1) / unit * unit);
    }

    private bool TryGetLiveSnapshot(string snapshotId, [NotNullWhen(true)] out StoredSnapshot? snapshot)
    {
        PurgeLostSnapshots();
        return snapshots.TryGetValue(snapshotId, out snapshot);
    }

    /// <summary>Snapshots whose planned loss time has passed disappear, as if deleted behind the API's back.</summary>
    private void PurgeLostSnapshots()
    {
        var now = time.GetUtcNow();
        var lost = snapshots.Values.Where(s => s.StateAt(now) == SnapshotState.Lost).ToList();
        foreach (var snapshot in lost)
        {
            snapshots.Remove(snapshot.Id);
            snapshotIdsByName.Remove(snapshot.Name);
        }

        if (lost.Count > 0)
        {
            Persist();
        }
    }

    private static SnapshotView View(StoredSnapshot snapshot, DateTimeOffset now) =>
        new(snapshot.Id, snapshot.SourceVolumeId, snapshot.CreationTime, snapshot.SizeBytes, snapshot.StateAt(now), snapshot.GroupSnapshotId);
}
