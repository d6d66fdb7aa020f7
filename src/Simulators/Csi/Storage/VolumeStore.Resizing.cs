using Harness.Simulators.Csi.Errors;

namespace Harness.Simulators.Csi.Storage;

public sealed partial class VolumeStore
{
    /// <summary>
    /// ControllerExpandVolume: grows the device (a published volume's file grows with it; content is kept).
    /// A block volume is usable at its new size at once; a mount volume's filesystem waits for NodeExpandVolume.
    /// Asking for no more than the volume has changes nothing.
    /// </summary>
    /// <param name="block">The access type the caller names; without one, what the node uses, else mount.</param>
    internal (long CapacityBytes, bool NodeExpansionRequired) Expand(string volumeId, long requiredBytes, bool? block)
    {
        lock (gate)
        {
            var volume = RequireNodeVolume(volumeId);
            var isBlock = block ?? volume.Publication?.Block ?? volume.Staging?.Block ?? false;
            if (requiredBytes > volume.CapacityBytes)
            {
                if (requiredBytes > options.MaxVolumeSizeBytes)
                {
                    throw CsiErrors.OutOfRange($"capacity {requiredBytes} exceeds the maximum volume size {options.MaxVolumeSizeBytes}");
                }

                RequireFreeCapacity(requiredBytes - volume.CapacityBytes);
                volume.CapacityBytes = requiredBytes;
                if (volume.Publication is { } publication && File.Exists(publication.ContentPath))
                {
                    using var handle = File.OpenHandle(publication.ContentPath, FileMode.Open, FileAccess.ReadWrite, FileShare.ReadWrite);
                    RandomAccess.SetLength(handle, requiredBytes);
                }

                if (isBlock)
                {
                    volume.NodeCapacityBytes = requiredBytes;
                }

                Persist();
            }

            return (volume.CapacityBytes, !isBlock && volume.NodeCapacityBytes < volume.CapacityBytes);
        }
    }

    /// <summary>NodeExpandVolume: the filesystem at the published or staged path grows to the device's size.</summary>
    /// <returns>The size the node now sees.</returns>
    internal long ExpandOnNode(string volumeId, string volumePath, long requiredBytes)
    {
        lock (gate)
        {
            var volume = RequireVolumeAt(volumeId, volumePath);
            if (requiredBytes > volume.CapacityBytes)
            {
                throw CsiErrors.OutOfRange($"volume {volumeId} has {volume.CapacityBytes} bytes, {requiredBytes} are asked for: ControllerExpandVolume first");
            }

            if (volume.NodeCapacityBytes != volume.CapacityBytes)
            {
                volume.NodeCapacityBytes = volume.CapacityBytes;
                Persist();
            }

            return volume.NodeCapacityBytes;
        }
    }

    /// <summary>NodeGetVolumeStats of the volume published or staged at the path.</summary>
    internal VolumeUsage Usage(string volumeId, string volumePath)
    {
        lock (gate)
        {
            var volume = RequireVolumeAt(volumeId, volumePath);
            SyncFromPublishedFile(volume);
            return new VolumeUsage(volume.NodeCapacityBytes, Math.Min(volume.Content.StoredBytes, volume.NodeCapacityBytes));
        }
    }

    private StoredVolume RequireVolumeAt(string volumeId, string path)
    {
        var volume = RequireNodeVolume(volumeId);
        var trimmed = Path.TrimEndingDirectorySeparator(path);
        return volume.Publication?.TargetPath == trimmed || volume.Staging?.StagingPath == trimmed
            ? volume
            : throw CsiErrors.NotFound($"volume {volumeId} is neither published nor staged at {path}");
    }
}
