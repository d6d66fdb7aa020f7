using System.Text.Json;
using System.Text.Json.Nodes;
using Csi.V1;
using Grpc.Core;
using Harness.Reconciling;
using k8s;
using k8s.Models;
using Microsoft.Extensions.Logging;

namespace Harness.Simulators.Csi.Provisioner;

/// <summary>A provisioned PV whose claim is gone: DeleteVolume and delete the PV (reclaim policy Delete), or mark it Released (Retain).</summary>
public sealed partial class CsiProvisioner
{
    private async Task<ReconcileResult> ReconcileVolumeAsync(ObjectKey key, CancellationToken cancellationToken)
    {
        if (sidecar.Volumes.Get(key) is not { Spec.Csi: { } csi } pv || !IsOurs(pv) || pv.Metadata.DeletionTimestamp is not null || !sidecar.Drivers.TryGetValue(csi.Driver, out var driver))
        {
            return ReconcileResult.Done;
        }

        if (pv.Spec.ClaimRef is { } claim
            && sidecar.Claims.Get(ObjectKey.Of(claim.NamespaceProperty, claim.Name)) is { } pvc
            && pvc.Metadata.Uid == claim.Uid)
        {
            return ReconcileResult.Done;
        }

        if (pv.Spec.PersistentVolumeReclaimPolicy == "Retain")
        {
            if (pv.Status?.Phase != "Released")
            {
                await sidecar.Client.CoreV1.PatchPersistentVolumeStatusAsync(
                    MergePatches.Of(new JsonObject { ["status"] = new JsonObject { ["phase"] = "Released" } }), key.Name, cancellationToken: cancellationToken);
                sidecar.Logger.LogInformation("PersistentVolume {Name} released (reclaim policy Retain)", key.Name);
            }

            return ReconcileResult.Done;
        }

        try
        {
            await driver.DeleteVolumeAsync(new DeleteVolumeRequest { VolumeId = csi.VolumeHandle }, cancellationToken: cancellationToken);
        }
        catch (RpcException e)
        {
            await sidecar.Client.CoreV1.PatchPersistentVolumeStatusAsync(
                MergePatches.Of(new JsonObject { ["status"] = new JsonObject { ["phase"] = "Failed", ["message"] = $"DeleteVolume {csi.VolumeHandle}: {e.StatusCode}: {e.Status.Detail}" } }),
                key.Name, cancellationToken: cancellationToken);
            throw;
        }

        try
        {
            await sidecar.Client.CoreV1.DeletePersistentVolumeAsync(key.Name, cancellationToken: cancellationToken);
        }
        catch (JsonException)
        {
            // Deleted: the server answered with a Status (as kube-apiserver does for an immediate delete),
            // which KubernetesClient tries to read as the deleted PersistentVolume.
        }

        sidecar.Logger.LogInformation("PersistentVolume {Name} deleted with its volume {VolumeHandle} (reclaim policy Delete)", key.Name, csi.VolumeHandle);
        return ReconcileResult.Done;
    }
}
