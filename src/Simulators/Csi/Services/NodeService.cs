using Csi.V1;
using Grpc.Core;
using Harness.Simulators.Csi.Errors;
using Harness.Simulators.Csi.Storage;
using Microsoft.Extensions.Logging;

namespace Harness.Simulators.Csi.Services;

/// <summary>CSI Node: stages a volume, publishes it as a file at the target path (see <see cref="Publication"/>), reports and grows what the node sees.</summary>
internal sealed partial class NodeService(
    CsiDriverSimulatorOptions options,
    VolumeStore store,
    DriverLifecycle lifecycle,
    ILogger<NodeService> logger) : Node.NodeBase
{
    public override Task<NodeGetInfoResponse> NodeGetInfo(NodeGetInfoRequest request, ServerCallContext context)
    {
        lifecycle.EnsureRunning();
        return Task.FromResult(new NodeGetInfoResponse { NodeId = options.NodeId, MaxVolumesPerNode = options.MaxVolumesPerNode });
    }

    public override Task<NodeGetCapabilitiesResponse> NodeGetCapabilities(NodeGetCapabilitiesRequest request, ServerCallContext context)
    {
        lifecycle.EnsureRunning();
        (bool Offered, NodeServiceCapability.Types.RPC.Types.Type Type)[] optional =
        [
            (options.StageUnstageSupported, NodeServiceCapability.Types.RPC.Types.Type.StageUnstageVolume),
            (options.VolumeStatsSupported, NodeServiceCapability.Types.RPC.Types.Type.GetVolumeStats),
            (options.ExpansionSupported, NodeServiceCapability.Types.RPC.Types.Type.ExpandVolume),
        ];
        return Task.FromResult(new NodeGetCapabilitiesResponse
        {
            Capabilities =
            {
                optional.Where(c => c.Offered).Select(c => new NodeServiceCapability { Rpc = new NodeServiceCapability.Types.RPC { Type = c.Type } }),
            },
        });
    }

    public override Task<NodePublishVolumeResponse> NodePublishVolume(NodePublishVolumeRequest request, ServerCallContext context)
    {
        lifecycle.EnsureRunning();
        Require.Field(request.VolumeId, "volume_id");
        Require.Field(request.TargetPath, "target_path");
        VolumeCapabilityRules.Validate(request.VolumeCapability, "volume_capability");
        RequireAbsolute(request.TargetPath, "target_path");

        var publication = new Publication(
            Path.TrimEndingDirectorySeparator(request.TargetPath),
            request.VolumeCapability.AccessTypeCase == VolumeCapability.AccessTypeOneofCase.Block,
            request.Readonly);
        store.Publish(request.VolumeId, publication, Path.TrimEndingDirectorySeparator(request.StagingTargetPath));
        logger.LogInformation("NodePublishVolume {VolumeId} at {TargetPath} readonly={Readonly}", request.VolumeId, publication.TargetPath, request.Readonly);
        return Task.FromResult(new NodePublishVolumeResponse());
    }

    public override Task<NodeUnpublishVolumeResponse> NodeUnpublishVolume(NodeUnpublishVolumeRequest request, ServerCallContext context)
    {
        lifecycle.EnsureRunning();
        Require.Field(request.VolumeId, "volume_id");
        Require.Field(request.TargetPath, "target_path");
        if (store.Unpublish(request.VolumeId, Path.TrimEndingDirectorySeparator(request.TargetPath)))
        {
            logger.LogInformation("NodeUnpublishVolume {VolumeId} from {TargetPath}", request.VolumeId, request.TargetPath);
        }

        return Task.FromResult(new NodeUnpublishVolumeResponse());
    }

    private static void RequireAbsolute(string path, string field)
    {
        if (!Path.IsPathFullyQualified(path))
        {
            throw CsiErrors.InvalidArgument($"{field} {path} is not an absolute path");
        }
    }
}
