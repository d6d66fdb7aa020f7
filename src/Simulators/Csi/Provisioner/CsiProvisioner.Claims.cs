using System.Net;
using System.Text.Json.Nodes;
using Csi.V1;
using Grpc.Core;
using Harness.Reconciling;
using Harness.Api.SnapshotStorage;
using k8s;
using k8s.Autorest;
using k8s.Models;
using Microsoft.Extensions.Logging;

namespace Harness.Simulators.Csi.Provisioner;

/// <summary>A pending PVC: provision (CreateVolume, PV), then bind (PVC spec, PV status, PVC status), one write per pass.</summary>
public sealed partial class CsiProvisioner
{
    private const string FsTypeParameter = "csi.storage.k8s.io/fstype";
    private const string ReservedParameterPrefix = "csi.storage.k8s.io/";

    private async Task<ReconcileResult> ReconcileClaimAsync(ObjectKey key, CancellationToken cancellationToken)
    {
        if (sidecar.Claims.Get(key) is not { } pvc)
        {
            return ReconcileResult.Done;
        }

        if (pvc.Spec.VolumeName is { Length: > 0 } boundName)
        {
            if (sidecar.Volumes.Get(ObjectKey.Cluster(boundName)) is { } boundVolume && IsOurs(boundVolume))
            {
                await CompleteBindingAsync(pvc, boundVolume, cancellationToken);
            }

            return ReconcileResult.Done;
        }

        if (pvc.Metadata.DeletionTimestamp is not null || StorageClassOf(pvc) is not { } storageClass || !sidecar.Drivers.TryGetValue(storageClass.Provisioner, out var driver))
        {
            return ReconcileResult.Done;
        }

        var annotations = pvc.Metadata.Annotations ?? new Dictionary<string, string>();
        if (!annotations.ContainsKey(ProvisionerConstants.StorageProvisionerAnnotation))
        {
            await sidecar.Client.CoreV1.PatchNamespacedPersistentVolumeClaimAsync(
                MergePatches.Of(new JsonObject
                {
                    ["metadata"] = new JsonObject
                    {
                        ["annotations"] = new JsonObject
                        {
                            [ProvisionerConstants.StorageProvisionerAnnotation] = storageClass.Provisioner,
                            [ProvisionerConstants.BetaStorageProvisionerAnnotation] = storageClass.Provisioner,
                        },
                    },
                }),
                pvc.Metadata.Name, pvc.Metadata.NamespaceProperty, cancellationToken: cancellationToken);
            return ReconcileResult.Done;
        }

        if (storageClass.VolumeBindingMode == ProvisionerConstants.WaitForFirstConsumer && !annotations.ContainsKey(ProvisionerConstants.SelectedNodeAnnotation))
        {
            return ReconcileResult.Done;
        }

        var volumeName = ProvisionerConstants.VolumeNamePrefix + pvc.Metadata.Uid;
        if (sidecar.Volumes.Get(ObjectKey.Cluster(volumeName)) is { } existing)
        {
            await CompleteBindingAsync(pvc, existing, cancellationToken);
            return ReconcileResult.Done;
        }

        await ProvisionAsync(pvc, storageClass, driver, volumeName, cancellationToken);
        return ReconcileResult.Done;
    }

