using Csi.V1;
using Grpc.Core;
using Harness.Simulators.Csi.Errors;
using Harness.Simulators.Csi.Storage;
using Microsoft.Extensions.Logging;

namespace Harness.Simulators.Csi.Services;

/// <summary>CSI GroupController: snapshots of several volumes cut at one instant, created, read and deleted as one.</summary>
internal sealed class GroupControllerService(
    CsiDriverSimulatorOptions options,
    VolumeStore store,
    InjectedFaults faults,
    DriverLifecycle lifecycle,
    ILogger<GroupControllerService> logger) : GroupController.GroupControllerBase
{
    public override Task<GroupControllerGetCapabilitiesResponse> GroupControllerGetCapabilities(GroupControllerGetCapabilitiesRequest request, ServerCallContext context)
    {
        lifecycle.EnsureRunning();
        RequireGroupSnapshots();
        return Task.FromResult(new GroupControllerGetCapabilitiesResponse
        {
            Capabilities =
            {
                new GroupControllerServiceCapability
                {
                    Rpc = new GroupControllerServiceCapability.Types.RPC { Type = GroupControllerServiceCapability.Types.RPC.Types.Type.CreateDeleteGetVolumeGroupSnapshot },
                },
            },
        });
    }

    public override async Task<CreateVolumeGroupSnapshotResponse> CreateVolumeGroupSnapshot(CreateVolumeGroupSnapshotRequest request, ServerCallContext context)
    {
        lifecycle.EnsureRunning();
        RequireGroupSnapshots();
        Require.Field(request.Name, "name");
        if (request.SourceVolumeIds.Count == 0)
        {
            throw CsiErrors.InvalidArgument("source_volume_ids is required");
        }

        if (request.SourceVolumeIds.Any(id => id.Length == 0) || request.SourceVolumeIds.Distinct(StringComparer.Ordinal).Count() != request.SourceVolumeIds.Count)
        {
            throw CsiErrors.InvalidArgument("source_volume_ids must name distinct volumes");
        }

        if (faults.Faults.CreateSnapshotError is { } error && faults.Random.Chance(faults.Faults.CreateSnapshotErrorProbability))
        {
            await faults.InjectedAsync(Faults.CsiFaults.CreateSnapshotFailsFault, request.Name, error.ToString());
            throw new RpcException(new Status(error, $"injected fault: CreateVolumeGroupSnapshot {request.Name} fails with {error}"));
        }

        var (group, created) = store.CreateGroupSnapshot(
            request.Name,
            [.. request.SourceVolumeIds],
            new SortedDictionary<string, string>(request.Parameters, StringComparer.Ordinal),
            faults.PlanLifecycle);
        if (created)
        {
            logger.LogInformation("CreateVolumeGroupSnapshot {Name} -> {GroupSnapshotId} of {SourceVolumeIds}", request.Name, group.Id, request.SourceVolumeIds);
            foreach (var snapshot in group.Snapshots)
            {
                await faults.ReportPlannedAsync(snapshot.Id);
            }
        }

        return new CreateVolumeGroupSnapshotResponse { GroupSnapshot = SnapshotProto.From(group) };
    }

    public override Task<GetVolumeGroupSnapshotResponse> GetVolumeGroupSnapshot(GetVolumeGroupSnapshotRequest request, ServerCallContext context)
    {
        lifecycle.EnsureRunning();
        RequireGroupSnapshots();
        Require.Field(request.GroupSnapshotId, "group_snapshot_id");
        var group = store.GetGroupSnapshot(request.GroupSnapshotId, [.. request.SnapshotIds]);
        return Task.FromResult(new GetVolumeGroupSnapshotResponse { GroupSnapshot = SnapshotProto.From(group) });
    }

    public override Task<DeleteVolumeGroupSnapshotResponse> DeleteVolumeGroupSnapshot(DeleteVolumeGroupSnapshotRequest request, ServerCallContext context)
    {
        lifecycle.EnsureRunning();
        RequireGroupSnapshots();
        Require.Field(request.GroupSnapshotId, "group_snapshot_id");
        if (store.DeleteGroupSnapshot(request.GroupSnapshotId, [.. request.SnapshotIds]))
        {
            logger.LogInformation("DeleteVolumeGroupSnapshot {GroupSnapshotId}", request.GroupSnapshotId);
        }

        return Task.FromResult(new DeleteVolumeGroupSnapshotResponse());
    }

    private void RequireGroupSnapshots() => Require.Capability(options.ServesGroupSnapshots, options, "volume group snapshots");
}
