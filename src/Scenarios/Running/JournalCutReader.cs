using Harness.Api.Snapshots;
using Harness.Scenarios.Invariants;
using Harness.Simulators.GuestAgent;

namespace Harness.Scenarios.Running;

/// <summary>
/// Reads the guest journal that a snapshot promising one frozen cut holds: the CSI snapshots of the disks one guest
/// booted with, in that guest's disk order, checked by <see cref="JournalChecker"/>. It reads the snapshots' bytes from
/// the backends, so it sees the same in-process and live, where no event says when each disk was cut.
/// </summary>
/// <param name="readSnapshot">Reads the first bytes of a CSI snapshot (<see cref="IScenarioCluster.SnapshotStart"/>).</param>
internal sealed class JournalCutReader(Func<string, int, byte[]?> readSnapshot)
{
    private static readonly JournalLayout Layout = JournalLayout.Default;
    private readonly List<IReadOnlyList<string>> boots = [];

    /// <summary>Remembers a guest's disks (CSI volume handles, in the guest's order) as it boots.</summary>
    public void Booted(IReadOnlyList<string> handles)
    {
        lock (boots)
        {
            boots.Add(handles);
        }
    }

    /// <summary>The journal each frozen-cut snapshot of <paramref name="state"/> holds, by <c>namespace/name</c>.</summary>
    public async Task<IReadOnlyDictionary<string, JournalCheckResult>> ReadAsync(ClusterState state)
    {
        var found = new Dictionary<string, JournalCheckResult>(StringComparer.Ordinal);
        foreach (var snapshot in state.Snapshots.Where(RestoreMatchesSnapshot.IsFrozenCut))
        {
            var ns = snapshot.Metadata.NamespaceProperty;
            var cuts = CutsBySource(state, snapshot);
            if (DisksOf(cuts.Keys.ToHashSet(StringComparer.Ordinal)) is not { } disks || await ImagesAsync(disks.Select(d => cuts[d])) is not { } images)
            {
                continue;
            }

            found[$"{ns}/{snapshot.Metadata.Name}"] = await JournalChecker.CheckAsync(images, Layout);
        }

        return found;
    }

    /// <summary>The CSI snapshot handle of each volume the snapshot's content cut, by its source CSI volume handle.</summary>
    private static Dictionary<string, string> CutsBySource(ClusterState state, VirtualMachineSnapshot snapshot)
    {
        var ns = snapshot.Metadata.NamespaceProperty;
        var content = state.Contents.FirstOrDefault(c => c.Metadata.NamespaceProperty == ns && c.Metadata.Name == snapshot.Status?.VirtualMachineSnapshotContentName);
        var cuts = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var name in (content?.Spec.VolumeBackups ?? []).Select(b => b.VolumeSnapshotName).OfType<string>())
        {
            var bound = state.VolumeSnapshot(ns, name)?.Status?.BoundVolumeSnapshotContentName;
            if (state.VolumeSnapshotContents.FirstOrDefault(c => c.Metadata.Name == bound) is { Spec.Source.VolumeHandle: { } source, Status.SnapshotHandle: { } handle })
            {
                cuts[source] = handle;
            }
        }

        return cuts;
    }

    /// <summary>The one disk list a guest booted with whose every disk was cut; null when none or more than one was (the journal's layout depends on the disks' order and number).</summary>
    private IReadOnlyList<string>? DisksOf(IReadOnlySet<string> sources)
    {
        lock (boots)
        {
            var matching = boots.Where(b => b.Count > 0 && b.All(sources.Contains)).DistinctBy(b => string.Join('\n', b), StringComparer.Ordinal).ToList();
            return matching.Count == 1 ? matching[0] : null;
        }
    }

    private async Task<IReadOnlyList<IGuestDisk>?> ImagesAsync(IEnumerable<string> snapshotHandles)
    {
        var images = new List<IGuestDisk>();
        foreach (var handle in snapshotHandles)
        {
            if (readSnapshot(handle, (int)Layout.BytesPerDisk) is not { } bytes)
            {
                return null;
            }

            var image = new MemoryGuestDisk(Layout.BytesPerDisk);
            await image.WriteAsync(0, bytes);
            images.Add(image);
        }

        return images;
    }
}
