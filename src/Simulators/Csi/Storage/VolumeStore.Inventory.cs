using Harness.Simulators.Csi.Errors;

namespace Harness.Simulators.Csi.Storage;

public sealed partial class VolumeStore
{
    /// <summary>What is left of <see cref="CsiDriverSimulatorOptions.TotalCapacityBytes"/> (GetCapacity).</summary>
    public long AvailableCapacityBytes
    {
        get
        {
            lock (gate)
            {
                return FreeBytes();
            }
        }
    }

    /// <summary>ListVolumes: pages in creation order (see <see cref="SequencePage"/>).</summary>
    internal (IReadOnlyList<VolumeView> Entries, string NextToken) ListVolumes(int maxEntries, string startingToken)
    {
        lock (gate)
        {
            var (page, nextToken) = SequencePage.Take(volumes.Values, v => v.Sequence, SequencePage.Start(startingToken, nextSequence), maxEntries);
            return ([.. page.Select(v => new VolumeView(v.Id, v.CapacityBytes, v.SourceSnapshotId, v.SourceVolumeId))], nextToken);
        }
    }

    /// <summary>ControllerModifyVolume: the given mutable parameters replace those of the same keys.</summary>
    internal void Modify(string volumeId, IReadOnlyDictionary<string, string> mutableParameters)
    {
        lock (gate)
        {
            var volume = RequireNodeVolume(volumeId);
            var merged = new SortedDictionary<string, string>(volume.MutableParameters.ToDictionary(), StringComparer.Ordinal);
            foreach (var (key, value) in mutableParameters)
            {
                merged[key] = value;
            }

            volume.MutableParameters = merged;
            Persist();
        }
    }

    private long FreeBytes() => options.TotalCapacityBytes - volumes.Values.Sum(v => v.CapacityBytes);

    private void RequireFreeCapacity(long bytes)
    {
        var available = FreeBytes();
        if (bytes > available)
        {
            throw CsiErrors.ResourceExhausted($"the backend has {available} of its {options.TotalCapacityBytes} bytes left, {bytes} are asked for");
        }
    }
}