    private async Task ProvisionAsync(V1PersistentVolumeClaim pvc, V1StorageClass storageClass, Controller.ControllerClient driver, string volumeName, CancellationToken cancellationToken)
    {
        var request = new CreateVolumeRequest { Name = volumeName };
        try
        {
            request.CapacityRange = new CapacityRange { RequiredBytes = RequestedBytes(pvc) };
            request.VolumeCapabilities.Add(Capabilities(pvc, storageClass));
            foreach (var (name, value) in storageClass.Parameters ?? new Dictionary<string, string>())
            {
                if (!name.StartsWith(ReservedParameterPrefix, StringComparison.Ordinal))
                {
                    request.Parameters[name] = value;
                }
            }

            request.VolumeContentSource = await ContentSourceAsync(pvc, storageClass, request.CapacityRange.RequiredBytes, cancellationToken);
        }
        catch (ProvisioningException e)
        {
            await FailAsync(pvc, storageClass, e.Message, cancellationToken);
        }

        Volume volume;
        try
        {
            volume = (await driver.CreateVolumeAsync(request, cancellationToken: cancellationToken)).Volume;
        }
        catch (RpcException e)
        {
            await FailAsync(pvc, storageClass, $"rpc error: code = {e.StatusCode} desc = {e.Status.Detail}", cancellationToken);
            throw;
        }

        var pv = new V1PersistentVolume
        {
            Metadata = new V1ObjectMeta
            {
                Name = volumeName,
                Annotations = new Dictionary<string, string> { [ProvisionerConstants.ProvisionedByAnnotation] = storageClass.Provisioner },
            },
            Spec = new V1PersistentVolumeSpec
            {
                Capacity = new Dictionary<string, ResourceQuantity> { ["storage"] = new ResourceQuantity(volume.CapacityBytes, 0, ResourceQuantity.SuffixFormat.BinarySI) },
                AccessModes = pvc.Spec.AccessModes,
                PersistentVolumeReclaimPolicy = storageClass.ReclaimPolicy ?? "Delete",
                StorageClassName = storageClass.Metadata.Name,
                VolumeMode = pvc.Spec.VolumeMode ?? "Filesystem",
                MountOptions = storageClass.MountOptions,
                ClaimRef = new V1ObjectReference
                {
                    ApiVersion = "v1",
                    Kind = "PersistentVolumeClaim",
                    NamespaceProperty = pvc.Metadata.NamespaceProperty,
                    Name = pvc.Metadata.Name,
                    Uid = pvc.Metadata.Uid,
                    ResourceVersion = pvc.Metadata.ResourceVersion,
                },
                Csi = new V1CSIPersistentVolumeSource
                {
                    Driver = storageClass.Provisioner,
                    VolumeHandle = volume.VolumeId,
                    FsType = pvc.Spec.VolumeMode == "Block" ? null : FsType(storageClass),
                    VolumeAttributes = volume.VolumeContext.Count == 0 ? null : new Dictionary<string, string>(volume.VolumeContext),
                },
            },
        };
        try
        {
            await sidecar.Client.CoreV1.CreatePersistentVolumeAsync(pv, cancellationToken: cancellationToken);
        }
        catch (HttpOperationException e) when (e.Response.StatusCode == HttpStatusCode.Conflict)
        {
            return;
        }

        await events.RecordAsync(pvc, EventRecorder.Normal, ProvisionerConstants.ProvisioningSucceededReason, $"Successfully provisioned volume {volumeName}", cancellationToken);
    }

    /// <summary>The PV controller's binding: PVC spec.volumeName and annotations, then PV phase, then PVC phase and capacity.</summary>
    private async Task CompleteBindingAsync(V1PersistentVolumeClaim pvc, V1PersistentVolume pv, CancellationToken cancellationToken)
    {
        if (pv.Spec.ClaimRef?.Uid != pvc.Metadata.Uid)
        {
            return;
        }

        if (string.IsNullOrEmpty(pvc.Spec.VolumeName))
        {
            await sidecar.Client.CoreV1.PatchNamespacedPersistentVolumeClaimAsync(
                MergePatches.Of(new JsonObject
                {
                    ["metadata"] = new JsonObject
                    {
                        ["resourceVersion"] = pvc.Metadata.ResourceVersion,
                        ["annotations"] = new JsonObject
                        {
                            [ProvisionerConstants.BindCompletedAnnotation] = "yes",
                            [ProvisionerConstants.BoundByControllerAnnotation] = "yes",
                        },
                    },
                    ["spec"] = new JsonObject { ["volumeName"] = pv.Metadata.Name },
                }),
                pvc.Metadata.Name, pvc.Metadata.NamespaceProperty, cancellationToken: cancellationToken);
            return;
        }

        if (pv.Status?.Phase != "Bound")
        {
            await sidecar.Client.CoreV1.PatchPersistentVolumeStatusAsync(
                MergePatches.Of(new JsonObject { ["status"] = new JsonObject { ["phase"] = "Bound" } }),
                pv.Metadata.Name, cancellationToken: cancellationToken);
            return;
        }

        if (pvc.Status?.Phase != "Bound")
        {
            await sidecar.Client.CoreV1.PatchNamespacedPersistentVolumeClaimStatusAsync(
                MergePatches.Of(new JsonObject
                {
                    ["status"] = new JsonObject
                    {
                        ["phase"] = "Bound",
                        ["accessModes"] = new JsonArray([.. (pv.Spec.AccessModes ?? []).Select(m => JsonValue.Create(m))]),
                        ["capacity"] = new JsonObject { ["storage"] = pv.Spec.Capacity["storage"].ToString() },
                    },
                }),
                pvc.Metadata.Name, pvc.Metadata.NamespaceProperty, cancellationToken: cancellationToken);
            sidecar.Logger.LogInformation("PersistentVolumeClaim {Namespace}/{Name} bound to {Volume}", pvc.Metadata.NamespaceProperty, pvc.Metadata.Name, pv.Metadata.Name);
        }
    }

