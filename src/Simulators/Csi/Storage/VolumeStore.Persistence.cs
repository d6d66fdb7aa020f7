using Harness.Simulators.Csi.Storage.State;

namespace Harness.Simulators.Csi.Storage;

public sealed partial class VolumeStore
{
    private void Persist()
    {
        if (stateFile is null)
        {
            return;
        }

        var blocks = new Dictionary<string, string>(StringComparer.Ordinal);
        var document = new DriverStateDocument(
            DriverStateDocument.CurrentVersion,
            nextSequence,
            blocks,
            [.. volumes.Values.Select(v => new VolumeRecord(
                v.Id,
                v.Name,
                v.CapacityBytes,
                new Dictionary<string, string>(v.Parameters),
                v.SourceSnapshotId,
                v.SourceVolumeId,
                Record(v.Content, blocks),
                v.Publication,
                v.Sequence,
                v.NodeCapacityBytes,
                new Dictionary<string, string>(v.MutableParameters),
                v.Attachments,
                v.Staging))],
            [.. snapshots.Values.Select(s => new SnapshotRecord(
                s.Id,
                s.Name,
                s.SourceVolumeId,
                s.Sequence,
                s.CreationTime,
                s.SizeBytes,
                new Dictionary<string, string>(s.Parameters),
                Record(s.Content, blocks),
                s.Lifecycle,
                s.GroupSnapshotId))],
            [.. groupSnapshots.Values.Select(g => new GroupSnapshotRecord(
                g.Id,
                g.Name,
                [.. g.SourceVolumeIds],
                [.. g.SnapshotIds],
                g.CreationTime,
                new Dictionary<string, string>(g.Parameters)))]);
        stateFile.Save(document);
    }

    private static Dictionary<long, string> Record(BlockMap content, Dictionary<string, string> blocks)
    {
        var indexes = new Dictionary<long, string>();
        foreach (var (index, block) in content.Blocks)
        {
            var hash = BlockMap.HashBlock(block);
            blocks.TryAdd(hash, Convert.ToBase64String(block));
            indexes[index] = hash;
        }

        return indexes;
    }

    private void Restore(DriverStateDocument document)
    {
        var blocks = document.Blocks.ToDictionary(b => b.Key, b => Convert.FromBase64String(b.Value), StringComparer.Ordinal);
        nextSequence = document.NextSequence;
        foreach (var record in document.Volumes)
        {
            volumes[record.Id] = new StoredVolume
            {
                Id = record.Id,
                Name = record.Name,
                Sequence = record.Sequence,
                CapacityBytes = record.CapacityBytes,
                NodeCapacityBytes = record.NodeCapacityBytes > 0 ? record.NodeCapacityBytes : record.CapacityBytes,
                Parameters = record.Parameters,
                MutableParameters = record.MutableParameters ?? [],
                Attachments = record.Attachments ?? new(StringComparer.Ordinal),
                Staging = record.Staging,
                SourceSnapshotId = record.SourceSnapshotId,
                SourceVolumeId = record.SourceVolumeId,
                Content = Content(record.Blocks, blocks),
                Publication = record.Publication,
            };
            volumeIdsByName[record.Name] = record.Id;
        }

        foreach (var record in document.Snapshots)
        {
            snapshots[record.Id] = new StoredSnapshot
            {
                Id = record.Id,
                Name = record.Name,
                SourceVolumeId = record.SourceVolumeId,
                Sequence = record.Sequence,
                CreationTime = record.CreationTime,
                SizeBytes = record.SizeBytes,
                Parameters = record.Parameters,
                Content = Content(record.Blocks, blocks),
                Lifecycle = record.Lifecycle,
                GroupSnapshotId = record.GroupSnapshotId,
            };
            snapshotIdsByName[record.Name] = record.Id;
        }

        foreach (var record in document.GroupSnapshots ?? [])
        {
            groupSnapshots[record.Id] = new StoredGroupSnapshot
            {
                Id = record.Id,
                Name = record.Name,
                SourceVolumeIds = record.SourceVolumeIds,
                SnapshotIds = record.SnapshotIds,
                CreationTime = record.CreationTime,
                Parameters = record.Parameters,
            };
            groupSnapshotIdsByName[record.Name] = record.Id;
        }
    }

    private static BlockMap Content(Dictionary<long, string> indexes, Dictionary<string, byte[]> blocks)
    {
        var content = new BlockMap();
        foreach (var (index, hash) in indexes)
        {
            if (!blocks.TryGetValue(hash, out var block))
            {
                throw new InvalidDataException($"state file names block {hash}, which it does not hold");
            }

            content.SetBlock(index, block);
        }

        return content;
    }
}
