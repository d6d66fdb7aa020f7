using Harness.Api.Snapshots;
using Harness.Controller.Restores.Target;
using Harness.Controller.Restores.Volumes;

namespace Harness.Controller.Restores;

/// <summary>The names a restore gives what it makes: restored claims and DataVolumes (§3.4), and a same-name VM's firmware UUID (§3.6).</summary>
public static class RestoreNaming
{
    /// <summary>The claim (or DataVolume) restored for <paramref name="volumeName"/>, whose claim was <paramref name="originalClaimName"/>.</summary>
    public static string ClaimName(VirtualMachineRestore restore, string volumeName, string originalClaimName)
    {
        ArgumentNullException.ThrowIfNull(restore);
        return RestoredNames.For(restore, volumeName, originalClaimName);
    }

    /// <summary>The firmware UUID KubeVirt derives from a VM's name.</summary>
    public static string LegacyFirmwareUuid(string vmName) => Target.LegacyFirmwareUuid.Of(vmName);
}
