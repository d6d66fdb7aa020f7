using System.Text.Json.Nodes;
using Harness.Api.Cdi;
using Harness.Api.KubeVirt;
using Harness.Api.Snapshots;
using Harness.Controller.Clients;
using Harness.Controller.Instancetypes;
using Harness.Controller.Restores.Volumes;
using Harness.Reconciling;
using k8s;
using k8s.Autorest;
using k8s.Models;

namespace Harness.Controller.Restores.Target;

/// <summary>
/// KubeVirt's <c>vmRestoreTarget</c> (§3.2 steps 9, 11-13, §3.5, §3.6): marks and unmarks the VM
/// (<c>status.restoreInProgress</c>), records the restored DataVolume names and hands their claims to them, creates
/// the DataVolumes of the restored templates and waits for them, lists the obsolete ones, hands the restored backend
/// claim over, writes the VM (update or create with the restore's patches), gives it the claims restored for it, and
/// deletes the obsolete DataVolumes and the replaced backend claim.
/// Each write returns "changed", so a pass does one step and the status says which.
/// </summary>
internal sealed class TargetReconciler(RestoreControllerContext context)
{
    private readonly BackendClaimHandover backend = new(context);
    private readonly RestoreRevisions revisions = new(context.Client);

    /// <exception cref="RestoreException">Another restore holds the VM.</exception>
    public async Task MarkAsync(RestoreTarget target, CancellationToken ct)
    {
        if (target.Vm is not { } vm || target.IsRestored)
        {
            return;
        }

        var name = target.Restore.Metadata.Name;
        switch (vm.Status?.RestoreInProgress)
        {
            case { } other when other != name:
                throw new RestoreException($"vm restore {other} in progress");
            case null:
                await PatchVmStatusAsync(vm, new JsonObject { ["restoreInProgress"] = name }, ct);
                break;
        }
    }

    /// <summary>Clears the VM's marker (and a pending memory dump request) if this restore set it.</summary>
    public async Task UnmarkAsync(RestoreTarget target, CancellationToken ct)
    {
        var vm = target.Vm ?? throw new RestoreException("At this point target should exist");
        if (vm.Status?.RestoreInProgress == target.Restore.Metadata.Name)
        {
            await PatchVmStatusAsync(vm, new JsonObject { ["restoreInProgress"] = null, ["memoryDumpRequest"] = null }, ct);
        }
    }

    public async Task<bool> ReconcileAsync(RestoreTarget target, SnapshotSource source, CancellationToken ct)
    {
        if (target.IsRestored)
        {
            // A pass that wrote the VM and stopped before owning its revisions finishes that here.
            await revisions.OwnAsync(target.Vm!, ct);
            return false;
        }

        if (await RecordDataVolumeNamesAsync(target, source, ct))
        {
            return true;
        }

        var restored = RestoredVirtualMachine.Generate(target, source.CapturedVm);
        if (await ReconcileDataVolumesAsync(target, restored, ct) || await backend.ReconcileAsync(target, source, ct))
        {
            return true;
        }

        await WriteAsync(target, restored, ct);
        return true;
    }

    /// <summary>Deletes the DataVolumes of the old VM that the restored one no longer has, and its replaced backend claim.</summary>
    public async Task DeleteObsoleteAsync(RestoreTarget target, CancellationToken ct)
    {
        await backend.CleanUpAsync(target, ct);
        var restore = target.Restore;
        foreach (var name in restore.Status?.DeletedDataVolumes ?? [])
        {
            if (context.Caches.DataVolumes.Get(ObjectKey.Of(restore.Metadata.NamespaceProperty, name)) is not null)
            {
                try
                {
                    await context.DataVolumes.DeleteAsync(restore.Metadata.NamespaceProperty, name, new V1DeleteOptions { PropagationPolicy = "Background" }, ct);
                }
                catch (HttpOperationException e) when (ApiErrors.IsNotFound(e))
                {
                    // Deleted since the cache saw it.
                }
            }
        }
    }

