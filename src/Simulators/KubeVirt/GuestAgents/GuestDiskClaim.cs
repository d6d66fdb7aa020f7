namespace Harness.Simulators.KubeVirt.GuestAgents;

/// <summary>One disk of a VMI backed by a PersistentVolumeClaim (PVC or DataVolume volume).</summary>
/// <param name="VolumeName">The volume's name in the VMI spec.</param>
/// <param name="ClaimName">The PVC's name.</param>
/// <param name="VolumeHandle">The CSI volume handle of the bound PersistentVolume, when known.</param>
/// <param name="Driver">The CSI driver of the bound PersistentVolume, when known.</param>
public sealed record GuestDiskClaim(string VolumeName, string ClaimName, string? VolumeHandle, string? Driver);
