using Harness.Api.Snapshots;

namespace Harness.Controller.Snapshots.Content;

/// <summary>
/// What one content pass saw of its VolumeSnapshots: their statuses, whether all are cut (have a creation time)
/// and ready, the aggregated error, or the freeze error that stopped the pass before any VolumeSnapshot was made.
/// </summary>
internal sealed record ContentPass(List<ContentVolumeSnapshotStatus> Statuses, bool Created, bool Ready, string? ErrorMessage, string? FreezeError);
