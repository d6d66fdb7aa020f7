using Csi.V1;
using Harness.Simulators.Csi.Errors;

namespace Harness.Simulators.Csi.Services;

/// <summary>CSI: a volume capability names an access type (block or mount) and a known access mode.</summary>
internal static class VolumeCapabilityRules
{
    public static void Validate(IReadOnlyCollection<VolumeCapability> capabilities, string field)
    {
        if (capabilities.Count == 0)
        {
            throw CsiErrors.InvalidArgument($"{field} is required");
        }

        foreach (var capability in capabilities)
        {
            Validate(capability, field);
        }
    }

    public static void Validate(VolumeCapability? capability, string field)
    {
        if (capability is null)
        {
            throw CsiErrors.InvalidArgument($"{field} is required");
        }

        if (capability.AccessTypeCase == VolumeCapability.AccessTypeOneofCase.None)
        {
            throw CsiErrors.InvalidArgument($"{field}: access_type (block or mount) is required");
        }

        if (capability.AccessMode is null || capability.AccessMode.Mode == VolumeCapability.Types.AccessMode.Types.Mode.Unknown)
        {
            throw CsiErrors.InvalidArgument($"{field}: access_mode is required");
        }

        if (!Enum.IsDefined(capability.AccessMode.Mode))
        {
            throw CsiErrors.InvalidArgument($"{field}: access mode {(int)capability.AccessMode.Mode} is not known to this driver");
        }
    }
}
