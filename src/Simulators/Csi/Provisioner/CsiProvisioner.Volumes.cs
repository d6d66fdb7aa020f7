using System.Text.Json;
using System.Text.Json.Nodes;
using Csi.V1;
using Grpc.Core;
using Harness.Simulators.Csi.Kubernetes;
using k8s;
using k8s.Models;
using Microsoft.Extensions.Logging;

namespace Harness.Simulators.Csi.Provisioner;

/// <summary>A provisioned PV whose claim is gone: DeleteVolume and delete the PV (reclaim policy Delete), or mark it Released (Retain).</summary>
public sealed partial class CsiProvisioner
{
    private async Task<ReconcileResult> ReconcileVolumeAsync(string name, CancellationToken cancellationToken)
    {
        if (volumes.Get(name) is not { Spec.Csi: { } csi } pv || !IsOurs(pv) || pv.Metadata.DeletionTimestamp is not null || !drivers.TryGetValue(csi.Driver, out var driver))
        {
            return ReconcileResult.Done;
        }

        if (pv.Spec.ClaimRef is { } claim
            && claims.Get(Informer<V1PersistentVolumeClaim>.KeyOf(claim.NamespaceProperty, claim.Name)) is { } pvc
            && pvc.Metadata.Uid == claim.Uid)
        {
            return ReconcileResult.Done;
        }

        if (pv.Spec.PersistentVolumeReclaimPolicy == "Retain")
        {
            if (pv.Status?.Phase != "Released")
            {
                await client.CoreV1.PatchPersistentVolumeStatusAsync(
                    MergePatches.Of(new JsonObject { ["status"] = new JsonObject { ["phase"] = "Released" } }), name, cancellationToken: cancellationToken);
                logger.LogInformation("PersistentVolume {Name} released (reclaim policy Retain)", name);
            }

            return ReconcileResult.Done;
        }

        try
        {
            await driver.DeleteVolumeAsync(new DeleteVolumeRequest { VolumeId = csi.VolumeHandle }, cancellationToken: cancellationToken);
        }
        catch (RpcException e)
        {
            await client.CoreV1.PatchPersistentVolumeStatusAsync(
                MergePatches.Of(new JsonObject { ["status"] = new JsonObject { ["phase"] = "Failed", ["message"] = $"DeleteVolume {csi.VolumeHandle}: {e.StatusCode}: {e.Status.Detail}" } }),
                name, cancellationToken: cancellationToken);
            throw;
        }

        try
        {
            await client.CoreV1.DeletePersistentVolumeAsync(name, cancellationToken: cancellationToken);
        }
        catch (JsonException)
        {
            // Deleted: the server answered with a Status (as kube-apiserver does for an immediate delete),
            // which KubernetesClient tries to read as the deleted PersistentVolume.
        }

        logger.LogInformation("PersistentVolume {Name} deleted with its volume {VolumeHandle} (reclaim policy Delete)", name, csi.VolumeHandle);
        return ReconcileResult.Done;
    }
}
