using Harness.Api.Snapshots;
using Harness.Scenarios.Cluster.Components;
using Harness.Scenarios.Cluster.Events;
using Harness.Simulators.GuestAgent;

namespace Harness.Scenarios.Invariants;

/// <summary>
/// Every restored disk holds exactly the bytes its VolumeSnapshot cut (compared by content hash, taken before any guest
/// wrote to the restored disk), a guest-agent snapshot is a consistent cut of the guest's journal: every one of its
/// volumes was cut while the guest was frozen (by the event log, where it records the cuts) and its volumes' bytes hold
/// one prefix of the guest's journal writes (<see cref="ClusterState.SnapshotJournals"/>), and the restored VM is the
/// captured VM after the documented changes (<see cref="RestoredVms"/>).
/// </summary>
public sealed partial class RestoreMatchesSnapshot : IInvariant
{
    public string Name => "restore-matches-snapshot";

    public string Description => "restored disks hold the bytes of the snapshot's cut, the restored VM is the captured one; a guest-agent snapshot is one frozen cut";

    public IEnumerable<Violation> Check(ScenarioObservation observation)
    {
        ArgumentNullException.ThrowIfNull(observation);
        if (observation.Settled is not { } state)
        {
            return [];
        }

        return state.Restores.Where(r => r.Status?.Complete == true).SelectMany(r => RestoredBytes(observation, state, r))
            .Concat(RestoredVms(observation, state))
            .Concat(state.Snapshots.Where(IsFrozenCut).SelectMany(s => FrozenCuts(observation, state, s)))
            .Concat(TornJournals(state));
    }

    /// <summary>A frozen-cut snapshot whose disks' bytes do not hold one prefix of the guest's journal writes.</summary>
    private IEnumerable<Violation> TornJournals(ClusterState state) =>
        from journal in state.SnapshotJournals ?? new Dictionary<string, JournalCheckResult>()
        where !journal.Value.IsConsistent
        select new Violation(
            Name, $"vmsnapshot {journal.Key}", state.At,
            $"says {SnapshotApi.IndicationGuestAgent} (a frozen, consistent cut), but its volumes' bytes hold a torn guest journal: {string.Join("; ", journal.Value.Problems.Take(3))}");

    private IEnumerable<Violation> RestoredBytes(ScenarioObservation observation, ClusterState state, VirtualMachineRestore restore)
    {
        var waitForConsumer = observation.Scenario.World.Drivers.Where(d => d.WaitForFirstConsumer).Select(d => d.StorageClass).ToHashSet(StringComparer.Ordinal);
        var ns = restore.Metadata.NamespaceProperty;
        var subject = $"vmrestore {ns}/{restore.Metadata.Name}";
        foreach (var volume in restore.Status?.Restores ?? [])
        {
            if (state.VolumeHandle(ns, volume.PersistentVolumeClaim) is not { } restored)
            {
                // A WaitForFirstConsumer claim binds when a VMI first uses it; a restored VM may not have started yet.
                if (state.Claims.FirstOrDefault(c => c.Metadata.NamespaceProperty == ns && c.Metadata.Name == volume.PersistentVolumeClaim)?.Spec?.StorageClassName is { } storageClass
                    && waitForConsumer.Contains(storageClass))
                {
                    continue;
                }

                yield return new Violation(Name, subject, state.At, $"complete, but its restored claim {volume.PersistentVolumeClaim} (volume {volume.VolumeName}) is not bound");
                continue;
            }

            // A VolumeSnapshot deleted since (by the schedule) can no longer be compared.
            if (state.SnapshotHandle(ns, volume.VolumeSnapshotName) is not { } cut || !state.SnapshotHashes.TryGetValue(cut, out var expected))
            {
                continue;
            }

            var actual = state.VolumeHashes.GetValueOrDefault(restored);
            if (actual != expected)
            {
                yield return new Violation(
                    Name, subject, state.At,
                    $"volume {volume.VolumeName}: restored claim {volume.PersistentVolumeClaim} (CSI volume {restored}) holds content {Short(actual)}, but VolumeSnapshot {volume.VolumeSnapshotName} (CSI snapshot {cut}) cut {Short(expected)}");
            }
        }
    }

    /// <summary>
    /// Whether the snapshot promises one frozen cut: <c>GuestAgent</c> without <c>QuiesceTimeout</c>, and without
    /// <c>NoGuestAgent</c>: indications only accumulate while a snapshot is in progress (§2.7), so a snapshot whose first
    /// pass saw no agent, cut unfrozen, and whose later pass saw the agent carries both, as KubeVirt's does.
    /// </summary>
    internal static bool IsFrozenCut(VirtualMachineSnapshot snapshot) =>
        snapshot.Status is { Phase: SnapshotApi.PhaseSucceeded, Indications: { } indications }
        && indications.Contains(SnapshotApi.IndicationGuestAgent)
        && !indications.Contains(SnapshotApi.IndicationNoGuestAgent)
        && !indications.Contains(SnapshotApi.IndicationQuiesceTimeout);

    private IEnumerable<Violation> FrozenCuts(ScenarioObservation observation, ClusterState state, VirtualMachineSnapshot snapshot)
    {
        var ns = snapshot.Metadata.NamespaceProperty;
        var guest = ComponentNames.Guest(ns, snapshot.Spec.Source.Name);
        var subject = $"vmsnapshot {ns}/{snapshot.Metadata.Name}";
        var content = state.Contents.FirstOrDefault(c => c.Metadata.NamespaceProperty == ns && c.Metadata.Name == snapshot.Status?.VirtualMachineSnapshotContentName);
        foreach (var backup in content?.Spec.VolumeBackups ?? [])
        {
            if (backup.VolumeSnapshotName is not { } name || state.VolumeSnapshot(ns, name) is not { } volumeSnapshot)
            {
                continue;
            }

            var cutName = "snapshot-" + volumeSnapshot.Metadata.Uid;
            if (observation.Events.FirstOrDefault(e => e.Kind == DomainEventKind.SnapshotCut && e.Subject == cutName) is not { } cut)
            {
                continue;
            }

            var last = observation.Events.Take((int)cut.Sequence)
                .LastOrDefault(e => e.Subject == guest && e.Kind is DomainEventKind.GuestFrozen or DomainEventKind.GuestThawed or DomainEventKind.GuestStopped);
            if (last?.Kind != DomainEventKind.GuestFrozen)
            {
                yield return new Violation(
                    Name, subject, cut.At,
                    $"says {SnapshotApi.IndicationGuestAgent} (a frozen, consistent cut), but volume {backup.VolumeName} (VolumeSnapshot {name}) was cut at {cut.At:HH:mm:ss} (#{cut.Sequence}, {cut.Detail}) while {guest} was {(last is null ? "never frozen" : $"not frozen ({last.Kind} at #{last.Sequence})")}");
            }
        }
    }

    private static string Short(string? hash) => hash is null ? "(unknown)" : hash[..Math.Min(12, hash.Length)];
}
