using Harness.Api.KubeVirt;
using Harness.Api.Snapshots;
using Harness.Controller.Clients;
using Harness.Controller.Snapshots.Volumes;
using Harness.Reconciling;
using k8s;
using k8s.Models;
using Microsoft.Extensions.Logging;

namespace Harness.Controller.Restores.Target;

/// <summary>
/// The backend storage of a restored VM (KubeVirt's <c>reconcileBackendVolume</c>, §3.6): when the snapshotted VM had
/// a persistent TPM or EFI and its backend volume was backed up, the claim restored for it becomes the target's
/// backend claim (<c>persistent-state-for=&lt;target&gt;</c>) and the target's old one is marked
/// <c>restore.kubevirt.io/cleanup-backend-pvc</c> for deletion at the end of the restore.
/// </summary>
internal sealed class BackendClaimHandover(RestoreControllerContext context)
{
    /// <summary>Relabels the restored and the old backend claims; true when a claim was written.</summary>
    public async Task<bool> ReconcileAsync(RestoreTarget target, SnapshotSource source, CancellationToken ct)
    {
        var captured = source.CapturedVm;
        var restore = target.Restore;
        if (!BackendStorage.IsNeeded(captured.Spec.Template?.Spec))
        {
            return false;
        }

        var backendVolume = BackendVolume.Name(captured.Metadata.Name);
        if (restore.Status?.Restores?.FirstOrDefault(r => r.VolumeName == backendVolume) is not { } entry)
        {
            context.Logger.LogWarning("Restore {Restore}: the snapshot has no backup of the backend volume {Volume}; the VM will create a new one", restore.Metadata.Name, backendVolume);
            return false;
        }

        var ns = restore.Metadata.NamespaceProperty;
        var targetName = restore.Spec.Target.Name;
        var changed = false;
        foreach (var old in context.Caches.Claims.List().Where(c => c.Metadata.NamespaceProperty == ns
            && c.Metadata.Name != entry.PersistentVolumeClaim
            && Labelled(c, BackendStorage.VmLabel, targetName)))
        {
            var labels = new Dictionary<string, string>(old.Metadata.Labels!, StringComparer.Ordinal) { [SnapshotApi.CleanupBackendPvcLabel] = CleanupValue(targetName) };
            labels.Remove(BackendStorage.VmLabel);
            await RelabelAsync(old, labels, ct);
            changed = true;
        }

        if (context.Caches.Claims.Get(ObjectKey.Of(ns, entry.PersistentVolumeClaim)) is { } restored && !Labelled(restored, BackendStorage.VmLabel, targetName))
        {
            var labels = new Dictionary<string, string>(restored.Metadata.Labels ?? new Dictionary<string, string>(), StringComparer.Ordinal) { [BackendStorage.VmLabel] = targetName };
            await RelabelAsync(restored, labels, ct);
            changed = true;
        }

        return changed;
    }

    /// <summary>Deletes the backend claims this restore marked for cleanup, when the restored VM keeps backend storage.</summary>
    public async Task CleanUpAsync(RestoreTarget target, CancellationToken ct)
    {
        if (target.Vm is not { } vm || !BackendStorage.IsNeeded(vm.Spec.Template?.Spec))
        {
            return;
        }

        var ns = target.Restore.Metadata.NamespaceProperty;
        var value = CleanupValue(vm.Metadata.Name);
        foreach (var claim in context.Caches.Claims.List().Where(c => c.Metadata.NamespaceProperty == ns
            && Labelled(c, SnapshotApi.CleanupBackendPvcLabel, value)))
        {
            await context.Client.CoreV1.DeleteNamespacedPersistentVolumeClaimAsync(claim.Metadata.Name, ns, cancellationToken: ct);
        }
    }

    private static string CleanupValue(string targetName) => BackendStorage.LegacyClaimName(targetName);

    private static bool Labelled(V1PersistentVolumeClaim claim, string label, string value) =>
        claim.Metadata.Labels?.TryGetValue(label, out var actual) == true && actual == value;

    private async Task RelabelAsync(V1PersistentVolumeClaim claim, Dictionary<string, string> labels, CancellationToken ct)
    {
        var relabelled = ObjectCopy.Of(claim);
        relabelled.Metadata.Labels = labels;
        await context.Client.CoreV1.ReplaceNamespacedPersistentVolumeClaimAsync(relabelled, claim.Metadata.Name, claim.Metadata.NamespaceProperty, cancellationToken: ct);
    }
}
