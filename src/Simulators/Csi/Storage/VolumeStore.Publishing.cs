using Harness.Simulators.Csi.Errors;

namespace Harness.Simulators.Csi.Storage;

public sealed partial class VolumeStore
{
    /// <summary>
    /// NodePublishVolume: writes the volume's content to its file (see <see cref="Publication"/>); until
    /// unpublished, that file is the volume's content and whoever holds the path writes to the volume.
    /// A volume is published at one target path at a time; given a staging path, it must be staged there.
    /// </summary>
    internal void Publish(string volumeId, Publication publication, string stagingPath)
    {
        lock (gate)
        {
            var volume = RequireNodeVolume(volumeId);
            if (stagingPath.Length > 0 && volume.Staging?.StagingPath != stagingPath)
            {
                throw CsiErrors.FailedPrecondition($"volume {volumeId} is not staged at {stagingPath}; NodeStageVolume first");
            }

            if (volume.Publication is { } existing)
            {
                if (existing == publication)
                {
                    return;
                }

                throw existing.TargetPath == publication.TargetPath
                    ? CsiErrors.AlreadyExists($"volume {volumeId} is already published at {existing.TargetPath} with a different access type or readonly flag")
                    : CsiErrors.FailedPrecondition($"volume {volumeId} is already published at {existing.TargetPath}; this driver publishes a volume at one path at a time");
            }

            if (publication.Block && Directory.Exists(publication.TargetPath))
            {
                throw CsiErrors.InvalidArgument($"target_path {publication.TargetPath} is a directory; a block volume is published as a file");
            }

            WriteContentFile(volume, publication);
            volume.Publication = publication;
            Persist();
        }
    }

    /// <summary>NodeUnpublishVolume: takes the file's bytes back as the volume's content and removes what NodePublishVolume made at the target path.</summary>
    /// <returns>Whether the volume was published at that path.</returns>
    internal bool Unpublish(string volumeId, string targetPath)
    {
        lock (gate)
        {
            var volume = RequireNodeVolume(volumeId);

            if (volume.Publication is not { } publication || publication.TargetPath != targetPath)
            {
                return false;
            }

            SyncFromPublishedFile(volume);
            RemoveTarget(publication);
            volume.Publication = null;
            Persist();
            return true;
        }
    }

    /// <summary>CSI: the plugin deletes the file or directory it created at the target path (a mount volume's directory goes with its content).</summary>
    private static void RemoveTarget(Publication publication)
    {
        if (publication.Block)
        {
            File.Delete(publication.TargetPath);
        }
        else if (Directory.Exists(publication.TargetPath))
        {
            Directory.Delete(publication.TargetPath, recursive: true);
        }
    }

    private static void WriteContentFile(StoredVolume volume, Publication publication)
    {
        var directory = Path.GetDirectoryName(publication.ContentPath);
        if (!string.IsNullOrEmpty(directory))
        {
            Directory.CreateDirectory(directory);
        }

        using var handle = File.OpenHandle(publication.ContentPath, FileMode.Create, FileAccess.ReadWrite);
        RandomAccess.SetLength(handle, volume.CapacityBytes);
        foreach (var (index, block) in volume.Content.Blocks)
        {
            var offset = index * BlockMap.BlockSize;
            var length = (int)Math.Min(BlockMap.BlockSize, volume.CapacityBytes - offset);
            RandomAccess.Write(handle, block.AsSpan(0, length), offset);
        }
    }

    /// <summary>A writable publication's file is the volume's content: read it back before the content is used.</summary>
    private static void SyncFromPublishedFile(StoredVolume volume)
    {
        if (volume.Publication is not { Readonly: false } publication || !File.Exists(publication.ContentPath))
        {
            return;
        }

        var content = new BlockMap();
        using var handle = File.OpenHandle(publication.ContentPath, FileMode.Open, FileAccess.Read, FileShare.ReadWrite);
        var length = Math.Min(RandomAccess.GetLength(handle), volume.CapacityBytes);
        var buffer = new byte[BlockMap.BlockSize];
        foreach (var (start, end) in SparseFile.DataRanges(handle, length))
        {
            for (var index = start / BlockMap.BlockSize; index * BlockMap.BlockSize < end; index++)
            {
                var read = RandomAccess.Read(handle, buffer, index * BlockMap.BlockSize);
                if (buffer.AsSpan(0, read).ContainsAnyExcept((byte)0))
                {
                    var block = new byte[BlockMap.BlockSize];
                    buffer.AsSpan(0, read).CopyTo(block);
                    content.SetBlock(index, block);
                }
            }
        }

        volume.Content = content;
    }
}
