using Csi.V1;
using Grpc.Core;
using Harness.Reconciling;
using Harness.Simulators.Csi.Provisioner;
using Harness.Simulators.Csi.Sidecars;
using k8s;
using k8s.Models;
using Microsoft.Extensions.Logging;
using static Harness.Simulators.Csi.Sidecars.ClaimResize;

namespace Harness.Simulators.Csi.Kubelet;

/// <summary>
/// Kubelet's half of volume expansion (Kubernetes 1.32, RecoverVolumeExpansionFailure on): a claim the resizer left at
/// <c>NodeResizePending</c> whose volume is mounted on the node (<see cref="NodeMounts"/>; in use now, or at its next
/// mount) is marked <c>NodeResizeInProgress</c>, grown by NodeExpandVolume at its publish path, then given the PV's
/// capacity as <c>status.capacity</c> with its storage resize status and resize conditions cleared
/// (see <c>NodeVolumeExpander.Status.cs</c>). A volume not mounted anywhere keeps waiting, as on a real node.
/// </summary>
public sealed partial class NodeVolumeExpander : IAsyncDisposable
{
    private static readonly StatusCode[] TransientCodes = [StatusCode.Cancelled, StatusCode.DeadlineExceeded, StatusCode.Unavailable, StatusCode.ResourceExhausted, StatusCode.Aborted];
    private static readonly StatusCode[] InfeasibleCodes = [StatusCode.InvalidArgument, StatusCode.OutOfRange, StatusCode.NotFound];

    /// <summary>Kubelet's back-off of a failed volume operation: 500 ms, doubling per failure, at most 2m2s.</summary>
    private static readonly TimeSpan FirstRetryDelay = TimeSpan.FromMilliseconds(500);
    private static readonly TimeSpan MaxRetryDelay = TimeSpan.FromSeconds(122);

    private readonly CsiSidecar sidecar;
    private readonly NodeMounts mounts;
    private readonly string nodeName;
    private readonly EventRecorder events;
    private readonly WorkQueue<ObjectKey> claimQueue;

    /// <summary>Volumes whose driver answered FAILED_PRECONDITION: kubelet does not retry them on this node.</summary>
    private readonly HashSet<string> refused = new(StringComparer.Ordinal);

    /// <summary>Volume handle -> failures in a row and when the next NodeExpandVolume may be tried.</summary>
    private readonly Dictionary<string, (int Failures, DateTimeOffset RetryAt)> backoff = new(StringComparer.Ordinal);

    /// <param name="drivers">CSI driver name -> a call invoker reaching its node service.</param>
    /// <param name="nodeName">The node, as the events name it.</param>
    public NodeVolumeExpander(IKubernetes client, IReadOnlyDictionary<string, CallInvoker> drivers, NodeMounts mounts, string nodeName, CsiSidecarOptions options)
    {
        ArgumentNullException.ThrowIfNull(mounts);
        sidecar = new CsiSidecar(client, drivers, options, typeof(NodeVolumeExpander), informSnapshots: false);
        this.mounts = mounts;
        this.nodeName = nodeName;
        events = new EventRecorder(client, sidecar.Time, "kubelet", sidecar.Logger);
        claimQueue = sidecar.Reconcile("PersistentVolumeClaim node expansion", ReconcileClaimAsync);
        sidecar.Claims.OnChange(pvc => claimQueue.Add(ObjectKey.Of(pvc)));
        mounts.Mounted += OnMounted;
    }

    /// <summary>Starts the informers, waits until each has listed once, then starts the worker.</summary>
    public Task StartAsync(CancellationToken cancellationToken = default) => sidecar.Host.StartAsync(cancellationToken);

    public ValueTask DisposeAsync()
    {
        mounts.Mounted -= OnMounted;
        return sidecar.Host.DisposeAsync();
    }

    private void OnMounted(NodeMount mount)
    {
        foreach (var pv in sidecar.Volumes.List().Where(pv => pv.Spec.Csi?.Driver == mount.Driver && pv.Spec.Csi.VolumeHandle == mount.VolumeHandle))
        {
            if (pv.Spec.ClaimRef is { } claim)
            {
                claimQueue.Add(ObjectKey.Of(claim.NamespaceProperty, claim.Name));
            }
        }
    }

