namespace Harness.Simulators.KubeVirt.Cdi;

/// <summary>
/// Moves the bytes of a host-assisted clone, as CDI's source pod (reading the source claim's volume) and upload pod
/// (writing the target's) do: after the copy the target volume holds the source volume's content. In-process it reads
/// and writes the CSI simulator's volumes; live it publishes both volumes through the driver's Node service and copies
/// the published files.
/// </summary>
public interface IVolumeCopier
{
    /// <summary>Copies <paramref name="source"/>'s content onto the new, empty <paramref name="target"/> (at least as large).</summary>
    Task CopyAsync(ClaimVolume source, ClaimVolume target, CancellationToken cancellationToken);
}
