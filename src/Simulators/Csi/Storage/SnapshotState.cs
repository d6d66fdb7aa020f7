namespace Harness.Simulators.Csi.Storage;

/// <summary>What a snapshot looks like to the driver's clients at a given moment.</summary>
internal enum SnapshotState
{
    Pending,
    Ready,
    Errored,
    Lost,
}