    private async Task<ReconcileResult> ReconcileClaimAsync(ObjectKey key, CancellationToken cancellationToken)
    {
        if (sidecar.Claims.Get(key) is not { Status.Phase: "Bound", Spec.VolumeName: { Length: > 0 } volumeName } pvc
            || AllocatedStatus(pvc) is not { } status
            || status is not (ResizeConstants.NodeResizePending or ResizeConstants.NodeResizeInProgress)
            || sidecar.Volumes.Get(ObjectKey.Cluster(volumeName)) is not { Spec.Csi: { } csi } pv
            || !sidecar.Nodes.TryGetValue(csi.Driver, out var node)
            || mounts.Find(csi.Driver, csi.VolumeHandle) is not { } mount
            || refused.Contains(csi.VolumeHandle)
            || StorageBytes(pv.Spec.Capacity) is not { } newSize)
        {
            return ReconcileResult.Done;
        }

        if (backoff.TryGetValue(csi.VolumeHandle, out var failed) && failed.RetryAt > sidecar.Time.GetUtcNow())
        {
            return ReconcileResult.RequeueAfter(failed.RetryAt - sidecar.Time.GetUtcNow());
        }

        if (status == ResizeConstants.NodeResizePending)
        {
            await MarkInProgressAsync(pvc, cancellationToken);
            return ReconcileResult.Done;
        }

        try
        {
            await node.NodeExpandVolumeAsync(
                new NodeExpandVolumeRequest
                {
                    VolumeId = csi.VolumeHandle,
                    VolumePath = mount.TargetPath,
                    StagingTargetPath = mount.StagingPath ?? string.Empty,
                    CapacityRange = new CapacityRange { RequiredBytes = newSize },
                    VolumeCapability = mount.Capability,
                },
                cancellationToken: cancellationToken);
        }
        catch (RpcException e)
        {
            var retryAt = BackOff(csi.VolumeHandle);
            if (TransientCodes.Contains(e.StatusCode))
            {
                return ReconcileResult.RequeueAfter(retryAt - sidecar.Time.GetUtcNow());
            }

            await events.RecordAsync(pvc, EventRecorder.Warning, ResizeConstants.FileSystemResizeFailedReason, $"MountVolume.NodeExpandVolume failed for volume \"{pv.Metadata.Name}\" {nodeName}: {e.Status.Detail}", cancellationToken);
            if (e.StatusCode == StatusCode.FailedPrecondition)
            {
                refused.Add(csi.VolumeHandle);
                sidecar.Logger.LogWarning("NodeExpandVolume {Volume}: the driver refuses to grow it on this node: {Detail}", pv.Metadata.Name, e.Status.Detail);
                return ReconcileResult.Done;
            }

            var infeasible = InfeasibleCodes.Contains(e.StatusCode);
            await MarkFailedAsync(pvc, $"failed to expand pvc with rpc error: code = {e.StatusCode} desc = {e.Status.Detail}", infeasible, cancellationToken);
            return infeasible ? ReconcileResult.Done : ReconcileResult.RequeueAfter(retryAt - sidecar.Time.GetUtcNow());
        }

        backoff.Remove(csi.VolumeHandle);
        await MarkFinishedAsync(pvc, newSize, cancellationToken);
        await events.RecordAsync(pvc, EventRecorder.Normal, ResizeConstants.FileSystemResizeSuccessfulReason, $"MountVolume.NodeExpandVolume succeeded for volume \"{pv.Metadata.Name}\" {nodeName}", cancellationToken);
        sidecar.Logger.LogInformation("PersistentVolumeClaim {Key}: filesystem grown on node to {Capacity}", key, Quantity(newSize));
        return ReconcileResult.Done;
    }

    /// <summary>Records a failed NodeExpandVolume of the volume.</summary>
    /// <returns>When it may be tried again.</returns>
    private DateTimeOffset BackOff(string volumeHandle)
    {
        var failures = backoff.TryGetValue(volumeHandle, out var previous) ? previous.Failures + 1 : 1;
        var delay = TimeSpan.FromTicks(Math.Min(MaxRetryDelay.Ticks, FirstRetryDelay.Ticks << Math.Min(failures - 1, 16)));
        var retryAt = sidecar.Time.GetUtcNow() + delay;
        backoff[volumeHandle] = (failures, retryAt);
        return retryAt;
    }
}