    private V1StorageClass? StorageClassOf(V1PersistentVolumeClaim pvc)
    {
        if (pvc.Spec.StorageClassName is { } name)
        {
            return name.Length == 0 ? null : storageClasses.Get(ObjectKey.Cluster(name));
        }

        var defaults = storageClasses.List()
            .Where(sc => sc.Metadata.Annotations?.TryGetValue(ProvisionerConstants.DefaultStorageClassAnnotation, out var value) == true && value == "true")
            .OrderBy(sc => sc.Metadata.Name, StringComparer.Ordinal)
            .ToList();
        return defaults.Count == 1 ? defaults[0] : null;
    }

    private bool IsOurs(V1PersistentVolume pv) =>
        pv.Metadata.Annotations?.TryGetValue(ProvisionerConstants.ProvisionedByAnnotation, out var driver) == true && sidecar.Drivers.ContainsKey(driver);

    private async Task<VolumeContentSource?> ContentSourceAsync(V1PersistentVolumeClaim pvc, V1StorageClass storageClass, long requestedBytes, CancellationToken cancellationToken)
    {
        var reference = pvc.Spec.DataSourceRef is { } dataSourceRef
            ? (dataSourceRef.ApiGroup, dataSourceRef.Kind, dataSourceRef.Name)
            : pvc.Spec.DataSource is { } dataSource ? (dataSource.ApiGroup, dataSource.Kind, dataSource.Name) : default;
        var ns = pvc.Metadata.NamespaceProperty;
        switch (reference)
        {
            case (null, null, null):
                return null;
            case (SnapshotStorageApi.Group, SnapshotStorageApi.VolumeSnapshotKind, string name):
                return await SnapshotSourceAsync(ns, name, storageClass, requestedBytes, cancellationToken);
            case (null or "", "PersistentVolumeClaim", string name):
                var source = sidecar.Claims.Get(ObjectKey.Of(ns, name))
                    ?? throw new ProvisioningException($"error getting handle for DataSource Type PersistentVolumeClaim by Name {name}: claim {ns}/{name} not found");
                if (string.IsNullOrEmpty(source.Spec.VolumeName) || sidecar.Volumes.Get(ObjectKey.Cluster(source.Spec.VolumeName)) is not { Spec.Csi: { } csi } || csi.Driver != storageClass.Provisioner)
                {
                    throw new ProvisioningException($"the source PVC {name} is not bound to a volume of driver {storageClass.Provisioner}");
                }

                return new VolumeContentSource { Volume = new VolumeContentSource.Types.VolumeSource { VolumeId = csi.VolumeHandle } };
            default:
                throw new ProvisioningException($"data source {reference.Kind} {reference.Name} (group {reference.ApiGroup}) is not supported by driver {storageClass.Provisioner}");
        }
    }

