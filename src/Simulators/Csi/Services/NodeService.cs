using Csi.V1;
using Grpc.Core;
using Harness.Simulators.Csi.Errors;
using Harness.Simulators.Csi.Storage;
using Microsoft.Extensions.Logging;

namespace Harness.Simulators.Csi.Services;

/// <summary>CSI Node: publishes a volume as a file at the target path (see <see cref="Publication"/>).</summary>
internal sealed class NodeService(
    CsiDriverSimulatorOptions options,
    VolumeStore store,
    DriverLifecycle lifecycle,
    ILogger<NodeService> logger) : Node.NodeBase
{
    public override Task<NodeGetInfoResponse> NodeGetInfo(NodeGetInfoRequest request, ServerCallContext context)
    {
        lifecycle.EnsureRunning();
        return Task.FromResult(new NodeGetInfoResponse { NodeId = options.NodeId });
    }

    public override Task<NodeGetCapabilitiesResponse> NodeGetCapabilities(NodeGetCapabilitiesRequest request, ServerCallContext context)
    {
        lifecycle.EnsureRunning();
        return Task.FromResult(new NodeGetCapabilitiesResponse());
    }

    public override Task<NodePublishVolumeResponse> NodePublishVolume(NodePublishVolumeRequest request, ServerCallContext context)
    {
        lifecycle.EnsureRunning();
        RequireField(request.VolumeId, "volume_id");
        RequireField(request.TargetPath, "target_path");
        VolumeCapabilityRules.Validate(request.VolumeCapability, "volume_capability");
        if (!Path.IsPathFullyQualified(request.TargetPath))
        {
            throw CsiErrors.InvalidArgument($"target_path {request.TargetPath} is not an absolute path");
        }

        var publication = new Publication(
            Path.TrimEndingDirectorySeparator(request.TargetPath),
            request.VolumeCapability.AccessTypeCase == VolumeCapability.AccessTypeOneofCase.Block,
            request.Readonly);
        store.Publish(request.VolumeId, publication);
        logger.LogInformation("NodePublishVolume {VolumeId} at {TargetPath} readonly={Readonly}", request.VolumeId, publication.TargetPath, request.Readonly);
        return Task.FromResult(new NodePublishVolumeResponse());
    }

    public override Task<NodeUnpublishVolumeResponse> NodeUnpublishVolume(NodeUnpublishVolumeRequest request, ServerCallContext context)
    {
        lifecycle.EnsureRunning();
        RequireField(request.VolumeId, "volume_id");
        RequireField(request.TargetPath, "target_path");
        if (store.Unpublish(request.VolumeId, Path.TrimEndingDirectorySeparator(request.TargetPath)))
        {
            logger.LogInformation("NodeUnpublishVolume {VolumeId} from {TargetPath}", request.VolumeId, request.TargetPath);
        }

        return Task.FromResult(new NodeUnpublishVolumeResponse());
    }

    private static void RequireField(string value, string field)
    {
        if (value.Length == 0)
        {
            throw CsiErrors.InvalidArgument($"{field} is required");
        }
    }
}
