using System.Globalization;
using System.Text;
using Harness.Api.Snapshots;

namespace Harness.Controller.Restores.Volumes;

/// <summary>
/// The name of the claim (and DataVolume) restored for a volume (KubeVirt's <c>restoreVolumeName</c>, §3.4), first
/// match wins: the override's <c>restoreName</c>; <c>InPlace</c>, the original claim's name; <c>PrefixTargetName</c>,
/// <c>&lt;target&gt;-&lt;volume&gt;</c> shortened to 63 characters as library-go's <c>naming.GetName</c> does;
/// otherwise <c>restore-&lt;restore UID&gt;-&lt;volume&gt;</c>.
/// </summary>
internal static class RestoredNames
{
    /// <summary>The longest object name that is also a DNS label.</summary>
    public const int MaxLength = 63;

    public static string For(VirtualMachineRestore restore, string volumeName, string originalClaimName)
    {
        if (restore.Spec.VolumeRestoreOverrides?.FirstOrDefault(o => o.VolumeName == volumeName) is { RestoreName: { Length: > 0 } overridden })
        {
            return overridden;
        }

        return restore.Spec.VolumeRestorePolicy switch
        {
            SnapshotApi.VolumeRestoreInPlace => originalClaimName,
            SnapshotApi.VolumeRestorePrefixTargetName => Shorten(restore.Spec.Target.Name, volumeName, MaxLength),
            _ => SnapshotApi.RestoredClaimName(restore.Metadata.Uid, volumeName),
        };
    }

    /// <summary>
    /// <c>base-suffix</c> when it fits <paramref name="maxLength"/>; else the base truncated, the 8-hex FNV-32a hash of
    /// the base, then the suffix; a suffix too long for that is dropped for the hash of the whole name.
    /// </summary>
    public static string Shorten(string name, string suffix, int maxLength)
    {
        var joined = $"{name}-{suffix}";
        if (joined.Length <= maxLength)
        {
            return joined;
        }

        var baseLength = maxLength - 10 - suffix.Length;
        if (baseLength < 0)
        {
            var prefix = name[..Math.Min(name.Length, Math.Max(0, maxLength - 9))];
            var shortened = $"{prefix}-{Fnv32a(joined)}";
            return shortened[..Math.Min(maxLength, shortened.Length)];
        }

        return $"{name[..baseLength]}-{Fnv32a(name)}-{suffix}";
    }

    private static string Fnv32a(string text)
    {
        var hash = 2166136261u;
        foreach (var b in Encoding.UTF8.GetBytes(text))
        {
            hash = (hash ^ b) * 16777619u;
        }

        return hash.ToString("x8", CultureInfo.InvariantCulture);
    }
}
