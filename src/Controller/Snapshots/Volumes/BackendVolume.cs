using Harness.Api.KubeVirt;
using Harness.Controller.Caches;
using Harness.Controller.Restores.Volumes;

namespace Harness.Controller.Snapshots.Volumes;

/// <summary>
/// The backend-storage volume a snapshot adds to a VM's volumes when the VM has a persistent TPM or persistent EFI
/// (§2.5, PR #13207): named <c>persistent-state-for-&lt;vm&gt;</c> (shortened with a hash past 63 characters), its
/// claim the one labelled <c>persistent-state-for=&lt;vm&gt;</c> (the newest not being deleted), else the legacy name.
/// </summary>
internal static class BackendVolume
{
    public static string Name(string vmName) => RestoredNames.Shorten(BackendStorage.Prefix, vmName, RestoredNames.MaxLength);

    /// <summary>The VM's volumes as a snapshot sees them: its spec's, then the backend volume when it needs one (while none exists, its claim has the legacy name, so it shows as missing).</summary>
    public static IReadOnlyList<Volume> WithBackend(VirtualMachine vm, ControllerCaches caches)
    {
        var volumes = vm.Spec.Template?.Spec?.Volumes ?? [];
        if (!BackendStorage.IsNeeded(vm.Spec.Template?.Spec))
        {
            return [.. volumes];
        }

        var name = vm.Metadata.Name;
        var claim = BackendStorage.FindClaim(caches.Claims.List(), vm.Metadata.NamespaceProperty, name);
        return [.. volumes, new Volume { Name = Name(name), PersistentVolumeClaim = new PersistentVolumeClaimVolumeSource { ClaimName = claim?.Metadata.Name ?? BackendStorage.LegacyClaimName(name) } }];
    }
}