    /// <summary>
    /// external-provisioner's <c>getSnapshotSource</c>: the VolumeSnapshot and its content are read from the API server,
    /// not from a cache, so a snapshot whose deletion began is never restored from, however late the informers are.
    /// </summary>
    private async Task<VolumeContentSource> SnapshotSourceAsync(string ns, string name, V1StorageClass storageClass, long requestedBytes, CancellationToken cancellationToken)
    {
        var vs = await snapshotReads.TryGetAsync(ns, name, cancellationToken)
            ?? throw new ProvisioningException($"error getting handle for DataSource Type VolumeSnapshot by Name {name}: snapshot {ns}/{name} not found");
        if (vs.Metadata.DeletionTimestamp is not null)
        {
            throw new ProvisioningException($"error getting handle for DataSource Type VolumeSnapshot by Name {name}: snapshot {name} is currently being deleted");
        }

        if (vs.Status?.ReadyToUse != true || vs.Status.BoundVolumeSnapshotContentName is not { } contentName)
        {
            throw new ProvisioningException($"error getting handle for DataSource Type VolumeSnapshot by Name {name}: snapshot {name} is not Ready");
        }

        var content = await contentReads.TryGetAsync(null, contentName, cancellationToken);
        if (content?.Status?.SnapshotHandle is not { } handle)
        {
            throw new ProvisioningException($"error getting handle for DataSource Type VolumeSnapshot by Name {name}: snapshot content {contentName} has no snapshot handle");
        }

        if (content.Spec.Driver != storageClass.Provisioner)
        {
            throw new ProvisioningException($"VolumeSnapshotContent {contentName} is for driver {content.Spec.Driver}, not {storageClass.Provisioner}");
        }

        if (content.Status.RestoreSize is { } restoreSize && requestedBytes < restoreSize)
        {
            throw new ProvisioningException($"requested volume size {requestedBytes} is less than the size {restoreSize} for the source snapshot {name}");
        }

        return new VolumeContentSource { Snapshot = new VolumeContentSource.Types.SnapshotSource { SnapshotId = handle } };
    }

    private static long RequestedBytes(V1PersistentVolumeClaim pvc) =>
        pvc.Spec.Resources?.Requests?.TryGetValue("storage", out var storage) == true
            ? storage.ToInt64()
            : throw new ProvisioningException("the claim requests no storage (spec.resources.requests.storage)");

    private static VolumeCapability Capabilities(V1PersistentVolumeClaim pvc, V1StorageClass storageClass)
    {
        var modes = pvc.Spec.AccessModes ?? [];
        var mode = modes switch
        {
            _ when modes.Contains("ReadWriteMany") => VolumeCapability.Types.AccessMode.Types.Mode.MultiNodeMultiWriter,
            _ when modes.Contains("ReadOnlyMany") && !modes.Contains("ReadWriteOnce") => VolumeCapability.Types.AccessMode.Types.Mode.MultiNodeReaderOnly,
            _ when modes.Contains("ReadWriteOncePod") => VolumeCapability.Types.AccessMode.Types.Mode.SingleNodeSingleWriter,
            _ => VolumeCapability.Types.AccessMode.Types.Mode.SingleNodeWriter,
        };
        var capability = new VolumeCapability { AccessMode = new VolumeCapability.Types.AccessMode { Mode = mode } };
        if (pvc.Spec.VolumeMode == "Block")
        {
            capability.Block = new VolumeCapability.Types.BlockVolume();
        }
        else
        {
            capability.Mount = new VolumeCapability.Types.MountVolume { FsType = FsType(storageClass) };
        }

        return capability;
    }

    private static string FsType(V1StorageClass storageClass) =>
        storageClass.Parameters?.TryGetValue(FsTypeParameter, out var fsType) == true ? fsType : "ext4";

    private async Task FailAsync(V1PersistentVolumeClaim pvc, V1StorageClass storageClass, string reason, CancellationToken cancellationToken)
    {
        var message = $"failed to provision volume with StorageClass \"{storageClass.Metadata.Name}\": {reason}";
        await events.RecordAsync(pvc, EventRecorder.Warning, ProvisionerConstants.ProvisioningFailedReason, message, cancellationToken);
        throw new InvalidOperationException(message);
    }
}
