using Harness.Api.KubeVirt;
using Harness.Api.Snapshots;
using Harness.Controller.Snapshots.Source;
using Harness.Controller.Snapshots.Volumes;

namespace Harness.Controller.Snapshots.Status;

/// <summary>
/// The indications of a snapshot (§2.7): while in progress, an offline source clears them; an online one only adds
/// (<c>Online</c>, then <c>Paused</c>, else <c>GuestAgent</c> (+ <c>QuiesceTimeout</c> when the thaw came too
/// late), else <c>NoGuestAgent</c>), the deprecated list sorted. On success <c>PartialSnapshot</c> is appended
/// once when a volume of a snapshottable kind was left out.
/// </summary>
internal static class SnapshotIndications
{
    public static void WhileInProgress(VirtualMachineSnapshotStatus status, SourceState source)
    {
        if (!source.Online)
        {
            status.Indications = null;
            status.SourceIndications = null;
            return;
        }

        var set = new SortedSet<string>(status.Indications ?? [], StringComparer.Ordinal) { SnapshotApi.IndicationOnline };
        if (source.Paused)
        {
            set.Add(SnapshotApi.IndicationPaused);
        }
        else if (source.GuestAgent)
        {
            set.Add(SnapshotApi.IndicationGuestAgent);
            if (status.Error?.Message?.Contains(SnapshotApi.FreezeLimitedText, StringComparison.Ordinal) == true)
            {
                set.Add(SnapshotApi.IndicationQuiesceTimeout);
            }
        }
        else
        {
            set.Add(SnapshotApi.IndicationNoGuestAgent);
        }

        status.Indications = [.. set];
        status.SourceIndications = [.. set.Select(i => new SourceIndication { Indication = i, Message = SnapshotApi.IndicationMessage(i) })];
    }

    /// <summary>Fills <c>snapshotVolumes</c> from the captured VM (with its backend-storage volume) and the backups, and marks a partial snapshot.</summary>
    public static void OnSuccess(VirtualMachineSnapshotStatus status, VirtualMachineSnapshotContent content)
    {
        var captured = content.Spec.Source.VirtualMachine;
        IEnumerable<Volume> volumes = captured?.Spec.Template?.Spec?.Volumes ?? [];
        if (BackendStorage.IsNeeded(captured?.Spec.Template?.Spec))
        {
            var vmName = captured!.Metadata.Name;
            volumes = volumes.Append(new Volume { Name = BackendVolume.Name(vmName), PersistentVolumeClaim = new PersistentVolumeClaimVolumeSource { ClaimName = BackendStorage.LegacyClaimName(vmName) } });
        }

        var backedUp = (content.Spec.VolumeBackups ?? []).Select(b => b.VolumeName).ToHashSet(StringComparer.Ordinal);
        var included = volumes.Where(v => backedUp.Contains(v.Name ?? "")).Select(v => v.Name!).ToList();
        var excluded = volumes.Where(v => !backedUp.Contains(v.Name ?? "")).ToList();
        status.SnapshotVolumes = new SnapshotVolumesLists
        {
            IncludedVolumes = included.Count == 0 ? null : included,
            ExcludedVolumes = excluded.Count == 0 ? null : [.. excluded.Select(v => v.Name ?? "")],
        };
        if (excluded.Any(v => SnapshotVolume.Of(v) is not null) && status.Indications?.Contains(SnapshotApi.IndicationPartialSnapshot) != true)
        {
            status.Indications = [.. status.Indications ?? [], SnapshotApi.IndicationPartialSnapshot];
            status.SourceIndications =
            [
                .. status.SourceIndications ?? [],
                new SourceIndication { Indication = SnapshotApi.IndicationPartialSnapshot, Message = SnapshotApi.IndicationMessage(SnapshotApi.IndicationPartialSnapshot) },
            ];
        }
    }
}
