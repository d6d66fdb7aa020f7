using System.Security.Cryptography;
using System.Text;
using Harness.Simulators.Csi.Errors;
using Harness.Simulators.Csi.Storage.State;

namespace Harness.Simulators.Csi.Storage;

/// <summary>
/// The simulated storage backend behind one CSI driver: volumes and snapshots, their contents as
/// sparse hashed blocks. It outlives driver crashes (as a storage array outlives its driver pod) and,
/// given a state directory, driver processes. Guests write to volumes through <see cref="Open"/>.
/// </summary>
/// <remarks>
/// Breaks nothing on its own; the faults of <see cref="Faults.CsiFaults"/> decide when snapshots
/// become ready, error or vanish. Keeps: a snapshot's content is the source's content at the cut,
/// and a volume created from a snapshot starts with exactly that content.
/// </remarks>
public sealed partial class VolumeStore
{
    private readonly Lock gate = new();
    private readonly CsiDriverSimulatorOptions options;
    private readonly TimeProvider time;
    private readonly StateFile? stateFile;
    private readonly Dictionary<string, StoredVolume> volumes = new(StringComparer.Ordinal);
    private readonly Dictionary<string, string> volumeIdsByName = new(StringComparer.Ordinal);
    private readonly Dictionary<string, StoredSnapshot> snapshots = new(StringComparer.Ordinal);
    private readonly Dictionary<string, string> snapshotIdsByName = new(StringComparer.Ordinal);
    private readonly Dictionary<string, StoredGroupSnapshot> groupSnapshots = new(StringComparer.Ordinal);
    private readonly Dictionary<string, string> groupSnapshotIdsByName = new(StringComparer.Ordinal);
    private long nextSequence = 1;

    public VolumeStore(CsiDriverSimulatorOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        this.options = options;
        time = options.Runtime.Time;
        if (options.StateDirectory is { } directory)
        {
            stateFile = new StateFile(directory);
            if (stateFile.Load() is { } document)
            {
                Restore(document);
            }
        }
    }

    /// <summary>The block-device view of a volume; its writes are the volume's content.</summary>
    /// <exception cref="KeyNotFoundException">No volume has this id.</exception>
    /// <exception cref="InvalidOperationException">The volume is published to a file (NodePublishVolume), which holds its content until unpublished.</exception>
    public VolumeDevice Open(string volumeId)
    {
        lock (gate)
        {
            var volume = RequireVolume(volumeId);
            if (volume.Publication is { } publication)
            {
                throw new InvalidOperationException($"volume {volumeId} is published at {publication.ContentPath}; its content is that file until NodeUnpublishVolume");
            }

            return new VolumeDevice(this, volumeId, volume.CapacityBytes);
        }
    }

    /// <summary>The hash of a volume's content (see <see cref="VolumeDevice.ContentHash"/>).</summary>
    public string GetVolumeContentHash(string volumeId)
    {
        lock (gate)
        {
            var volume = RequireVolume(volumeId);
            SyncFromPublishedFile(volume);
            return volume.Content.ComputeHash();
        }
    }

    /// <summary>The hash of a snapshot's content, comparable with <see cref="GetVolumeContentHash"/>.</summary>
    /// <exception cref="KeyNotFoundException">No snapshot has this id (or it was lost).</exception>
    public string GetSnapshotContentHash(string snapshotId)
    {
        lock (gate)
        {
            if (!TryGetLiveSnapshot(snapshotId, out var snapshot))
            {
                throw new KeyNotFoundException($"snapshot {snapshotId} does not exist");
            }

            return snapshot.Content.ComputeHash();
        }
    }

    /// <summary>Ids of the volumes the backend holds, in id order.</summary>
    public IReadOnlyList<string> VolumeIds
    {
        get
        {
            lock (gate)
            {
                return [.. volumes.Keys.Order(StringComparer.Ordinal)];
            }
        }
    }

