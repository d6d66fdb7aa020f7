using Csi.V1;
using Grpc.Core;
using Harness.Simulators.Csi.Storage;
using Microsoft.Extensions.Logging;

namespace Harness.Simulators.Csi.Services;

internal sealed partial class NodeService
{
    public override Task<NodeStageVolumeResponse> NodeStageVolume(NodeStageVolumeRequest request, ServerCallContext context)
    {
        lifecycle.EnsureRunning();
        Require.Capability(options.StageUnstageSupported, options, "NodeStageVolume");
        Require.Field(request.VolumeId, "volume_id");
        Require.Field(request.StagingTargetPath, "staging_target_path");
        VolumeCapabilityRules.Validate(request.VolumeCapability, "volume_capability");
        RequireAbsolute(request.StagingTargetPath, "staging_target_path");
        var staging = new Staging(
            Path.TrimEndingDirectorySeparator(request.StagingTargetPath),
            request.VolumeCapability.AccessTypeCase == VolumeCapability.AccessTypeOneofCase.Block);
        store.Stage(request.VolumeId, staging);
        logger.LogInformation("NodeStageVolume {VolumeId} at {StagingPath}", request.VolumeId, staging.StagingPath);
        return Task.FromResult(new NodeStageVolumeResponse());
    }

    public override Task<NodeUnstageVolumeResponse> NodeUnstageVolume(NodeUnstageVolumeRequest request, ServerCallContext context)
    {
        lifecycle.EnsureRunning();
        Require.Capability(options.StageUnstageSupported, options, "NodeUnstageVolume");
        Require.Field(request.VolumeId, "volume_id");
        Require.Field(request.StagingTargetPath, "staging_target_path");
        if (store.Unstage(request.VolumeId, Path.TrimEndingDirectorySeparator(request.StagingTargetPath)))
        {
            logger.LogInformation("NodeUnstageVolume {VolumeId} from {StagingPath}", request.VolumeId, request.StagingTargetPath);
        }

        return Task.FromResult(new NodeUnstageVolumeResponse());
    }

    /// <summary>NodeGetVolumeStats: bytes only; the total is what the node sees (a mount volume's filesystem until NodeExpandVolume).</summary>
    public override Task<NodeGetVolumeStatsResponse> NodeGetVolumeStats(NodeGetVolumeStatsRequest request, ServerCallContext context)
    {
        lifecycle.EnsureRunning();
        Require.Capability(options.VolumeStatsSupported, options, "NodeGetVolumeStats");
        Require.Field(request.VolumeId, "volume_id");
        Require.Field(request.VolumePath, "volume_path");
        var usage = store.Usage(request.VolumeId, request.VolumePath);
        return Task.FromResult(new NodeGetVolumeStatsResponse
        {
            Usage =
            {
                new global::Csi.V1.VolumeUsage
                {
                    Unit = global::Csi.V1.VolumeUsage.Types.Unit.Bytes,
                    Total = usage.TotalBytes,
                    Used = usage.UsedBytes,
                    Available = usage.AvailableBytes,
                },
            },
        });
    }

    public override Task<NodeExpandVolumeResponse> NodeExpandVolume(NodeExpandVolumeRequest request, ServerCallContext context)
    {
        lifecycle.EnsureRunning();
        Require.Capability(options.ExpansionSupported, options, "NodeExpandVolume");
        Require.Field(request.VolumeId, "volume_id");
        Require.Field(request.VolumePath, "volume_path");
        var (required, _) = Require.Range(request.CapacityRange);
        var capacity = store.ExpandOnNode(request.VolumeId, request.VolumePath, required);
        logger.LogInformation("NodeExpandVolume {VolumeId} at {VolumePath} -> {Capacity}", request.VolumeId, request.VolumePath, capacity);
        return Task.FromResult(new NodeExpandVolumeResponse { CapacityBytes = capacity });
    }
}