    /// <summary>For each restored volume of a templated DataVolume: the restored DataVolume's name, and its claim marked for it.</summary>
    private async Task<bool> RecordDataVolumeNamesAsync(RestoreTarget target, SnapshotSource source, CancellationToken ct)
    {
        var restore = target.Restore;
        var ns = restore.Metadata.NamespaceProperty;
        var restores = ObjectCopy.Of(restore.Status!.Restores ?? []);
        var captured = source.CapturedVm.Spec;
        foreach (var entry in restores)
        {
            var volume = captured.Template?.Spec?.Volumes?.FirstOrDefault(v => v.Name == entry.VolumeName);
            if (volume?.DataVolume is not { } dataVolume || RestoredVirtualMachine.TemplateIndex(captured.DataVolumeTemplates, dataVolume.Name) < 0)
            {
                continue;
            }

            var restoredName = RestoredNames.For(restore, entry.VolumeName, dataVolume.Name ?? "");
            var claim = context.Caches.Claims.Get(ObjectKey.Of(ns, entry.PersistentVolumeClaim))
                ?? throw new RestoreException($"pvc {ns}/{entry.PersistentVolumeClaim} does not exist and should");
            if (claim.Metadata.Annotations?.TryGetValue(SnapshotApi.PopulatedForAnnotation, out var populatedFor) != true || populatedFor != restoredName)
            {
                var handed = ObjectCopy.Of(claim);
                handed.Metadata.Annotations ??= new Dictionary<string, string>();
                handed.Metadata.Annotations[SnapshotApi.PopulatedForAnnotation] = restoredName;
                handed.Metadata.OwnerReferences = null;
                await context.Client.CoreV1.ReplaceNamespacedPersistentVolumeClaimAsync(handed, handed.Metadata.Name, ns, cancellationToken: ct);
            }

            entry.DataVolumeName = restoredName;
        }

        if (ObjectCopy.SameJson(restore.Status.Restores ?? [], restores))
        {
            return false;
        }

        restore.Status.Restores = restores;
        return true;
    }

    /// <summary>Creates the restored templates' DataVolumes (adopting their prepared claims), waits for them, and lists the obsolete ones.</summary>
    private async Task<bool> ReconcileDataVolumesAsync(RestoreTarget target, VirtualMachine restored, CancellationToken ct)
    {
        var ns = target.Restore.Metadata.NamespaceProperty;
        var created = false;
        var waiting = false;
        foreach (var template in restored.Spec.DataVolumeTemplates ?? [])
        {
            var name = template.Metadata?.Name ?? "";
            if (context.Caches.DataVolumes.Get(ObjectKey.Of(ns, name)) is { } existing)
            {
                waiting |= existing.Status?.Phase is not (CdiApi.Phases.Succeeded or CdiApi.Phases.WaitForFirstConsumer or CdiApi.Phases.PendingPopulation);
                continue;
            }

            created |= await CreateDataVolumeAsync(target.Restore, template, ct);
        }

        if (target.Vm is { } vm)
        {
            var kept = (restored.Spec.DataVolumeTemplates ?? []).Select(t => t.Metadata?.Name).ToHashSet(StringComparer.Ordinal);
            var obsolete = (vm.Spec.DataVolumeTemplates ?? []).Select(t => t.Metadata?.Name ?? "").Where(n => !kept.Contains(n)).ToList();
            if (!ObjectCopy.SameJson(target.Restore.Status!.DeletedDataVolumes ?? [], obsolete))
            {
                target.Restore.Status.DeletedDataVolumes = obsolete.Count == 0 ? null : obsolete;
                return true;
            }
        }

        return created || waiting;
    }

