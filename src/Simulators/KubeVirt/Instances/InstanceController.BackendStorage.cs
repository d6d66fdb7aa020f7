using Harness.Api.KubeVirt;
using Harness.Api.Resources;
using Harness.Reconciling;
using Harness.Simulators.KubeVirt.Objects;
using k8s;
using k8s.Models;

namespace Harness.Simulators.KubeVirt.Instances;

/// <summary>
/// The backend-storage facet: a VMI with a persistent TPM or persistent EFI variables gets the claim that holds that
/// state (virt-controller's <c>CreatePVCForVMI</c>): found by the label <c>persistent-state-for=&lt;vm&gt;</c> (or,
/// before KubeVirt 1.4, by name), else made with <c>generateName</c>, owned by the VMI's owner (the VM), 10Mi,
/// Filesystem, on <c>vmStateStorageClass</c>, the default virt class or the cluster's default class.
/// </summary>
internal sealed partial class InstanceController
{
    private static bool NeedsBackendStorage(VirtualMachineInstance vmi) =>
        vmi.Spec.Domain?.Devices?.Tpm?.Persistent == true || vmi.Spec.Domain?.Firmware?.Bootloader?.Efi?.Persistent == true;

    private V1PersistentVolumeClaim? BackendClaim(VirtualMachineInstance vmi)
        => BackendStorage.FindClaim(cache.PersistentVolumeClaims.List(), vmi.NamespaceOrEmpty(), vmi.Name());

    /// <summary>Makes the backend claim when the VMI needs one and has none; the reason it cannot, or null.</summary>
    private async Task<string?> EnsureBackendClaimAsync(VirtualMachineInstance vmi, CancellationToken ct)
    {
        if (!NeedsBackendStorage(vmi) || BackendClaim(vmi) is not null)
        {
            return null;
        }

        var configured = cache.KubeVirts.Get(new ObjectKey(options.KubeVirtNamespace, options.KubeVirtName))?.Spec.Configuration?.VmStateStorageClass;
        var storageClass = configured
            ?? cache.StorageClasses.List().Where(s => s.GetAnnotation(BackendStorage.DefaultVirtClassAnnotation) == "true").Select(s => s.Name()).Min(StringComparer.Ordinal)
            ?? cache.DefaultStorageClass()?.Name();
        if (storageClass is null)
        {
            return "no default storage class found";
        }

        var claim = new V1PersistentVolumeClaim
        {
            Metadata = new V1ObjectMeta
            {
                GenerateName = BackendStorage.LegacyClaimName(vmi.Name()) + "-",
                NamespaceProperty = vmi.NamespaceOrEmpty(),
                Labels = new Dictionary<string, string> { [BackendStorage.VmLabel] = vmi.Name() },
                OwnerReferences = vmi.Metadata.OwnerReferences is { Count: > 0 } owners
                    ? [.. owners]
                    : [ControllerReference.To(KubeVirtApi.ApiVersion, KubeVirtApi.VirtualMachineInstanceKind, vmi.Name(), vmi.UidOrEmpty())],
            },
            Spec = new V1PersistentVolumeClaimSpec
            {
                AccessModes = [BackendAccessMode(storageClass, configured is not null)],
                Resources = new V1VolumeResourceRequirements { Requests = new Dictionary<string, ResourceQuantity> { ["storage"] = new(BackendStorage.ClaimSize) } },
                StorageClassName = storageClass,
                VolumeMode = "Filesystem",
            },
        };
        await writer.Client.CoreV1.CreateNamespacedPersistentVolumeClaimAsync(claim, vmi.NamespaceOrEmpty(), cancellationToken: ct);
        return null;
    }

    /// <summary>ReadWriteMany when the StorageProfile offers it for Filesystem (or the class was configured), else ReadWriteOnce.</summary>
    private string BackendAccessMode(string storageClass, bool configured)
    {
        var offered = cache.StorageProfiles.Get(ObjectKey.Cluster(storageClass))?.Status?.ClaimPropertySets?
            .Where(set => set.VolumeMode == "Filesystem")
            .SelectMany(set => set.AccessModes ?? [])
            .ToList() ?? [];
        return offered.Contains("ReadWriteMany") ? "ReadWriteMany"
            : offered.Contains("ReadWriteOnce") ? "ReadWriteOnce"
            : configured ? "ReadWriteMany" : "ReadWriteOnce";
    }

    /// <summary>The backend claim as a volume of the VMI's pod, for the scheduling and status code that walks volumes.</summary>
    private Volume? BackendVolume(VirtualMachineInstance vmi) => NeedsBackendStorage(vmi) && BackendClaim(vmi) is { } claim
        ? new Volume { Name = claim.Name(), PersistentVolumeClaim = new PersistentVolumeClaimVolumeSource { ClaimName = claim.Name() } }
        : null;
}
