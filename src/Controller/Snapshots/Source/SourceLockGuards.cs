using Harness.Api.Cdi;
using Harness.Api.Snapshots;
using Harness.Controller.Defects;
using Harness.Controller.Snapshots.Caches;
using Harness.Controller.Snapshots.Volumes;
using Harness.Reconciling;
using k8s.Models;

namespace Harness.Controller.Snapshots.Source;

/// <summary>
/// The preconditions of locking a snapshot's source, in the order they are checked: the user's hotplug rule
/// (section A: no online snapshot of a VM with hot-plugged disks; it waits until the VM is off), then KubeVirt's:
/// every claim exists, is not being deleted, is Bound and populated; no pod uses a claim of an offline VM; no
/// other snapshot holds the VM.
/// </summary>
internal static class SourceLockGuards
{
    public const string NoHotplugWhileOnline = "no hot-plugged disk while online";
    public const string VolumesReady = "every claim exists, is Bound and populated";
    public const string NoPodUsesOfflineVolumes = "no pod uses the claims of an offline VM";
    public const string NoOtherSnapshot = "no other snapshot holds the VM";

    /// <summary>The guards' descriptions, in check order.</summary>
    public static IReadOnlyList<string> Descriptions { get; } = [NoHotplugWhileOnline, VolumesReady, NoPodUsesOfflineVolumes, NoOtherSnapshot];

    public static IReadOnlyList<LockGuard> For(SourceState source, string snapshotName, SnapshotCaches caches, ControllerDefects defects)
    {
        var ns = source.Vm.Metadata.NamespaceProperty;
        var claims = BackendVolume.WithBackend(source.Vm, caches).Select(SnapshotVolume.Of).OfType<SnapshotVolume>()
            .Select(v => v.ClaimName).Distinct(StringComparer.Ordinal).ToList();
        return
        [
            new(NoHotplugWhileOnline, () => source.Online && source.HotpluggedVolumes is { Count: > 0 } hotplugged
                ? $"online snapshot of a VM with hot-plugged disks [{string.Join(" ", hotplugged)}] is not supported: power the VM off to take the snapshot"
                : null),
            new(VolumesReady, () => claims.Select(c => ClaimBlocker(caches, ns, c)).FirstOrDefault(b => b is not null)),
            new(NoPodUsesOfflineVolumes, () => source.Online ? null : PodsBlocker(caches, ns, claims)),
            new(NoOtherSnapshot, () => source.Holder is { } holder && holder != snapshotName && !defects.HasFlag(ControllerDefects.TwoSnapshotsHoldOneVm)
                ? $"snapshot \"{holder}\" in progress"
                : null),
        ];
    }

    private static string? ClaimBlocker(SnapshotCaches caches, string ns, string claimName)
    {
        var claim = caches.Claims.Get(ObjectKey.Of(ns, claimName));
        if (claim is null)
        {
            return $"volume doesnt exist: {claimName}";
        }

        if (claim.Metadata.DeletionTimestamp is not null)
        {
            return "volume is being deleted";
        }

        if (claim.Status?.Phase != "Bound")
        {
            return "volume not bound";
        }

        return IsPopulated(caches, claim) ? null : "volume not populated";
    }

    /// <summary>CDI's rule: a claim a DataVolume owns is populated once that DataVolume Succeeded; a missing owner is an error.</summary>
    private static bool IsPopulated(SnapshotCaches caches, V1PersistentVolumeClaim claim)
    {
        var owner = claim.Metadata.OwnerReferences?.FirstOrDefault(o => o.Kind == CdiApi.DataVolumeKind && o.Controller == true);
        if (owner is null)
        {
            return true;
        }

        var dataVolume = caches.DataVolumes.Get(ObjectKey.Of(claim.Metadata.NamespaceProperty, owner.Name))
            ?? throw new InvalidOperationException($"DataVolume {owner.Name} owning claim {claim.Metadata.Name} does not exist");
        return dataVolume.Status?.Phase == CdiApi.Phases.Succeeded;
    }

    private static string? PodsBlocker(SnapshotCaches caches, string ns, IReadOnlyCollection<string> claims)
    {
        var users = caches.Pods.List()
            .Where(p => p.Metadata.NamespaceProperty == ns && p.Status?.Phase != "Succeeded")
            .Where(p => p.Spec?.Volumes?.Any(v => v.PersistentVolumeClaim?.ClaimName is { } c && claims.Contains(c)) == true)
            .Select(p => p.Metadata.Name)
            .Order(StringComparer.Ordinal)
            .ToList();
        return users.Count == 0 ? null : $"source is offline but {users.Count} pods using PVCs [{string.Join(" ", users)}]";
    }

    /// <summary>The Progressing reason of a snapshot whose source is not locked, naming the first blocker.</summary>
    public static string NotLockedReason(SourceState source, string? blocker) => blocker is null
        ? SnapshotApi.ReasonSourceNotLocked
        : $"{SnapshotApi.ReasonSourceNotLocked} source {source.Vm.Metadata.NamespaceProperty}/{source.Vm.Metadata.Name} {blocker}";
}
