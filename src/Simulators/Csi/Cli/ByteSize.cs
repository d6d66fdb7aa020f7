using k8s.Models;

namespace Harness.Simulators.Csi.Cli;

/// <summary>Sizes written as Kubernetes quantities: <c>1Gi</c>, <c>512Mi</c>, <c>10G</c>, <c>4096</c>.</summary>
internal static class ByteSize
{
    public static long Parse(string text, string option)
    {
        long bytes;
        try
        {
            bytes = new ResourceQuantity(text).ToInt64();
        }
        catch (Exception e) when (e is FormatException or ArgumentException or OverflowException)
        {
            throw new FormatException($"{option}: '{text}' is not a size (examples: 1Gi, 512Mi, 4096)", e);
        }

        return bytes >= 0 ? bytes : throw new FormatException($"{option}: '{text}' is negative");
    }
}
