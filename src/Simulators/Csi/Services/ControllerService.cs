using Csi.V1;
using Grpc.Core;
using Harness.Simulators.Csi.Errors;
using Harness.Simulators.Csi.Faults;
using Harness.Simulators.Csi.Storage;
using Microsoft.Extensions.Logging;

namespace Harness.Simulators.Csi.Services;

/// <summary>CSI Controller: volumes (also from a snapshot or a volume) and snapshots on the <see cref="VolumeStore"/>, with the faults in force.</summary>
internal sealed partial class ControllerService(
    CsiDriverSimulatorOptions options,
    VolumeStore store,
    InjectedFaults faults,
    DriverLifecycle lifecycle,
    ILogger<ControllerService> logger) : Controller.ControllerBase
{
    public override Task<ControllerGetCapabilitiesResponse> ControllerGetCapabilities(ControllerGetCapabilitiesRequest request, ServerCallContext context)
    {
        lifecycle.EnsureRunning();
        var response = new ControllerGetCapabilitiesResponse
        {
            Capabilities =
            {
                Capability(ControllerServiceCapability.Types.RPC.Types.Type.CreateDeleteVolume),
                Capability(ControllerServiceCapability.Types.RPC.Types.Type.CloneVolume),
            },
        };
        (bool Offered, ControllerServiceCapability.Types.RPC.Types.Type Type)[] optional =
        [
            (options.SnapshotsSupported, ControllerServiceCapability.Types.RPC.Types.Type.CreateDeleteSnapshot),
            (options.SnapshotsSupported, ControllerServiceCapability.Types.RPC.Types.Type.ListSnapshots),
            (options.ListVolumesSupported, ControllerServiceCapability.Types.RPC.Types.Type.ListVolumes),
            (options.GetCapacitySupported, ControllerServiceCapability.Types.RPC.Types.Type.GetCapacity),
            (options.ExpansionSupported, ControllerServiceCapability.Types.RPC.Types.Type.ExpandVolume),
            (options.ControllerPublishSupported, ControllerServiceCapability.Types.RPC.Types.Type.PublishUnpublishVolume),
            (options.ControllerPublishSupported, ControllerServiceCapability.Types.RPC.Types.Type.PublishReadonly),
            (options.ModifyVolumeSupported, ControllerServiceCapability.Types.RPC.Types.Type.ModifyVolume),
        ];
        response.Capabilities.AddRange(optional.Where(c => c.Offered).Select(c => Capability(c.Type)));
        return Task.FromResult(response);
    }

    public override async Task<CreateVolumeResponse> CreateVolume(CreateVolumeRequest request, ServerCallContext context)
    {
        lifecycle.EnsureRunning();
        Require.Field(request.Name, "name");
        VolumeCapabilityRules.Validate(request.VolumeCapabilities, "volume_capabilities");
        var (required, limit) = Require.Range(request.CapacityRange);
        RequireMutableParameters(request.MutableParameters);

        string? sourceSnapshot = null;
        string? sourceVolume = null;
        switch (request.VolumeContentSource?.TypeCase)
        {
            case VolumeContentSource.TypeOneofCase.Snapshot:
                if (!options.SnapshotsSupported)
                {
                    throw CsiErrors.InvalidArgument($"driver {options.DriverName} does not support snapshots as a volume source");
                }

                sourceSnapshot = request.VolumeContentSource.Snapshot.SnapshotId;
                Require.Field(sourceSnapshot, "volume_content_source.snapshot.snapshot_id");
                break;
            case VolumeContentSource.TypeOneofCase.Volume:
                sourceVolume = request.VolumeContentSource.Volume.VolumeId;
                Require.Field(sourceVolume, "volume_content_source.volume.volume_id");
                break;
            case VolumeContentSource.TypeOneofCase.None:
                throw CsiErrors.InvalidArgument("volume_content_source names no source");
        }

        if (faults.Faults.CreateVolumeError is { } error && faults.Random.Chance(faults.Faults.CreateVolumeErrorProbability))
        {
            await faults.InjectedAsync(CsiFaults.CreateVolumeFailsFault, request.Name, error.ToString());
            throw new RpcException(new Status(error, $"injected fault: CreateVolume {request.Name} fails with {error}"));
        }

        var (volume, created) = store.CreateVolume(new VolumeRequest(
            request.Name,
            required,
            limit,
            new SortedDictionary<string, string>(request.Parameters, StringComparer.Ordinal),
            new SortedDictionary<string, string>(request.MutableParameters, StringComparer.Ordinal),
            sourceSnapshot,
            sourceVolume));
        if (created)
        {
            logger.LogInformation("CreateVolume {Name} -> {VolumeId} capacity={Capacity} snapshot={SourceSnapshot} volume={SourceVolume}", request.Name, volume.Id, volume.CapacityBytes, sourceSnapshot, sourceVolume);
        }

        return new CreateVolumeResponse
        {
            Volume = new Volume
            {
                VolumeId = volume.Id,
                CapacityBytes = volume.CapacityBytes,
                ContentSource = request.VolumeContentSource,
            },
        };
    }

    public override Task<DeleteVolumeResponse> DeleteVolume(DeleteVolumeRequest request, ServerCallContext context)
    {
        lifecycle.EnsureRunning();
        Require.Field(request.VolumeId, "volume_id");
        if (store.DeleteVolume(request.VolumeId))
        {
            logger.LogInformation("DeleteVolume {VolumeId}", request.VolumeId);
        }

        return Task.FromResult(new DeleteVolumeResponse());
    }

    public override Task<ValidateVolumeCapabilitiesResponse> ValidateVolumeCapabilities(ValidateVolumeCapabilitiesRequest request, ServerCallContext context)
    {
        lifecycle.EnsureRunning();
        Require.Field(request.VolumeId, "volume_id");
        VolumeCapabilityRules.Validate(request.VolumeCapabilities, "volume_capabilities");
        if (store.FindVolume(request.VolumeId) is null)
        {
            throw CsiErrors.NotFound($"volume {request.VolumeId} does not exist");
        }

        return Task.FromResult(new ValidateVolumeCapabilitiesResponse
        {
            Confirmed = new ValidateVolumeCapabilitiesResponse.Types.Confirmed
            {
                VolumeCapabilities = { request.VolumeCapabilities },
                VolumeContext = { request.VolumeContext },
                Parameters = { request.Parameters },
            },
        });
    }

    /// <summary>A VolumeAttributesClass's parameters: only with MODIFY_VOLUME, only the keys this driver knows.</summary>
    private void RequireMutableParameters(IReadOnlyDictionary<string, string> mutableParameters)
    {
        if (mutableParameters.Count == 0)
        {
            return;
        }

        if (!options.ModifyVolumeSupported)
        {
            throw CsiErrors.InvalidArgument($"driver {options.DriverName} does not support mutable parameters");
        }

        if (mutableParameters.Keys.FirstOrDefault(k => !options.MutableParameterKeys.Contains(k)) is { } unknown)
        {
            throw CsiErrors.InvalidArgument($"mutable parameter {unknown} is not supported (supported: {string.Join(", ", options.MutableParameterKeys)})");
        }
    }

    private static ControllerServiceCapability Capability(ControllerServiceCapability.Types.RPC.Types.Type type) =>
        new() { Rpc = new ControllerServiceCapability.Types.RPC { Type = type } };
}
