using System.Text.Json.Nodes;
using Csi.V1;
using Grpc.Core;
using Harness.Reconciling;
using Harness.Simulators.Csi.Sidecars;
using static Harness.Simulators.Csi.Sidecars.ClaimResize;
using k8s;
using k8s.Models;
using Microsoft.Extensions.Logging;

namespace Harness.Simulators.Csi.Provisioner;

/// <summary>
/// The external-resizer: a bound claim of one of the drivers whose storage request exceeds its capacity, on a
/// StorageClass with allowVolumeExpansion, is grown by ControllerExpandVolume; the PV takes the new capacity,
/// then the claim: its status capacity when the driver needs no node expansion, else the FileSystemResizePending
/// condition (the node grows the filesystem, as kubelet calls NodeExpandVolume where the volume is mounted).
/// </summary>
public sealed partial class CsiProvisioner
{
    private static readonly StatusCode[] InfeasibleCodes = [StatusCode.InvalidArgument, StatusCode.OutOfRange, StatusCode.NotFound];

    private async Task<ReconcileResult> ReconcileResizeAsync(ObjectKey key, CancellationToken cancellationToken)
    {
        if (sidecar.Claims.Get(key) is not { Status.Phase: "Bound", Spec.VolumeName: { Length: > 0 } volumeName } pvc
            || sidecar.Volumes.Get(ObjectKey.Cluster(volumeName)) is not { Spec.Csi: { } csi } pv
            || !IsOurs(pv)
            || !sidecar.Drivers.TryGetValue(csi.Driver, out var driver)
            || StorageBytes(pvc.Spec.Resources?.Requests) is not { } requested
            || StorageBytes(pvc.Status.Capacity) is not { } capacity)
        {
            return ReconcileResult.Done;
        }

        if (requested <= capacity
            || AllocatedStatus(pvc) is ResizeConstants.NodeResizePending or ResizeConstants.NodeResizeInProgress && StorageBytes(pvc.Status.AllocatedResources) >= requested
            || StorageClassOf(pvc) is not { AllowVolumeExpansion: true } storageClass)
        {
            return ReconcileResult.Done;
        }

        // A retry after a failed expansion writes the claim only when its state changes, so the claim's own
        // update does not requeue it past the rate limiter's backoff.
        var retrying = StorageBytes(pvc.Status.AllocatedResources) == requested
            && AllocatedStatus(pvc) is ResizeConstants.ControllerResizeInProgress or ResizeConstants.ControllerResizeInfeasible;
        if (!retrying)
        {
            await PatchClaimStatusAsync(pvc, requested, ResizeConstants.ControllerResizeInProgress, Condition(ResizeConstants.ResizingCondition, null), null, cancellationToken);
            await events.RecordAsync(pvc, EventRecorder.Normal, ResizeConstants.ResizingReason, $"External resizer is resizing volume {pv.Metadata.Name}", cancellationToken);
        }

        ControllerExpandVolumeResponse expanded;
        try
        {
            expanded = await driver.ControllerExpandVolumeAsync(
                new ControllerExpandVolumeRequest
                {
                    VolumeId = csi.VolumeHandle,
                    CapacityRange = new CapacityRange { RequiredBytes = requested },
                    VolumeCapability = Capabilities(pvc, storageClass),
                },
                cancellationToken: cancellationToken);
        }
        catch (RpcException e)
        {
            var message = $"resize volume \"{pv.Metadata.Name}\" by resizer \"{csi.Driver}\" failed: rpc error: code = {e.StatusCode} desc = {e.Status.Detail}";
            // external-resizer 1.12 (kube 1.32's ClaimResourceStatus has no ControllerResizeFailed): an infeasible size is
            // ControllerResizeInfeasible, any other failure leaves the resize in progress with the error condition.
            var status = InfeasibleCodes.Contains(e.StatusCode) ? ResizeConstants.ControllerResizeInfeasible : ResizeConstants.ControllerResizeInProgress;
            if (AllocatedStatus(pvc) != status || pvc.Status.Conditions?.FirstOrDefault()?.Message != message)
            {
                await PatchClaimStatusAsync(pvc, requested, status, Condition(ResizeConstants.ControllerResizeErrorCondition, message), null, cancellationToken);
            }

            await events.RecordAsync(pvc, EventRecorder.Warning, ResizeConstants.ResizeFailedReason, message, cancellationToken);
            throw;
        }

        var newCapacity = Quantity(expanded.CapacityBytes);
        await sidecar.Client.CoreV1.PatchPersistentVolumeAsync(
            MergePatches.Of(new JsonObject { ["spec"] = new JsonObject { ["capacity"] = new JsonObject { ["storage"] = newCapacity } } }),
            pv.Metadata.Name, cancellationToken: cancellationToken);
        if (expanded.NodeExpansionRequired)
        {
            await PatchClaimStatusAsync(pvc, requested, ResizeConstants.NodeResizePending, Condition(ResizeConstants.FileSystemResizePendingCondition, ResizeConstants.FileSystemResizePendingMessage), null, cancellationToken);
            await events.RecordAsync(pvc, EventRecorder.Normal, ResizeConstants.FileSystemResizeRequiredReason, "Require file system resize of volume on node", cancellationToken);
            return ReconcileResult.Done;
        }

        await PatchClaimStatusAsync(pvc, null, null, null, newCapacity, cancellationToken);
        await events.RecordAsync(pvc, EventRecorder.Normal, ResizeConstants.ResizeSucceededReason, "Resize volume succeeded", cancellationToken);
        sidecar.Logger.LogInformation("PersistentVolumeClaim {Namespace}/{Name} resized to {Capacity}", pvc.Metadata.NamespaceProperty, pvc.Metadata.Name, newCapacity);
        return ReconcileResult.Done;
    }

    /// <summary>
    /// The claim's resize status as external-resizer writes it (RecoverVolumeExpansionFailure, on by default in 1.32):
    /// allocatedResources and allocatedResourceStatuses, the one resize condition, and, once finished, the capacity.
    /// </summary>
    private Task PatchClaimStatusAsync(V1PersistentVolumeClaim pvc, long? allocated, string? allocatedStatus, JsonObject? condition, string? finishedCapacity, CancellationToken cancellationToken)
    {
        var status = new JsonObject
        {
            ["allocatedResources"] = allocated is { } bytes ? new JsonObject { ["storage"] = Quantity(bytes) } : null,
            ["allocatedResourceStatuses"] = allocatedStatus is null ? null : new JsonObject { ["storage"] = allocatedStatus },
            ["conditions"] = condition is null ? null : new JsonArray(condition),
        };
        if (finishedCapacity is not null)
        {
            status["capacity"] = new JsonObject { ["storage"] = finishedCapacity };
        }

        return sidecar.Client.CoreV1.PatchNamespacedPersistentVolumeClaimStatusAsync(
            MergePatches.Of(new JsonObject { ["status"] = status }),
            pvc.Metadata.Name, pvc.Metadata.NamespaceProperty, cancellationToken: cancellationToken);
    }

    private JsonObject Condition(string type, string? message) => ClaimResize.Condition(type, message, sidecar.Time.GetUtcNow());
}