    /// <summary>Ids of the snapshots the backend holds (lost ones excluded), in creation order.</summary>
    public IReadOnlyList<string> SnapshotIds
    {
        get
        {
            lock (gate)
            {
                PurgeLostSnapshots();
                return [.. snapshots.Values.OrderBy(s => s.Sequence).Select(s => s.Id)];
            }
        }
    }

    /// <summary>Deletes a snapshot behind the API's back, as a storage admin or a failing array would.</summary>
    /// <returns>Whether the snapshot existed.</returns>
    public bool LoseSnapshot(string snapshotId)
    {
        lock (gate)
        {
            if (!snapshots.Remove(snapshotId, out var snapshot))
            {
                return false;
            }

            snapshotIdsByName.Remove(snapshot.Name);
            Persist();
            return true;
        }
    }

    internal (StoredVolume Volume, bool Created) CreateVolume(VolumeRequest request)
    {
        lock (gate)
        {
            PurgeLostSnapshots();
            if (volumeIdsByName.TryGetValue(request.Name, out var existingId))
            {
                var existing = volumes[existingId];
                if (!IsCompatible(existing, request))
                {
                    throw CsiErrors.AlreadyExists($"volume {request.Name} already exists with a different capacity, parameters or source");
                }

                return (existing, false);
            }

            if (options.MaxVolumes > 0 && volumes.Count >= options.MaxVolumes)
            {
                throw CsiErrors.ResourceExhausted($"the backend holds its maximum of {options.MaxVolumes} volumes");
            }

            var (capacity, content) = SizeAndContent(request);
            RequireFreeCapacity(capacity);
            var volume = new StoredVolume
            {
                Id = IdFor("vol", request.Name),
                Name = request.Name,
                Sequence = nextSequence++,
                CapacityBytes = capacity,
                NodeCapacityBytes = capacity,
                Parameters = request.Parameters,
                MutableParameters = request.MutableParameters,
                SourceSnapshotId = request.SourceSnapshotId,
                SourceVolumeId = request.SourceVolumeId,
                Content = content,
            };
            volumes[volume.Id] = volume;
            volumeIdsByName[volume.Name] = volume.Id;
            Persist();
            return (volume, true);
        }
    }

    internal bool DeleteVolume(string volumeId)
    {
        lock (gate)
        {
            if (!volumes.TryGetValue(volumeId, out var volume))
            {
                return false;
            }

            if (InUse(volume) is { } use)
            {
                throw CsiErrors.FailedPrecondition($"volume {volumeId} is in use: {use}");
            }

            volumes.Remove(volumeId);
            volumeIdsByName.Remove(volume.Name);
            Persist();
            return true;
        }
    }

    internal StoredVolume? FindVolume(string volumeId)
    {
        lock (gate)
        {
            return volumes.GetValueOrDefault(volumeId);
        }
    }

    internal void Read(string volumeId, long offset, Span<byte> destination)
    {
        lock (gate)
        {
            var volume = RequireUnpublishedVolume(volumeId);
            CheckBounds(volume, offset, destination.Length);
            volume.Content.Read(offset, destination);
        }
    }

    internal IReadOnlyList<(long Offset, byte[] Data)> DataBlocks(string volumeId)
    {
        lock (gate)
        {
            return [.. RequireUnpublishedVolume(volumeId).Content.Blocks.Select(block => (block.Key * BlockMap.BlockSize, (byte[])block.Value.Clone()))];
        }
    }

    internal void Write(string volumeId, long offset, ReadOnlySpan<byte> data)
    {
        lock (gate)
        {
            var volume = RequireUnpublishedVolume(volumeId);
            CheckBounds(volume, offset, data.Length);
            volume.Content.Write(offset, data);
            Persist();
        }
    }

    internal string ComputeUnpublishedHash(string volumeId)
    {
        lock (gate)
        {
            return RequireUnpublishedVolume(volumeId).Content.ComputeHash();
        }
    }

