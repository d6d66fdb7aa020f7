using Csi.V1;
using Grpc.Core;
using Harness.Simulators.Csi.Errors;
using Harness.Simulators.Csi.Faults;
using Harness.Simulators.Csi.Storage;
using Microsoft.Extensions.Logging;

namespace Harness.Simulators.Csi.Services;

internal sealed partial class ControllerService
{
    public override async Task<CreateSnapshotResponse> CreateSnapshot(CreateSnapshotRequest request, ServerCallContext context)
    {
        lifecycle.EnsureRunning();
        Require.Capability(options.SnapshotsSupported, options, "snapshots");
        Require.Field(request.Name, "name");
        Require.Field(request.SourceVolumeId, "source_volume_id");
        if (faults.Faults.CreateSnapshotError is { } error && faults.Random.Chance(faults.Faults.CreateSnapshotErrorProbability))
        {
            await faults.InjectedAsync(CsiFaults.CreateSnapshotFailsFault, request.Name, error.ToString());
            throw new RpcException(new Status(error, $"injected fault: CreateSnapshot {request.Name} fails with {error}"));
        }

        var (snapshot, created) = store.CreateSnapshot(
            request.Name,
            request.SourceVolumeId,
            new SortedDictionary<string, string>(request.Parameters, StringComparer.Ordinal),
            faults.PlanLifecycle);
        if (created)
        {
            logger.LogInformation("CreateSnapshot {Name} -> {SnapshotId} of {SourceVolumeId} size={Size}", request.Name, snapshot.Id, snapshot.SourceVolumeId, snapshot.SizeBytes);
            await faults.ReportPlannedAsync(snapshot.Id);
        }

        var latency = faults.Random.Between(faults.Faults.CreateSnapshotLatencyMin, faults.Faults.CreateSnapshotLatencyMax);
        if (latency > TimeSpan.Zero)
        {
            await faults.InjectedAsync(CsiFaults.CreateSnapshotLatencyFault, snapshot.Id, latency.ToString());
            await faults.DelayAsync(latency, context.CancellationToken);
        }

        return new CreateSnapshotResponse { Snapshot = SnapshotProto.From(snapshot) };
    }

    public override Task<DeleteSnapshotResponse> DeleteSnapshot(DeleteSnapshotRequest request, ServerCallContext context)
    {
        lifecycle.EnsureRunning();
        Require.Capability(options.SnapshotsSupported, options, "snapshots");
        Require.Field(request.SnapshotId, "snapshot_id");
        if (store.DeleteSnapshot(request.SnapshotId))
        {
            logger.LogInformation("DeleteSnapshot {SnapshotId}", request.SnapshotId);
        }

        return Task.FromResult(new DeleteSnapshotResponse());
    }

    public override Task<ListSnapshotsResponse> ListSnapshots(ListSnapshotsRequest request, ServerCallContext context)
    {
        lifecycle.EnsureRunning();
        Require.Capability(options.SnapshotsSupported, options, "snapshots");
        Require.MaxEntries(request.MaxEntries);

        var page = store.ListSnapshots(request.MaxEntries, request.StartingToken, request.SourceVolumeId, request.SnapshotId);
        if (request.SnapshotId.Length > 0 && page.Entries is [{ State: SnapshotState.Errored } errored])
        {
            throw CsiErrors.Internal($"snapshot {errored.Id} is in error on the storage backend");
        }

        var response = new ListSnapshotsResponse { NextToken = page.NextToken };
        response.Entries.AddRange(page.Entries.Select(s => new ListSnapshotsResponse.Types.Entry { Snapshot = SnapshotProto.From(s) }));
        return Task.FromResult(response);
    }
}