    private async Task<bool> CreateDataVolumeAsync(VirtualMachineRestore restore, DataVolumeTemplateSpec template, CancellationToken ct)
    {
        var ns = restore.Metadata.NamespaceProperty;
        var name = template.Metadata?.Name ?? "";
        var claim = context.Caches.Claims.Get(ObjectKey.Of(ns, name))
            ?? throw new RestoreException($"when creating restore dv pvc {ns}/{name} does not exist and should");
        if (claim.Metadata.Annotations?.TryGetValue(SnapshotApi.PopulatedForAnnotation, out var populatedFor) != true
            || populatedFor != name
            || claim.Metadata.OwnerReferences is { Count: > 0 })
        {
            return false;
        }

        var dataVolume = RestoredDataVolume.For(template, ns, restore.Metadata.Name);
        try
        {
            await context.DataVolumes.CreateAsync(dataVolume, ct);
            return true;
        }
        catch (HttpOperationException e) when (!ApiErrors.IsConflict(e))
        {
            var message = $"Failed to create restore DataVolume: {ApiErrors.Message(e)}";
            await context.Events.RecordAsync(restore, EventRecorder.Warning, SnapshotApi.RestoreDataVolumeCreateErrorEvent, message, ct);
            throw new RestoreException(message);
        }
        catch (HttpOperationException)
        {
            return true;
        }
    }

    private async Task WriteAsync(RestoreTarget target, VirtualMachine restored, CancellationToken ct)
    {
        await revisions.RestoreAsync(target, restored, ct);
        VirtualMachine written;
        if (target.Exists)
        {
            written = await context.VirtualMachines.UpdateAsync(restored, ct);
        }
        else
        {
            written = await context.VirtualMachines.CreateAsync(VmPatches.Apply(restored, target.Restore.Spec.Patches), ct);
        }

        await revisions.OwnAsync(written, ct);
        await OwnRestoredClaimsAsync(target.Restore, written, ct);
    }

    /// <summary>Claims restored before the VM existed, marked <c>owned-by-vm</c> by this restore, become the VM's.</summary>
    private async Task OwnRestoredClaimsAsync(VirtualMachineRestore restore, VirtualMachine vm, CancellationToken ct)
    {
        if (restore.Spec.VolumeOwnershipPolicy == SnapshotApi.VolumeOwnershipNone)
        {
            return;
        }

        foreach (var volume in vm.Spec.Template?.Spec?.Volumes ?? [])
        {
            if (volume.PersistentVolumeClaim?.ClaimName is not { } claimName)
            {
                continue;
            }

            var claim = await context.Client.CoreV1.ReadNamespacedPersistentVolumeClaimAsync(claimName, restore.Metadata.NamespaceProperty, cancellationToken: ct);
            if (claim.Metadata.OwnerReferences is { Count: > 0 }
                || claim.Metadata.Annotations?.TryGetValue(SnapshotApi.OwnedByVmAnnotation, out var owner) != true
                || owner != restore.Metadata.Name)
            {
                continue;
            }

            claim.Metadata.OwnerReferences = [RestoredClaims.OwnerReference(vm)];
            claim.Metadata.Annotations.Remove(SnapshotApi.OwnedByVmAnnotation);
            await context.Client.CoreV1.ReplaceNamespacedPersistentVolumeClaimAsync(claim, claimName, claim.Metadata.NamespaceProperty, cancellationToken: ct);
        }
    }

    /// <summary>A merge patch of the VM's status, guarded by the resourceVersion the decision was made on.</summary>
    private Task<VirtualMachine> PatchVmStatusAsync(VirtualMachine vm, JsonObject status, CancellationToken ct) =>
        context.VirtualMachines.PatchStatusAsync(
            vm.Metadata.NamespaceProperty,
            vm.Metadata.Name,
            MergePatches.Of(new JsonObject
            {
                ["metadata"] = new JsonObject { ["resourceVersion"] = vm.Metadata.ResourceVersion },
                ["status"] = status,
            }),
            ct);
}
