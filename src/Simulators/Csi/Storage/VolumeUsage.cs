namespace Harness.Simulators.Csi.Storage;

/// <summary>NodeGetVolumeStats: the size the node sees and the bytes written (non-zero blocks) in it.</summary>
internal sealed record VolumeUsage(long TotalBytes, long UsedBytes)
{
    public long AvailableBytes => Math.Max(0, TotalBytes - UsedBytes);
}
