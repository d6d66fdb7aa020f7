using Csi.V1;

namespace Harness.Simulators.Csi.Kubelet;

/// <summary>A volume the node has published for a pod: where, staged where (if the driver stages), and as what.</summary>
/// <param name="StagingPath">The staging path, or <see langword="null"/> when the volume was published without NodeStageVolume.</param>
public sealed record NodeMount(string Driver, string VolumeHandle, string TargetPath, string? StagingPath, VolumeCapability Capability);
