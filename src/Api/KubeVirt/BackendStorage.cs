using k8s.Models;

namespace Harness.Api.KubeVirt;

/// <summary>
/// KubeVirt's backend storage: the claim virt-controller makes for a VM with a persistent TPM or persistent EFI
/// variables, holding that state across restarts (10Mi, Filesystem, named <c>persistent-state-for-&lt;vm&gt;-xxxxx</c>).
/// </summary>
public static class BackendStorage
{
    /// <summary>Prefix of the claim's name and of its volume's name in a snapshot; also the label naming the VM.</summary>
    public const string Prefix = "persistent-state-for";

    /// <summary>The label <c>persistent-state-for=&lt;vm&gt;</c> that finds a VM's backend claim.</summary>
    public const string VmLabel = Prefix;

    public const string ClaimSize = "10Mi";

    /// <summary>The StorageClass annotation marking the default class for virtualization.</summary>
    public const string DefaultVirtClassAnnotation = "storageclass.kubevirt.io/is-default-virt-class";

    /// <summary>The claim name before KubeVirt 1.4 labelled backend claims (found when no claim carries the label).</summary>
    public static string LegacyClaimName(string vmName) => $"{Prefix}-{vmName}";

    /// <summary>A VM's backend claim among <paramref name="claims"/>: the newest labelled for it and not being deleted, else the legacy name.</summary>
    public static V1PersistentVolumeClaim? FindClaim(IEnumerable<V1PersistentVolumeClaim> claims, string ns, string vmName)
    {
        var candidates = claims.Where(c => c.Metadata.NamespaceProperty == ns && c.Metadata.DeletionTimestamp is null).ToList();
        return candidates
                .Where(c => c.Metadata.Labels?.TryGetValue(VmLabel, out var vm) == true && vm == vmName)
                .OrderByDescending(c => c.Metadata.CreationTimestamp)
                .ThenBy(c => c.Metadata.Name, StringComparer.Ordinal)
                .FirstOrDefault()
            ?? candidates.FirstOrDefault(c => c.Metadata.Name == LegacyClaimName(vmName));
    }

    public static bool IsNeeded(VirtualMachineInstanceSpec? spec) =>
        spec?.Domain?.Devices?.Tpm?.Persistent == true || spec?.Domain?.Firmware?.Bootloader?.Efi?.Persistent == true;
}
