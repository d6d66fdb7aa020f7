using Csi.V1;
using Google.Protobuf.WellKnownTypes;
using Grpc.Core;
using Harness.Simulators.Csi.Errors;
using Harness.Simulators.Csi.Faults;
using Harness.Simulators.Csi.Storage;
using Microsoft.Extensions.Logging;

namespace Harness.Simulators.Csi.Services;

/// <summary>CSI Controller: volumes (also from a snapshot or a volume) and snapshots on the <see cref="VolumeStore"/>, with the faults in force.</summary>
internal sealed class ControllerService(
    CsiDriverSimulatorOptions options,
    VolumeStore store,
    CsiFaults faults,
    FaultRandom random,
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
        if (options.SnapshotsSupported)
        {
            response.Capabilities.Add(Capability(ControllerServiceCapability.Types.RPC.Types.Type.CreateDeleteSnapshot));
            response.Capabilities.Add(Capability(ControllerServiceCapability.Types.RPC.Types.Type.ListSnapshots));
        }

        return Task.FromResult(response);
    }

    public override async Task<CreateVolumeResponse> CreateVolume(CreateVolumeRequest request, ServerCallContext context)
    {
        lifecycle.EnsureRunning();
        RequireField(request.Name, "name");
        VolumeCapabilityRules.Validate(request.VolumeCapabilities, "volume_capabilities");
        var required = request.CapacityRange?.RequiredBytes ?? 0;
        var limit = request.CapacityRange?.LimitBytes ?? 0;
        if (required < 0 || limit < 0)
        {
            throw CsiErrors.InvalidArgument("capacity_range must not be negative");
        }

        if (limit > 0 && required > limit)
        {
            throw CsiErrors.InvalidArgument($"capacity_range: required_bytes {required} exceeds limit_bytes {limit}");
        }

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
                RequireField(sourceSnapshot, "volume_content_source.snapshot.snapshot_id");
                break;
            case VolumeContentSource.TypeOneofCase.Volume:
                sourceVolume = request.VolumeContentSource.Volume.VolumeId;
                RequireField(sourceVolume, "volume_content_source.volume.volume_id");
                break;
            case VolumeContentSource.TypeOneofCase.None:
                throw CsiErrors.InvalidArgument("volume_content_source names no source");
        }

        if (faults.CreateVolumeError is { } error && random.Chance(faults.CreateVolumeErrorProbability))
        {
            await InjectedAsync(CsiFaults.CreateVolumeFailsFault, request.Name, error.ToString());
            throw new RpcException(new Status(error, $"injected fault: CreateVolume {request.Name} fails with {error}"));
        }

        var (volume, created) = store.CreateVolume(new VolumeRequest(
            request.Name,
            required,
            limit,
            new SortedDictionary<string, string>(request.Parameters, StringComparer.Ordinal),
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
        RequireField(request.VolumeId, "volume_id");
        if (store.DeleteVolume(request.VolumeId))
        {
            logger.LogInformation("DeleteVolume {VolumeId}", request.VolumeId);
        }

        return Task.FromResult(new DeleteVolumeResponse());
    }

    public override Task<ValidateVolumeCapabilitiesResponse> ValidateVolumeCapabilities(ValidateVolumeCapabilitiesRequest request, ServerCallContext context)
    {
        lifecycle.EnsureRunning();
        RequireField(request.VolumeId, "volume_id");
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

    public override async Task<CreateSnapshotResponse> CreateSnapshot(CreateSnapshotRequest request, ServerCallContext context)
    {
        lifecycle.EnsureRunning();
        RequireSnapshots();
        RequireField(request.Name, "name");
        RequireField(request.SourceVolumeId, "source_volume_id");
        if (faults.CreateSnapshotError is { } error && random.Chance(faults.CreateSnapshotErrorProbability))
        {
            await InjectedAsync(CsiFaults.CreateSnapshotFailsFault, request.Name, error.ToString());
            throw new RpcException(new Status(error, $"injected fault: CreateSnapshot {request.Name} fails with {error}"));
        }

        var (snapshot, created) = store.CreateSnapshot(
            request.Name,
            request.SourceVolumeId,
            new SortedDictionary<string, string>(request.Parameters, StringComparer.Ordinal),
            PlanLifecycle);
        if (created)
        {
            logger.LogInformation("CreateSnapshot {Name} -> {SnapshotId} of {SourceVolumeId} size={Size}", request.Name, snapshot.Id, snapshot.SourceVolumeId, snapshot.SizeBytes);
            await ReportPlannedFaultsAsync(snapshot.Id);
        }

        var latency = random.Between(faults.CreateSnapshotLatencyMin, faults.CreateSnapshotLatencyMax);
        if (latency > TimeSpan.Zero)
        {
            await InjectedAsync(CsiFaults.CreateSnapshotLatencyFault, snapshot.Id, latency.ToString());
            await DelayAsync(latency, context.CancellationToken);
        }

        return new CreateSnapshotResponse { Snapshot = ToProto(snapshot) };
    }

    public override Task<DeleteSnapshotResponse> DeleteSnapshot(DeleteSnapshotRequest request, ServerCallContext context)
    {
        lifecycle.EnsureRunning();
        RequireSnapshots();
        RequireField(request.SnapshotId, "snapshot_id");
        if (store.DeleteSnapshot(request.SnapshotId))
        {
            logger.LogInformation("DeleteSnapshot {SnapshotId}", request.SnapshotId);
        }

        return Task.FromResult(new DeleteSnapshotResponse());
    }

    public override Task<ListSnapshotsResponse> ListSnapshots(ListSnapshotsRequest request, ServerCallContext context)
    {
        lifecycle.EnsureRunning();
        RequireSnapshots();
        if (request.MaxEntries < 0)
        {
            throw CsiErrors.InvalidArgument("max_entries must not be negative");
        }

        var page = store.ListSnapshots(request.MaxEntries, request.StartingToken, request.SourceVolumeId, request.SnapshotId);
        if (request.SnapshotId.Length > 0 && page.Entries is [{ State: SnapshotState.Errored } errored])
        {
            throw CsiErrors.Internal($"snapshot {errored.Id} is in error on the storage backend");
        }

        var response = new ListSnapshotsResponse { NextToken = page.NextToken };
        response.Entries.AddRange(page.Entries.Select(s => new ListSnapshotsResponse.Types.Entry { Snapshot = ToProto(s) }));
        return Task.FromResult(response);
    }

    private SnapshotLifecycle PlanLifecycle(DateTimeOffset cut)
    {
        var readyAt = cut + faults.SnapshotReadyDelay;
        return new SnapshotLifecycle(
            readyAt,
            faults.SnapshotNeverReady,
            faults.SnapshotErrorAfterReady is { } errorAfter ? readyAt + errorAfter : null,
            faults.SnapshotLostAfter is { } lostAfter ? cut + lostAfter : null);
    }

    private async ValueTask ReportPlannedFaultsAsync(string snapshotId)
    {
        if (faults.SnapshotNeverReady)
        {
            await InjectedAsync(CsiFaults.SnapshotNeverReadyFault, snapshotId, "ready_to_use stays false");
        }

        if (faults.SnapshotErrorAfterReady is { } errorAfter)
        {
            await InjectedAsync(CsiFaults.SnapshotErrorsAfterReadyFault, snapshotId, $"errors {errorAfter} after ready");
        }

        if (faults.SnapshotLostAfter is { } lostAfter)
        {
            await InjectedAsync(CsiFaults.SnapshotLostFault, snapshotId, $"vanishes {lostAfter} after the cut");
        }
    }

    private async Task DelayAsync(TimeSpan delay, CancellationToken callCancelled)
    {
        var crashed = lifecycle.Incarnation;
        using var both = CancellationTokenSource.CreateLinkedTokenSource(callCancelled, crashed);
        try
        {
            await Task.Delay(delay, options.TimeProvider, both.Token);
        }
        catch (OperationCanceledException) when (crashed.IsCancellationRequested)
        {
            throw CsiErrors.Unavailable("the CSI driver crashed while the call was in flight");
        }
    }

    private ValueTask InjectedAsync(string fault, string target, string detail)
    {
        logger.LogWarning("Injected fault {Fault} on {Target}: {Detail}", fault, target, detail);
        return faults.OnFaultInjected?.Invoke(new CsiFaultInjected(fault, target, detail)) ?? ValueTask.CompletedTask;
    }

    private void RequireSnapshots()
    {
        if (!options.SnapshotsSupported)
        {
            throw new RpcException(new Status(StatusCode.Unimplemented, $"driver {options.DriverName} does not support snapshots"));
        }
    }

    private static void RequireField(string value, string field)
    {
        if (value.Length == 0)
        {
            throw CsiErrors.InvalidArgument($"{field} is required");
        }
    }

    private static ControllerServiceCapability Capability(ControllerServiceCapability.Types.RPC.Types.Type type) =>
        new() { Rpc = new ControllerServiceCapability.Types.RPC { Type = type } };

    private static Snapshot ToProto(SnapshotView snapshot) => new()
    {
        SnapshotId = snapshot.Id,
        SourceVolumeId = snapshot.SourceVolumeId,
        SizeBytes = snapshot.SizeBytes,
        CreationTime = Timestamp.FromDateTimeOffset(snapshot.CreationTime),
        ReadyToUse = snapshot.State == SnapshotState.Ready,
    };
}
