namespace Harness.Simulators.KubeVirt.Cdi;

/// <summary>The CSI volume a claim is bound to.</summary>
/// <param name="Claim">The claim, as <c>namespace/name</c>.</param>
/// <param name="Driver">The CSI driver of the bound PersistentVolume.</param>
/// <param name="VolumeHandle">The CSI volume handle of the bound PersistentVolume.</param>
public sealed record ClaimVolume(string Claim, string Driver, string VolumeHandle);
