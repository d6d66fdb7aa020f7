using Csi.V1;
using Grpc.Core;
using Harness.Simulators.Csi.Errors;
using Microsoft.Extensions.Logging;

namespace Harness.Simulators.Csi.Services;

internal sealed partial class ControllerService
{
    public override Task<ControllerPublishVolumeResponse> ControllerPublishVolume(ControllerPublishVolumeRequest request, ServerCallContext context)
    {
        lifecycle.EnsureRunning();
        Require.Capability(options.ControllerPublishSupported, options, "ControllerPublishVolume");
        Require.Field(request.VolumeId, "volume_id");
        Require.Field(request.NodeId, "node_id");
        VolumeCapabilityRules.Validate(request.VolumeCapability, "volume_capability");
        var publishContext = store.Attach(request.VolumeId, request.NodeId, request.Readonly);
        logger.LogInformation("ControllerPublishVolume {VolumeId} to {NodeId} readonly={Readonly}", request.VolumeId, request.NodeId, request.Readonly);
        return Task.FromResult(new ControllerPublishVolumeResponse { PublishContext = { publishContext } });
    }

    public override Task<ControllerUnpublishVolumeResponse> ControllerUnpublishVolume(ControllerUnpublishVolumeRequest request, ServerCallContext context)
    {
        lifecycle.EnsureRunning();
        Require.Capability(options.ControllerPublishSupported, options, "ControllerUnpublishVolume");
        Require.Field(request.VolumeId, "volume_id");
        if (store.Detach(request.VolumeId, request.NodeId))
        {
            logger.LogInformation("ControllerUnpublishVolume {VolumeId} from {NodeId}", request.VolumeId, request.NodeId.Length > 0 ? request.NodeId : "every node");
        }

        return Task.FromResult(new ControllerUnpublishVolumeResponse());
    }

    public override Task<ListVolumesResponse> ListVolumes(ListVolumesRequest request, ServerCallContext context)
    {
        lifecycle.EnsureRunning();
        Require.Capability(options.ListVolumesSupported, options, "ListVolumes");
        Require.MaxEntries(request.MaxEntries);

        var (entries, nextToken) = store.ListVolumes(request.MaxEntries, request.StartingToken);
        var response = new ListVolumesResponse { NextToken = nextToken };
        response.Entries.AddRange(entries.Select(v => new ListVolumesResponse.Types.Entry
        {
            Volume = new Volume
            {
                VolumeId = v.Id,
                CapacityBytes = v.CapacityBytes,
                ContentSource = (v.SourceSnapshotId, v.SourceVolumeId) switch
                {
                    ({ } snapshot, _) => new VolumeContentSource { Snapshot = new VolumeContentSource.Types.SnapshotSource { SnapshotId = snapshot } },
                    (_, { } volume) => new VolumeContentSource { Volume = new VolumeContentSource.Types.VolumeSource { VolumeId = volume } },
                    _ => null,
                },
            },
        }));
        return Task.FromResult(response);
    }

    /// <summary>GetCapacity: one pool for every topology and parameter set; no volume larger than what is left or than the maximum volume size.</summary>
    public override Task<GetCapacityResponse> GetCapacity(GetCapacityRequest request, ServerCallContext context)
    {
        lifecycle.EnsureRunning();
        Require.Capability(options.GetCapacitySupported, options, "GetCapacity");
        if (request.VolumeCapabilities.Count > 0)
        {
            VolumeCapabilityRules.Validate(request.VolumeCapabilities, "volume_capabilities");
        }

        var available = Math.Max(0, store.AvailableCapacityBytes);
        return Task.FromResult(new GetCapacityResponse
        {
            AvailableCapacity = available,
            MaximumVolumeSize = Math.Min(available, options.MaxVolumeSizeBytes),
        });
    }

    public override Task<ControllerExpandVolumeResponse> ControllerExpandVolume(ControllerExpandVolumeRequest request, ServerCallContext context)
    {
        lifecycle.EnsureRunning();
        Require.Capability(options.ExpansionSupported, options, "ControllerExpandVolume");
        Require.Field(request.VolumeId, "volume_id");
        if (request.CapacityRange is null)
        {
            throw CsiErrors.InvalidArgument("capacity_range is required");
        }

        var (required, limit) = Require.Range(request.CapacityRange);
        bool? block = null;
        if (request.VolumeCapability is { } capability)
        {
            VolumeCapabilityRules.Validate(capability, "volume_capability");
            block = capability.AccessTypeCase == VolumeCapability.AccessTypeOneofCase.Block;
        }

        var (capacity, nodeExpansionRequired) = store.Expand(request.VolumeId, required > 0 ? required : limit, block);
        if (limit > 0 && capacity > limit)
        {
            throw CsiErrors.OutOfRange($"volume {request.VolumeId} already has {capacity} bytes, more than limit_bytes {limit}");
        }

        logger.LogInformation("ControllerExpandVolume {VolumeId} -> {Capacity} nodeExpansionRequired={NodeExpansionRequired}", request.VolumeId, capacity, nodeExpansionRequired);
        return Task.FromResult(new ControllerExpandVolumeResponse { CapacityBytes = capacity, NodeExpansionRequired = nodeExpansionRequired });
    }

    public override Task<ControllerModifyVolumeResponse> ControllerModifyVolume(ControllerModifyVolumeRequest request, ServerCallContext context)
    {
        lifecycle.EnsureRunning();
        Require.Capability(options.ModifyVolumeSupported, options, "ControllerModifyVolume");
        Require.Field(request.VolumeId, "volume_id");
        RequireMutableParameters(request.MutableParameters);
        store.Modify(request.VolumeId, request.MutableParameters);
        logger.LogInformation("ControllerModifyVolume {VolumeId} {MutableParameters}", request.VolumeId, request.MutableParameters);
        return Task.FromResult(new ControllerModifyVolumeResponse());
    }
}
