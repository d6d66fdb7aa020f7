namespace Harness.Simulators.Csi.Storage;

/// <summary>NodeStageVolume: the volume is made ready on the node at the CO's staging directory, which the driver leaves as it found it.</summary>
internal sealed record Staging(string StagingPath, bool Block);
