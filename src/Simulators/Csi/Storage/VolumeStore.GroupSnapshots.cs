using Harness.Simulators.Csi.Errors;

namespace Harness.Simulators.Csi.Storage;

public sealed partial class VolumeStore
{
    /// <summary>Ids of the group snapshots the backend holds.</summary>
    public IReadOnlyList<string> GroupSnapshotIds
    {
        get
        {
            lock (gate)
            {
                return [.. groupSnapshots.Keys.Order(StringComparer.Ordinal)];
            }
        }
    }

    /// <summary>
    /// CreateVolumeGroupSnapshot: one snapshot of each source volume, all cut at the same instant (no write
    /// lands between two of them). A retry with the same name and the same volumes returns the same group.
    /// </summary>
    internal (GroupSnapshotView Group, bool Created) CreateGroupSnapshot(
        string name,
        IReadOnlyList<string> sourceVolumeIds,
        IReadOnlyDictionary<string, string> parameters,
        Func<DateTimeOffset, SnapshotLifecycle> lifecycle)
    {
        lock (gate)
        {
            PurgeLostSnapshots();
            var now = time.GetUtcNow();
            if (groupSnapshotIdsByName.TryGetValue(name, out var existingId))
            {
                var existing = groupSnapshots[existingId];
                if (!existing.SourceVolumeIds.Order(StringComparer.Ordinal).SequenceEqual(sourceVolumeIds.Order(StringComparer.Ordinal), StringComparer.Ordinal))
                {
                    throw CsiErrors.AlreadyExists($"group snapshot {name} already exists for volumes {string.Join(", ", existing.SourceVolumeIds)}");
                }

                return (GroupView(existing, now), false);
            }

            var sources = sourceVolumeIds
                .Select(id => volumes.TryGetValue(id, out var volume) ? volume : throw CsiErrors.NotFound($"source volume {id} does not exist"))
                .ToList();
            var group = new StoredGroupSnapshot
            {
                Id = IdFor("group", name),
                Name = name,
                SourceVolumeIds = sourceVolumeIds,
                SnapshotIds = [.. sources.Select(source => IdFor("snap", $"{name}/{source.Id}"))],
                CreationTime = now,
                Parameters = parameters,
            };
            foreach (var (source, snapshotId) in sources.Zip(group.SnapshotIds))
            {
                SyncFromPublishedFile(source);
                snapshots[snapshotId] = new StoredSnapshot
                {
                    Id = snapshotId,
                    Name = $"{name}/{source.Id}",
                    SourceVolumeId = source.Id,
                    Sequence = nextSequence++,
                    CreationTime = now,
                    SizeBytes = RoundRestoreSize(source.CapacityBytes),
                    Parameters = parameters,
                    Content = source.Content.Copy(),
                    Lifecycle = lifecycle(now),
                    GroupSnapshotId = group.Id,
                };
            }

            groupSnapshots[group.Id] = group;
            groupSnapshotIdsByName[name] = group.Id;
            Persist();
            return (GroupView(group, now), true);
        }
    }

    /// <summary>GetVolumeGroupSnapshot; <paramref name="snapshotIds"/>, when given, must name exactly the group's snapshots.</summary>
    internal GroupSnapshotView GetGroupSnapshot(string groupSnapshotId, IReadOnlyCollection<string> snapshotIds)
    {
        lock (gate)
        {
            PurgeLostSnapshots();
            var group = groupSnapshots.TryGetValue(groupSnapshotId, out var found)
                ? found
                : throw CsiErrors.NotFound($"group snapshot {groupSnapshotId} does not exist");
            RequireMembers(group, snapshotIds);
            return GroupView(group, time.GetUtcNow());
        }
    }

    /// <summary>DeleteVolumeGroupSnapshot: the group and its snapshots go; an unknown group is deleted already.</summary>
    /// <returns>Whether the group existed.</returns>
    internal bool DeleteGroupSnapshot(string groupSnapshotId, IReadOnlyCollection<string> snapshotIds)
    {
        lock (gate)
        {
            if (!groupSnapshots.TryGetValue(groupSnapshotId, out var group))
            {
                return false;
            }

            RequireMembers(group, snapshotIds);
            foreach (var snapshotId in group.SnapshotIds)
            {
                snapshots.Remove(snapshotId);
            }

            groupSnapshots.Remove(groupSnapshotId);
            groupSnapshotIdsByName.Remove(group.Name);
            Persist();
            return true;
        }
    }

    private static void RequireMembers(StoredGroupSnapshot group, IReadOnlyCollection<string> snapshotIds)
    {
        if (snapshotIds.Count > 0 && !snapshotIds.Order(StringComparer.Ordinal).SequenceEqual(group.SnapshotIds.Order(StringComparer.Ordinal), StringComparer.Ordinal))
        {
            throw CsiErrors.InvalidArgument($"snapshot_ids do not name the snapshots of group snapshot {group.Id}: {string.Join(", ", group.SnapshotIds)}");
        }
    }

    private GroupSnapshotView GroupView(StoredGroupSnapshot group, DateTimeOffset now)
    {
        var members = group.SnapshotIds.Where(snapshots.ContainsKey).Select(id => View(snapshots[id], now)).ToList();
        var ready = members.Count == group.SnapshotIds.Count && members.All(s => s.State == SnapshotState.Ready);
        return new GroupSnapshotView(group.Id, members, group.CreationTime, ready);
    }
}