    private (long Capacity, BlockMap Content) SizeAndContent(VolumeRequest request)
    {
        long minimum = 0;
        Func<long, BlockMap> content = _ => new BlockMap();
        if (request.SourceSnapshotId is { } snapshotId)
        {
            if (!TryGetLiveSnapshot(snapshotId, out var snapshot))
            {
                throw CsiErrors.NotFound($"source snapshot {snapshotId} does not exist");
            }

            switch (snapshot.StateAt(time.GetUtcNow()))
            {
                case SnapshotState.Pending:
                    throw CsiErrors.FailedPrecondition($"source snapshot {snapshotId} is not ready to use");
                case SnapshotState.Errored:
                    throw CsiErrors.FailedPrecondition($"source snapshot {snapshotId} is in error on the storage backend");
            }

            minimum = snapshot.SizeBytes;
            content = size => snapshot.Content.Truncated(size);
        }
        else if (request.SourceVolumeId is { } sourceVolumeId)
        {
            if (!volumes.TryGetValue(sourceVolumeId, out var source))
            {
                throw CsiErrors.NotFound($"source volume {sourceVolumeId} does not exist");
            }

            SyncFromPublishedFile(source);
            minimum = source.CapacityBytes;
            var sourceContent = source.Content.Copy();
            content = _ => sourceContent;
        }

        var capacity = (request.RequiredBytes, minimum, request.LimitBytes) switch
        {
            ( > 0, _, _) => request.RequiredBytes,
            (_, > 0, _) => minimum,
            (_, _, > 0) => Math.Min(options.DefaultVolumeSizeBytes, request.LimitBytes),
            _ => options.DefaultVolumeSizeBytes,
        };
        if (capacity < minimum)
        {
            throw CsiErrors.OutOfRange($"capacity {capacity} is smaller than the source's size {minimum}");
        }

        if (request.LimitBytes > 0 && capacity > request.LimitBytes)
        {
            throw CsiErrors.OutOfRange($"the source's size {minimum} exceeds the limit of {request.LimitBytes} bytes");
        }

        if (capacity > options.MaxVolumeSizeBytes)
        {
            throw CsiErrors.OutOfRange($"capacity {capacity} exceeds the maximum volume size {options.MaxVolumeSizeBytes}");
        }

        return (capacity, content(capacity));
    }

    private static bool IsCompatible(StoredVolume existing, VolumeRequest request) =>
        (request.RequiredBytes == 0 || existing.CapacityBytes >= request.RequiredBytes)
        && (request.LimitBytes == 0 || existing.CapacityBytes <= request.LimitBytes)
        && existing.SourceSnapshotId == request.SourceSnapshotId
        && existing.SourceVolumeId == request.SourceVolumeId
        && existing.Parameters.Count == request.Parameters.Count
        && existing.Parameters.All(p => request.Parameters.TryGetValue(p.Key, out var value) && value == p.Value);

    private StoredVolume RequireVolume(string volumeId) =>
        volumes.TryGetValue(volumeId, out var volume) ? volume : throw new KeyNotFoundException($"volume {volumeId} does not exist");

    private StoredVolume RequireUnpublishedVolume(string volumeId)
    {
        var volume = volumes.TryGetValue(volumeId, out var found)
            ? found
            : throw new InvalidOperationException($"volume {volumeId} no longer exists");
        if (volume.Publication is { } publication)
        {
            throw new InvalidOperationException($"volume {volumeId} is published at {publication.ContentPath}; its content is that file until NodeUnpublishVolume");
        }

        return volume;
    }

    private static void CheckBounds(StoredVolume volume, long offset, int length)
    {
        if (offset < 0 || offset + length > volume.CapacityBytes)
        {
            throw new ArgumentOutOfRangeException(nameof(offset), $"[{offset}, {offset + length}) lies outside volume {volume.Id} of {volume.CapacityBytes} bytes");
        }
    }

    /// <summary>Ids derive from the name, so a restarted driver (or a retried call) names the same object the same way.</summary>
    private static string IdFor(string prefix, string name) =>
        $"{prefix}-{Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(name)))[..24]}";
}
