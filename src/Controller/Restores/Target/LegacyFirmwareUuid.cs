using System.Security.Cryptography;
using System.Text;

namespace Harness.Controller.Restores.Target;

/// <summary>
/// The firmware UUID KubeVirt derives from a VM's name when the VM sets none (<c>CalculateLegacyUUID</c>): a
/// name-based UUID, version 5 (SHA-1, RFC 4122 §4.3), of the name in KubeVirt's fixed namespace.
/// </summary>
internal static class LegacyFirmwareUuid
{
    private static readonly Guid Namespace = new("6a1a24a1-4061-4607-8bf4-a3963d0c5895");

    public static string Of(string vmName)
    {
        var space = Namespace.ToByteArray(bigEndian: true);
        var name = Encoding.UTF8.GetBytes(vmName);
#pragma warning disable CA5350 // RFC 4122 version 5 is defined on SHA-1; this is an identifier, not a signature.
        var hash = SHA1.HashData([.. space, .. name]);
#pragma warning restore CA5350
        var bytes = hash[..16];
        bytes[6] = (byte)((bytes[6] & 0x0F) | 0x50);
        bytes[8] = (byte)((bytes[8] & 0x3F) | 0x80);
        return new Guid(bytes, bigEndian: true).ToString();
    }
}
